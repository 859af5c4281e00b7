import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AdminJobCreateBody } from '@bay/shared';
import { entriesOf, loadContent } from '../core/content.js';

/**
 * Demonstration vacancies (`demo: true` when seeded), in `content/jobs/jobs.json`. Employers are
 * generic descriptions, not real companies; salaries are in the local currency within typical
 * ranges for 2025. Generated once from Simplified Chinese with opencc-js (cn -> hk) and reviewed
 * by hand. Each entry is what an admin could post (the admin jobs API's own schema) plus a
 * `slug`, the stable name tests and the seed refer to it by.
 */
export const SEED_JOBS_FILE = fileURLToPath(new URL('./content/jobs/jobs.json', import.meta.url));

const SeedJobBody = AdminJobCreateBody.safeExtend({ slug: z.string().regex(/^[a-z0-9-]+$/, { error: 'v.invalid' }) });
export type SeedJob = z.output<typeof SeedJobBody>;

/** The demo jobs, validated (a bad entry stops the seed with its file, index, slug and field). */
export function readSeedJobs(file = SEED_JOBS_FILE): SeedJob[] {
  return entriesOf(loadContent({ jobs: { from: file, schema: SeedJobBody, key: 'slug' } }).jobs);
}

export const SEED_JOBS: SeedJob[] = readSeedJobs();

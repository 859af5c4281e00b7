import { z } from 'zod';
import { CITIES, INDUSTRIES, type City, type Industry } from './enums.js';
import type { JobDto, LocalisedText } from './dto.js';
import { objectId } from './schemas.js';
import { pageLinks } from './pages.js';

/*
 * Issue 4, the jobs scenario: search, saved jobs, job alerts, admin job API. Messages are i18n keys.
 */

export const JOB_API = {
  adminJobs: '/api/admin/jobs',
  adminJob: (id: string) => `/api/admin/jobs/${id}`,
  savedJobs: '/api/me/saved-jobs',
  savedJob: (jobId: string) => `/api/me/saved-jobs/${jobId}`,
  jobAlerts: '/api/me/job-alerts',
  jobAlert: (id: string) => `/api/me/job-alerts/${id}`,
} as const;

/** The mini-program page of one job (bot links, inbox items). */
export const jobPagePath = pageLinks.job;

/** Language requirements a search can filter on, and the word jobs store for each (`JobDto.languages`). */
export const JOB_LANGUAGES = ['mandarin', 'cantonese', 'english', 'portuguese'] as const;
export type JobLanguage = (typeof JOB_LANGUAGES)[number];
export const JOB_LANGUAGE_WORDS: Record<JobLanguage, string> = { mandarin: '普通话', cantonese: '粤语', english: '英语', portuguese: '葡萄牙语' };

export const JOB_SORTS = ['relevance', 'newest', 'salary'] as const;
export type JobSort = (typeof JOB_SORTS)[number];

/** Saved searches per resident. */
export const MAX_JOB_ALERTS = 10;

const salary = z.coerce.number({ error: 'v.number' }).int({ error: 'v.number' }).min(0, { error: 'v.range' }).max(10_000_000, { error: 'v.range' });
const bool = z.enum(['true', 'false', '1', '0'], { error: 'v.invalid' }).transform((v) => v === 'true' || v === '1');

/** The filters a search and a saved search share. Salaries are in the job's own currency and period. */
const filterShape = {
  q: z.string({ error: 'v.required' }).trim().max(60, { error: 'v.tooLong' }).optional(),
  city: z.enum(CITIES, { error: 'v.city' }).optional(),
  industry: z.enum(INDUSTRIES, { error: 'v.industry' }).optional(),
  salaryMin: salary.optional(),
  salaryMax: salary.optional(),
  language: z.enum(JOB_LANGUAGES, { error: 'v.jobLanguage' }).optional(),
};
const salaryOrder = (v: { salaryMin?: number | undefined; salaryMax?: number | undefined }) =>
  v.salaryMin === undefined || v.salaryMax === undefined || v.salaryMin <= v.salaryMax;

/**
 * GET /api/jobs. Without `q` the default order is newest; with `q`, relevance. `cursor` is opaque
 * (from the previous page's `nextCursor`) and only valid with the same query.
 */
export const JobSearchQuery = z
  .strictObject({
    ...filterShape,
    openToHkMo: bool.optional(),
    sort: z.enum(JOB_SORTS, { error: 'v.jobSort' }).optional(),
    cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, { error: 'v.cursor' }).optional(),
    limit: z.coerce.number({ error: 'v.number' }).int({ error: 'v.number' }).min(1, { error: 'v.range' }).max(50, { error: 'v.range' }).default(20),
  })
  .refine(salaryOrder, { path: ['salaryMax'], message: 'v.salaryOrder' });
export type JobSearchRequest = z.input<typeof JobSearchQuery>;
export type JobSearchParams = z.output<typeof JobSearchQuery>;

/** A saved search ("alert me"): at least a keyword or one filter. */
export const JobAlertBody = z
  .strictObject({ ...filterShape, openToHkMo: z.boolean({ error: 'v.invalid' }).optional() })
  .refine(salaryOrder, { path: ['salaryMax'], message: 'v.salaryOrder' })
  .refine((v) => !!v.q || Object.entries(v).some(([k, x]) => k !== 'q' && x !== undefined), { path: ['q'], message: 'v.alertEmpty' });
export type JobAlertInput = z.input<typeof JobAlertBody>;

export const JobIdParams = z.strictObject({ jobId: objectId });

const text = (max: number) => z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(max, { error: 'v.tooLong' });
const localised = (max: number) => z.strictObject({ 'zh-Hans': text(max), 'zh-Hant': text(max), en: text(max) }, { error: 'v.required' });

/** POST /api/admin/jobs (all fields) and PATCH /api/admin/jobs/:id (any of them). */
const adminJobShape = {
  title: localised(80),
  employer: localised(120),
  city: z.enum(CITIES, { error: 'v.city' }),
  district: text(40).optional(),
  industry: z.enum(INDUSTRIES, { error: 'v.industry' }),
  salaryMin: z.number({ error: 'v.number' }).int({ error: 'v.number' }).min(0, { error: 'v.range' }).max(10_000_000, { error: 'v.range' }),
  salaryMax: z.number({ error: 'v.number' }).int({ error: 'v.number' }).min(0, { error: 'v.range' }).max(10_000_000, { error: 'v.range' }),
  currency: z.enum(['CNY', 'HKD', 'MOP'], { error: 'v.currency' }),
  salaryPeriod: z.enum(['month', 'hour'], { error: 'v.salaryPeriod' }),
  languages: z.array(text(20), { error: 'v.invalid' }).max(6, { error: 'v.range' }),
  description: localised(2000),
  openToHkMo: z.boolean({ error: 'v.invalid' }),
};
type Optional<S extends Record<string, z.ZodType>> = { [K in keyof S]: z.ZodOptional<S[K]> };
const optionalShape = <S extends Record<string, z.ZodType>>(shape: S): Optional<S> =>
  Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, s.optional()])) as Optional<S>;

export const AdminJobCreateBody = z.strictObject(adminJobShape).refine((v) => v.salaryMin <= v.salaryMax, { path: ['salaryMax'], message: 'v.salaryOrder' });
export const AdminJobUpdateBody = z.strictObject(optionalShape(adminJobShape)).refine(salaryOrder, { path: ['salaryMax'], message: 'v.salaryOrder' });
export type AdminJobCreate = z.input<typeof AdminJobCreateBody>;

/**
 * An employer's job (POST /api/employer/jobs, PATCH …/:id): the admin job's fields and checks,
 * without `employer`, which is always the organisation's registered name.
 */
const { employer: _employerName, ...employerJobShape } = adminJobShape;
export const EmployerJobCreateBody = z.strictObject(employerJobShape).refine((v) => v.salaryMin <= v.salaryMax, { path: ['salaryMax'], message: 'v.salaryOrder' });
export const EmployerJobUpdateBody = z.strictObject(optionalShape(employerJobShape)).refine(salaryOrder, { path: ['salaryMax'], message: 'v.salaryOrder' });
export type EmployerJobCreate = z.input<typeof EmployerJobCreateBody>;
export type EmployerJobUpdate = z.input<typeof EmployerJobUpdateBody>;

export const AdminJobListQuery = z.strictObject({
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, { error: 'v.cursor' }).optional(),
  limit: z.coerce.number({ error: 'v.number' }).int({ error: 'v.number' }).min(1, { error: 'v.range' }).max(100, { error: 'v.range' }).default(50),
});

/** A job in a list: everything but the description (the detail page loads it). */
export type JobSummaryDto = Omit<JobDto, 'description'>;

export interface JobSearchPageDto {
  items: JobSummaryDto[];
  nextCursor: string | null;
  /** How many jobs match (all pages). */
  total: number;
}

export interface JobAlertDto {
  id: string;
  q?: string;
  city?: City;
  industry?: Industry;
  salaryMin?: number;
  salaryMax?: number;
  language?: JobLanguage;
  openToHkMo?: boolean;
  createdAt: string;
}

export interface SavedJobDto {
  job: JobSummaryDto;
  savedAt: string;
}

/** The outbox payload of a `job.alert` message. */
export interface JobAlertPayload {
  alertId: string;
  jobId: string;
  jobTitle: LocalisedText;
  city: City;
  /** The saved search's keywords, as the resident typed them. */
  q?: string;
}

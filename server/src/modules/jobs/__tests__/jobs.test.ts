import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CITIES, type JobDto, type JobSummaryDto as Summary, type Page } from '@bay/shared';
import { seedDemoData } from '../../../seed/seed.js';
import { SEED_JOBS } from '../../../seed/jobs.js';
import { startHarness, type Harness } from '../../../__tests__/harness.js';

describe('demo seed', () => {
  it('has at least 55 jobs in every one of the 11 cities, each in three languages', () => {
    expect(SEED_JOBS.length).toBeGreaterThanOrEqual(55);
    for (const city of CITIES) expect(SEED_JOBS.filter((j) => j.city === city).length).toBeGreaterThanOrEqual(4);
    expect(new Set(SEED_JOBS.map((j) => j.slug)).size).toBe(SEED_JOBS.length);
    for (const j of SEED_JOBS) {
      for (const t of [j.title, j.employer, j.description]) expect(t['zh-Hans'] && t['zh-Hant'] && t.en).toBeTruthy();
      expect(j.salaryMin).toBeLessThanOrEqual(j.salaryMax);
      expect(j.currency).toBe(j.city === 'hongkong' ? 'HKD' : j.city === 'macao' ? 'MOP' : 'CNY');
    }
  });
});

describe('GET /api/jobs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('jobs');
    await seedDemoData(h.conn);
    await seedDemoData(h.conn); // idempotent
  });
  afterAll(async () => { await h.close(); });

  it('seeding twice keeps one document per job and marks them demo', async () => {
    expect(await h.app.services.models.jobs.countDocuments()).toBe(SEED_JOBS.length);
    expect(await h.app.services.models.jobs.countDocuments({ demo: true })).toBe(SEED_JOBS.length);
    expect(await h.app.services.models.users.countDocuments({ openid: { $in: ['dev:demo-resident', 'dev:demo-reviewer'] } })).toBe(2);
  });

  it('pages through every job newest first without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await h.http.get('/api/jobs').query({ limit: 20, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      const page = res.body as Page<Summary>;
      seen.push(...page.items.map((j) => j.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(SEED_JOBS.length);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('filters by city and industry', async () => {
    const res = await h.http.get('/api/jobs').query({ city: 'hongkong', limit: 50 });
    expect(res.body.items.length).toBe(SEED_JOBS.filter((j) => j.city === 'hongkong').length);
    expect(res.body.items.every((j: JobDto) => j.city === 'hongkong' && j.currency === 'HKD')).toBe(true);
    const both = await h.http.get('/api/jobs').query({ city: 'shenzhen', industry: 'technology' });
    expect(both.body.items.length).toBe(SEED_JOBS.filter((j) => j.city === 'shenzhen' && j.industry === 'technology').length);
    expect(both.body.nextCursor).toBeNull();
  });

  it('rejects unknown filters and bad limits with field messages', async () => {
    const res = await h.http.get('/api/jobs').query({ city: 'beijing', limit: 500, lang: 'en' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ city: 'Invalid city', limit: 'Out of range' });
  });

  it('returns one job by id, 404 for a missing one and 400 for a malformed one', async () => {
    const list = await h.http.get('/api/jobs').query({ limit: 1 });
    const job = list.body.items[0] as Summary;
    const one = await h.http.get(`/api/jobs/${job.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject(job);
    expect(one.body.description.en).toBeTruthy();
    expect(job).not.toHaveProperty('description');
    expect(one.body.title).toHaveProperty('zh-Hant');
    expect((await h.http.get('/api/jobs/0123456789abcdef01234567')).status).toBe(404);
    expect((await h.http.get('/api/jobs/nope')).status).toBe(400);
  });
});

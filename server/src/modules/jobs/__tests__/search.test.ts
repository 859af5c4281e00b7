import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JOB_API, MAX_JOB_ALERTS, type AdminJobCreate, type JobAlertDto, type JobDto, type JobSearchPageDto, type JobSummaryDto, type Page, type SavedJobDto } from '@bay/shared';
import { createApp, type BayApp } from '../../../app.js';
import { seedDemoData } from '../../../seed/seed.js';
import { SEED_JOBS } from '../../../seed/jobs.js';
import { startHarness, type Harness } from '../../../__tests__/harness.js';

type Session = Awaited<ReturnType<Harness['login']>>;

let h: Harness;
let admin: Session;
let resident: Session;
const titleOf = (slug: string) => SEED_JOBS.find((j) => j.slug === slug)!.title;

const newJob = (over: Partial<AdminJobCreate> = {}): AdminJobCreate => ({
  title: { 'zh-Hans': '测试数据工程师', 'zh-Hant': '測試數據工程師', en: 'Test Data Engineer' },
  employer: { 'zh-Hans': '示例科技公司', 'zh-Hant': '示例科技公司', en: 'Example technology company' },
  city: 'zhuhai',
  industry: 'technology',
  salaryMin: 9000,
  salaryMax: 12000,
  currency: 'CNY',
  salaryPeriod: 'month',
  languages: ['普通话', '英语'],
  description: { 'zh-Hans': '示例职位（测试数据）。', 'zh-Hant': '示例職位（測試數據）。', en: 'Example vacancy (test data).' },
  openToHkMo: true,
  ...over,
});

async function search(query: Record<string, string | number | boolean>): Promise<JobSearchPageDto> {
  const res = await h.http.get('/api/jobs').query(query);
  expect(res.status).toBe(200);
  return res.body as JobSearchPageDto;
}

beforeAll(async () => {
  h = await startHarness('jobsearch');
  await seedDemoData(h.conn);
  admin = await h.login('js-admin', 'admin');
  resident = await h.login('js-resident', 'resident', 'en');
});
afterAll(async () => { await h.close(); });

describe('GET /api/jobs (search)', () => {
  it('finds Simplified jobs from a 繁體 query, ranked by relevance', async () => {
    const page = await search({ q: '前端開發工程師' });
    expect(page.items[0]!.title).toEqual(titleOf('gz-frontend-engineer'));
    expect(page.total).toBeGreaterThanOrEqual(1);
  });

  it('finds jobs by an English keyword, a prefix and a Chinese sub-word', async () => {
    const english = await search({ q: 'nurse', limit: 50 });
    expect(english.items.map((j) => j.title.en)).toContain(titleOf('zq-nurse').en);
    const prefix = await search({ q: 'engin', limit: 50 });
    expect(prefix.items.length).toBeGreaterThanOrEqual(5);
    expect(prefix.items.every((j) => /engineer/i.test(j.title.en))).toBe(true);
    const sub = await search({ q: '工程师', city: 'shenzhen', limit: 50 });
    expect(sub.items.map((j) => j.title['zh-Hans']).sort()).toEqual(
      SEED_JOBS.filter((j) => j.city === 'shenzhen' && j.title['zh-Hans'].includes('工程师')).map((j) => j.title['zh-Hans']).sort(),
    );
  });

  it('requires every word of the query (AND) and finds nothing for a word no job has', async () => {
    expect((await search({ q: '工程师 香港', limit: 50 })).items.every((j) => j.title['zh-Hans'].includes('工程师'))).toBe(true);
    expect(await search({ q: 'zzzxqv' })).toEqual({ items: [], nextCursor: null, total: 0 });
  });

  it('filters by salary overlap, language requirement and HK/Macao suitability', async () => {
    const rich = await search({ salaryMin: 30000, limit: 50 });
    expect(rich.items.length).toBeGreaterThan(0);
    expect(rich.items.every((j) => j.salaryMax >= 30000)).toBe(true);
    expect(rich.total).toBe(SEED_JOBS.filter((j) => j.salaryMax >= 30000).length);
    const band = await search({ salaryMin: 8000, salaryMax: 9000, limit: 50 });
    expect(band.total).toBe(SEED_JOBS.filter((j) => j.salaryMax >= 8000 && j.salaryMin <= 9000).length);
    const pt = await search({ language: 'portuguese', limit: 50 });
    expect(pt.total).toBe(SEED_JOBS.filter((j) => j.languages.includes('葡萄牙语')).length);
    expect(pt.total).toBeGreaterThan(0);
    const notOpen = await search({ openToHkMo: false, limit: 50 });
    expect(notOpen.total).toBe(SEED_JOBS.filter((j) => !j.openToHkMo).length);
  });

  it('sorts by salary (highest first) and by newest', async () => {
    const bySalary = await search({ sort: 'salary', limit: 50 });
    const maxes = bySalary.items.map((j) => j.salaryMax);
    expect([...maxes].sort((a, b) => b - a)).toEqual(maxes);
    const newest = await search({ sort: 'newest', limit: 50 });
    const posted = newest.items.map((j) => j.postedAt);
    expect([...posted].sort().reverse()).toEqual(posted);
  });

  it('pages with an opaque cursor that is stable under ties (equal salaries)', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await h.http.post(JOB_API.adminJobs).set(admin.auth).send(newJob({ salaryMin: 77_000, salaryMax: 77_777, title: { 'zh-Hans': `并列职位${i}`, 'zh-Hant': `並列職位${i}`, en: `Tie ${i}` } }))).status).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: JobSearchPageDto = await search({ sort: 'salary', salaryMin: 77_000, limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((j) => j.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('rejects bad parameters with localized per-field messages', async () => {
    const res = await h.http.get('/api/jobs').query({ sort: 'cheapest', salaryMin: 'lots', language: 'klingon', lang: 'zh-Hant' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ sort: '排序方式無效', salaryMin: '請輸入數字', language: '語言要求無效' });
    const order = await h.http.get('/api/jobs').query({ salaryMin: 9000, salaryMax: 100, lang: 'en' });
    expect(order.body.error.fields).toEqual({ salaryMax: 'The maximum salary cannot be below the minimum' });
    const garbage = await h.http.get('/api/jobs').query({ cursor: 'bm90LWEtY3Vyc29y', lang: 'en' });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.fields).toEqual({ cursor: 'Invalid page marker; start again from the first page' });
    const first = await search({ sort: 'newest', limit: 1 });
    const otherOrder = await h.http.get('/api/jobs').query({ sort: 'salary', cursor: first.nextCursor! });
    expect(otherOrder.status).toBe(400);
  });
});

describe('admin job API', () => {
  it('creates, updates and deletes a job (audited), and search sees each change at once', async () => {
    const created = await h.http.post(JOB_API.adminJobs).set(admin.auth).send(newJob({ title: { 'zh-Hans': '潜水教练', 'zh-Hant': '潛水教練', en: 'Diving Instructor' } }));
    expect(created.status).toBe(201);
    const id = (created.body as JobDto).id;
    expect((await search({ q: '潛水' })).items.map((j) => j.id)).toEqual([id]);

    const updated = await h.http.patch(JOB_API.adminJob(id)).set(admin.auth).send({ city: 'macao', currency: 'MOP' });
    expect(updated.status).toBe(200);
    expect((await search({ q: 'diving', city: 'macao' })).items.map((j) => j.id)).toEqual([id]);
    expect((await search({ q: 'diving', city: 'zhuhai' })).items).toEqual([]);

    expect((await h.http.delete(JOB_API.adminJob(id)).set(admin.auth)).status).toBe(204);
    expect((await search({ q: 'diving' })).items).toEqual([]);
    expect((await h.http.get(`/api/jobs/${id}`)).status).toBe(404);
    expect((await h.http.delete(JOB_API.adminJob(id)).set(admin.auth)).status).toBe(404);

    const actions = (await h.app.services.models.audit.find({ 'target.id': id }).lean()).map((a) => `${a.action}:${a.outcome}`).sort();
    expect(actions).toEqual(['job.create:succeeded', 'job.delete:failed', 'job.delete:succeeded', 'job.update:succeeded']);
  });

  it('refuses residents and bad bodies, changing nothing', async () => {
    const before = await h.app.services.models.jobs.countDocuments();
    expect((await h.http.post(JOB_API.adminJobs).set(resident.auth).send(newJob())).status).toBe(403);
    expect((await h.http.post(JOB_API.adminJobs).send(newJob())).status).toBe(401);
    const bad = await h.http.post(JOB_API.adminJobs).set(admin.auth).query({ lang: 'en' }).send({ ...newJob({ salaryMin: 5000, salaryMax: 100 }), city: 'beijing', extra: 1 });
    expect(bad.status).toBe(400);
    // Signed in, errors come in the account's language (the admin's is 简体).
    expect(bad.body.error.fields).toMatchObject({ city: '城市无效', extra: '不允许的栏目' });
    const order = await h.http.post(JOB_API.adminJobs).set(admin.auth).query({ lang: 'en' }).send(newJob({ salaryMin: 5000, salaryMax: 100 }));
    expect(order.body.error.fields).toEqual({ salaryMax: '最高薪酬不能低于最低薪酬' });
    expect(await h.app.services.models.jobs.countDocuments()).toBe(before);
  });

  it('lists jobs for admins only', async () => {
    const res = await h.http.get(JOB_API.adminJobs).set(admin.auth).query({ limit: 5 });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(5);
    expect((await h.http.get(JOB_API.adminJobs).set(resident.auth)).status).toBe(403);
  });
});

describe('another server instance', () => {
  let other: BayApp;
  beforeAll(() => { other = createApp(h.config, { conn: h.conn }); });

  it('picks up jobs created, changed and deleted elsewhere when it polls', async () => {
    await other.services.jobs.ready();
    const created = await h.http.post(JOB_API.adminJobs).set(admin.auth).send(newJob({ title: { 'zh-Hans': '帆船教练', 'zh-Hant': '帆船教練', en: 'Sailing Coach' } }));
    const id = (created.body as JobDto).id;
    expect((await other.services.jobs.search({ q: '帆船', limit: 5 })).items).toEqual([]);
    await other.services.jobs.poll();
    expect((await other.services.jobs.search({ q: '帆船', limit: 5 })).items.map((j) => j.id)).toEqual([id]);
    await h.http.delete(JOB_API.adminJob(id)).set(admin.auth);
    await other.services.jobs.poll();
    expect((await other.services.jobs.search({ q: '帆船', limit: 5 })).items).toEqual([]);
  });
});

describe('saved jobs', () => {
  it('saves (idempotently), lists and unsaves a job', async () => {
    const [a, b] = (await search({ city: 'hongkong', limit: 2 })).items as [JobSummaryDto, JobSummaryDto];
    expect((await h.http.put(JOB_API.savedJob(a.id)).set(resident.auth)).status).toBe(204);
    expect((await h.http.put(JOB_API.savedJob(a.id)).set(resident.auth)).status).toBe(204);
    expect((await h.http.put(JOB_API.savedJob(b.id)).set(resident.auth)).status).toBe(204);
    let list = (await h.http.get(JOB_API.savedJobs).set(resident.auth)).body as Page<SavedJobDto>;
    expect(list.items.map((s) => s.job.id)).toEqual([b.id, a.id]);
    expect((await h.http.delete(JOB_API.savedJob(b.id)).set(resident.auth)).status).toBe(204);
    list = (await h.http.get(JOB_API.savedJobs).set(resident.auth)).body as Page<SavedJobDto>;
    expect(list.items.map((s) => s.job.id)).toEqual([a.id]);
    // Someone else's list is their own.
    const other = await h.login('js-other');
    expect(((await h.http.get(JOB_API.savedJobs).set(other.auth)).body as Page<SavedJobDto>).items).toEqual([]);
  });

  it('answers 404 for a missing job, 400 for a malformed id and 401 without a session', async () => {
    expect((await h.http.put(JOB_API.savedJob('0123456789abcdef01234567')).set(resident.auth)).status).toBe(404);
    expect((await h.http.put(JOB_API.savedJob('nope')).set(resident.auth)).status).toBe(400);
    expect((await h.http.get(JOB_API.savedJobs)).status).toBe(401);
  });
});

describe('job alerts', () => {
  it('alerts a resident whose saved search a new job meets, once per alert and job, through the outbox', async () => {
    const alice = await h.login('js-alice', 'resident', 'zh-Hant');
    const bob = await h.login('js-bob', 'resident', 'en');
    const aliceAlert = (await h.http.post(JOB_API.jobAlerts).set(alice.auth).send({ q: '海洋工程師', city: 'zhuhai' })).body as JobAlertDto;
    expect(aliceAlert.id).toBeTruthy();
    // Bob wants the same words in another city: no alert for him.
    expect((await h.http.post(JOB_API.jobAlerts).set(bob.auth).send({ q: 'marine engineer', city: 'macao' })).status).toBe(201);

    const created = await h.http.post(JOB_API.adminJobs).set(admin.auth).send(newJob({ title: { 'zh-Hans': '海洋工程师', 'zh-Hant': '海洋工程師', en: 'Marine Engineer' } }));
    const jobId = (created.body as JobDto).id;
    const sent = await h.app.services.models.notifications.find({ kind: 'job.alert' }).lean();
    expect(sent.map((n) => n.dedupeKey)).toEqual([`jobalert:${aliceAlert.id}:${jobId}`]);
    expect(String(sent[0]!.userId)).toBe(alice.user.id);
    const inbox = await h.http.get('/api/inbox').set(alice.auth);
    expect(JSON.stringify(inbox.body)).toContain('海洋工程師');

    // Editing the job later does not alert again.
    await h.http.patch(JOB_API.adminJob(jobId)).set(admin.auth).send({ salaryMax: 13000 });
    expect(await h.app.services.models.notifications.countDocuments({ kind: 'job.alert' })).toBe(1);
  });

  it('files alerts under their own topic: opting out of notices keeps them, opting out of job alerts sends them to the inbox only', async () => {
    const users = h.app.services.models.users;
    const dora = await h.login('js-dora', 'resident', 'en');
    const erin = await h.login('js-erin', 'resident', 'en');
    for (const [s, contactId] of [[dora, 'wxid-dora'], [erin, 'wxid-erin']] as const) {
      await users.updateOne({ _id: s.user.id }, { $set: { bot: { contactId, boundAt: new Date() } } });
    }
    const prefs = '/api/me/notification-preferences';
    expect((await h.http.patch(prefs).set(dora.auth).send({ optOut: ['broadcast'] })).status).toBe(200);
    expect((await h.http.patch(prefs).set(erin.auth).send({ optOut: ['jobAlert'] })).status).toBe(200);
    for (const s of [dora, erin]) expect((await h.http.post(JOB_API.jobAlerts).set(s.auth).send({ q: 'lighthouse keeper' })).status).toBe(201);
    await h.http.post(JOB_API.adminJobs).set(admin.auth).send(newJob({ title: { 'zh-Hans': '灯塔看守员', 'zh-Hant': '燈塔看守員', en: 'Lighthouse keeper' } }));
    const sent = await h.app.services.models.notifications.find({ kind: 'job.alert', userId: { $in: [dora.user.id, erin.user.id] } }).lean();
    const of = (id: string) => sent.find((n) => String(n.userId) === id)!;
    expect(of(dora.user.id)).toMatchObject({ topic: 'jobAlert', channel: 'bot' });
    expect(of(erin.user.id)).toMatchObject({ topic: 'jobAlert', channel: 'inbox' });
  });

  it('lists and deletes alerts, refuses an empty one and more than the limit', async () => {
    const carol = await h.login('js-carol', 'resident', 'en');
    const empty = await h.http.post(JOB_API.jobAlerts).set(carol.auth).query({ lang: 'en' }).send({});
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toEqual({ q: 'Enter a keyword or choose at least one filter' });
    const ids: string[] = [];
    for (let i = 0; i < MAX_JOB_ALERTS; i++) ids.push(((await h.http.post(JOB_API.jobAlerts).set(carol.auth).send({ q: `keyword${i}` })).body as JobAlertDto).id);
    const over = await h.http.post(JOB_API.jobAlerts).set(carol.auth).send({ industry: 'finance' });
    expect(over.status).toBe(409);
    expect(over.body.error.message).toBe(`You can keep at most ${MAX_JOB_ALERTS} job alerts; delete one first`);
    expect(((await h.http.get(JOB_API.jobAlerts).set(carol.auth)).body.items as JobAlertDto[])).toHaveLength(MAX_JOB_ALERTS);
    expect((await h.http.delete(JOB_API.jobAlert(ids[0]!)).set(carol.auth)).status).toBe(204);
    expect((await h.http.delete(JOB_API.jobAlert(ids[1]!)).set(resident.auth)).status).toBe(404);
    expect((await h.http.post(JOB_API.jobAlerts).set(carol.auth).send({ industry: 'finance', salaryMin: 10000 })).status).toBe(201);
  });
});

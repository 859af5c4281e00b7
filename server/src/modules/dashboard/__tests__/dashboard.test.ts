import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { API, CUSTOMS_API, DASHBOARD_API, DASHBOARD_DEFAULT_DAYS, NOTIFY_API, type ApplicationDto, type DashboardDto } from '@bay/shared';
import { HKID_OK, eventually, startHarness, type Harness } from '../../../__tests__/harness.js';
import { FIXTURE_ENTRIES } from '../../enquiries/__tests__/fixtures.js';
import { seedCustomsContent } from '../../customs/customs.content.js';
import { hkSlot } from '../../customs/customs.service.js';
import { hkDay } from '../../enquiries/outcome.model.js';
import { dayWindow, quantile } from '../dashboard.service.js';

type Auth = { Authorization: string };
const MINUTE = 60_000;

describe('dashboard helpers', () => {
  it('takes nearest-rank quantiles', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  });

  it('counts Hong Kong days: 16:30 UTC is already tomorrow in Hong Kong', () => {
    const at = new Date('2026-03-01T16:30:00Z');
    const { dayKeys, since } = dayWindow(at, 3);
    expect(dayKeys).toEqual(['2026-02-28', '2026-03-01', '2026-03-02']);
    expect(since.toISOString()).toBe('2026-02-27T16:00:00.000Z');
  });
});

describe(`GET ${DASHBOARD_API.admin}`, () => {
  let h: Harness;
  let admin: Auth;
  let reviewer: Auth;
  const figures = async (query = ''): Promise<DashboardDto> => {
    const res = await h.http.get(`${DASHBOARD_API.admin}${query}`).set(admin);
    expect(res.status).toBe(200);
    return res.body as DashboardDto;
  };

  beforeAll(async () => {
    h = await startHarness('dashboard', {}, { dashboardCacheMs: 0 });
    await seedCustomsContent(h.app.services.models);
    await h.app.services.models.kb.insertMany(FIXTURE_ENTRIES.map(({ id, ...rest }) => ({ _id: id, ...rest, origin: 'seed' })));
    await h.app.services.enquiries.rebuild();
    admin = (await h.login('dash-admin', 'admin', 'en')).auth;
    reviewer = (await h.login('dash-reviewer', 'reviewer')).auth;
  });
  afterAll(async () => h.close());

  it('is for administrators only: 401 signed out, 403 for residents and reviewers (the role walk covers every role)', async () => {
    expect((await h.http.get(DASHBOARD_API.admin)).status).toBe(401);
    const resident = (await h.login('dash-resident')).auth;
    expect((await h.http.get(DASHBOARD_API.admin).set(resident)).status).toBe(403);
    expect((await h.http.get(DASHBOARD_API.admin).set(reviewer)).status).toBe(403);
  });

  it('refuses a bad window with a per-field message in the caller\'s language', async () => {
    const hantAdmin = (await h.login('dash-admin-hant', 'admin', 'zh-Hant')).auth;
    const zero = await h.http.get(`${DASHBOARD_API.admin}?days=0`).set(hantAdmin);
    expect(zero.status).toBe(400);
    expect(zero.body.error.code).toBe('validation');
    expect(zero.body.error.fields.days).toMatch(/[\u4e00-\u9fff]/);
    const words = await h.http.get(`${DASHBOARD_API.admin}?days=lots`).set(admin);
    expect(words.status).toBe(400);
    expect(words.body.error.fields.days).toBeTruthy();
    expect((await h.http.get(`${DASHBOARD_API.admin}?days=91`).set(admin)).status).toBe(400);
    expect((await h.http.get(`${DASHBOARD_API.admin}?colour=red`).set(admin)).status).toBe(400);
  });

  it('starts from zero on an empty database, with one entry per day of the window', async () => {
    const d = await figures();
    expect(d.days).toBe(DASHBOARD_DEFAULT_DAYS);
    expect(d.dayKeys).toHaveLength(DASHBOARD_DEFAULT_DAYS);
    expect(d.dayKeys.at(-1)).toBe(hkDay(new Date()));
    expect(Object.values(d.applications.byStatus).every((n) => n === 0)).toBe(true);
    expect(d.applications.perDay.map((p) => p.day)).toEqual(d.dayKeys);
    expect(d.firstReview).toEqual({ reviewed: 0, medianMinutes: null, p90Minutes: null, waiting: 0, oldestWaitingMinutes: null });
    expect(d.messages.map((m) => m.channel).sort()).toEqual(['bot', 'inbox', 'subscribe']);
    expect(d.enquiries.totals).toEqual({ faq: 0, clarify: 0, unknown: 0 });
    expect(d.unanswered).toEqual([]);
    expect(d.broadcasts).toEqual([]);
    expect(d.ports.length).toBeGreaterThan(5);
    expect(d.ports.every((p) => p.nowMinutes === null && p.usualMinutes === null)).toBe(true);
    expect(Number((await h.http.get(`${DASHBOARD_API.admin}?days=3`).set(admin)).body.dayKeys.length)).toBe(3);
  });

  it('counts applications per status and day, and the time to first review', async () => {
    const [job] = await h.app.services.models.jobs.insertMany([{
      slug: 'dash-job', title: { 'zh-Hans': '司机', 'zh-Hant': '司機', en: 'Driver' }, employer: { 'zh-Hans': '湾区', 'zh-Hant': '灣區', en: 'Bay' },
      city: 'shenzhen', industry: 'logistics', salaryMin: 6000, salaryMax: 8000, currency: 'CNY', salaryPeriod: 'month',
      languages: ['yue'], description: { 'zh-Hans': '驾驶', 'zh-Hant': '駕駛', en: 'Drive' }, openToHkMo: true, postedAt: new Date(),
    }]);
    const apply = async (handle: string) => {
      const auth = (await h.login(handle)).auth;
      const res = await h.http.post(API.applications).set(auth)
        .send({ jobId: String(job!._id), name: '陈大文', phone: '91234567', docType: 'hkid', docNumber: HKID_OK, resume: '五年经验' });
      expect(res.status).toBe(201);
      return res.body as ApplicationDto;
    };
    const first = await apply('dash-applicant-1');
    await apply('dash-applicant-2');
    const moved = await h.http.post(API.adminApplicationStatus(first.id)).set(reviewer).send({ status: 'under_review' });
    expect(moved.status).toBe(200);
    // One reviewed three days ago, 90 minutes after it came in (stored as the service stores them).
    const threeDaysAgo = new Date(Date.now() - 3 * 24 * 3600_000);
    await h.app.services.models.applications.collection.insertOne({
      uniqueKey: 'dash:old', type: 'job', userId: new Types.ObjectId(), jobId: job!._id, title: job!.title, status: 'interview',
      name: 'x', phone: 'x', docType: 'hkid', docNumber: 'x', verified: false, resume: 'x', outbox: [],
      timeline: [
        { status: 'submitted', at: threeDaysAgo, by: 'resident' },
        { status: 'interview', at: new Date(threeDaysAgo.getTime() + 90 * MINUTE), by: 'employer' },
      ],
      createdAt: threeDaysAgo, updatedAt: threeDaysAgo,
    });

    const d = await figures();
    expect(d.applications.byStatus).toMatchObject({ submitted: 1, under_review: 1, interview: 1, offered: 0 });
    const today = d.applications.perDay.at(-1)!;
    expect(today.counts).toMatchObject({ submitted: 1, under_review: 1 });
    const old = d.applications.perDay.find((p) => p.day === hkDay(threeDaysAgo))!;
    expect(old.counts.interview).toBe(1);
    expect(d.applications.truncated).toBe(false);
    expect(d.firstReview.reviewed).toBe(2);
    expect(d.firstReview.p90Minutes).toBe(90);
    expect(d.firstReview.medianMinutes).toBeLessThan(5);
    expect(d.firstReview.waiting).toBe(1);
    expect(d.firstReview.oldestWaitingMinutes).toBeGreaterThanOrEqual(0);

    // A one-day window leaves out the old one from the days and the review times, not from the totals.
    const oneDay = await figures('?days=1');
    expect(oneDay.applications.perDay).toHaveLength(1);
    expect(oneDay.firstReview.reviewed).toBe(1);
    expect(oneDay.applications.byStatus.interview).toBe(1);
  });

  it('counts messages per channel and state, sending as pending', async () => {
    await h.app.services.applicationRelay.relayAll();
    const before = await figures();
    const total = (d: DashboardDto) => d.messages.reduce((n, m) => n + Object.values(m.counts).reduce((a, b) => a + b, 0), 0);
    const stored = await h.app.services.models.notifications.countDocuments({});
    expect(stored).toBeGreaterThan(0);
    expect(total(before)).toBe(stored);
    const one = await h.app.services.models.notifications.findOne({}).lean();
    await h.app.services.models.notifications.updateOne({ _id: one!._id }, { $set: { state: 'dead' } });
    const after = await figures();
    const ch = after.messages.find((m) => m.channel === one!.channel)!;
    expect(ch.counts.dead).toBe(1);
    expect(total(after)).toBe(stored);
  });

  it('compares each port\'s wait now with its usual for this weekday and hour', async () => {
    const at = new Date();
    const weeksAgo = (n: number) => new Date(at.getTime() - n * 7 * 24 * 3600_000);
    await h.app.services.models.customsWaits.insertMany([1, 2, 3].map((n) => ({
      portId: 'lok-ma-chau-spur-line', direction: 'southbound', mode: 'pedestrian', minutes: 10 * n, source: 'feed',
      observedAt: weeksAgo(n), slot: hkSlot(weeksAgo(n)), excluded: false,
    })));
    const feed = await h.http.post(CUSTOMS_API.adminWaitFeed('lok-ma-chau-spur-line')).set(admin)
      .send({ direction: 'southbound', mode: 'pedestrian', minutes: 55 });
    expect(feed.status).toBe(201);
    const d = await figures();
    const row = d.ports.find((p) => p.portId === 'lok-ma-chau-spur-line' && p.direction === 'southbound' && p.mode === 'pedestrian')!;
    expect(row).toMatchObject({ nowMinutes: 55, nowSource: 'feed', usualMinutes: 20, usualSamples: 3 });
    expect(row.name.en).toBeTruthy();
    const other = d.ports.find((p) => p.portId === 'lok-ma-chau-spur-line' && p.direction === 'northbound' && p.mode === 'pedestrian')!;
    expect(other).toMatchObject({ nowMinutes: null, usualMinutes: null });
  });

  it('splits enquiry answers into direct, asked back and unknown, and lists the top unanswered', async () => {
    const ask = async (question: string, channel: 'app' | 'bot' = 'app') => {
      const res = channel === 'app'
        ? await h.http.post(API.enquiryAnswer).send({ question })
        : await h.http.post(API.internalEnquiryAnswer).set(h.bot).send({ contactId: 'wxid_dash', question });
      expect(res.status).toBe(200);
      return res.body.intent as string;
    };
    expect(await ask('罗湖口岸几点开门')).toBe('faq');
    expect(await ask('罗湖口岸几点开门', 'bot')).toBe('faq');
    expect(await ask('医保')).toBe('clarify');
    expect(await ask('量子色动力学的渐近自由')).toBe('unknown');
    expect(await ask('量子色动力学的渐近自由是什么')).toBe('unknown');
    // Commands are not answers from the knowledge base.
    const resident = (await h.login('dash-asker')).auth;
    const command = await h.http.post(API.enquiryAnswer).set(resident).send({ question: '我的申请状态' });
    expect(command.body.intent).toBe('application_status');
    await h.app.services.enquiryOutcomes.idle();
    await h.app.services.enquiryReview.idle();
    const d = await figures();
    expect(d.enquiries.totals).toEqual({ faq: 2, clarify: 1, unknown: 2 });
    expect(d.enquiries.perDay.at(-1)).toEqual({ day: hkDay(new Date()), faq: 2, clarify: 1, unknown: 2 });
    expect(d.unanswered[0]).toMatchObject({ total: 2, unknown: 2 });
    expect(d.unanswered[0]!.question).toContain('量子色动力学');
    expect(d.unanswered.map((u) => u.total)).toEqual([...d.unanswered.map((u) => u.total)].sort((a, b) => b - a));
  });

  it('counts each answer once when many arrive at once on a new day', async () => {
    await h.app.services.models.enquiryOutcomes.deleteMany({});
    await Promise.all(Array.from({ length: 12 }, () => h.http.post(API.enquiryAnswer).send({ question: '罗湖口岸几点开门' })));
    await h.app.services.enquiryOutcomes.idle();
    expect((await figures()).enquiries.totals.faq).toBe(12);
  });

  it('shows the newest broadcasts with their progress', async () => {
    const text = { 'zh-Hans': '通知', 'zh-Hant': '通知', en: 'Notice' };
    const res = await h.http.post(NOTIFY_API.adminBroadcasts).set(admin).send({ title: text, body: text, audience: { type: 'all' } });
    expect(res.status).toBe(201);
    await eventually(async () => {
      await h.app.services.broadcasts.tick();
      const d = await figures();
      expect(d.broadcasts[0]).toMatchObject({ id: res.body.id, title: text });
      expect(d.broadcasts[0]!.counts.recipients).toBeGreaterThan(0);
      return d;
    });
  });

  it('reuses a computation for DASHBOARD_CACHE_MS when caching is on', async () => {
    const { createDashboardService } = await import('../dashboard.service.js');
    let reads = 0;
    const svc = createDashboardService({
      applications: h.app.services.models.applications, notifications: h.app.services.models.notifications, outcomes: h.app.services.models.enquiryOutcomes, reviewGroups: h.app.services.models.reviewGroups,
      ports: { nowVsUsual: async () => { reads++; return []; } }, broadcasts: { list: async () => [] }, cacheMs: 60_000,
    });
    await Promise.all([svc.figures(14), svc.figures(14)]);
    await svc.figures(14);
    expect(reads).toBe(1);
    await svc.figures(7);
    expect(reads).toBe(2);
  });

  it('shares a computation still running, even past the reuse window, and retries one that failed', async () => {
    const { createDashboardService } = await import('../dashboard.service.js');
    let reads = 0;
    let release: () => void = () => undefined;
    let failNext = false;
    const svc = createDashboardService({
      applications: h.app.services.models.applications, notifications: h.app.services.models.notifications,
      outcomes: h.app.services.models.enquiryOutcomes, reviewGroups: h.app.services.models.reviewGroups,
      ports: {
        nowVsUsual: async () => {
          reads++;
          if (failNext) { failNext = false; throw new Error('engine gone'); }
          await new Promise<void>((r) => { release = r; });
          return [];
        },
      },
      broadcasts: { list: async () => [] }, cacheMs: 0,
    });
    const first = svc.figures(14);
    await new Promise((r) => setTimeout(r, 20));
    const second = svc.figures(14); // cacheMs 0 has passed, but the first is still running
    await new Promise((r) => setTimeout(r, 20));
    release();
    await Promise.all([first, second]);
    expect(reads).toBe(1);
    failNext = true;
    await expect(svc.figures(14)).rejects.toThrow('engine gone');
    const again = svc.figures(14);
    await new Promise((r) => setTimeout(r, 20));
    release();
    await again;
    expect(reads).toBe(3);
  });
});

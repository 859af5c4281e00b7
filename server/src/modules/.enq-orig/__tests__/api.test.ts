import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EnquiryAnswerDto, KbEntry } from '@bay/shared';
import { startHarness, type Harness } from '../../../__tests__/harness.js';
import { FIXTURE_ENTRIES } from './fixtures.js';

let h: Harness;
const ANSWER = '/api/enquiries/answer';

beforeAll(async () => {
  h = await startHarness('enquiries');
  const { kb } = h.app.services.models;
  await kb.insertMany(FIXTURE_ENTRIES.map(({ id, ...rest }) => ({ _id: id, ...rest, origin: 'seed' })));
  await h.app.services.enquiries.rebuild();
});
afterAll(async () => { await h.close(); });

const ask = async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const res = await h.http.post(ANSWER).set(headers).send(body);
  expect(res.status).toBe(200);
  return res.body as EnquiryAnswerDto;
};

async function jobId(): Promise<string> {
  const [job] = await h.app.services.models.jobs.insertMany([{
    slug: `job-${Math.random().toString(36).slice(2)}`,
    title: { 'zh-Hans': '前台接待', 'zh-Hant': '前台接待', en: 'Receptionist' },
    employer: { 'zh-Hans': '湾区酒店', 'zh-Hant': '灣區酒店', en: 'Bay Hotel' },
    city: 'shenzhen', industry: 'hospitality', salaryMin: 6000, salaryMax: 8000, currency: 'CNY', salaryPeriod: 'month',
    languages: ['yue'], description: { 'zh-Hans': '接待', 'zh-Hant': '接待', en: 'Front desk' }, openToHkMo: true, postedAt: new Date(),
  }]);
  return String(job!._id);
}

describe('POST /api/enquiries/answer', () => {
  it('answers in the shape { answer, lang, intent, confidence, sources }', async () => {
    const body = await ask({ question: '罗湖口岸几点开门' });
    expect(Object.keys(body).sort()).toEqual(['answer', 'confidence', 'intent', 'lang', 'sources']);
    expect(body).toMatchObject({ lang: 'zh-Hans', intent: 'faq', sources: [{ id: 'lowu-hours', title: '测试机构', url: 'https://example.gov.hk/page' }] });
    expect(body.answer).toContain('6:30');
    expect(body.answer).toMatch(/详情：http:\/\/127\.0\.0\.1:10086\/#\/packages\/ask\/index\?entry=lowu-hours$/);
    expect(body.confidence).toBeGreaterThan(0.5);
  });

  it('answers Traditional and Cantonese questions in Traditional, English in English', async () => {
    const hant = await ask({ question: '我嘅回鄉證過期咗點算' });
    expect(hant).toMatchObject({ lang: 'zh-Hant', intent: 'faq', sources: [{ id: 'hrp-renew', title: '測試機構' }] });
    expect(hant.answer).toContain('回鄉證到期前');
    expect(hant.answer).toContain('packages/travel/hrp/index');
    const en = await ask({ question: 'HRP expired, what now?' });
    expect(en).toMatchObject({ lang: 'en', sources: [{ id: 'hrp-renew', title: 'Test Authority' }] });
    expect(en.answer).toMatch(/^Renew the Home Return Permit/);
  });

  it('uses the requested lang only when the text is ambiguous', async () => {
    expect((await ask({ question: 'HRP expired', lang: 'zh-Hant' })).lang).toBe('en');
    expect((await ask({ question: '1', lang: 'zh-Hant', entryId: 'lowu-hours' })).lang).toBe('zh-Hant');
  });

  it('asks back with three numbered suggestions when unsure, and answers the picked entry by id', async () => {
    const body = await ask({ question: '医保', lang: 'zh-Hans' });
    expect(body.intent).toBe('clarify');
    expect(body.suggestions!.length).toBeGreaterThanOrEqual(2);
    expect(body.suggestions!.length).toBeLessThanOrEqual(3);
    expect(body.suggestions!.map((s) => s.id).slice(0, 2).sort()).toEqual(['medical-insurance-claim', 'medical-insurance-join']);
    expect(body.sources.map((s) => s.id)).toEqual(body.suggestions!.map((s) => s.id));
    expect(body.answer).toMatch(/^你想问的是哪一个？请回复数字：\n1\. .+\n2\. /);
    const picked = await ask({ question: '2', lang: 'zh-Hans', entryId: body.suggestions![1]!.id });
    expect(picked).toMatchObject({ intent: 'faq', confidence: 1, sources: [{ id: body.suggestions![1]!.id }] });
  });

  it('answers 404 for an unknown entry id and 400 for a malformed one', async () => {
    expect((await h.http.post(ANSWER).send({ question: '1', entryId: 'no-such-entry' })).status).toBe(404);
    const bad = await h.http.post(ANSWER).send({ question: '1', entryId: 'Bad Id!' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.entryId).toBeDefined();
  });

  it('says so when it has no answer', async () => {
    const body = await ask({ question: '量子色动力学的渐近自由' });
    expect(body).toMatchObject({ intent: 'unknown', sources: [] });
    expect(body.answer).toContain('转人工');
  });

  it('greets', async () => {
    expect(await ask({ question: 'hello' })).toMatchObject({ intent: 'greeting', lang: 'en' });
  });
});

describe('personal intents', () => {
  it('tell anonymous callers to sign in, and unbound bot contacts to bind', async () => {
    for (const q of ['我的申请到哪一步了', '退订', '转人工']) {
      const body = await ask({ question: q });
      expect(body.answer).toContain('登录');
      expect(body.sources).toEqual([]);
    }
    const res = await h.http.post('/internal/enquiries/answer').set(h.bot).send({ question: 'my application status', contactId: 'wxid_nobody' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ intent: 'application_status', lang: 'en' });
    expect(res.body.answer).toContain('bind code');
  });

  it('list only the caller\'s own applications, with localised statuses', async () => {
    const alice = await h.login('enq-alice', 'resident', 'zh-Hant');
    const bob = await h.login('enq-bob', 'resident', 'en');
    const created = await h.http.post('/api/applications').set(alice.auth).send({
      jobId: await jobId(), name: '陳大文', phone: '+852 9123 4567', docType: 'hkid', docNumber: 'A123456(3)', resume: '十年酒店前台經驗',
    });
    expect(created.status).toBe(201);
    const mine = await ask({ question: '我嘅申請去到邊' }, alice.auth);
    expect(mine.intent).toBe('application_status');
    expect(mine.answer).toContain('前台接待：已提交');
    const theirs = await ask({ question: 'my application status' }, bob.auth);
    expect(theirs.answer).not.toContain('Receptionist');
    expect(theirs.answer).toContain('no job applications');
  });

  it('answer bound bot contacts from their own account', async () => {
    const carol = await h.login('enq-carol', 'resident', 'en');
    await h.app.services.users.bindContact(carol.user.id, { contactId: 'wxid_carol' });
    const res = await h.http.post('/internal/enquiries/answer').set(h.bot).send({ question: 'where is my application?', contactId: 'wxid_carol' });
    expect(res.body).toMatchObject({ intent: 'application_status' });
    expect(res.body.answer).toContain('no job applications');
  });

  it('unsubscribe and subscribe set the opt-out flag', async () => {
    const dan = await h.login('enq-dan', 'resident', 'zh-Hans');
    expect(await ask({ question: 'TD' }, dan.auth)).toMatchObject({ intent: 'unsubscribe', lang: 'zh-Hans' });
    expect((await h.app.services.models.users.findById(dan.user.id).lean())!.notificationsOptOut).toBe(true);
    expect(await ask({ question: '订阅' }, dan.auth)).toMatchObject({ intent: 'subscribe' });
    expect((await h.app.services.models.users.findById(dan.user.id).lean())!.notificationsOptOut).toBe(false);
  });
});

describe('handoff tickets', () => {
  it('open a ticket with the transcript; a staff reply is audited and queued for the bot as handoff.reply', async () => {
    const erin = await h.login('enq-erin', 'resident', 'zh-Hant');
    await h.app.services.users.bindContact(erin.user.id, { contactId: 'wxid_erin' });
    const transcript = [{ role: 'user', text: '港車北上要買咩保險' }, { role: 'bot', text: '港車北上須購買內地交強險' }, { role: 'user', text: '轉人工' }];
    const res = await h.http.post('/internal/enquiries/answer').set(h.bot).send({ question: '轉人工', contactId: 'wxid_erin', transcript });
    expect(res.body).toMatchObject({ intent: 'handoff', lang: 'zh-Hant' });

    const reviewer = await h.login('enq-reviewer', 'reviewer');
    const list = await h.http.get('/api/admin/handoffs?state=open').set(reviewer.auth);
    expect(list.status).toBe(200);
    const ticket = list.body.items.find((t: { userId: string }) => t.userId === erin.user.id);
    expect(ticket).toMatchObject({ contactId: 'wxid_erin', lang: 'zh-Hant', state: 'open', transcript });
    expect(res.body.answer).toContain(ticket.id.slice(-6).toUpperCase());

    expect((await h.http.get('/api/admin/handoffs').set(erin.auth)).status).toBe(403);
    const replied = await h.http.post(`/api/admin/handoffs/${ticket.id}/reply`).set(reviewer.auth).send({ text: '你好，交強險可在口岸或網上購買。' });
    expect(replied.status).toBe(200);
    expect(replied.body).toMatchObject({ state: 'answered', replies: [{ text: '你好，交強險可在口岸或網上購買。', by: reviewer.user.id }] });

    const claimed = await h.http.post('/internal/outbox/claim').set(h.bot).send({ workerId: 'w1', limit: 10, leaseMs: 30000 });
    const message = claimed.body.messages.find((m: { kind: string }) => m.kind === 'handoff.reply');
    expect(message).toMatchObject({ kind: 'handoff.reply', contactId: 'wxid_erin', lang: 'zh-Hant', payload: { ticketId: ticket.id, text: '你好，交強險可在口岸或網上購買。' } });

    const admin = await h.login('enq-admin', 'admin');
    const audit = await h.http.get('/api/admin/audit?action=handoff.reply').set(admin.auth);
    expect(audit.body.items[0]).toMatchObject({ action: 'handoff.reply', target: { type: 'handoff', id: ticket.id }, outcome: 'succeeded', details: { chars: 16 } });
  });

  it('refuses replies to unknown tickets and empty replies', async () => {
    const reviewer = await h.login('enq-reviewer', 'reviewer');
    expect((await h.http.post('/api/admin/handoffs/0123456789abcdef01234567/reply').set(reviewer.auth).send({ text: 'hi' })).status).toBe(404);
    expect((await h.http.post('/api/admin/handoffs/0123456789abcdef01234567/reply').set(reviewer.auth).send({ text: '  ' })).status).toBe(400);
  });
});

describe('admin knowledge base', () => {
  const entry = (over: Partial<KbEntry> = {}): KbEntry => ({
    ...FIXTURE_ENTRIES[1]!,
    id: 'shenzhen-bay-hours',
    tags: ['深圳湾口岸'],
    questions: {
      'zh-Hans': ['深圳湾口岸几点关门', '深圳湾口岸开放时间'],
      'zh-Hant': ['深圳灣口岸幾點閂門', '深圳灣口岸開放時間'],
      en: ['When does Shenzhen Bay port close?', 'Shenzhen Bay port opening hours'],
    },
    answer: { 'zh-Hans': '深圳湾口岸旅检每天 6:30 至 24:00 开放。', 'zh-Hant': '深圳灣口岸旅檢每日 6:30 至 24:00 開放。', en: 'Shenzhen Bay port is open for passengers from 6:30 to 24:00.' },
    ...over,
  });

  it('is for admins only', async () => {
    const reviewer = await h.login('enq-reviewer', 'reviewer');
    expect((await h.http.get('/api/admin/kb').set(reviewer.auth)).status).toBe(403);
    expect((await h.http.put('/api/admin/kb/shenzhen-bay-hours').set(reviewer.auth).send(entry())).status).toBe(403);
    expect((await h.http.delete('/api/admin/kb/lowu-hours').set(reviewer.auth)).status).toBe(403);
    expect((await h.http.get('/api/admin/kb')).status).toBe(401);
  });

  it('validates entries with the shared schema and refuses an id that differs from the path', async () => {
    const admin = await h.login('enq-admin', 'admin');
    const bad = await h.http.put('/api/admin/kb/shenzhen-bay-hours').set(admin.auth).send({ ...entry(), source: { org: entry().source.org, url: 'http://insecure.example' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields['source.url']).toBeDefined();
    const mismatch = await h.http.put('/api/admin/kb/other-id').set(admin.auth).send(entry());
    expect(mismatch.status).toBe(400);
  });

  it('creates, lists, edits and deletes entries, audited, with the index rebuilt each time', async () => {
    const admin = await h.login('enq-admin', 'admin');
    expect((await ask({ question: '深圳湾口岸几点关门' })).sources[0]?.id).not.toBe('shenzhen-bay-hours');

    const created = await h.http.put('/api/admin/kb/shenzhen-bay-hours').set(admin.auth).send(entry());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'shenzhen-bay-hours', origin: 'admin' });
    expect((await ask({ question: '深圳灣口岸幾點閂門' })).sources[0]?.id).toBe('shenzhen-bay-hours');

    const edited = await h.http.put('/api/admin/kb/shenzhen-bay-hours').set(admin.auth)
      .send(entry({ answer: { ...entry().answer, en: 'EDITED: Shenzhen Bay port passenger clearance is 6:30–24:00.' } }));
    expect(edited.status).toBe(200);
    expect((await ask({ question: 'When does Shenzhen Bay port close?' })).answer).toMatch(/^EDITED/);

    const list = await h.http.get('/api/admin/kb?topic=customs').set(admin.auth);
    expect(list.status).toBe(200);
    expect(list.body.items.map((e: KbEntry) => e.id)).toEqual(['lowu-hours', 'shenzhen-bay-hours']);

    expect((await h.http.delete('/api/admin/kb/shenzhen-bay-hours').set(admin.auth)).status).toBe(204);
    expect((await h.http.delete('/api/admin/kb/shenzhen-bay-hours').set(admin.auth)).status).toBe(404);
    expect((await ask({ question: 'When does Shenzhen Bay port close?' })).sources[0]?.id).not.toBe('shenzhen-bay-hours');

    const audit = await h.http.get('/api/admin/audit').set(admin.auth);
    const kbActions = audit.body.items.filter((a: { target: { id: string } }) => a.target.id === 'shenzhen-bay-hours')
      .map((a: { action: string; outcome: string; details: Record<string, unknown> }) => `${a.action}:${a.outcome}${a.details.created !== undefined ? `:${a.details.created}` : ''}`);
    expect(kbActions).toEqual(['kb.delete:failed', 'kb.delete:succeeded', 'kb.upsert:succeeded:false', 'kb.upsert:succeeded:true']);
  });
});

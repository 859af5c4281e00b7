import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import type { OutboxMessageDto } from '@bay/shared';
import { startFakeWechatApi, type FakeWechatApi } from '../../../../../tests/fakes/wechat-api.js';
import { seedDemoData } from '../../../seed/seed.js';
import { HKID_OK, startHarness, type Harness } from '../../../__tests__/harness.js';
import type { EnqueueMessage } from '../outbox.service.js';
import { quietHoursEnd } from '../router.js';
import { statusPhrase } from '../subscribe.worker.js';

type Session = Awaited<ReturnType<Harness['login']>>;
const APP_TEMPLATE = 'tmplApplicationStatus';
const BROADCAST_TEMPLATE = 'tmplBroadcast';
const APP_KEYS = ['thing1', 'phrase2', 'time3'];

describe('notification routing (bot → subscribe → inbox)', () => {
  let h: Harness;
  let wechat: FakeWechatApi;
  let jobIds: string[];
  let n = 0;

  beforeAll(async () => {
    wechat = await startFakeWechatApi();
    wechat.registerTemplate(APP_TEMPLATE, APP_KEYS);
    wechat.registerTemplate(BROADCAST_TEMPLATE, ['thing1', 'time3']);
    h = await startHarness('routing', {
      WECHAT_API_BASE: wechat.baseUrl,
      WECHAT_TEMPLATE_APPLICATION_STATUS: APP_TEMPLATE,
      WECHAT_TEMPLATE_BROADCAST: BROADCAST_TEMPLATE,
      OUTBOX_MAX_ATTEMPTS: '3',
    }, { backoffBaseMs: 200 });
    await seedDemoData(h.conn);
    jobIds = (await h.http.get('/api/jobs').query({ limit: 50 })).body.items.map((j: { id: string }) => j.id);
  });
  afterAll(async () => { await h.close(); await wechat.close(); });
  beforeEach(async () => {
    await h.app.services.models.notifications.updateMany({ state: { $in: ['pending', 'sending'] } }, { $set: { state: 'sent' } });
    wechat.subscribeMessages.length = 0;
  });

  const models = () => h.app.services.models;

  /** A resident; `openid` gives them a real-looking WeChat openid (dev sign-ins have none). */
  async function resident(opts: { bound?: boolean; openid?: boolean; lang?: 'zh-Hans' | 'zh-Hant' | 'en' } = {}) {
    n += 1;
    const s = await h.login(`routing-res-${n}`, 'resident', opts.lang ?? 'zh-Hant');
    const openid = `oRouting${n}xyz`;
    if (opts.openid) await models().users.updateOne({ _id: s.user.id }, { $set: { openid } });
    if (opts.bound) {
      const code = (await h.http.post('/api/bind-codes').set(s.auth)).body.code as string;
      expect((await h.http.post('/internal/bind').set(h.bot).send({ code, contactId: `wxid_routing_${n}` })).status).toBe(200);
    }
    return { session: s, openid, userId: new Types.ObjectId(s.user.id) };
  }

  async function apply(s: Session): Promise<string> {
    const res = await h.http.post('/api/applications').set(s.auth)
      .send({ jobId: jobIds[n % jobIds.length], name: `Resident ${n}`, phone: '61234567', docType: 'hkid', docNumber: HKID_OK, resume: 'CV' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  const notification = (applicationId: string, status = 'submitted') =>
    models().notifications.findOne({ dedupeKey: `application:${applicationId}:${status}` }).lean();

  const claim = async (workerId = 'w1'): Promise<OutboxMessageDto[]> =>
    (await h.http.post('/internal/outbox/claim').set(h.bot).send({ workerId, limit: 50, leaseMs: 30_000 })).body.messages as OutboxMessageDto[];

  const grant = (s: Session, accepted: string[]) => h.http.post('/api/notifications/grants').set(s.auth).send({ accepted, rejected: [] });

  it('sends to the bot when the resident has a bound contact, and always files an inbox item', async () => {
    const { session, userId } = await resident({ bound: true });
    const applicationId = await apply(session);
    expect(await notification(applicationId)).toMatchObject({ channel: 'bot', state: 'pending', topic: 'application', urgent: true });
    expect((await claim()).map((m) => m.dedupeKey)).toEqual([`application:${applicationId}:submitted`]);
    const items = await models().inboxItems.find({ userId }).lean();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ topic: 'application', dedupeKey: `application:${applicationId}:submitted`, readAt: null });
    expect(items[0]!.title['zh-Hant']).toBe('申請進度更新');
  });

  it('sends a subscribe message through WeChat when the unbound resident granted one, using the grant up', async () => {
    const { session, openid, userId } = await resident({ openid: true });
    const granted = await grant(session, [APP_TEMPLATE]);
    expect(granted.status).toBe(200);
    expect(granted.body).toEqual({ bot: false, subscribe: { [APP_TEMPLATE]: 1 } });
    const applicationId = await apply(session);
    expect(await notification(applicationId)).toMatchObject({ channel: 'subscribe', state: 'pending' });
    expect(await claim()).toEqual([]);
    expect(await h.app.services.subscribeWorker.runOnce()).toBe(1);
    expect(wechat.subscribeMessages).toHaveLength(1);
    const [sent] = wechat.subscribeMessages;
    expect(sent).toMatchObject({ touser: openid, template_id: APP_TEMPLATE, lang: 'zh_HK', page: `pages/applications/detail?id=${applicationId}` });
    expect(sent!.data.phrase2!.value).toBe('已提交');
    expect(Array.from(sent!.data.thing1!.value).length).toBeLessThanOrEqual(20);
    expect(sent!.data.time3!.value).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(await notification(applicationId)).toMatchObject({ channel: 'subscribe', state: 'sent' });
    expect((await models().subscribeGrants.findOne({ userId, templateId: APP_TEMPLATE }).lean())!.available).toBe(0);
    expect(await models().inboxItems.countDocuments({ userId })).toBe(1);
  });

  it('counts grants: one grant is one message; the next goes to the inbox', async () => {
    const { session, userId } = await resident({ openid: true });
    await grant(session, [APP_TEMPLATE]);
    const applicationId = await apply(session);
    // A second message routed while the grant still looked available: only one may be sent.
    const mismatched: EnqueueMessage = {
      userId, dedupeKey: `test:${n}:never`, kind: 'job.alert',
      // @ts-expect-error a kind takes only its own payload (shared OutboxContent): a status payload is not a job alert's
      payload: { applicationId, title: { 'zh-Hans': '职位', 'zh-Hant': '職位', en: 'Job' }, status: 'under_review', at: new Date().toISOString() },
    };
    expect(mismatched.kind).toBe('job.alert');
    await h.app.services.outbox.enqueue([{
      userId, dedupeKey: `test:${n}:second`, kind: 'application.status', urgent: true,
      payload: { applicationId, title: { 'zh-Hans': '职位', 'zh-Hant': '職位', en: 'Job' }, status: 'under_review', at: new Date().toISOString() },
    }]);
    expect(await models().notifications.countDocuments({ userId, channel: 'subscribe', state: 'pending' })).toBe(2);
    await h.app.services.subscribeWorker.runOnce();
    expect(wechat.subscribeMessages).toHaveLength(1);
    const after = await models().notifications.find({ userId }).lean();
    expect(after.map((d) => `${d.channel}:${d.state}`).sort()).toEqual(['inbox:sent', 'subscribe:sent']);
    expect(after.find((d) => d.channel === 'inbox')!.lastError).toMatch(/no subscribe grant/);
    // Two more grants in one request count twice.
    expect((await grant(session, [APP_TEMPLATE, APP_TEMPLATE])).body.subscribe).toEqual({ [APP_TEMPLATE]: 2 });
  });

  it('ignores grants for templates the server does not use', async () => {
    const { session } = await resident({ openid: true });
    expect((await grant(session, ['someOtherTemplate'])).body.subscribe).toEqual({});
  });

  it('falls back to the inbox when WeChat says the resident refused (43101)', async () => {
    const { session, openid } = await resident({ openid: true });
    await grant(session, [APP_TEMPLATE]);
    wechat.refuse(openid, APP_TEMPLATE);
    const applicationId = await apply(session);
    await h.app.services.subscribeWorker.runOnce();
    expect(wechat.subscribeMessages).toHaveLength(0);
    const doc = await notification(applicationId);
    expect(doc).toMatchObject({ channel: 'inbox', state: 'sent' });
    expect(doc!.lastError).toMatch(/43101/);
  });

  it('marks a message dead when WeChat rejects its data (47003)', async () => {
    const { session } = await resident({ openid: true });
    await grant(session, [APP_TEMPLATE]);
    const applicationId = await apply(session);
    wechat.registerTemplate(APP_TEMPLATE, [...APP_KEYS, 'thing9']);
    try {
      await h.app.services.subscribeWorker.runOnce();
    } finally {
      wechat.registerTemplate(APP_TEMPLATE, APP_KEYS);
    }
    const doc = await notification(applicationId);
    expect(doc).toMatchObject({ channel: 'subscribe', state: 'dead' });
    expect(doc!.lastError).toMatch(/47003/);
  });

  it('sends a dev user (no real openid) to the inbox only', async () => {
    const { session, userId } = await resident();
    await models().subscribeGrants.create({ userId, templateId: APP_TEMPLATE, available: 1 });
    const applicationId = await apply(session);
    // The router already knows a dev user cannot get subscribe messages: parked for the bot, in the inbox.
    expect(await notification(applicationId)).toMatchObject({ channel: 'inbox', state: 'pending' });
    expect(await models().inboxItems.countDocuments({ userId })).toBe(1);
  });

  it('keeps an opted-out topic in the inbox only, even for a bound resident', async () => {
    const { session, userId } = await resident({ bound: true });
    const patched = await h.http.patch('/api/me/notification-preferences').set(session.auth).send({ optOut: ['application'] });
    expect(patched.status).toBe(200);
    const applicationId = await apply(session);
    expect(await notification(applicationId)).toMatchObject({ channel: 'inbox', state: 'sent' });
    expect(await claim()).toEqual([]);
    expect(await models().inboxItems.countDocuments({ userId, topic: 'application' })).toBe(1);
  });

  it('TD in chat opts out of broadcasts only: broadcasts reach the inbox, status updates still reach the bot', async () => {
    const { session, userId } = await resident({ bound: true });
    const td = await h.http.post('/api/enquiries/answer').set(session.auth).send({ question: 'TD' });
    expect(td.body.intent).toBe('unsubscribe');
    const content = { 'zh-Hans': '通知', 'zh-Hant': '通知', en: 'Notice' };
    await h.app.services.outbox.enqueue([{
      userId, dedupeKey: `broadcast:test:${n}`, kind: 'broadcast', urgent: false,
      payload: { broadcastId: String(new Types.ObjectId()), title: '通知', body: '内容' },
      inbox: { title: content, body: content },
    }]);
    expect(await models().notifications.findOne({ dedupeKey: `broadcast:test:${n}` }).lean()).toMatchObject({ channel: 'inbox', state: 'sent' });
    expect(await models().inboxItems.countDocuments({ userId, topic: 'broadcast' })).toBe(1);
    const applicationId = await apply(session);
    expect(await notification(applicationId)).toMatchObject({ channel: 'bot' });
  });

  it('defers non-urgent messages to the end of the quiet hours (Hong Kong time), never urgent ones', async () => {
    const { session, userId } = await resident({ bound: true });
    const hk = new Date(Date.now() + 8 * 3600_000);
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    const start = hhmm(new Date(hk.getTime() - 60 * 60_000));
    const end = hhmm(new Date(hk.getTime() + 60 * 60_000));
    expect((await h.http.patch('/api/me/notification-preferences').set(session.auth).send({ quietHours: { start, end } })).status).toBe(200);
    const content = { 'zh-Hans': '通知', 'zh-Hant': '通知', en: 'Notice' };
    const before = Date.now();
    await h.app.services.outbox.enqueue([{
      userId, dedupeKey: `broadcast:quiet:${n}`, kind: 'broadcast', urgent: false,
      payload: { broadcastId: String(new Types.ObjectId()), title: '通知', body: '内容' }, inbox: { title: content, body: content },
    }]);
    const deferred = await models().notifications.findOne({ dedupeKey: `broadcast:quiet:${n}` }).lean();
    expect(deferred).toMatchObject({ channel: 'bot', state: 'pending' });
    const wait = deferred!.nextAttemptAt.getTime() - before;
    expect(wait).toBeGreaterThan(55 * 60_000);
    expect(wait).toBeLessThanOrEqual(61 * 60_000);
    const applicationId = await apply(session);
    expect((await notification(applicationId))!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await claim()).map((m) => m.dedupeKey)).toEqual([`application:${applicationId}:submitted`]);
  });

  it('re-routes a bot message whose contact is gone (the bot says so by reason, not by wording) to the next channel', async () => {
    const { session } = await resident({ bound: true });
    const applicationId = await apply(session);
    const [m] = await claim('w-gone');
    expect(m!.dedupeKey).toBe(`application:${applicationId}:submitted`);
    const res = await h.http.post(`/internal/outbox/${m!.id}/fail`).set(h.bot).send({ workerId: 'w-gone', error: 'whatever the puppet said', reason: 'contactGone' });
    expect(res.status).toBe(200);
    expect(await notification(applicationId)).toMatchObject({ channel: 'inbox', state: 'sent' });
  });

  it('retries, and does not re-route, a failure whose text merely reads like a missing contact', async () => {
    const { session } = await resident({ bound: true });
    const applicationId = await apply(session);
    const [m] = await claim('w-words');
    const res = await h.http.post(`/internal/outbox/${m!.id}/fail`).set(h.bot).send({ workerId: 'w-words', error: 'contact wxid_x not found' });
    expect(res.status).toBe(200);
    expect(await notification(applicationId)).toMatchObject({ channel: 'bot', state: 'pending', lastError: 'contact wxid_x not found' });
    const bad = await h.http.post(`/internal/outbox/${m!.id}/fail`).set(h.bot).send({ workerId: 'w-words', error: 'x', reason: 'gone' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.reason).toBeTruthy();
  });

  it('delivers a parked message to the bot once the resident binds', async () => {
    const { session } = await resident();
    const applicationId = await apply(session);
    expect(await notification(applicationId)).toMatchObject({ channel: 'inbox', state: 'pending' });
    const code = (await h.http.post('/api/bind-codes').set(session.auth)).body.code as string;
    await h.http.post('/internal/bind').set(h.bot).send({ code, contactId: 'wxid_late' });
    expect((await claim()).map((m) => [m.dedupeKey, m.contactId])).toEqual([[`application:${applicationId}:submitted`, 'wxid_late']]);
    expect(await notification(applicationId)).toMatchObject({ channel: 'bot', state: 'sending' });
  });

  it('sends broadcasts as subscribe messages with the title as thing1', async () => {
    const { session, userId, openid } = await resident({ openid: true, lang: 'en' });
    await grant(session, [BROADCAST_TEMPLATE]);
    const content = { 'zh-Hans': '通关时间调整', 'zh-Hant': '通關時間調整', en: 'Border crossing hours change for the holiday week' };
    await h.app.services.outbox.enqueue([{
      userId, dedupeKey: `broadcast:sub:${n}`, kind: 'broadcast', urgent: false,
      payload: { broadcastId: String(new Types.ObjectId()), title: content.en, body: 'Details', link: 'pages/index/index' },
      inbox: { title: content, body: content },
    }]);
    await h.app.services.subscribeWorker.runOnce();
    expect(wechat.subscribeMessages).toHaveLength(1);
    expect(wechat.subscribeMessages[0]).toMatchObject({ touser: openid, template_id: BROADCAST_TEMPLATE, lang: 'en_US', page: 'pages/index/index' });
    expect(Array.from(wechat.subscribeMessages[0]!.data.thing1!.value)).toHaveLength(20);
  });

});

describe('router helpers', () => {
  const at = (hkTime: string) => new Date(`2026-11-25T${hkTime}:00+08:00`);

  it('finds the end of a quiet window in Hong Kong time, across midnight too', () => {
    expect(quietHoursEnd({ start: '22:00', end: '07:00' }, at('23:30'))).toEqual(new Date('2026-11-26T07:00:00+08:00'));
    expect(quietHoursEnd({ start: '22:00', end: '07:00' }, at('06:59'))).toEqual(at('07:00'));
    expect(quietHoursEnd({ start: '22:00', end: '07:00' }, at('07:00'))).toBeNull();
    expect(quietHoursEnd({ start: '12:00', end: '14:00' }, at('13:00'))).toEqual(at('14:00'));
    expect(quietHoursEnd({ start: '12:00', end: '14:00' }, at('11:59'))).toBeNull();
    expect(quietHoursEnd({ start: '12:00', end: '12:00' }, at('12:00'))).toBeNull();
    expect(quietHoursEnd(null, at('12:00'))).toBeNull();
  });

  it('uses status labels that fit WeChat\'s 5-character phrase', () => {
    for (const status of ['submitted', 'under_review', 'interview', 'offered', 'rejected', 'withdrawn'] as const) {
      for (const lang of ['zh-Hans', 'zh-Hant', 'en'] as const) expect(Array.from(statusPhrase(status, lang)).length).toBeLessThanOrEqual(5);
    }
    expect(statusPhrase('under_review', 'en')).toBe('审核中');
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { INTERNAL_ADMIN_API, NOTIFY_API, type BroadcastDto, type NoticeDto, type OutboxMessageDto } from '@bay/shared';
import { startHarness, type Harness } from '../../../__tests__/harness.js';

let h: Harness;
let admin: Awaited<ReturnType<Harness['login']>>;
let reviewer: Awaited<ReturnType<Harness['login']>>;

const same = (text: string) => ({ 'zh-Hans': `${text}（简）`, 'zh-Hant': `${text}（繁）`, en: `${text} (en)` });

/** Residents inserted directly: `bound` of them with a bot contact, with prefs the preferences work adds. */
async function residents(prefix: string, n: number, extra: (i: number) => Record<string, unknown> = () => ({})) {
  const docs = Array.from({ length: n }, (_, i) => ({
    openid: `dev:${prefix}-${i}`, role: 'resident', lang: (['zh-Hans', 'zh-Hant', 'en'] as const)[i % 3],
    bot: { contactId: `${prefix}-contact-${i}`, boundAt: new Date() }, ...extra(i),
  }));
  await h.app.services.models.users.collection.insertMany(docs);
}

async function create(body: Record<string, unknown>): Promise<BroadcastDto> {
  const res = await h.http.post(NOTIFY_API.adminBroadcasts).set(admin.auth).send({ title: same('停水通知'), body: same('明天停水'), audience: { type: 'all' }, ...body });
  expect(res.status).toBe(201);
  return res.body as BroadcastDto;
}
const notificationsOf = (id: string) => h.app.services.models.notifications.find({ broadcastId: new Types.ObjectId(id) }).sort({ nextAttemptAt: 1 }).lean();
const claim = async (limit = 100) => (await h.http.post('/internal/outbox/claim').set(h.bot).send({ workerId: 'w1', limit, leaseMs: 30_000 })).body.messages as OutboxMessageDto[];

beforeAll(async () => {
  h = await startHarness('broadcasts');
  admin = await h.login('bc-admin', 'admin');
  reviewer = await h.login('bc-reviewer', 'reviewer');
});
afterAll(async () => { await h?.close(); });
beforeEach(async () => {
  await h.app.services.models.users.deleteMany({ role: 'resident' });
  await h.app.services.models.notifications.deleteMany({});
  await h.app.services.models.broadcasts.deleteMany({});
  await h.app.services.models.botRooms.deleteMany({});
  await h.app.services.models.outboxHolds.deleteMany({});
  await h.app.services.models.inboxItems.deleteMany({});
});

describe('broadcast API', () => {
  it('is admin-only and validates its input', async () => {
    const body = { title: same('t'), body: same('b'), audience: { type: 'all' } };
    expect((await h.http.post(NOTIFY_API.adminBroadcasts).send(body)).status).toBe(401);
    expect((await h.http.post(NOTIFY_API.adminBroadcasts).set(reviewer.auth).send(body)).status).toBe(403);
    expect((await h.http.post(NOTIFY_API.adminBroadcastPreview).set(reviewer.auth).send({ audience: { type: 'all' } })).status).toBe(403);
    const bad = await h.http.post(NOTIFY_API.adminBroadcasts).set(admin.auth).send({ ...body, title: { en: 'x' }, audience: { type: 'city', cities: ['atlantis'] } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields ?? {}).length).toBeGreaterThan(0);
    expect((await h.http.post(NOTIFY_API.adminBroadcasts).set(admin.auth).send({ ...body, ratePerMinute: 0 })).status).toBe(400);
  });

  it('previews recipient counts per audience type', async () => {
    await residents('pv', 9, (i) => ({ notify: { city: i < 3 ? 'shenzhen' : 'guangzhou', interests: i % 2 ? ['travel'] : ['jobs'], optOut: i === 8 ? ['broadcast'] : [] } }));
    await h.http.post(NOTIFY_API.internalRooms).set(h.bot).send({ rooms: [{ id: 'r1', topic: '深圳群' }, { id: 'r2', topic: '广州群' }] }).expect(200);
    const count = async (audience: unknown) => (await h.http.post(NOTIFY_API.adminBroadcastPreview).set(admin.auth).send({ audience }).expect(200)).body.recipients as number;
    expect(await count({ type: 'all' })).toBe(8); // one opted out of broadcasts
    expect(await count({ type: 'city', cities: ['shenzhen'] })).toBe(3);
    expect(await count({ type: 'interest', interests: ['travel'] })).toBe(4);
    expect(await count({ type: 'lang', langs: ['en'] })).toBe(2);
    expect(await count({ type: 'groups', roomIds: [] })).toBe(2);
    expect(await count({ type: 'groups', roomIds: ['r2'] })).toBe(1);
  });

  it('schedules later or now, audits the creation, and fans out idempotently', async () => {
    await residents('fo', 30);
    const later = await create({ scheduleAt: new Date(Date.now() + 3600_000).toISOString() });
    const now = await create({ ratePerMinute: 600 });
    await h.app.services.broadcasts.tick();
    expect(await notificationsOf(later.id)).toHaveLength(0);
    expect((await h.http.get(NOTIFY_API.adminBroadcast(later.id)).set(admin.auth).expect(200)).body.state).toBe('scheduled');
    const sent = await notificationsOf(now.id);
    expect(sent).toHaveLength(30);
    expect(new Set(sent.map((n) => n.dedupeKey)).size).toBe(30);
    expect(sent.every((n) => n.topic === 'broadcast' && n.urgent === false && n.channel === 'bot' && n.state === 'pending')).toBe(true);

    // A crash mid-fan-out: forget the progress and run it again; the dedupe keys absorb it.
    await h.app.services.models.broadcasts.updateOne({ _id: now.id }, { $set: { 'fanout.done': false, 'fanout.count': 0, 'fanout.lastKey': null } });
    await h.app.services.broadcasts.tick();
    expect(await notificationsOf(now.id)).toHaveLength(30);
    // A crash after part of the audience: the resumed fan-out adds only the missing recipients,
    // each in a new send slot after the stored ones (none shares a slot with an existing message).
    const kept = (await notificationsOf(now.id)).slice(0, 12);
    await h.app.services.models.notifications.deleteMany({ broadcastId: now.id, _id: { $nin: kept.map((n) => n._id) } });
    await h.app.services.models.broadcasts.updateOne({ _id: now.id }, { $set: { 'fanout.done': false, 'fanout.count': 12, 'fanout.slots': 12 } });
    await h.app.services.broadcasts.tick();
    const resumed = await notificationsOf(now.id);
    expect(resumed).toHaveLength(30);
    expect(new Set(resumed.map((n) => String(n.userId))).size).toBe(30);
    const lastKept = Math.max(...kept.map((n) => new Date(n.nextAttemptAt).getTime()));
    const added = resumed.filter((n) => !kept.some((k) => String(k._id) === String(n._id)));
    expect(added).toHaveLength(18);
    expect(added.every((n) => new Date(n.nextAttemptAt).getTime() > lastKept)).toBe(true);
    // ...and no slots are wasted on the recipients who already had theirs (600/min = 100 ms apart).
    const startAt = new Date((await h.app.services.models.broadcasts.findById(now.id).lean())!.fanout.startAt!).getTime();
    expect(Math.max(...added.map((n) => new Date(n.nextAttemptAt).getTime()))).toBeLessThan(startAt + 30 * 100);

    const dto = (await h.http.get(NOTIFY_API.adminBroadcast(now.id)).set(admin.auth).expect(200)).body as BroadcastDto;
    expect(dto).toMatchObject({ state: 'sending', counts: { recipients: 30, pending: 30, sent: 0 } });
    const audit = await h.app.services.models.audit.find({ action: 'broadcast.create' }).lean();
    expect(audit.map((a) => a.target.id).sort()).toEqual([later.id, now.id].sort());
    expect(audit.every((a) => a.outcome === 'succeeded')).toBe(true);
    const list = (await h.http.get(NOTIFY_API.adminBroadcasts).set(admin.auth).expect(200)).body.items as BroadcastDto[];
    expect(list.map((b) => b.id)).toEqual([now.id, later.id]);
  });

  it('is fanned out by one server instance at a time, and taken over when the holder died', async () => {
    // A second instance of the server on the same database: both schedulers see the broadcast.
    const other = await startHarness('broadcasts-b', { MONGODB_URI: h.config.mongoUri });
    try {
      await residents('two', 40);
      const calls = { a: 0, b: 0 };
      for (const [name, app] of [['a', h.app], ['b', other.app]] as const) {
        const outbox = app.services.outbox;
        const insert = outbox.enqueue.bind(outbox);
        outbox.enqueue = async (...args) => { calls[name] += 1; return insert(...args); };
      }
      const b = await create({ ratePerMinute: 600 });
      await Promise.all([h.app.services.broadcasts.tick(), other.app.services.broadcasts.tick()]);
      await Promise.all([h.app.services.broadcasts.tick(), other.app.services.broadcasts.tick()]);
      // All 40 inserted by exactly one of the two (one batch per language cursor that found residents).
      expect(Math.min(calls.a, calls.b)).toBe(0);
      expect(Math.max(calls.a, calls.b)).toBeGreaterThan(0);
      const due = (await notificationsOf(b.id)).map((n) => new Date(n.nextAttemptAt).getTime());
      expect(due).toHaveLength(40);
      const doc = (await h.app.services.models.broadcasts.findById(b.id).lean())!;
      expect(doc.fanout).toMatchObject({ done: true, count: 40, slots: 40 });
      expect(doc.fanoutLease ?? null).toBeNull();

      // An instance died holding the lease mid-fan-out: nobody fans out until the lease ends, then another does.
      await residents('late', 10);
      const c = await create({ ratePerMinute: 600 });
      await h.app.services.models.broadcasts.updateOne({ _id: c.id }, { $set: { state: 'sending', fanoutLease: { owner: 'dead-instance', until: new Date(Date.now() + 60_000) } } });
      await other.app.services.broadcasts.tick();
      expect(await notificationsOf(c.id)).toHaveLength(0);
      await h.app.services.models.broadcasts.updateOne({ _id: c.id }, { $set: { 'fanoutLease.until': new Date(Date.now() - 1) } });
      await other.app.services.broadcasts.tick();
      expect(await notificationsOf(c.id)).toHaveLength(50);
    } finally {
      // Not other.close(): that drops the database both instances share.
      await other.app.services.shared.close();
      await other.conn.close();
    }
  });

  it('stores no notification for residents only the inbox reaches, and still counts them after a resumed fan-out', async () => {
    await residents('io', 10);
    await h.app.services.models.users.collection.insertMany(Array.from({ length: 20 }, (_, i) => ({ openid: `dev:io-free-${i}`, role: 'resident', lang: 'en' })));
    const b = await create({ ratePerMinute: 600 });
    await h.app.services.broadcasts.tick();
    expect(await notificationsOf(b.id)).toHaveLength(10);
    expect(await h.app.services.models.inboxItems.countDocuments({})).toBe(0);
    const fanned = (await h.app.services.models.broadcasts.findById(b.id).lean())!;
    expect(fanned.fanout).toMatchObject({ done: true, count: 30, slots: 10 });
    expect(fanned.inboxKey).toBeInstanceOf(Types.ObjectId);
    // A crash part-way: 4 messages stored, progress at 15 residents; the resumed fan-out fills in the other 6 and counts all 30.
    const kept = (await notificationsOf(b.id)).slice(0, 4);
    await h.app.services.models.notifications.deleteMany({ broadcastId: new Types.ObjectId(b.id), _id: { $nin: kept.map((n) => n._id) } });
    await h.app.services.models.broadcasts.updateOne({ _id: b.id }, { $set: { 'fanout.done': false, 'fanout.count': 15, 'fanout.slots': 4 } });
    await h.app.services.broadcasts.tick();
    expect(await notificationsOf(b.id)).toHaveLength(10);
    expect((await h.app.services.models.broadcasts.findById(b.id).lean())!.fanout).toMatchObject({ done: true, count: 30, slots: 10 });
    const dto = (await h.http.get(NOTIFY_API.adminBroadcast(b.id)).set(admin.auth).expect(200)).body as BroadcastDto;
    expect(dto.counts).toMatchObject({ recipients: 30, pending: 10, sent: 20 });
  });

  it('staggers messages to honour the rate across all workers', async () => {
    await residents('st', 50);
    const b = await create({ ratePerMinute: 120 }); // one every 500 ms
    await h.app.services.broadcasts.tick();
    const due = (await notificationsOf(b.id)).map((n) => new Date(n.nextAttemptAt).getTime());
    expect(due).toHaveLength(50);
    const span = due[49]! - due[0]!;
    expect(span).toBeGreaterThanOrEqual(49 * 500 - 250);
    expect(span).toBeLessThanOrEqual(49 * 500 + 250);
    for (let i = 1; i < due.length; i++) expect(due[i]! - due[i - 1]!).toBeGreaterThan(0);
    // Only what is due can be claimed: at most the first one or two now.
    expect((await claim()).length).toBeLessThanOrEqual(2);
  });

  it('pause stops claims, resume continues, cancel marks pending cancelled (all audited)', async () => {
    await residents('pr', 10);
    const b = await create({ ratePerMinute: 100_000 });
    await h.app.services.broadcasts.tick();
    await h.http.post(NOTIFY_API.adminBroadcastPause(b.id)).set(admin.auth).expect(200);
    expect(await claim()).toEqual([]);
    const resumed = await h.http.post(NOTIFY_API.adminBroadcastResume(b.id)).set(admin.auth).expect(200);
    expect(resumed.body.state).toBe('sending');
    await new Promise((r) => setTimeout(r, 20));
    const got = await claim(4);
    expect(got).toHaveLength(4);
    expect(got[0]).toMatchObject({ kind: 'broadcast', payload: { broadcastId: b.id } });
    const m = got[0]!;
    expect(m.kind === 'broadcast' && m.payload.title).toMatch(/停水通知|\(en\)/);
    await h.http.post(NOTIFY_API.adminBroadcastCancel(b.id)).set(admin.auth).expect(200);
    const dto = (await h.http.get(NOTIFY_API.adminBroadcast(b.id)).set(admin.auth).expect(200)).body as BroadcastDto;
    expect(dto).toMatchObject({ state: 'cancelled', counts: { recipients: 10, pending: 4, cancelled: 6 } });
    expect(await claim()).toEqual([]);
    // A fan-out batch that was in flight at the cancel inserts its messages afterwards: still held, never claimed.
    const straggler = await h.app.services.models.users.findOne({ role: 'resident' }).lean();
    expect((await h.app.services.outbox.enqueue([{
      userId: straggler!._id, dedupeKey: `broadcast:${b.id}:straggler`, kind: 'broadcast', urgent: false, broadcastId: new Types.ObjectId(b.id),
      payload: { broadcastId: b.id, title: 'late', body: 'late' },
    }])).inserted).toBe(1);
    expect(await claim()).toEqual([]);
    expect((await h.http.post(NOTIFY_API.adminBroadcastResume(b.id)).set(admin.auth)).status).toBe(409);
    const actions = (await h.app.services.models.audit.find({ 'target.id': b.id }).lean()).map((a) => a.action).sort();
    expect(actions).toEqual(['broadcast.cancel', 'broadcast.create', 'broadcast.pause', 'broadcast.resume', 'broadcast.resume'].sort());
  });

  it('sends group broadcasts to each known room', async () => {
    await h.http.post(NOTIFY_API.internalRooms).set(h.bot).send({ rooms: [{ id: 'room-a', topic: 'A' }, { id: 'room-b', topic: 'B' }] }).expect(200);
    expect((await h.http.post(NOTIFY_API.internalRooms).send({ rooms: [] })).status).toBe(401);
    const b = await create({ audience: { type: 'groups', roomIds: [] }, ratePerMinute: 100_000 });
    await h.app.services.broadcasts.tick();
    await new Promise((r) => setTimeout(r, 10));
    const got = await claim();
    expect(got.map((m) => (m.kind === 'broadcast' ? m.roomId : null)).sort()).toEqual(['room-a', 'room-b']);
    for (const m of got) await h.http.post(`/internal/outbox/${m.id}/ack`).set(h.bot).send({ workerId: 'w1' }).expect(200);
    await h.app.services.broadcasts.tick();
    expect((await h.http.get(NOTIFY_API.adminBroadcast(b.id)).set(admin.auth).expect(200)).body).toMatchObject({ state: 'done', counts: { sent: 2 } });
  });

  it('publishes notices publicly, localised, newest first, without cancelled or future ones', async () => {
    const first = await create({ title: same('第一'), scheduleAt: new Date(Date.now() - 60_000).toISOString() });
    const second = await create({ title: same('第二') });
    await create({ title: same('未来'), scheduleAt: new Date(Date.now() + 3600_000).toISOString() });
    const cancelled = await create({ title: same('取消') });
    await h.http.post(NOTIFY_API.adminBroadcastCancel(cancelled.id)).set(admin.auth).expect(200);
    const en = (await h.http.get(`${NOTIFY_API.notices}?lang=en`).expect(200)).body.items as NoticeDto[];
    expect(en.map((n) => n.id)).toEqual([second.id, first.id]);
    expect(en[0]!.title).toBe('第二 (en)');
    const hant = (await h.http.get(NOTIFY_API.notices).set('Accept-Language', 'zh-HK').expect(200)).body.items as NoticeDto[];
    expect(hant[1]!.title).toBe('第一（繁）');
  });

  it('answers admin-group commands only for contacts bound to admins', async () => {
    await h.app.services.models.users.updateOne({ _id: admin.user.id }, { $set: { bot: { contactId: 'admin-contact', boundAt: new Date() } } });
    await residents('ag', 3);
    expect((await h.http.post(INTERNAL_ADMIN_API.authorize).set(h.bot).send({ contactId: 'admin-contact' }).expect(200)).body.role).toBe('admin');
    expect((await h.http.post(INTERNAL_ADMIN_API.authorize).set(h.bot).send({ contactId: 'ag-contact-0' }).expect(200)).body.role).toBe('resident');
    expect((await h.http.post(INTERNAL_ADMIN_API.preview).set(h.bot).send({ contactId: 'ag-contact-0', audience: { type: 'all' } })).status).toBe(403);
    expect((await h.http.post(INTERNAL_ADMIN_API.preview).set(h.bot).send({ contactId: 'admin-contact', audience: { type: 'all' } }).expect(200)).body.recipients).toBe(3);
    const sent = await h.http.post(INTERNAL_ADMIN_API.broadcasts).set(h.bot).send({ contactId: 'admin-contact', title: '通知', body: '内容' }).expect(201);
    expect(sent.body.title).toEqual({ 'zh-Hans': '通知', 'zh-Hant': '通知', en: '通知' });
    const stats = (await h.http.post(INTERNAL_ADMIN_API.stats).set(h.bot).send({ contactId: 'admin-contact' }).expect(200)).body;
    expect(stats.lastBroadcast.id).toBe(sent.body.id);
  });
});

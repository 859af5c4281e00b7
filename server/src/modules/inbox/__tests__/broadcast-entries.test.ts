import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { NOTIFY_API, type BroadcastDto, type InboxItemDto, type Page } from '@bay/shared';
import { startHarness, type Harness } from '../../../__tests__/harness.js';

type Session = Awaited<ReturnType<Harness['login']>>;

let h: Harness;
let admin: Session;
let n = 0;

const text = (s: string) => ({ 'zh-Hans': `${s}（简）`, 'zh-Hant': `${s}（繁）`, en: `${s} (en)` });
const models = () => h.app.services.models;

/** A resident signed in through the API, optionally with a bound bot contact and notification preferences. */
async function resident(lang: 'zh-Hans' | 'zh-Hant' | 'en', opts: { bound?: boolean; city?: 'shenzhen' | 'guangzhou'; optOut?: 'broadcast'[] } = {}): Promise<Session & { userId: Types.ObjectId }> {
  const session = await h.login(`bce-${++n}`, 'resident', lang);
  const userId = new Types.ObjectId(session.user.id);
  if (opts.city || opts.optOut) {
    expect((await h.http.patch('/api/me/notification-preferences').set(session.auth).send({ ...(opts.city ? { city: opts.city } : {}), ...(opts.optOut ? { optOut: opts.optOut } : {}) })).status).toBe(200);
  }
  if (opts.bound) await models().users.updateOne({ _id: userId }, { $set: { bot: { contactId: `bce-contact-${n}`, boundAt: new Date() } } });
  return { ...session, userId };
}

/** Creates a broadcast through the admin API and runs the scheduler once (due ones fan out). */
async function broadcast(title: string, body: Record<string, unknown> = {}): Promise<BroadcastDto> {
  const res = await h.http.post(NOTIFY_API.adminBroadcasts).set(admin.auth).send({ title: text(title), body: text(`${title} body`), link: 'pages/index/index', audience: { type: 'all' }, ratePerMinute: 6000, ...body });
  expect(res.status).toBe(201);
  await h.app.services.broadcasts.tick();
  return res.body as BroadcastDto;
}

const inbox = async (s: Session, query: Record<string, unknown> = {}) => {
  const res = await h.http.get(NOTIFY_API.inbox).query(query).set(s.auth);
  expect(res.status).toBe(200);
  return res.body as Page<InboxItemDto>;
};
const titles = async (s: Session) => (await inbox(s)).items.map((i) => i.title);
const unread = async (s: Session) => (await h.http.get(NOTIFY_API.inboxUnread).set(s.auth).expect(200)).body.count as number;

beforeAll(async () => {
  h = await startHarness('inbox-broadcasts');
  admin = await h.login('bce-admin', 'admin');
});
afterAll(async () => { await h?.close(); });
beforeEach(async () => {
  await models().broadcasts.deleteMany({});
  await models().notifications.deleteMany({});
  await models().inboxItems.deleteMany({});
  await models().broadcastReads.deleteMany({});
});

describe('broadcasts in GET /api/inbox (derived at read time)', () => {
  it('lists a broadcast to every resident of its audience, in their language, without an inbox item per resident', async () => {
    const residents = await Promise.all([resident('zh-Hant', { bound: true }), resident('en'), resident('zh-Hans'), resident('en', { bound: true })]);
    const b = await broadcast('停水');
    expect(await models().inboxItems.countDocuments({})).toBe(0);
    // Only the residents a channel must deliver to (here: the bot) get a notification document.
    const stored = await models().notifications.find({ broadcastId: new Types.ObjectId(b.id) }).lean();
    expect(stored.map((d) => String(d.userId)).sort()).toEqual([String(residents[0].userId), String(residents[3].userId)].sort());
    expect(stored.every((d) => d.channel === 'bot' && d.state === 'pending')).toBe(true);

    const [hant, en, hans] = residents;
    const page = await inbox(hant);
    expect(page).toEqual({ nextCursor: null, items: [{ id: expect.any(String), topic: 'broadcast', title: '停水（繁）', body: '停水 body（繁）', link: 'pages/index/index', createdAt: expect.any(String), readAt: null }] });
    expect(await titles(en)).toEqual(['停水 (en)']);
    expect(await titles(hans)).toEqual(['停水（简）']);
    expect(await unread(en)).toBe(1);
    // The admin's view still counts every recipient; the inbox-only ones as sent (nothing left to deliver).
    const dto = (await h.http.get(NOTIFY_API.adminBroadcast(b.id)).set(admin.auth).expect(200)).body as BroadcastDto;
    expect(dto.counts).toMatchObject({ recipients: await models().users.countDocuments({ role: 'resident' }), pending: 2 });
    expect(dto.counts.sent).toBe(dto.counts.recipients - 2);
  });

  it('merges broadcasts with personal items newest first, across pages', async () => {
    const ann = await resident('en');
    const item = (i: number) => ({ userId: ann.userId, dedupeKey: `bce:ann:${n}:${i}`, topic: 'application' as const, title: text(`Personal ${i}`), body: text('p') });
    await h.app.services.inbox.createInboxItems([item(1)]);
    await broadcast('Notice A');
    await h.app.services.inbox.createInboxItems([item(2)]);
    await broadcast('Notice B');
    const all = ['Notice B (en)', 'Personal 2 (en)', 'Notice A (en)', 'Personal 1 (en)'];
    expect(await titles(ann)).toEqual(all);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<InboxItemDto> = await inbox(ann, { limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((i) => i.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(await unread(ann)).toBe(4);
  });

  it('keeps read state per resident, storing one small document per reader', async () => {
    const [ann, bob, carol] = await Promise.all([resident('en'), resident('en'), resident('zh-Hans')]);
    await broadcast('Read me');
    const [entry] = (await inbox(ann)).items;
    const read = await h.http.post(NOTIFY_API.inboxRead(entry!.id)).set(ann.auth);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: entry!.id, topic: 'broadcast', title: 'Read me (en)', readAt: expect.any(String) });
    // Idempotent: the first time is kept.
    expect((await h.http.post(NOTIFY_API.inboxRead(entry!.id)).set(ann.auth).expect(200)).body.readAt).toBe(read.body.readAt);
    expect((await inbox(ann)).items[0]!.readAt).toBe(read.body.readAt);
    expect(await unread(ann)).toBe(0);
    expect(await unread(bob)).toBe(1);
    expect((await inbox(bob)).items[0]!.readAt).toBeNull();
    // Bob reads all: his personal item and the broadcast.
    await h.app.services.inbox.createInboxItems([{ userId: bob.userId, dedupeKey: `bce:bob:${n}`, topic: 'application', title: text('P'), body: text('p') }]);
    expect((await h.http.post(NOTIFY_API.inboxReadAll).set(bob.auth).expect(200)).body).toEqual({ updated: 2 });
    expect((await h.http.post(NOTIFY_API.inboxReadAll).set(bob.auth).expect(200)).body).toEqual({ updated: 0 });
    expect(await unread(bob)).toBe(0);
    expect(await unread(carol)).toBe(1);
    expect(await models().broadcastReads.countDocuments({})).toBe(2);
  });

  it('shows a broadcast only to its audience, once it has started sending, until it is cancelled', async () => {
    // Bound, so the broadcast still has a message pending (a broadcast with nothing left to send is done and cannot be cancelled).
    const sz = await resident('en', { city: 'shenzhen', bound: true });
    const gz = await resident('en', { city: 'guangzhou' });
    const out = await resident('en', { optOut: ['broadcast'] });
    const city = await broadcast('Shenzhen only', { audience: { type: 'city', cities: ['shenzhen'] } });
    await broadcast('Later', { scheduleAt: new Date(Date.now() + 3600_000).toISOString() });
    await broadcast('Groups', { audience: { type: 'groups', roomIds: [] } });
    expect(await titles(sz)).toEqual(['Shenzhen only (en)']);
    expect(await titles(gz)).toEqual([]);
    expect(await titles(out)).toEqual([]);
    expect(await unread(gz)).toBe(0);
    // Outside the audience, the entry is not there to mark read either.
    const [entry] = (await inbox(sz)).items;
    expect((await h.http.post(NOTIFY_API.inboxRead(entry!.id)).set(gz.auth)).status).toBe(404);
    expect(await models().broadcastReads.countDocuments({})).toBe(0);

    expect((await h.http.post(NOTIFY_API.adminBroadcastCancel(city.id)).set(admin.auth)).status).toBe(200);
    expect(await titles(sz)).toEqual([]);
    expect(await unread(sz)).toBe(0);
    expect((await h.http.post(NOTIFY_API.inboxRead(entry!.id)).set(sz.auth)).status).toBe(404);
  });

  it('does not list broadcasts sent before a resident joined, but lists those sent after', async () => {
    await broadcast('Before');
    const late = await resident('en');
    expect(await titles(late)).toEqual([]);
    expect(await unread(late)).toBe(0);
    await broadcast('After');
    expect(await titles(late)).toEqual(['After (en)']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { startHarness, type Harness } from '../../../__tests__/harness.js';

type Session = Awaited<ReturnType<Harness['login']>>;

describe('GET/POST /api/inbox', () => {
  let h: Harness;
  let ann: Session;
  let bob: Session;

  const text = (s: string) => ({ 'zh-Hans': `${s}（简）`, 'zh-Hant': `${s}（繁）`, en: `${s} (en)` });

  beforeAll(async () => {
    h = await startHarness('inbox');
    ann = await h.login('inbox-ann', 'resident', 'zh-Hant');
    bob = await h.login('inbox-bob', 'resident', 'en');
    const items = [];
    for (let i = 1; i <= 5; i++) {
      items.push({ userId: new Types.ObjectId(ann.user.id), dedupeKey: `test:ann:${i}`, topic: 'broadcast' as const, title: text(`Title ${i}`), body: text(`Body ${i}`), link: 'pages/index/index' });
    }
    items.push({ userId: new Types.ObjectId(bob.user.id), dedupeKey: 'test:bob:1', topic: 'application' as const, title: text('Bob'), body: text('Bob body') });
    // One at a time, so ids (the listing order) follow creation order.
    for (const item of items) expect(await h.app.services.inbox.createInboxItems([item])).toBe(1);
    // Creating an item again is harmless (same dedupe key).
    expect(await h.app.services.inbox.createInboxItems(items.slice(0, 2))).toBe(0);
  });
  afterAll(async () => { await h.close(); });

  it('lists only my items, newest first, in my language, with cursor pagination', async () => {
    const first = await h.http.get('/api/inbox').query({ limit: 2 }).set(ann.auth);
    expect(first.status).toBe(200);
    expect(first.body.items.map((i: { title: string }) => i.title)).toEqual(['Title 5（繁）', 'Title 4（繁）']);
    expect(first.body.items[0]).toMatchObject({ topic: 'broadcast', body: 'Body 5（繁）', link: 'pages/index/index', readAt: null });
    const second = await h.http.get('/api/inbox').query({ limit: 2, cursor: first.body.nextCursor }).set(ann.auth);
    const third = await h.http.get('/api/inbox').query({ limit: 2, cursor: second.body.nextCursor }).set(ann.auth);
    expect(second.body.items.map((i: { title: string }) => i.title)).toEqual(['Title 3（繁）', 'Title 2（繁）']);
    expect(third.body).toMatchObject({ nextCursor: null });
    expect(third.body.items.map((i: { title: string }) => i.title)).toEqual(['Title 1（繁）']);
    const bobs = await h.http.get('/api/inbox').set(bob.auth);
    expect(bobs.body.items.map((i: { title: string }) => i.title)).toEqual(['Bob (en)']);
  });

  it('counts unread items, marks one read (idempotently) and then all', async () => {
    const carol = await h.login('inbox-carol', 'resident', 'zh-Hans');
    const uid = new Types.ObjectId(carol.user.id);
    await h.app.services.inbox.createInboxItems([1, 2, 3].map((i) => ({ userId: uid, dedupeKey: `test:carol:${i}`, topic: 'application' as const, title: text('T'), body: text('B') })));
    expect((await h.http.get('/api/inbox/unread-count').set(carol.auth)).body).toEqual({ count: 3 });
    const [item] = (await h.http.get('/api/inbox').set(carol.auth)).body.items as { id: string }[];
    const read = await h.http.post(`/api/inbox/${item!.id}/read`).set(carol.auth);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    expect((await h.http.post(`/api/inbox/${item!.id}/read`).set(carol.auth)).body.readAt).toBe(read.body.readAt);
    expect((await h.http.get('/api/inbox/unread-count').set(carol.auth)).body).toEqual({ count: 2 });
    expect((await h.http.post('/api/inbox/read-all').set(carol.auth)).body).toEqual({ updated: 2 });
    expect((await h.http.get('/api/inbox/unread-count').set(carol.auth)).body).toEqual({ count: 0 });
  });

  it('answers 404 for someone else\'s item and leaves it unread', async () => {
    const [bobItem] = (await h.http.get('/api/inbox').set(bob.auth)).body.items as { id: string }[];
    expect((await h.http.post(`/api/inbox/${bobItem!.id}/read`).set(ann.auth)).status).toBe(404);
    expect((await h.http.post('/api/inbox/0123456789abcdef01234567/read').set(ann.auth)).status).toBe(404);
    expect((await h.http.get('/api/inbox/unread-count').set(bob.auth)).body).toEqual({ count: 1 });
  });

  it('needs a session and valid input', async () => {
    expect((await h.http.get('/api/inbox')).status).toBe(401);
    expect((await h.http.get('/api/inbox/unread-count')).status).toBe(401);
    expect((await h.http.get('/api/inbox').query({ limit: 0 }).set(ann.auth)).status).toBe(400);
    expect((await h.http.get('/api/inbox').query({ cursor: 'nope' }).set(ann.auth)).status).toBe(400);
    expect((await h.http.post('/api/inbox/nope/read').set(ann.auth)).status).toBe(400);
  });
});

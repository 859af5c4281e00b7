import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { OutboxMessageDto } from '@bay/shared';
import { seedDemoData } from '../../../seed/seed.js';
import { HKID_OK, sleep, startHarness, type Harness } from '../../../__tests__/harness.js';

type Session = Awaited<ReturnType<Harness['login']>>;

describe('notification outbox', () => {
  let h: Harness;
  let jobIds: string[];
  let reviewer: Session;
  let n = 0;

  beforeAll(async () => {
    h = await startHarness('outbox', { OUTBOX_MAX_ATTEMPTS: '3' }, { backoffBaseMs: 300 });
    await seedDemoData(h.conn);
    jobIds = (await h.http.get('/api/jobs').query({ limit: 50 })).body.items.map((j: { id: string }) => j.id);
    reviewer = await h.login('outbox-reviewer', 'reviewer', 'en');
  });
  afterAll(async () => { await h.close(); });
  beforeEach(async () => {
    // Each test starts with no deliverable messages left over from the previous one.
    await h.app.services.applicationRelay.relayAll();
    await h.app.services.models.notifications.updateMany({ state: { $in: ['pending', 'sending'] } }, { $set: { state: 'sent' } });
  });

  /** A resident (bound to a bot contact unless told otherwise) with one application. */
  async function residentWithApplication(opts: { bound?: boolean } = {}) {
    n += 1;
    const s = await h.login(`outbox-res-${n}`, 'resident', 'zh-Hant');
    if (opts.bound !== false) await bind(s, `wxid_contact_${n}`);
    const res = await h.http.post('/api/applications').set(s.auth)
      .send({ jobId: jobIds[n % jobIds.length], name: `Resident ${n}`, phone: '61234567', docType: 'hkid', docNumber: HKID_OK, resume: 'CV' });
    expect(res.status).toBe(201);
    return { session: s, applicationId: res.body.id as string, contactId: `wxid_contact_${n}` };
  }

  async function bind(s: Session, contactId: string) {
    const code = (await h.http.post('/api/bind-codes').set(s.auth)).body.code as string;
    const res = await h.http.post('/internal/bind').set(h.bot).send({ code, contactId, contactName: 'Chan' });
    expect(res.status).toBe(200);
  }

  const claim = async (workerId: string, limit = 10, leaseMs = 30_000): Promise<OutboxMessageDto[]> => {
    const res = await h.http.post('/internal/outbox/claim').set(h.bot).send({ workerId, limit, leaseMs });
    expect(res.status).toBe(200);
    return res.body.messages as OutboxMessageDto[];
  };

  describe('internal API guard', () => {
    it('requires the bot token on every internal route', async () => {
      const user = await h.login('guard-user');
      const routes = ['/internal/bind', '/internal/outbox/claim', '/internal/outbox/0123456789abcdef01234567/ack', '/internal/outbox/0123456789abcdef01234567/fail'];
      for (const path of routes) {
        expect((await h.http.post(path).send({})).status).toBe(401);
        expect((await h.http.post(path).set('Authorization', `Bearer ${h.config.botApiToken}x`).send({})).status).toBe(401);
        expect((await h.http.post(path).set(user.auth).send({})).status).toBe(401);
      }
    });
  });

  describe('claim', () => {
    it('delivers a change to the bound contact in the user\'s language, then ack marks it sent (idempotently)', async () => {
      const { applicationId, contactId } = await residentWithApplication();
      const messages = await claim('w1');
      expect(messages).toHaveLength(1);
      const [m] = messages;
      expect(m).toMatchObject({ dedupeKey: `application:${applicationId}:submitted`, kind: 'application.status', lang: 'zh-Hant', contactId, attempts: 1 });
      expect(m!.payload).toMatchObject({ applicationId, status: 'submitted' });
      expect(await claim('w2')).toEqual([]);
      const ack = await h.http.post(`/internal/outbox/${m!.id}/ack`).set(h.bot).send({ workerId: 'w1' });
      expect(ack.status).toBe(200);
      expect(ack.body).toEqual({ id: m!.id, state: 'sent' });
      expect((await h.http.post(`/internal/outbox/${m!.id}/ack`).set(h.bot).send({ workerId: 'w1' })).status).toBe(200);
      expect((await h.http.post('/internal/outbox/0123456789abcdef01234567/ack').set(h.bot).send({ workerId: 'w1' })).status).toBe(404);
    });

    it('keeps messages of unbound users pending until they bind', async () => {
      const { session, applicationId } = await residentWithApplication({ bound: false });
      expect(await claim('w1')).toEqual([]);
      const stored = await h.app.services.models.notifications.findOne({ dedupeKey: `application:${applicationId}:submitted` }).lean();
      expect(stored).toMatchObject({ state: 'pending', attempts: 0 });
      await bind(session, 'wxid_late_binder');
      const messages = await claim('w1');
      expect(messages.map((m) => [m.dedupeKey, m.contactId])).toEqual([[`application:${applicationId}:submitted`, 'wxid_late_binder']]);
    });

    it('holds an empty long-poll claim and answers as soon as a change is enqueued', async () => {
      const { applicationId } = await residentWithApplication();
      expect((await claim('w1')).map((m) => m.dedupeKey)).toEqual([`application:${applicationId}:submitted`]);
      // Nothing due: a claim that may wait 15 s is still open when the reviewer acts...
      const started = Date.now();
      const waiting = h.http.post('/internal/outbox/claim').set(h.bot).send({ workerId: 'w1', limit: 10, leaseMs: 30_000, waitMs: 15_000 }).then((r) => r.body.messages as OutboxMessageDto[]);
      await sleep(300);
      const changed = await h.http.post(`/api/admin/applications/${applicationId}/status`).set(reviewer.auth).send({ status: 'under_review' });
      expect(changed.status).toBe(200);
      // ...and answers with the new message well before its wait ends (it is woken, not timed out).
      const messages = await waiting;
      expect(messages.map((m) => m.dedupeKey)).toEqual([`application:${applicationId}:under_review`]);
      expect(Date.now() - started).toBeLessThan(10_000);
      // Bad waits are refused.
      expect((await h.http.post('/internal/outbox/claim').set(h.bot).send({ workerId: 'w1', waitMs: 60_000 })).status).toBe(400);
    });

    it('re-offers a message whose lease expired', async () => {
      await residentWithApplication();
      const [first] = await claim('w1', 10, 1000);
      expect(first).toBeDefined();
      expect(await claim('w2')).toEqual([]);
      await sleep(1100);
      const [again] = await claim('w2');
      expect(again).toMatchObject({ id: first!.id, attempts: 2 });
    });

    it('never gives two concurrent workers the same message', async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 6; i++) ids.add((await residentWithApplication()).applicationId);
      const batches = await Promise.all(['a', 'b', 'c', 'd'].map((w) => claim(`worker-${w}`, 3)));
      const claimed = batches.flat().map((m) => m.id);
      expect(claimed).toHaveLength(6);
      expect(new Set(claimed).size).toBe(6);
      expect(new Set(batches.flat().map((m) => (m.kind === 'application.status' ? m.payload.applicationId : m.kind)))).toEqual(ids);
    });
  });

  describe('fail', () => {
    it('backs off exponentially and marks the message dead after OUTBOX_MAX_ATTEMPTS', async () => {
      await residentWithApplication();
      const model = h.app.services.models.notifications;
      const [m1] = await claim('w1');
      const f1 = await h.http.post(`/internal/outbox/${m1!.id}/fail`).set(h.bot).send({ workerId: 'w1', error: 'puppet offline' });
      expect(f1.status).toBe(200);
      expect(f1.body).toMatchObject({ state: 'pending', attempts: 1 });
      const delay1 = Date.parse(f1.body.nextAttemptAt) - Date.now();
      expect(delay1).toBeGreaterThan(100);
      expect(delay1).toBeLessThanOrEqual(300);
      expect(await claim('w1')).toEqual([]); // not due yet

      await sleep(delay1 + 20);
      const [m2] = await claim('w1');
      expect(m2).toMatchObject({ id: m1!.id, attempts: 2 });
      // Only the worker holding the lease may report its failure.
      expect((await h.http.post(`/internal/outbox/${m1!.id}/fail`).set(h.bot).send({ workerId: 'w9', error: 'x' })).status).toBe(409);
      const f2 = await h.http.post(`/internal/outbox/${m1!.id}/fail`).set(h.bot).send({ workerId: 'w1', error: 'puppet offline' });
      const delay2 = Date.parse(f2.body.nextAttemptAt) - Date.now();
      expect(delay2).toBeGreaterThan(400); // 300 ms * 2

      await model.updateOne({ _id: m1!.id }, { $set: { nextAttemptAt: new Date() } });
      const [m3] = await claim('w1');
      expect(m3!.attempts).toBe(3);
      const f3 = await h.http.post(`/internal/outbox/${m1!.id}/fail`).set(h.bot).send({ workerId: 'w1', error: 'contact gone' });
      expect(f3.body).toMatchObject({ state: 'dead', attempts: 3 });
      await model.updateOne({ _id: m1!.id }, { $set: { nextAttemptAt: new Date(0) } });
      expect(await claim('w1')).toEqual([]);
      expect(await model.findById(m1!.id).lean()).toMatchObject({ state: 'dead', lastError: 'contact gone' });
    });
  });

  describe('relay', () => {
    it('delivers exactly one notification when a crash left the entry embedded', async () => {
      const { applicationId } = await residentWithApplication();
      await h.app.services.applicationRelay.relayApplication(applicationId);
      const apps = h.app.services.models.applications;
      const notifications = h.app.services.models.notifications;

      // The status update commits (status, timeline and outbox entry together), then the
      // process dies before the relay runs: simulated by writing what changeStatus writes.
      const at = new Date();
      const entry = {
        dedupeKey: `application:${applicationId}:under_review`, kind: 'application.status',
        payload: { applicationId, title: { 'zh-Hans': 'x', 'zh-Hant': 'x', en: 'x' }, status: 'under_review', at: at.toISOString() }, createdAt: at,
      };
      await apps.updateOne({ _id: applicationId, status: 'submitted' }, { $set: { status: 'under_review' }, $push: { timeline: { status: 'under_review', at, by: 'reviewer' }, outbox: entry } });
      expect(await notifications.countDocuments({ dedupeKey: entry.dedupeKey })).toBe(0);

      // Second crash: the relay copied the entry but died before removing it.
      await h.app.services.applicationRelay.relayAll();
      await apps.updateOne({ _id: applicationId }, { $push: { outbox: entry } });

      // The next sweep replays it harmlessly.
      await h.app.services.applicationRelay.relayAll();
      const messages = await claim('w1');
      expect(messages.filter((m) => m.dedupeKey === entry.dedupeKey)).toHaveLength(1);
      expect(await notifications.countDocuments({ dedupeKey: entry.dedupeKey })).toBe(1);
      expect((await apps.findById(applicationId).lean())!.outbox).toEqual([]);
      expect(await claim('w2')).toEqual([]);
    });

    it('runs periodically in the background', async () => {
      const { applicationId } = await residentWithApplication();
      await h.app.services.applicationRelay.relayApplication(applicationId);
      const res = await h.http.post(`/api/admin/applications/${applicationId}/status`).set(reviewer.auth).send({ status: 'rejected' });
      expect(res.status).toBe(200);
      // Undo nothing: just wait for either the immediate relay or the sweep.
      h.app.startBackground({ relayIntervalMs: 100 });
      try {
        for (let i = 0; i < 40; i++) {
          if (await h.app.services.models.notifications.countDocuments({ dedupeKey: `application:${applicationId}:rejected` })) break;
          await sleep(50);
        }
        expect(await h.app.services.models.notifications.countDocuments({ dedupeKey: `application:${applicationId}:rejected` })).toBe(1);
      } finally {
        h.app.stopBackground();
      }
    });
  });
});

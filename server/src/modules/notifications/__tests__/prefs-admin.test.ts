import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { startHarness, type Harness } from '../../../__tests__/harness.js';

type Session = Awaited<ReturnType<Harness['login']>>;

describe('notification preferences, templates and undelivered messages', () => {
  let h: Harness;
  let resident: Session;
  let reviewer: Session;
  let admin: Session;

  beforeAll(async () => {
    h = await startHarness('notify-prefs', { WECHAT_TEMPLATE_APPLICATION_STATUS: 'tmplApp' });
    resident = await h.login('prefs-resident', 'resident', 'en');
    reviewer = await h.login('prefs-reviewer', 'reviewer', 'en');
    admin = await h.login('prefs-admin', 'admin', 'en');
  });
  afterAll(async () => { await h.close(); });

  const prefsPath = '/api/me/notification-preferences';

  describe(`GET/PATCH ${prefsPath}`, () => {
    it('starts with defaults and stores a partial change', async () => {
      const initial = await h.http.get(prefsPath).set(resident.auth);
      expect(initial.status).toBe(200);
      expect(initial.body).toEqual({ optOut: [], quietHours: null, city: null, interests: [], channels: { bot: false, subscribe: {} } });
      const patched = await h.http.patch(prefsPath).set(resident.auth).send({ optOut: ['broadcast'], quietHours: { start: '22:00', end: '07:30' }, city: 'shenzhen', interests: ['travel', 'jobs'] });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ optOut: ['broadcast'], quietHours: { start: '22:00', end: '07:30' }, city: 'shenzhen', interests: ['travel', 'jobs'] });
      const again = await h.http.patch(prefsPath).set(resident.auth).send({ quietHours: null });
      expect(again.body).toMatchObject({ optOut: ['broadcast'], quietHours: null, city: 'shenzhen' });
      expect((await h.http.get(prefsPath).set(resident.auth)).body).toEqual(again.body);
    });

    it('refuses bad input with a message per field and stores nothing', async () => {
      const before = (await h.http.get(prefsPath).set(resident.auth)).body;
      const res = await h.http.patch(prefsPath).set(resident.auth).send({ optOut: ['spam'], quietHours: { start: '25:00', end: '7:00' }, city: 'atlantis', interests: ['gambling'] });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation');
      expect(Object.keys(res.body.error.fields).sort()).toEqual(['city', 'interests.0', 'optOut.0', 'quietHours.end', 'quietHours.start']);
      expect(res.body.error.fields['quietHours.start']).toBe('Use the format HH:MM');
      expect((await h.http.patch(prefsPath).set(resident.auth).send({ extra: true })).status).toBe(400);
      expect((await h.http.get(prefsPath).set(resident.auth)).body).toEqual(before);
    });

    it('needs a session', async () => {
      expect((await h.http.get(prefsPath)).status).toBe(401);
      expect((await h.http.patch(prefsPath).send({})).status).toBe(401);
    });
  });

  it('GET /api/notifications/templates lists the configured template per topic', async () => {
    const res = await h.http.get('/api/notifications/templates').set(resident.auth);
    expect(res.body).toEqual({ application: 'tmplApp', handoff: null, broadcast: null, jobAlert: null });
  });

  it('POST /api/notifications/grants validates template ids', async () => {
    expect((await h.http.post('/api/notifications/grants').set(resident.auth).send({ accepted: ['bad id!'] })).status).toBe(400);
    expect((await h.http.post('/api/notifications/grants').set(resident.auth).send({ accepted: ['a', 'b', 'c', 'd'] })).status).toBe(400);
    const ok = await h.http.post('/api/notifications/grants').set(resident.auth).send({ accepted: ['tmplApp'] });
    expect(ok.body).toEqual({ bot: false, subscribe: { tmplApp: 1 } });
    expect((await h.http.get(prefsPath).set(resident.auth)).body.channels).toEqual({ bot: false, subscribe: { tmplApp: 1 } });
  });

  describe('dead messages for staff', () => {
    async function deadMessage(state: 'dead' | 'failed' | 'sent' = 'dead') {
      const now = new Date();
      const [doc] = await h.app.services.models.notifications.insertMany([{
        dedupeKey: `test:dead:${new Types.ObjectId()}`, userId: new Types.ObjectId(resident.user.id), kind: 'handoff.reply',
        payload: { ticketId: 't', text: 'hi', at: now.toISOString() }, lang: 'en', state, topic: 'handoff', channel: 'bot', urgent: true,
        attempts: 8, nextAttemptAt: now, lastError: 'contact gone',
      }]);
      return String(doc!._id);
    }

    it('lists dead (or failed) messages newest first with a cursor, for reviewers and admins only', async () => {
      const ids = [await deadMessage(), await deadMessage(), await deadMessage()];
      const failed = await deadMessage('failed');
      const page = await h.http.get('/api/admin/notifications').query({ limit: 2 }).set(reviewer.auth);
      expect(page.status).toBe(200);
      expect(page.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2], ids[1]]);
      expect(page.body.items[0]).toMatchObject({ state: 'dead', attempts: 8, lastError: 'contact gone', topic: 'handoff', channel: 'bot' });
      const next = await h.http.get('/api/admin/notifications').query({ limit: 2, cursor: page.body.nextCursor }).set(admin.auth);
      expect(next.body.items.map((i: { id: string }) => i.id)).toContain(ids[0]);
      expect((await h.http.get('/api/admin/notifications').query({ state: 'failed' }).set(admin.auth)).body.items.map((i: { id: string }) => i.id)).toEqual([failed]);
      expect((await h.http.get('/api/admin/notifications').set(resident.auth)).status).toBe(403);
      expect((await h.http.get('/api/admin/notifications')).status).toBe(401);
      expect((await h.http.get('/api/admin/notifications').query({ state: 'sent' }).set(admin.auth)).status).toBe(400);
    });

    it('retries a dead message (pending again, attempts reset) and audits it', async () => {
      const id = await deadMessage();
      expect((await h.http.post(`/api/admin/notifications/${id}/retry`).set(resident.auth)).status).toBe(403);
      const res = await h.http.post(`/api/admin/notifications/${id}/retry`).set(reviewer.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, state: 'pending', attempts: 0 });
      const stored = await h.app.services.models.notifications.findById(id).lean();
      expect(stored).toMatchObject({ state: 'pending', attempts: 0, leaseUntil: null });
      expect(stored!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
      expect((await h.http.post(`/api/admin/notifications/${id}/retry`).set(reviewer.auth)).status).toBe(409);
      expect((await h.http.post('/api/admin/notifications/0123456789abcdef01234567/retry').set(admin.auth)).status).toBe(404);
      const audit = await h.http.get('/api/admin/audit').query({ action: 'notification.retry', targetId: id }).set(admin.auth);
      expect(audit.body.items.map((e: { outcome: string }) => e.outcome).sort()).toEqual(['failed', 'succeeded']);
      expect(audit.body.items.find((e: { outcome: string }) => e.outcome === 'succeeded')).toMatchObject({
        actor: { userId: reviewer.user.id, role: 'reviewer' }, target: { type: 'notification', id },
      });
    });
  });
});

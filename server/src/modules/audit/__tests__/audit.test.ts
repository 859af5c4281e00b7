import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { ApplicationDto, AuditEntryDto, RevealDto } from '@bay/shared';
import { generateKeyRingSpec } from '../../../core/crypto.js';
import { seedDemoData } from '../../../seed/seed.js';
import { HKID_OK, startHarness, testEnv, type Harness } from '../../../__tests__/harness.js';
import { runCli } from '../../../__tests__/cli.js';

type Session = Awaited<ReturnType<Harness['login']>>;

const PHONE = '+852 9123 4567';
const PHONE_FULL = '+85291234567';
const HKID_FULL = 'A1234563';
const REASON = 'Applicant called to confirm her phone number';

describe('audit log and admin reveal', () => {
  const keys = generateKeyRingSpec(['k1']);
  let h: Harness;
  let resident: Session;
  let reviewer: Session;
  let admin: Session;
  let jobIds: string[];
  let app: ApplicationDto;

  const entries = (filter: Record<string, unknown> = {}) => h.app.services.models.audit.find(filter).sort({ _id: 1 }).lean();
  const auditCount = () => h.app.services.models.audit.countDocuments();
  const reveal = (id: string, body: unknown, auth?: Record<string, string>) =>
    h.http.post(`/api/admin/applications/${id}/reveal`).set(auth ?? {}).send(body as object);

  beforeAll(async () => {
    h = await startHarness('audit', { DATA_ENCRYPTION_KEYS: keys });
    await seedDemoData(h.conn);
    jobIds = (await h.http.get('/api/jobs').query({ limit: 5 })).body.items.map((j: { id: string }) => j.id);
    resident = await h.login('audit-res', 'resident', 'en');
    reviewer = await h.login('audit-rev', 'reviewer', 'en');
    admin = await h.login('audit-admin', 'admin', 'en');
    const res = await h.http.post('/api/applications').set(resident.auth)
      .send({ jobId: jobIds[0], name: 'Chan Tai Man', phone: PHONE, docType: 'hkid', docNumber: HKID_OK, resume: 'Five years in logistics.' });
    expect(res.status).toBe(201);
    app = res.body as ApplicationDto;
  });
  afterAll(async () => { await h.close(); });

  describe('POST /api/admin/applications/:id/reveal', () => {
    it('gives a reviewer the full values asked for, given a reason, and records who, when, what and why (not the values)', async () => {
      const before = Date.now();
      const res = await reveal(app.id, { reason: `  ${REASON} `, fields: ['phone', 'docNumber'] }, reviewer.auth);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.body as RevealDto;
      expect(body).toEqual({ id: app.id, auditId: expect.any(String), phone: PHONE_FULL, docNumber: HKID_FULL });

      const [entry] = await entries({ _id: body.auditId });
      expect(entry).toMatchObject({
        action: 'application.reveal',
        actor: { role: 'reviewer', via: 'api' },
        target: { type: 'application', id: app.id },
        details: { fields: ['phone', 'docNumber'], reason: REASON },
        outcome: 'succeeded',
        ip: expect.any(String),
        requestId: expect.any(String),
      });
      expect(String(entry!.actor.userId)).toBe(reviewer.user.id);
      expect(entry!.at.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(res.headers['x-request-id'] ?? entry!.requestId).toBe(entry!.requestId);
      const stored = JSON.stringify(entry);
      expect(stored).not.toContain('91234567');
      expect(stored).not.toContain('A123456');
    });

    it('reveals only the fields asked for, to an admin as well', async () => {
      const res = await reveal(app.id, { reason: 'Identity check before interview', fields: ['docNumber'] }, admin.auth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ id: app.id, auditId: expect.any(String), docNumber: HKID_FULL });
      expect(JSON.stringify(res.body)).not.toContain('91234567');
    });

    it('refuses a missing, short, long or control-character reason and bad field lists, recording nothing', async () => {
      const before = await auditCount();
      const cases: [unknown, Record<string, string>][] = [
        [{ fields: ['phone'] }, { reason: 'Give the reason for viewing the full details (5–200 characters)' }],
        [{ reason: 'why', fields: ['phone'] }, { reason: 'Give the reason for viewing the full details (5–200 characters)' }],
        [{ reason: '    abc     ', fields: ['phone'] }, { reason: 'Give the reason for viewing the full details (5–200 characters)' }],
        [{ reason: 'x'.repeat(201), fields: ['phone'] }, { reason: 'Give the reason for viewing the full details (5–200 characters)' }],
        [{ reason: 'checking\u0000 now', fields: ['phone'] }, { reason: 'Give the reason for viewing the full details (5–200 characters)' }],
        [{ reason: 42, fields: ['phone'] }, { reason: 'Give the reason for viewing the full details (5–200 characters)' }],
        [{ reason: REASON }, { fields: 'Choose what to reveal: phone and/or docNumber, each once' }],
        [{ reason: REASON, fields: [] }, { fields: 'Choose what to reveal: phone and/or docNumber, each once' }],
        [{ reason: REASON, fields: ['phone', 'phone'] }, { fields: 'Choose what to reveal: phone and/or docNumber, each once' }],
        [{ reason: REASON, fields: 'phone' }, { fields: 'Choose what to reveal: phone and/or docNumber, each once' }],
        [{ reason: REASON, fields: ['name'] }, { 'fields.0': 'Choose what to reveal: phone and/or docNumber, each once' }],
        [{ reason: REASON, fields: ['phone'], values: true }, { values: 'Field not allowed' }],
      ];
      for (const [body, fields] of cases) {
        const res = await reveal(app.id, body, admin.auth);
        expect({ body, status: res.status, fields: res.body.error?.fields }).toEqual({ body, status: 400, fields });
        expect(res.text).not.toContain('91234567');
      }
      expect((await reveal('not-an-id', { reason: REASON, fields: ['phone'] }, admin.auth)).status).toBe(400);
      expect(await auditCount()).toBe(before);
    });

    it('answers 401 without a session and 403 to a resident, even for their own application, recording nothing', async () => {
      const before = await auditCount();
      const anon = await reveal(app.id, { reason: REASON, fields: ['phone'] });
      expect(anon.status).toBe(401);
      const own = await reveal(app.id, { reason: REASON, fields: ['phone'] }, resident.auth);
      expect(own.status).toBe(403);
      expect(own.text).not.toContain('91234567');
      expect(await auditCount()).toBe(before);
    });

    it('records an attempt on an application that does not exist as failed', async () => {
      const missing = '0123456789abcdef01234567';
      const res = await reveal(missing, { reason: REASON, fields: ['phone'] }, admin.auth);
      expect(res.status).toBe(404);
      const [entry] = await entries({ 'target.id': missing });
      expect(entry).toMatchObject({ action: 'application.reveal', outcome: 'failed', error: 'notFound' });
    });
  });

  describe('POST /api/admin/applications/:id/status', () => {
    it('writes one entry per status change, with from, to and note', async () => {
      const before = await auditCount();
      const res = await h.http.post(`/api/admin/applications/${app.id}/status`).set(reviewer.auth).send({ status: 'under_review', note: 'Looks good' });
      expect(res.status).toBe(200);
      expect(await auditCount()).toBe(before + 1);
      const [entry] = await entries({ action: 'application.status', 'target.id': app.id });
      expect(entry).toMatchObject({
        actor: { role: 'reviewer', via: 'api' },
        target: { type: 'application', id: app.id },
        details: { from: 'submitted', to: 'under_review', note: 'Looks good' },
        outcome: 'succeeded',
      });
    });

    it('records a refused transition as failed with its error code', async () => {
      const res = await h.http.post(`/api/admin/applications/${app.id}/status`).set(admin.auth).send({ status: 'offered' });
      expect(res.status).toBe(409);
      const last = (await entries({ action: 'application.status' })).at(-1);
      expect(last).toMatchObject({ actor: { role: 'admin' }, details: { to: 'offered' }, outcome: 'failed', error: 'illegalTransition' });
    });

    it('does not change the application when its audit entry cannot be written', async () => {
      const spy = jest.spyOn(h.app.services.models.audit, 'create').mockRejectedValueOnce(new Error('disk full') as never);
      try {
        const res = await h.http.post(`/api/admin/applications/${app.id}/status`).set(reviewer.auth).send({ status: 'interview' });
        expect(res.status).toBe(500);
        const revealed = await reveal(app.id, { reason: REASON, fields: ['phone'] }, reviewer.auth);
        expect(revealed.status).toBe(200); // the spy failed only once
      } finally {
        spy.mockRestore();
      }
      const stored = await h.app.services.models.applications.findById(app.id).lean();
      expect(stored!.status).toBe('under_review');
    });

    it('keeps the change and leaves the entry pending (logged) when only the outcome cannot be written', async () => {
      const spy = jest.spyOn(h.app.services.models.audit, 'updateOne').mockRejectedValueOnce(new Error('network blip') as never);
      try {
        const res = await h.http.post(`/api/admin/applications/${app.id}/status`).set(reviewer.auth).send({ status: 'interview' });
        expect(res.status).toBe(200);
      } finally {
        spy.mockRestore();
      }
      const last = (await entries({ action: 'application.status' })).at(-1);
      expect(last).toMatchObject({ details: { to: 'interview' }, outcome: 'pending' });
    });
  });

  describe('the admin CLI', () => {
    const cliEnv = () => testEnv({ MONGODB_URI: h.config.mongoUri, DATA_ENCRYPTION_KEYS: keys, LOG_LEVEL: 'silent' });

    it('records grant and status with the operator as actor', async () => {
      await h.login('audit-promoted', 'resident');
      const grant = await runCli('admin', ['grant', 'audit-promoted', 'reviewer'], cliEnv());
      expect(grant).toMatchObject({ code: 0, stdout: 'dev:audit-promoted is now reviewer\n' });
      const [granted] = await entries({ action: 'admin.grant' });
      expect(granted).toMatchObject({
        actor: { userId: null, role: 'operator', via: 'cli', name: expect.any(String) },
        target: { type: 'user' },
        details: { openid: 'dev:audit-promoted', from: 'resident', to: 'reviewer' },
        outcome: 'succeeded',
        ip: null,
        requestId: expect.stringMatching(/^cli:/),
      });

      const status = await runCli('admin', ['status', app.id, 'offered', 'Welcome', 'aboard'], cliEnv());
      expect(status).toMatchObject({ code: 0, stdout: `${app.id} is now offered\n` });
      const last = (await entries({ action: 'application.status' })).at(-1);
      expect(last).toMatchObject({ actor: { via: 'cli' }, details: { from: 'interview', to: 'offered', note: 'Welcome aboard' }, outcome: 'succeeded' });
    }, 60_000);
  });

  describe('GET /api/admin/audit', () => {
    it('is for admins only', async () => {
      expect((await h.http.get('/api/admin/audit')).status).toBe(401);
      expect((await h.http.get('/api/admin/audit').set(resident.auth)).status).toBe(403);
      expect((await h.http.get('/api/admin/audit').set(reviewer.auth)).status).toBe(403);
      const res = await h.http.get('/api/admin/audit').set(admin.auth);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('lists newest first and filters by action, actor and target', async () => {
      const all = (await h.http.get('/api/admin/audit').set(admin.auth)).body.items as AuditEntryDto[];
      expect(all.length).toBe(await auditCount());
      expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort().reverse());
      expect(JSON.stringify(all)).not.toMatch(/91234567|A123456/);

      const reveals = (await h.http.get('/api/admin/audit').query({ action: 'application.reveal' }).set(admin.auth)).body.items as AuditEntryDto[];
      expect(reveals.length).toBeGreaterThanOrEqual(3);
      expect(reveals.every((e) => e.action === 'application.reveal')).toBe(true);

      const byReviewer = (await h.http.get('/api/admin/audit').query({ actor: reviewer.user.id }).set(admin.auth)).body.items as AuditEntryDto[];
      expect(byReviewer.length).toBeGreaterThan(0);
      expect(byReviewer.every((e) => e.actor.userId === reviewer.user.id && e.actor.role === 'reviewer')).toBe(true);

      const onApp = (await h.http.get('/api/admin/audit').query({ targetType: 'application', targetId: app.id, action: 'application.status' }).set(admin.auth)).body.items as AuditEntryDto[];
      expect(onApp.map((e) => e.details.to)).toEqual(['offered', 'interview', 'offered', 'under_review']);
    });

    it('pages with a cursor without gaps or repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await h.http.get('/api/admin/audit').query({ limit: 2, ...(cursor ? { cursor } : {}) }).set(admin.auth);
        expect(res.status).toBe(200);
        seen.push(...(res.body.items as AuditEntryDto[]).map((e) => e.id));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      expect(seen.length).toBe(await auditCount());
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('answers 400 to bad filters', async () => {
      for (const query of [{ action: 'application.delete' }, { actor: '{"$gt":""}' }, { targetType: 'job' }, { limit: 0 }, { limit: 101 }, { cursor: 'zz' }, { extra: '1' }]) {
        const res = await h.http.get('/api/admin/audit').query(query).set(admin.auth);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
      }
    });
  });

  describe('the audit collection', () => {
    it('is append-only: entries cannot be deleted, replaced or rewritten once settled', async () => {
      const model = h.app.services.models.audit;
      const count = await model.countDocuments();
      const [first] = await entries();
      await expect(model.deleteMany({})).rejects.toThrow('append-only');
      await expect(model.deleteOne({ _id: first!._id })).rejects.toThrow('append-only');
      await expect(model.updateMany({}, { $set: { outcome: 'succeeded' } })).rejects.toThrow('append-only');
      await expect(model.updateOne({ _id: first!._id }, { $set: { 'details.reason': 'edited' } })).rejects.toThrow('append-only');
      await expect(model.findOneAndUpdate({ _id: first!._id }, { $set: { action: 'admin.grant' } })).rejects.toThrow('append-only');
      await expect(model.replaceOne({ _id: first!._id }, {})).rejects.toThrow('append-only');
      expect(await model.countDocuments()).toBe(count);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ApplicationDto } from '@bay/shared';
import { seedDemoData } from '../../../seed/seed.js';
import { HKID_BAD, HKID_OK, startHarness, eventually, type Harness } from '../../../__tests__/harness.js';

type Session = Awaited<ReturnType<Harness['login']>>;

describe('applications', () => {
  let h: Harness;
  let jobIds: string[];
  let resident: Session;
  let other: Session;
  let reviewer: Session;
  const form = (jobId: string) => ({ jobId, name: '陳大文', phone: '+852 9123 4567', docType: 'hkid', docNumber: HKID_OK, resume: '五年物流經驗，熟悉報關。' });

  beforeAll(async () => {
    h = await startHarness('apps');
    await seedDemoData(h.conn);
    jobIds = (await h.http.get('/api/jobs').query({ limit: 10 })).body.items.map((j: { id: string }) => j.id);
    resident = await h.login('res-one', 'resident', 'zh-Hant');
    other = await h.login('res-two', 'resident', 'en');
    reviewer = await h.login('rev-one', 'reviewer', 'en');
  });
  afterAll(async () => { await h.close(); });

  const count = () => h.app.services.models.applications.countDocuments();
  const notifications = (dedupeKey?: string) => h.app.services.models.notifications.countDocuments(dedupeKey ? { dedupeKey } : {});

  describe('POST /api/applications', () => {
    it('stores a valid application and returns it masked', async () => {
      const res = await h.http.post('/api/applications').set(resident.auth).send(form(jobIds[0]!));
      expect(res.status).toBe(201);
      const dto = res.body as ApplicationDto;
      expect(dto).toMatchObject({ jobId: jobIds[0], status: 'submitted', name: '陳大文', docType: 'hkid', phone: '+852****4567', docNumber: '****4563' });
      expect(dto.timeline).toEqual([{ status: 'submitted', at: expect.any(String), by: 'resident' }]);
      expect(JSON.stringify(res.body)).not.toContain('91234567');
      expect(dto.title).toHaveProperty('en');
      // The initial 'submitted' goes through the outbox like every other change.
      expect(await eventually(() => notifications(`application:${dto.id}:submitted`))).toBe(1);
      const stored = await h.app.services.models.applications.findById(dto.id).lean();
      expect(stored!.outbox).toEqual([]);
    });

    it('rejects an HKID with a bad check digit, in the resident\'s language, storing nothing', async () => {
      const before = await count();
      const res = await h.http.post('/api/applications').set(resident.auth).send({ ...form(jobIds[1]!), docNumber: HKID_BAD });
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ code: 'validation', message: '提交的內容有誤，請檢查標示的欄目', fields: { docNumber: '香港身份證號碼無效（請檢查括號內的校驗碼）' } });
      const en = await h.http.post('/api/applications').set(other.auth).send({ ...form(jobIds[1]!), docNumber: HKID_BAD });
      expect(en.body.error.fields).toEqual({ docNumber: 'Invalid HKID number (check the digit in brackets)' });
      expect(await count()).toBe(before);
    });

    it('rejects a phone number of the wrong shape and unknown fields', async () => {
      const before = await count();
      const res = await h.http.post('/api/applications').set(other.auth).send({ ...form(jobIds[1]!), phone: '12345', salary: 'lots' });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual({
        phone: 'Enter a valid mobile number (11 digits in the mainland, 8 in Hong Kong or Macao)',
        salary: 'Field not allowed',
      });
      const missing = await h.http.post('/api/applications').set(other.auth).send({ docType: 'passport' });
      expect(missing.body.error.fields).toMatchObject({ jobId: 'Required', name: 'Required', docType: 'Choose a document type' });
      expect(await count()).toBe(before);
    });

    it('refuses a second application to the same job with 409', async () => {
      const res = await h.http.post('/api/applications').set(resident.auth).send(form(jobIds[0]!));
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({ code: 'duplicateApplication', message: '你已申請過這個職位' });
    });

    it('answers 404 for a job that does not exist', async () => {
      const res = await h.http.post('/api/applications').set(resident.auth).send(form('0123456789abcdef01234567'));
      expect(res.status).toBe(404);
    });

    it('requires a signed-in resident', async () => {
      expect((await h.http.post('/api/applications').send(form(jobIds[2]!))).status).toBe(401);
      expect((await h.http.post('/api/applications').set(reviewer.auth).send(form(jobIds[2]!))).status).toBe(403);
    });
  });

  describe('reading applications', () => {
    it('lists mine newest first and hides others\' applications', async () => {
      const second = await h.http.post('/api/applications').set(resident.auth).send(form(jobIds[3]!));
      const mine = await h.http.get('/api/applications').set(resident.auth);
      expect(mine.status).toBe(200);
      expect(mine.body.items[0].id).toBe(second.body.id);
      expect(mine.body.items.length).toBe(2);
      expect((await h.http.get('/api/applications').set(other.auth)).body.items).toEqual([]);
      expect((await h.http.get(`/api/applications/${second.body.id}`).set(resident.auth)).status).toBe(200);
      expect((await h.http.get(`/api/applications/${second.body.id}`).set(other.auth)).status).toBe(404);
      expect((await h.http.get(`/api/applications/${second.body.id}`).set(reviewer.auth)).status).toBe(200);
      expect((await h.http.get('/api/applications')).status).toBe(401);
    });

    it('lets reviewers list all applications, filtered by status, and no one else', async () => {
      const res = await h.http.get('/api/admin/applications').query({ status: 'submitted' }).set(reviewer.auth);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThanOrEqual(2);
      expect(res.body.items.every((a: ApplicationDto) => a.status === 'submitted' && a.docNumber.startsWith('****'))).toBe(true);
      expect((await h.http.get('/api/admin/applications')).status).toBe(401);
      const forbidden = await h.http.get('/api/admin/applications').set(resident.auth);
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.error.message).toBe('沒有權限執行此操作');
    });
  });

  describe('status changes', () => {
    it('moves through the machine, appending the timeline and exactly one notification per change', async () => {
      const created = await h.http.post('/api/applications').set(other.auth).send({ ...form(jobIds[4]!), docType: 'mainland_id', docNumber: '11010519491231002X', phone: '13800138000' });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const path = `/api/admin/applications/${id}/status`;
      expect((await h.http.post(path).set(reviewer.auth).send({ status: 'under_review' })).status).toBe(200);
      expect((await h.http.post(path).set(reviewer.auth).send({ status: 'interview', note: '周三下午 3 点' })).status).toBe(200);
      const offered = await h.http.post(path).set(reviewer.auth).send({ status: 'offered' });
      expect(offered.status).toBe(200);
      expect(offered.body.timeline.map((t: { status: string }) => t.status)).toEqual(['submitted', 'under_review', 'interview', 'offered']);
      expect(offered.body.timeline[2]).toMatchObject({ by: 'reviewer', note: '周三下午 3 点' });

      await h.app.services.applicationRelay.relayAll();
      for (const status of ['submitted', 'under_review', 'interview', 'offered']) {
        expect(await notifications(`application:${id}:${status}`)).toBe(1);
      }
      const n = await h.app.services.models.notifications.findOne({ dedupeKey: `application:${id}:interview` }).lean();
      expect(n).toMatchObject({ state: 'pending', lang: 'en', attempts: 0, kind: 'application.status' });
      expect(n!.payload).toMatchObject({ applicationId: id, status: 'interview', note: '周三下午 3 点' });

      const illegal = await h.http.post(path).set(reviewer.auth).send({ status: 'under_review' });
      expect(illegal.status).toBe(409);
      expect(illegal.body.error).toEqual({ code: 'illegalTransition', message: 'An application cannot move from "Offered" to "Under review"' });
      expect(await notifications(`application:${id}:under_review`)).toBe(1);
    });

    it('refuses illegal transitions with 409 and the role checks', async () => {
      const created = await h.http.post('/api/applications').set(other.auth).send(form(jobIds[5]!));
      const path = `/api/admin/applications/${created.body.id}/status`;
      const skip = await h.http.post(path).set(reviewer.auth).send({ status: 'offered' });
      expect(skip.status).toBe(409);
      expect(skip.body.error.code).toBe('illegalTransition');
      // Withdrawing belongs to the resident, not the reviewer.
      expect((await h.http.post(path).set(reviewer.auth).send({ status: 'withdrawn' })).status).toBe(409);
      expect((await h.http.post(path).set(other.auth).send({ status: 'under_review' })).status).toBe(403);
      expect((await h.http.post(path).send({ status: 'under_review' })).status).toBe(401);
      const bad = await h.http.post(path).set(reviewer.auth).send({ status: 'hired' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields).toEqual({ status: 'Invalid status' });
      expect((await h.http.post('/api/admin/applications/0123456789abcdef01234567/status').set(reviewer.auth).send({ status: 'under_review' })).status).toBe(404);
    });

    it('lets only the owner withdraw, once', async () => {
      const created = await h.http.post('/api/applications').set(other.auth).send(form(jobIds[6]!));
      const id = created.body.id as string;
      expect((await h.http.post(`/api/applications/${id}/withdraw`).set(resident.auth)).status).toBe(404);
      const res = await h.http.post(`/api/applications/${id}/withdraw`).set(other.auth);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('withdrawn');
      expect(res.body.timeline.at(-1)).toMatchObject({ status: 'withdrawn', by: 'resident' });
      const again = await h.http.post(`/api/applications/${id}/withdraw`).set(other.auth);
      expect(again.status).toBe(409);
      await h.app.services.applicationRelay.relayAll();
      expect(await notifications(`application:${id}:withdrawn`)).toBe(1);
    });

    it('lets exactly one of two concurrent reviewers make the same move', async () => {
      const created = await h.http.post('/api/applications').set(other.auth).send(form(jobIds[7]!));
      const path = `/api/admin/applications/${created.body.id}/status`;
      // submitted → under_review is legal once; under_review → under_review never is.
      const results = await Promise.all([
        h.http.post(path).set(reviewer.auth).send({ status: 'under_review' }),
        h.http.post(path).set(reviewer.auth).send({ status: 'under_review' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const doc = await h.app.services.models.applications.findById(created.body.id).lean();
      expect(doc!.timeline.map((e) => e.status)).toEqual(['submitted', 'under_review']);
    });

    it('guards the write with the status it read: a move made between the read and the write wins, the stale one is re-checked', async () => {
      // No lock at all, and another reviewer's move lands right after this one's read: only the
      // update's `status` condition (what MongoDB makes atomic) stops a second under_review.
      const { createApplicationService } = await import('../application.service.js');
      const { applications: model, jobs } = h.app.services.models;
      const created = await h.http.post('/api/applications').set(resident.auth).send(form(jobIds[8]!));
      let raced = false;
      const racing = new Proxy(model, {
        get(target, prop) {
          if (prop === 'findById') {
            return (...args: Parameters<typeof target.findById>) => ({
              lean: async () => {
                const doc = await target.findById(...args).lean();
                if (!raced && doc) {
                  raced = true;
                  await target.updateOne({ _id: doc._id }, { $set: { status: 'under_review' }, $push: { timeline: { status: 'under_review', at: new Date(), by: 'reviewer' } } });
                }
                return doc;
              },
            });
          }
          const value = Reflect.get(target, prop) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      const noLock = { withLock: <T>(_k: string, fn: () => Promise<T>) => fn(), exclusive: <T>(_k: string, fn: () => Promise<T>) => fn() };
      const service = createApplicationService({ applications: racing, jobs, relay: h.app.services.applicationRelay, locks: noLock, cipher: h.app.services.cipher });
      await expect(service.changeStatus(created.body.id, 'under_review', 'reviewer')).rejects.toMatchObject({ status: 409, code: 'illegalTransition' });
      expect(raced).toBe(true);
      const doc = await model.findById(created.body.id).lean();
      expect(doc!.timeline.map((e) => e.status)).toEqual(['submitted', 'under_review']);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  API, EMPLOYER_API, type ApplicationDto, type AuditAction, type EmployerJobCreate, type EmployerJobDto, type OrgDto, type OrgInviteDto, type OrgRegisterRequest,
} from '@bay/shared';
import { HKID_OK, startHarness, type Harness } from '../../../__tests__/harness.js';

type Auth = { Authorization: string };

/** Two real registration numbers' check rules: 91440300708461136T passes GB 32100's check character. */
const USCC_OK = '91440300708461136T';
const USCC_BAD = '91440300708461136U';

const orgBody = (number: string, kind: 'uscc' | 'hkbr' = 'uscc', name = '湾区测试科技有限公司'): OrgRegisterRequest => ({
  name: { 'zh-Hans': name, 'zh-Hant': name, en: `${name} Ltd` },
  reg: { kind, number },
});

const jobBody = (title = '前端工程师'): EmployerJobCreate => ({
  title: { 'zh-Hans': title, 'zh-Hant': title, en: `Engineer ${title}` },
  city: 'shenzhen', industry: 'technology', salaryMin: 20000, salaryMax: 30000, currency: 'CNY', salaryPeriod: 'month',
  languages: ['普通话'], openToHkMo: true,
  description: { 'zh-Hans': '负责湾事通前端', 'zh-Hant': '負責灣事通前端', en: 'Build the front end' },
});

const applyForm = (jobId: string) => ({ jobId, name: '陈大文', phone: '91234567', docType: 'hkid', docNumber: HKID_OK, resume: '五年前端经验' });

describe('employers', () => {
  let h: Harness;
  let owner: Auth;
  let admin: Auth;
  let resident: Auth;
  let residentId: string;
  let rival: Auth;
  let org: OrgDto;
  let jobId: string;
  const count = (name: string) => h.conn.collection(name).countDocuments();
  const auditOf = (action: AuditAction) => h.app.services.models.audit.find({ action }).sort({ _id: -1 }).lean();

  beforeAll(async () => {
    h = await startHarness('employers');
    owner = (await h.login('emp-owner', undefined, 'en')).auth;
    admin = (await h.login('emp-admin', 'admin', 'en')).auth;
    const r = await h.login('emp-resident');
    resident = r.auth;
    residentId = r.user.id;
    rival = (await h.login('emp-rival')).auth;
  });
  afterAll(async () => h.close());

  describe('registration', () => {
    it('refuses a wrong check character, a malformed BR number and a missing name, in the caller\'s language, changing nothing', async () => {
      const before = await count('organisations');
      const bad = await h.http.post(EMPLOYER_API.orgs).set(owner).send(orgBody(USCC_BAD));
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields).toEqual({ 'reg.number': 'A unified social credit code has 18 characters and a matching check character' });
      const br = await h.http.post(EMPLOYER_API.orgs).set(owner).set('Accept-Language', 'zh-Hant').send(orgBody('1234567', 'hkbr'));
      expect(br.status).toBe(400);
      expect(br.body.error.fields['reg.number']).toBeTruthy();
      const noName = await h.http.post(EMPLOYER_API.orgs).set(owner).send({ reg: { kind: 'uscc', number: USCC_OK } });
      expect(noName.status).toBe(400);
      expect(Object.keys(noName.body.error.fields)).toContain('name');
      expect(await count('organisations')).toBe(before);
    });

    it('registers a pending organisation with the caller as owner, who becomes an employer (audited)', async () => {
      // Lower case and spaces are normalised before the check.
      const res = await h.http.post(EMPLOYER_API.orgs).set(owner).send(orgBody(' 914403007084 61136t '));
      expect(res.status).toBe(201);
      org = res.body as OrgDto;
      expect(org).toMatchObject({ status: 'pending', reg: { kind: 'uscc', number: USCC_OK }, myRole: 'owner', members: [{ role: 'owner', nickname: 'emp-owner' }] });
      expect((await h.http.get(API.me).set(owner)).body.role).toBe('employer');
      const [entry] = await auditOf('org.register');
      expect(entry).toMatchObject({ outcome: 'succeeded', target: { type: 'organisation', id: org.id } });
    });

    it('refuses a second organisation for the same person and the same number for someone else', async () => {
      expect((await h.http.post(EMPLOYER_API.orgs).set(owner).send(orgBody('12345678', 'hkbr'))).body.error.code).toBe('alreadyInOrg');
      const taken = await h.http.post(EMPLOYER_API.orgs).set(rival).send(orgBody(USCC_OK));
      expect([taken.status, taken.body.error.code]).toEqual([409, 'orgTaken']);
      expect((await h.http.get(API.me).set(rival)).body.role).toBe('resident');
    });

    it('accepts a Hong Kong BR number (the first 8 digits of a certificate number) for another organisation', async () => {
      const res = await h.http.post(EMPLOYER_API.orgs).set(rival).send(orgBody('12345678-000-01-24-5', 'hkbr', '對手有限公司'));
      expect(res.status).toBe(201);
      expect(res.body.reg).toEqual({ kind: 'hkbr', number: '12345678' });
    });

    it('keeps staff out of registering, and tells a resident without one that there is no organisation', async () => {
      expect((await h.http.post(EMPLOYER_API.orgs).set(admin).send(orgBody('87654321', 'hkbr'))).status).toBe(403);
      const none = await h.http.get(EMPLOYER_API.org).set(resident);
      expect([none.status, none.body.error.code]).toEqual([404, 'noOrganisation']);
    });
  });

  describe('jobs before and after verification', () => {
    it('keeps a pending organisation\'s job out of search, detail and applying', async () => {
      const res = await h.http.post(EMPLOYER_API.jobs).set(owner).send(jobBody());
      expect(res.status).toBe(201);
      const job = res.body as EmployerJobDto;
      jobId = job.id;
      expect(job).toMatchObject({ state: 'open', live: false, applicants: 0, employer: org.name });
      expect((await h.http.get(API.job(jobId))).status).toBe(404);
      const search = await h.http.get(API.jobs).query({ q: '前端工程师' });
      expect(search.body.items.map((j: { id: string }) => j.id)).not.toContain(jobId);
      expect((await h.http.post(API.applications).set(resident).send(applyForm(jobId))).status).toBe(404);
    });

    it('needs a note to reject and refuses a move the review machine does not allow', async () => {
      const noNote = await h.http.post(EMPLOYER_API.adminOrgReview(org.id)).set(admin).send({ decision: 'rejected' });
      expect([noNote.status, noNote.body.error.fields]).toEqual([400, { note: 'Give a reason to reject or suspend' }]);
      const move = await h.http.post(EMPLOYER_API.adminOrgReview(org.id)).set(admin).send({ decision: 'suspended', note: 'x' });
      expect([move.status, move.body.error.code]).toEqual([409, 'orgMove']);
      expect(move.body.error.message).toBe('The organisation is "Awaiting review" and cannot become "Suspended"');
      expect((await h.http.post(EMPLOYER_API.adminOrgReview(org.id)).set(owner).send({ decision: 'verified' })).status).toBe(403);
    });

    it('lists the queue for admins and, once verified, the organisation\'s open jobs go live (audited)', async () => {
      const queue = await h.http.get(EMPLOYER_API.adminOrgs).query({ status: 'pending' }).set(admin);
      expect(queue.body.items.map((o: OrgDto) => o.id)).toContain(org.id);
      const res = await h.http.post(EMPLOYER_API.adminOrgReview(org.id)).set(admin).send({ decision: 'verified' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'verified', review: { decision: 'verified' } });
      const [entry] = await auditOf('org.review');
      expect(entry).toMatchObject({ outcome: 'succeeded', target: { id: org.id }, details: { decision: 'verified', from: 'pending', jobsChanged: 1 } });
      expect((await h.http.get(API.job(jobId))).status).toBe(200);
      const search = await h.http.get(API.jobs).query({ q: '前端工程师' });
      expect(search.body.items.map((j: { id: string }) => j.id)).toContain(jobId);
    });
  });

  describe('applicants', () => {
    let appId: string;
    it('shows the organisation its applicants masked and moves them through the same machine, the resident notified once per change', async () => {
      const applied = await h.http.post(API.applications).set(resident).send(applyForm(jobId));
      expect(applied.status).toBe(201);
      appId = applied.body.id;
      const list = await h.http.get(EMPLOYER_API.jobApplications(jobId)).set(owner);
      expect(list.status).toBe(200);
      expect(list.body.items).toHaveLength(1);
      const seen = list.body.items[0] as ApplicationDto;
      expect(seen.docNumber).not.toContain('123456');
      expect(seen.phone).not.toBe('91234567');
      expect((await h.http.get(EMPLOYER_API.jobs).set(owner)).body.items[0]).toMatchObject({ id: jobId, applicants: 1 });

      const path = EMPLOYER_API.applicationStatus(appId);
      const skip = await h.http.post(path).set(owner).send({ status: 'offered' });
      expect([skip.status, skip.body.error.code]).toEqual([409, 'illegalTransition']);
      expect((await h.http.post(path).set(owner).send({ status: 'under_review' })).status).toBe(200);
      const interview = await h.http.post(path).set(owner).send({ status: 'interview', note: 'Wednesday 3 pm' });
      expect(interview.status).toBe(200);
      expect(interview.body.timeline.at(-1)).toMatchObject({ status: 'interview', by: 'employer', note: 'Wednesday 3 pm' });

      await h.app.services.applicationRelay.relayAll();
      const sent = await h.app.services.models.notifications.find({ dedupeKey: `application:${appId}:interview` }).lean();
      expect(sent).toHaveLength(1);
      expect(String(sent[0]!.userId)).toBe(residentId);
      const [entry] = await auditOf('application.status');
      expect(entry).toMatchObject({ actor: { role: 'employer' }, details: { to: 'interview', from: 'under_review', orgId: org.id } });
      // The resident sees it too.
      expect((await h.http.get(API.application(appId)).set(resident)).body.status).toBe('interview');
    });

    it('reveals full numbers only with a reason, recording the reason and never the values', async () => {
      const path = EMPLOYER_API.applicationReveal(appId);
      expect((await h.http.post(path).set(owner).send({ fields: ['docNumber'] })).status).toBe(400);
      const res = await h.http.post(path).set(owner).send({ fields: ['docNumber'], reason: 'Check the document before the interview' });
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body.docNumber).toBe('A1234563');
      const [entry] = await auditOf('application.reveal');
      expect(entry).toMatchObject({ actor: { role: 'employer' }, details: { fields: ['docNumber'], reason: 'Check the document before the interview' } });
      expect(JSON.stringify(entry)).not.toContain('A1234563');
    });

    it('never lets another organisation see or touch this one\'s jobs and applicants', async () => {
      const theirs = [
        h.http.get(EMPLOYER_API.job(jobId)).set(rival),
        h.http.patch(EMPLOYER_API.job(jobId)).set(rival).send({ salaryMax: 40000 }),
        h.http.post(EMPLOYER_API.jobState(jobId)).set(rival).send({ state: 'paused' }),
        h.http.get(EMPLOYER_API.jobApplications(jobId)).set(rival),
        h.http.get(EMPLOYER_API.application(appId)).set(rival),
        h.http.post(EMPLOYER_API.applicationStatus(appId)).set(rival).send({ status: 'offered' }),
        h.http.post(EMPLOYER_API.applicationReveal(appId)).set(rival).send({ fields: ['phone'], reason: 'Just curious about it' }),
      ];
      for (const res of await Promise.all(theirs)) expect([res.status, res.body.error?.code]).toEqual([404, 'notFound']);
      expect((await h.http.get(EMPLOYER_API.jobs).set(rival)).body.items).toEqual([]);
      // Nothing moved.
      expect((await h.http.get(API.application(appId)).set(resident)).body.status).toBe('interview');
      expect((await h.http.get(EMPLOYER_API.job(jobId)).set(owner)).body.salaryMax).toBe(30000);
      // Residents are not employers.
      expect((await h.http.get(EMPLOYER_API.jobApplications(jobId)).set(resident)).status).toBe(403);
    });
  });

  describe('job states', () => {
    it('pauses (unlisted, no applying), reopens, and closes for good', async () => {
      const state = (s: string) => h.http.post(EMPLOYER_API.jobState(jobId)).set(owner).send({ state: s });
      const paused = await state('paused');
      expect(paused.body).toMatchObject({ state: 'paused', live: false });
      expect((await h.http.get(API.job(jobId))).status).toBe(404);
      const late = (await h.login('emp-late-applicant')).auth;
      expect((await h.http.post(API.applications).set(late).send(applyForm(jobId))).status).toBe(404);
      expect((await state('open')).body).toMatchObject({ state: 'open', live: true });
      expect((await h.http.get(API.job(jobId))).status).toBe(200);
      expect((await state('closed')).body).toMatchObject({ state: 'closed', live: false });
      const again = await state('open');
      expect([again.status, again.body.error.message]).toEqual([409, 'The job is "Closed" and cannot become "Open"']);
      const edit = await h.http.patch(EMPLOYER_API.job(jobId)).set(owner).send({ salaryMax: 40000 });
      expect([edit.status, edit.body.error.code]).toEqual([409, 'jobClosed']);
      const [entry] = await auditOf('job.state');
      expect(entry).toMatchObject({ outcome: 'failed' });
      expect((await state('bogus')).status).toBe(400);
    });

    it('edits an open job with the same checks as admins, and unlists every job when the organisation is suspended', async () => {
      const created = (await h.http.post(EMPLOYER_API.jobs).set(owner).send(jobBody('后端工程师'))).body as EmployerJobDto;
      expect(created.live).toBe(true);
      const order = await h.http.patch(EMPLOYER_API.job(created.id)).set(owner).send({ salaryMin: 50000 });
      expect([order.status, order.body.error.fields]).toEqual([400, { salaryMax: 'The maximum salary cannot be below the minimum' }]);
      const noEmployer = await h.http.patch(EMPLOYER_API.job(created.id)).set(owner).send({ employer: { 'zh-Hans': 'x', 'zh-Hant': 'x', en: 'x' } });
      expect(noEmployer.status).toBe(400);
      expect((await h.http.patch(EMPLOYER_API.job(created.id)).set(owner).send({ salaryMax: 45000 })).body.salaryMax).toBe(45000);
      await h.http.post(EMPLOYER_API.adminOrgReview(org.id)).set(admin).send({ decision: 'suspended', note: 'Documents expired' });
      expect((await h.http.get(API.job(created.id))).status).toBe(404);
      expect((await h.http.get(EMPLOYER_API.org).set(owner)).body).toMatchObject({ status: 'suspended', review: { note: 'Documents expired' } });
      await h.http.post(EMPLOYER_API.adminOrgReview(org.id)).set(admin).send({ decision: 'verified' });
      expect((await h.http.get(API.job(created.id))).status).toBe(200);
    });
  });

  describe('members', () => {
    let invite: OrgInviteDto;
    it('lets the owner invite; the code works once for a resident, who becomes an employer member', async () => {
      const res = await h.http.post(EMPLOYER_API.invites).set(owner).send({});
      expect(res.status).toBe(201);
      invite = res.body;
      expect(invite).toMatchObject({ role: 'member', code: expect.stringMatching(/^[2-9A-Z]{8}$/) });
      const joined = await h.http.post(EMPLOYER_API.join).set(resident).send({ code: invite.code.toLowerCase() });
      expect(joined.status).toBe(200);
      expect(joined.body).toMatchObject({ id: org.id, myRole: 'member' });
      expect((await h.http.get(API.me).set(resident)).body.role).toBe('employer');
      // A member handles applicants but cannot invite.
      expect((await h.http.get(EMPLOYER_API.jobs).set(resident)).body.items.length).toBe(2);
      const denied = await h.http.post(EMPLOYER_API.invites).set(resident).send({});
      expect([denied.status, denied.body.error.code]).toEqual([403, 'orgOwnerOnly']);
    });

    it('refuses a used, an expired and a malformed code', async () => {
      const other = (await h.login('emp-joiner')).auth;
      const used = await h.http.post(EMPLOYER_API.join).set(other).send({ code: invite.code });
      expect([used.status, used.body.error.code]).toEqual([400, 'inviteInvalid']);
      const fresh = (await h.http.post(EMPLOYER_API.adminOrgInvites(org.id)).set(admin).send({ role: 'owner' })).body as OrgInviteDto;
      await h.app.services.models.orgInvites.updateOne({ code: fresh.code }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      expect((await h.http.post(EMPLOYER_API.join).set(other).send({ code: fresh.code })).body.error.code).toBe('inviteInvalid');
      expect(Object.keys((await h.http.post(EMPLOYER_API.join).set(other).send({ code: 'O0I1' })).body.error.fields)).toEqual(['code']);
      expect((await h.http.get(API.me).set(other)).body.role).toBe('resident');
    });

    it('lets the owner remove a member (a resident again) but not the last owner', async () => {
      const me = (await h.http.get(EMPLOYER_API.org).set(owner)).body as OrgDto;
      const ownerId = me.members.find((m) => m.role === 'owner')!.userId;
      const last = await h.http.delete(EMPLOYER_API.member(ownerId)).set(owner);
      expect([last.status, last.body.error.code]).toEqual([409, 'orgLastOwner']);
      expect((await h.http.delete(EMPLOYER_API.member(residentId)).set(resident)).status).toBe(403);
      expect((await h.http.delete(EMPLOYER_API.member(residentId)).set(owner)).status).toBe(204);
      expect((await h.http.get(API.me).set(resident)).body.role).toBe('resident');
      expect((await h.http.get(EMPLOYER_API.jobs).set(resident)).status).toBe(403);
      expect((await h.http.get(EMPLOYER_API.org).set(owner)).body.members).toHaveLength(1);
    });
  });
});

import { Router } from '@koa/router';
import type { Context } from 'koa';
import { Types } from 'mongoose';
import {
  AdminOrgListQuery, ApplicationListQuery, EMPLOYER_API, EmployerJobCreateBody, EmployerJobUpdateBody, IdParams, JobStateBody,
  OrgInviteBody, OrgJoinBody, OrgMemberParams, OrgRegisterBody, OrgReviewBody, RevealBody, StatusChangeBody, type RevealDto,
} from '@bay/shared';
import { currentUser, requireRole } from '../../core/auth.js';
import { validate } from '../../core/validate.js';
import type { ApplicationService } from '../applications/application.service.js';
import { auditContextOf, type AuditService } from '../audit/audit.service.js';
import type { EmployerService } from './employer.service.js';


/**
 * Employers: register or join an organisation, its members, its jobs and their applicants; the
 * admin review of organisations. Every change is audited. An employer reaches only their own
 * organisation's jobs and applicants (404 for anyone else's, as if they did not exist).
 */
export function employerRoutes(service: EmployerService, applications: ApplicationService, audit: AuditService): Router {
  const router = new Router();
  // Residents register or join (and read "no organisation yet"); employers are members.
  const residentOrEmployer = requireRole('resident', 'employer');
  const employer = requireRole('employer');
  const admin = requireRole('admin');
  const me = (ctx: Context) => service.membership(currentUser(ctx)._id);

  /** 201 OrgDto (pending; the caller is its owner and now an employer) · 400 (bad check digit: fields['reg.number']) · 401 · 403 · 409 alreadyInOrg / orgTaken. Audited: org.register. */
  router.post(EMPLOYER_API.orgs, residentOrEmployer, validate({ body: OrgRegisterBody }, async (ctx, input) => {
    const body = input.body;
    const user = currentUser(ctx);
    const id = new Types.ObjectId();
    ctx.status = 201;
    ctx.body = await audit.run(
      auditContextOf(ctx),
      { action: 'org.register', target: { type: 'organisation', id: String(id) }, details: { kind: body.reg.kind, number: body.reg.number } },
      () => service.register(user._id, body, id),
    );
  }));

  /** 200 OrgDto (members, my role, job counts) · 401 · 403 · 404 noOrganisation */
  router.get(EMPLOYER_API.org, residentOrEmployer, validate({}, async (ctx, input) => {
    ctx.body = await service.myOrg(await me(ctx));
  }));

  /** 201 OrgInviteDto (a member, or a co-owner) · 400 · 401 · 403 orgOwnerOnly (members cannot invite) · 404 noOrganisation. Audited: org.invite. */
  router.post(EMPLOYER_API.invites, employer, validate({ body: OrgInviteBody }, async (ctx, input) => {
    const m = await me(ctx);
    const { role } = input.body;
    ctx.status = 201;
    ctx.body = await audit.run(
      auditContextOf(ctx),
      { action: 'org.invite', target: { type: 'organisation', id: String(m.org._id) }, details: { role } },
      () => service.invite(m, role),
    );
  }));

  /** 204 · 400 · 401 · 403 orgOwnerOnly · 404 (not a member of this organisation) · 409 orgLastOwner. Audited: org.member.remove. */
  router.delete(EMPLOYER_API.member(':userId'), employer, validate({ params: OrgMemberParams }, async (ctx, input) => {
    const m = await me(ctx);
    const { userId } = input.params;
    await audit.run(
      auditContextOf(ctx),
      { action: 'org.member.remove', target: { type: 'organisation', id: String(m.org._id) }, details: { userId } },
      () => service.removeMember(m, new Types.ObjectId(userId)),
    );
    ctx.status = 204;
  }));

  /** 200 OrgDto · 400 (malformed, or inviteInvalid: wrong, used or expired) · 401 · 403 · 409 alreadyInOrg / orgMemberLimit. Audited: org.join. */
  router.post(EMPLOYER_API.join, residentOrEmployer, validate({ body: OrgJoinBody }, async (ctx, input) => {
    const { code } = input.body;
    const user = currentUser(ctx);
    ctx.body = await audit.run(
      auditContextOf(ctx),
      { action: 'org.join', target: { type: 'user', id: String(user._id) } },
      () => service.join(user._id, code),
      (org) => ({ orgId: org.id, role: org.myRole ?? null }),
    );
  }));

  // ---- the organisation's jobs ----

  /** 200 { items: EmployerJobDto[] } (every state, newest first) · 401 · 403 · 404 noOrganisation */
  router.get(EMPLOYER_API.jobs, employer, validate({}, async (ctx, input) => {
    ctx.body = { items: await service.listJobs(await me(ctx)) };
  }));

  /** 201 EmployerJobDto (listed once the organisation is verified) · 400 · 401 · 403 · 404 noOrganisation. Audited: job.create. */
  router.post(EMPLOYER_API.jobs, employer, validate({ body: EmployerJobCreateBody }, async (ctx, input) => {
    const m = await me(ctx);
    const body = input.body;
    const id = new Types.ObjectId();
    ctx.status = 201;
    ctx.body = await audit.run(
      auditContextOf(ctx),
      { action: 'job.create', target: { type: 'job_posting', id: String(id) }, details: { orgId: String(m.org._id), city: body.city, industry: body.industry } },
      () => service.createJob(m, body, id),
    );
  }));

  /** 200 EmployerJobDto · 400 · 401 · 403 · 404 (not this organisation's) */
  router.get(EMPLOYER_API.job(':id'), employer, validate({ params: IdParams }, async (ctx, input) => {
    ctx.body = await service.getJob(await me(ctx), input.params.id);
  }));

  /** 200 EmployerJobDto · 400 · 401 · 403 · 404 · 409 jobClosed. Audited: job.update. */
  router.patch(EMPLOYER_API.job(':id'), employer, validate({ params: IdParams, body: EmployerJobUpdateBody }, async (ctx, input) => {
    const m = await me(ctx);
    const id = input.params.id;
    const body = input.body;
    ctx.body = await audit.run(
      auditContextOf(ctx),
      { action: 'job.update', target: { type: 'job_posting', id }, details: { fields: Object.keys(body) } },
      () => service.updateJob(m, id, body),
    );
  }));

  /** 200 EmployerJobDto · 400 · 401 · 403 · 404 · 409 jobStateMove (closed is final). Audited: job.state. */
  router.post(EMPLOYER_API.jobState(':id'), employer, validate({ params: IdParams, body: JobStateBody }, async (ctx, input) => {
    const m = await me(ctx);
    const id = input.params.id;
    const { state } = input.body;
    const { job } = await audit.run(
      auditContextOf(ctx),
      { action: 'job.state', target: { type: 'job_posting', id }, details: { to: state } },
      () => service.setJobState(m, id, state),
      (r) => ({ from: r.from }),
    );
    ctx.body = job;
  }));

  // ---- applicants (masked as for reviewers; reveal audited) ----

  /** 200 Page<ApplicationDto> · 400 · 401 · 403 · 404 (not this organisation's job) */
  router.get(EMPLOYER_API.jobApplications(':id'), employer, validate({ params: IdParams, query: ApplicationListQuery }, async (ctx, input) => {
    ctx.body = await service.applicants(await me(ctx), input.params.id, input.query);
  }));

  /** 200 ApplicationDto · 400 · 401 · 403 · 404 (not to this organisation's jobs) */
  router.get(EMPLOYER_API.application(':id'), employer, validate({ params: IdParams }, async (ctx, input) => {
    ctx.body = applications.toDto(await service.ownApplication(await me(ctx), input.params.id));
  }));

  /** 200 ApplicationDto · 400 · 401 · 403 · 404 · 409 illegalTransition. The resident hears through the outbox. Audited: application.status. */
  router.post(EMPLOYER_API.applicationStatus(':id'), employer, validate({ params: IdParams, body: StatusChangeBody }, async (ctx, input) => {
    const m = await me(ctx);
    const id = input.params.id;
    const { status, note } = input.body;
    const updated = await audit.run(
      auditContextOf(ctx),
      { action: 'application.status', target: { type: 'application', id }, details: { to: status, orgId: String(m.org._id), ...(note ? { note } : {}) } },
      () => service.changeStatus(m, id, status, note || undefined),
      (u) => ({ from: u.timeline.at(-2)?.status ?? null }),
    );
    ctx.body = applications.toDto(updated);
  }));

  /** 200 RevealDto (Cache-Control: no-store) · 400 (reason of 5–200 characters) · 401 · 403 · 404. Audited: application.reveal (fields and reason, never values). */
  router.post(EMPLOYER_API.applicationReveal(':id'), employer, validate({ params: IdParams, body: RevealBody }, async (ctx, input) => {
    const m = await me(ctx);
    const id = input.params.id;
    const { reason, fields } = input.body;
    const revealed: RevealDto = await audit.run(
      auditContextOf(ctx),
      { action: 'application.reveal', target: { type: 'application', id }, details: { fields, reason, orgId: String(m.org._id) } },
      async (auditId) => ({ ...(await service.reveal(m, id, fields)), auditId }),
    );
    ctx.set('Cache-Control', 'no-store');
    ctx.body = revealed;
  }));

  // ---- admin ----

  /** 200 Page<OrgDto> (newest first; ?status=pending for the review queue) · 400 · 401 · 403 */
  router.get(EMPLOYER_API.adminOrgs, admin, validate({ query: AdminOrgListQuery }, async (ctx, input) => {
    ctx.body = await service.adminList(input.query);
  }));

  /** 200 OrgDto · 400 · 401 · 403 · 404 */
  router.get(EMPLOYER_API.adminOrg(':id'), admin, validate({ params: IdParams }, async (ctx, input) => {
    ctx.body = await service.adminGet(input.params.id);
  }));

  /** 200 OrgDto · 400 (a note is required to reject or suspend) · 401 · 403 · 404 · 409 orgMove. Audited: org.review. */
  router.post(EMPLOYER_API.adminOrgReview(':id'), admin, validate({ params: IdParams, body: OrgReviewBody }, async (ctx, input) => {
    const id = input.params.id;
    const { decision, note } = input.body;
    const { org } = await audit.run(
      auditContextOf(ctx),
      { action: 'org.review', target: { type: 'organisation', id }, details: { decision, ...(note ? { note } : {}) } },
      () => service.review(id, decision, note || undefined, currentUser(ctx)._id),
      (r) => ({ from: r.from, jobsChanged: r.jobs }),
    );
    ctx.body = org;
  }));

  /** 201 OrgInviteDto (owner or member) · 400 · 401 · 403 · 404. Audited: org.invite. */
  router.post(EMPLOYER_API.adminOrgInvites(':id'), admin, validate({ params: IdParams, body: OrgInviteBody }, async (ctx, input) => {
    const id = input.params.id;
    const { role } = input.body;
    ctx.status = 201;
    ctx.body = await audit.run(
      auditContextOf(ctx),
      { action: 'org.invite', target: { type: 'organisation', id }, details: { role } },
      () => service.adminInvite(id, role, currentUser(ctx)._id),
    );
  }));

  return router;
}

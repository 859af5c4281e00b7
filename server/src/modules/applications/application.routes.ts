import { Router } from '@koa/router';
import { API, ApplicationCreateBody, ApplicationListQuery, IdParams, RevealBody, StatusChangeBody, type RevealDto } from '@bay/shared';
import { currentUser, requireRole } from '../../core/auth.js';
import { notFound } from '../../core/errors.js';
import { validate } from '../../core/validate.js';
import { auditContextOf, type AuditService } from '../audit/audit.service.js';
import type { ApplicationDoc } from './application.model.js';
import type { ApplicationService } from './application.service.js';

const isStaff = (role: string) => role === 'reviewer' || role === 'admin';

/** The status an application had before its last timeline entry (for the audit record). */
const previousStatus = (a: ApplicationDoc) => a.timeline.at(-2)?.status;

export function applicationRoutes(service: ApplicationService, audit: AuditService): Router {
  const router = new Router();

  /** 201 ApplicationDto · 400 validation · 401 · 403 (not a resident) · 404 job · 409 duplicateApplication */
  router.post(API.applications, requireRole('resident'), validate({ body: ApplicationCreateBody }, async (ctx, input) => {
    const created = await service.create(String(currentUser(ctx)._id), input.body);
    ctx.status = 201;
    ctx.body = service.toDto(created);
  }));

  /** 200 Page<ApplicationDto> (mine, newest first) · 400 · 401 */
  router.get(API.applications, requireRole(), validate({ query: ApplicationListQuery }, async (ctx, input) => {
    ctx.body = await service.listMine(String(currentUser(ctx)._id), input.query);
  }));

  /** 200 ApplicationDto · 400 · 401 · 404 (missing, or someone else's and not staff) */
  router.get(API.application(':id'), requireRole(), validate({ params: IdParams }, async (ctx, input) => {
    const user = currentUser(ctx);
    const app = await service.findById(input.params.id);
    if (!app || (String(app.userId) !== String(user._id) && !isStaff(user.role))) throw notFound();
    ctx.body = service.toDto(app);
  }));

  /** 200 ApplicationDto · 401 · 404 (not the owner's) · 409 illegalTransition */
  router.post(API.withdraw(':id'), requireRole(), validate({ params: IdParams }, async (ctx, input) => {
    const updated = await service.withdraw(input.params.id, String(currentUser(ctx)._id));
    ctx.body = service.toDto(updated);
  }));

  /** 200 Page<ApplicationDto> · 400 · 401 · 403 */
  router.get(API.adminApplications, requireRole('reviewer', 'admin'), validate({ query: ApplicationListQuery }, async (ctx, input) => {
    ctx.body = await service.listAll(input.query);
  }));

  /** 200 ApplicationDto · 400 · 401 · 403 · 404 · 409 illegalTransition. Audited: application.status. */
  router.post(API.adminApplicationStatus(':id'), requireRole('reviewer', 'admin'), validate({ params: IdParams, body: StatusChangeBody }, async (ctx, input) => {
    const { status, note } = input.body;
    const { id } = input.params;
    const updated = await audit.run(
      auditContextOf(ctx),
      { action: 'application.status', target: { type: 'application', id }, details: { to: status, ...(note ? { note } : {}) } },
      () => service.changeStatus(id, status, 'reviewer', note || undefined),
      (u) => ({ from: previousStatus(u) ?? null }),
    );
    ctx.body = service.toDto(updated);
  }));

  /**
   * 200 RevealDto (full values of the asked fields only, Cache-Control: no-store) · 400 validation
   * (a reason of 5–200 characters and fields ⊆ [phone, docNumber] are required) · 401 · 403 · 404.
   * Audited: application.reveal with the fields and reason, never the values.
   */
  router.post(API.adminApplicationReveal(':id'), requireRole('reviewer', 'admin'), validate({ params: IdParams, body: RevealBody }, async (ctx, input) => {
    const { reason, fields } = input.body;
    const { id } = input.params;
    const revealed: RevealDto = await audit.run(
      auditContextOf(ctx),
      { action: 'application.reveal', target: { type: 'application', id }, details: { fields, reason } },
      async (auditId) => ({ ...(await service.reveal(id, fields)), auditId }),
    );
    ctx.set('Cache-Control', 'no-store');
    ctx.body = revealed;
  }));

  return router;
}

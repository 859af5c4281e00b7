import { Router } from '@koa/router';
import type { Context } from 'koa';
import { API, ApplicationCreateBody, ApplicationListQuery, IdParams, StatusChangeBody } from '@bay/shared';
import type { z } from 'zod';
import { currentUser, requireRole } from '../../core/auth.js';
import { notFound } from '../../core/errors.js';
import { validate } from '../../core/validate.js';
import { toApplicationDto } from './application.model.js';
import type { ApplicationService } from './application.service.js';

const isStaff = (role: string) => role === 'reviewer' || role === 'admin';

export function applicationRoutes(service: ApplicationService): Router {
  const router = new Router();

  /** 201 ApplicationDto · 400 validation · 401 · 403 (not a resident) · 404 job · 409 duplicateApplication */
  router.post(API.applications, requireRole('resident'), validate({ body: ApplicationCreateBody }), async (ctx: Context) => {
    const created = await service.create(String(currentUser(ctx)._id), ctx.state.body as z.output<typeof ApplicationCreateBody>);
    ctx.status = 201;
    ctx.body = toApplicationDto(created);
  });

  /** 200 Page<ApplicationDto> (mine, newest first) · 400 · 401 */
  router.get(API.applications, requireRole(), validate({ query: ApplicationListQuery }), async (ctx: Context) => {
    ctx.body = await service.listMine(String(currentUser(ctx)._id), ctx.state.query as z.output<typeof ApplicationListQuery>);
  });

  /** 200 ApplicationDto · 400 · 401 · 404 (missing, or someone else's and not staff) */
  router.get(API.application(':id'), requireRole(), validate({ params: IdParams }), async (ctx: Context) => {
    const user = currentUser(ctx);
    const app = await service.findById((ctx.state.params as z.output<typeof IdParams>).id);
    if (!app || (String(app.userId) !== String(user._id) && !isStaff(user.role))) throw notFound();
    ctx.body = toApplicationDto(app);
  });

  /** 200 ApplicationDto · 401 · 404 (not the owner's) · 409 illegalTransition */
  router.post(API.withdraw(':id'), requireRole(), validate({ params: IdParams }), async (ctx: Context) => {
    const updated = await service.withdraw((ctx.state.params as z.output<typeof IdParams>).id, String(currentUser(ctx)._id));
    ctx.body = toApplicationDto(updated);
  });

  /** 200 Page<ApplicationDto> · 400 · 401 · 403 */
  router.get(API.adminApplications, requireRole('reviewer', 'admin'), validate({ query: ApplicationListQuery }), async (ctx: Context) => {
    ctx.body = await service.listAll(ctx.state.query as z.output<typeof ApplicationListQuery>);
  });

  /** 200 ApplicationDto · 400 · 401 · 403 · 404 · 409 illegalTransition */
  router.post(API.adminApplicationStatus(':id'), requireRole('reviewer', 'admin'), validate({ params: IdParams, body: StatusChangeBody }), async (ctx: Context) => {
    const { status, note } = ctx.state.body as z.output<typeof StatusChangeBody>;
    const updated = await service.changeStatus((ctx.state.params as z.output<typeof IdParams>).id, status, 'reviewer', note || undefined);
    ctx.body = toApplicationDto(updated);
  });

  return router;
}

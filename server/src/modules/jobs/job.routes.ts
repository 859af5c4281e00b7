import { Router } from '@koa/router';
import { Types } from 'mongoose';
import {
  API, AdminJobCreateBody, AdminJobListQuery, AdminJobUpdateBody, IdParams, JOB_API, JobAlertBody, JobIdParams, JobSearchQuery,
} from '@bay/shared';
import { currentUser, requireRole, requireUser } from '../../core/auth.js';
import { AppError, notFound } from '../../core/errors.js';
import { validate } from '../../core/validate.js';
import { auditContextOf, type AuditService } from '../audit/audit.service.js';
import { toJobDto } from './job.model.js';
import { CursorError } from './job.search.js';
import type { JobService } from './job.service.js';

const badCursor = () => new AppError(400, 'validation', 'e.validation', { cursor: 'v.cursor' });

async function withCursor<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CursorError) throw badCursor();
    throw err;
  }
}

/** Jobs: public search and detail, a resident's saved jobs and alerts, the admin API (audited). */
export function jobRoutes(jobs: JobService, audit: AuditService): Router {
  const router = new Router();
  const signedIn = requireUser();
  const admin = requireRole('admin');

  /** 200 JobSearchPageDto (items without description) · 400 validation (also a cursor from another query). Public. */
  router.get(API.jobs, validate({ query: JobSearchQuery }, async (ctx, input) => {
    const q = input.query;
    const body = await withCursor(() => jobs.searchBody(q));
    ctx.type = 'application/json';
    ctx.body = body;
  }));

  /** 200 JobDto · 400 validation (malformed id) · 404 (missing or deleted). Public. */
  router.get(API.job(':id'), validate({ params: IdParams }, async (ctx, input) => {
    const job = await jobs.findById(input.params.id);
    if (!job) throw notFound();
    ctx.body = toJobDto(job);
  }));

  // ---- saved jobs (any signed-in account) ----

  /** 200 Page<SavedJobDto> (newest saved first) · 401 */
  router.get(JOB_API.savedJobs, signedIn, validate({}, async (ctx, input) => {
    ctx.body = await jobs.savedList(currentUser(ctx)._id);
  }));

  /** 204 (idempotent) · 400 · 401 · 404 (no such job) */
  router.put(JOB_API.savedJob(':jobId'), signedIn, validate({ params: JobIdParams }, async (ctx, input) => {
    await jobs.save(currentUser(ctx)._id, input.params.jobId);
    ctx.status = 204;
  }));

  /** 204 (idempotent) · 400 · 401 */
  router.delete(JOB_API.savedJob(':jobId'), signedIn, validate({ params: JobIdParams }, async (ctx, input) => {
    await jobs.unsave(currentUser(ctx)._id, input.params.jobId);
    ctx.status = 204;
  }));

  // ---- job alerts (saved searches) ----

  /** 200 { items: JobAlertDto[] } · 401 */
  router.get(JOB_API.jobAlerts, signedIn, validate({}, async (ctx, input) => {
    ctx.body = { items: await jobs.listAlerts(currentUser(ctx)._id) };
  }));

  /** 201 JobAlertDto · 400 · 401 · 409 jobAlertLimit (MAX_JOB_ALERTS reached) */
  router.post(JOB_API.jobAlerts, signedIn, validate({ body: JobAlertBody }, async (ctx, input) => {
    ctx.status = 201;
    ctx.body = await jobs.createAlert(currentUser(ctx)._id, input.body);
  }));

  /** 204 · 400 · 401 · 404 (not this resident's alert) */
  router.delete(JOB_API.jobAlert(':id'), signedIn, validate({ params: IdParams }, async (ctx, input) => {
    await jobs.deleteAlert(currentUser(ctx)._id, input.params.id);
    ctx.status = 204;
  }));

  // ---- admin (role admin; every change audited) ----

  /** 200 JobSearchPageDto (newest first) · 400 · 401 · 403 */
  router.get(JOB_API.adminJobs, admin, validate({ query: AdminJobListQuery }, async (ctx, input) => {
    const { cursor, limit } = input.query;
    ctx.body = await withCursor(() => jobs.adminList(cursor, limit));
  }));

  /** 201 JobDto · 400 · 401 · 403. Audited: job.create. Residents whose saved searches match are alerted. */
  router.post(JOB_API.adminJobs, admin, validate({ body: AdminJobCreateBody }, async (ctx, input) => {
    const body = input.body;
    const id = new Types.ObjectId();
    ctx.status = 201;
    ctx.body = await audit.run(
      auditContextOf(ctx),
      { action: 'job.create', target: { type: 'job_posting', id: String(id) }, details: { city: body.city, industry: body.industry } },
      async () => toJobDto(await jobs.create(body, id)),
    );
  }));

  /** 200 JobDto · 400 · 401 · 403 · 404. Audited: job.update. */
  router.patch(JOB_API.adminJob(':id'), admin, validate({ params: IdParams, body: AdminJobUpdateBody }, async (ctx, input) => {
    const { id } = input.params;
    const body = input.body;
    ctx.body = await audit.run(
      auditContextOf(ctx),
      { action: 'job.update', target: { type: 'job_posting', id }, details: { fields: Object.keys(body) } },
      async () => toJobDto(await jobs.update(id, body)),
    );
  }));

  /** 204 · 400 · 401 · 403 · 404. Audited: job.delete. */
  router.delete(JOB_API.adminJob(':id'), admin, validate({ params: IdParams }, async (ctx, input) => {
    const { id } = input.params;
    await audit.run(auditContextOf(ctx), { action: 'job.delete', target: { type: 'job_posting', id } }, () => jobs.remove(id));
    ctx.status = 204;
  }));

  return router;
}

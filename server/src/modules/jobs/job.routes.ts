import { Router } from '@koa/router';
import type { Context } from 'koa';
import { API, IdParams, JobListQuery } from '@bay/shared';
import type { z } from 'zod';
import { notFound } from '../../core/errors.js';
import { validate } from '../../core/validate.js';
import { toJobDto } from './job.model.js';
import type { JobService } from './job.service.js';

export function jobRoutes(jobs: JobService): Router {
  const router = new Router();

  /** 200 Page<JobDto> · 400 validation. Public. */
  router.get(API.jobs, validate({ query: JobListQuery }), async (ctx: Context) => {
    ctx.body = await jobs.list(ctx.state.query as z.output<typeof JobListQuery>);
  });

  /** 200 JobDto · 400 validation (malformed id) · 404. Public. */
  router.get(API.job(':id'), validate({ params: IdParams }), async (ctx: Context) => {
    const job = await jobs.findById((ctx.state.params as z.output<typeof IdParams>).id);
    if (!job) throw notFound();
    ctx.body = toJobDto(job);
  });

  return router;
}

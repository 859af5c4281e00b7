import { Router } from '@koa/router';
import { DASHBOARD_API, DashboardQuery, type DashboardDto } from '@bay/shared';
import { requireRole } from '../../core/auth.js';
import { validate } from '../../core/validate.js';
import type { DashboardService } from './dashboard.service.js';

/** The operations dashboard, for administrators. */
export function dashboardRoutes(service: DashboardService): Router {
  const router = new Router();
  /** 200 DashboardDto · 400 (days not 1–90) · 401 · 403. Read only; not cached by browsers. */
  router.get(DASHBOARD_API.admin, requireRole('admin'), validate({ query: DashboardQuery }, async (ctx, input) => {
    const { days } = input.query;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = (await service.figures(days)) satisfies DashboardDto;
  }));
  return router;
}

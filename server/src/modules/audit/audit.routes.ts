import { Router } from '@koa/router';
import { API, AuditListQuery } from '@bay/shared';
import { requireRole } from '../../core/auth.js';
import { validate } from '../../core/validate.js';
import type { AuditService } from './audit.service.js';

export function auditRoutes(service: AuditService): Router {
  const router = new Router();

  /** 200 Page<AuditEntryDto> (newest first) · 400 validation · 401 · 403 (not an admin) */
  router.get(API.adminAudit, requireRole('admin'), validate({ query: AuditListQuery }, async (ctx, input) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await service.list(input.query);
  }));

  return router;
}

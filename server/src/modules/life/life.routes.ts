import { Router } from '@koa/router';
import { LIFE_API, LifeEntryBody, LifeEntryParams, LifeListQuery, LifeScenarioParams } from '@bay/shared';
import { requireRole } from '../../core/auth.js';
import { AppError } from '../../core/errors.js';
import { validate } from '../../core/validate.js';
import { auditContextOf, type AuditService } from '../audit/audit.service.js';
import type { LifeService } from './life.service.js';


/** Life scenarios (通讯, 医疗, 教育, 吃住游): public reading; admin upsert and delete (audited). */
export function lifeRoutes(service: LifeService, audit: AuditService): Router {
  const router = new Router();
  const admin = requireRole('admin');

  /** 200 LifeScenarioDto (sections in order; `place`, `section` filter) · 400 (unknown scenario, place or section). Public. */
  router.get(LIFE_API.scenario(':scenario'), validate({ params: LifeScenarioParams, query: LifeListQuery }, async (ctx, input) => {
    const { scenario } = input.params;
    ctx.body = await service.scenario(scenario, input.query);
  }));

  /** 200 LifeEntryDto · 400 · 404 (no such entry in this scenario). Public. */
  router.get(LIFE_API.entry(':scenario', ':id'), validate({ params: LifeEntryParams }, async (ctx, input) => {
    const { scenario, id } = input.params;
    ctx.body = await service.get(scenario, id);
  }));

  /** 200 LifeEntryDto · 400 validation / lifeMismatch (body's id or scenario differs from the URL) · 401 · 403. Audited: life.entry.upsert. */
  router.put(LIFE_API.adminEntry(':scenario', ':id'), admin, validate({ params: LifeEntryParams, body: LifeEntryBody }, async (ctx, input) => {
    const { scenario, id } = input.params;
    const body = input.body;
    if (body.id !== id) throw new AppError(400, 'validation', 'e.lifeMismatch', { id: 'v.slug' });
    if (body.scenario !== scenario) throw new AppError(400, 'validation', 'e.lifeMismatch', { scenario: 'v.invalid' });
    ctx.body = await audit.run(auditContextOf(ctx), { action: 'life.entry.upsert', target: { type: 'life_entry', id } }, () => service.upsert(body, true));
  }));

  /** 200 { deleted: true } · 400 · 401 · 403 · 404. Audited: life.entry.delete. */
  router.delete(LIFE_API.adminEntry(':scenario', ':id'), admin, validate({ params: LifeEntryParams }, async (ctx, input) => {
    const { scenario, id } = input.params;
    ctx.body = await audit.run(auditContextOf(ctx), { action: 'life.entry.delete', target: { type: 'life_entry', id } }, () => service.remove(scenario, id));
  }));

  return router;
}

import { Router } from '@koa/router';
import {
  CUSTOMS_API, GuideItemBody, GuideQuery, LookupQuery, PortBody, PortIdParams, PortStarsBody, WaitFeedBody, WaitQuery, WaitReportBody,
} from '@bay/shared';
import { currentUser, requireRole, requireUser } from '../../core/auth.js';
import { AppError } from '../../core/errors.js';
import { validate } from '../../core/validate.js';
import { auditContextOf, type AuditService } from '../audit/audit.service.js';
import type { CustomsService } from './customs.service.js';

const idMismatch = () => new AppError(400, 'validation', 'e.customsIdMismatch', { id: 'v.slug' });

/** Customs scenario: public ports, waits, guide and lookup; resident wait reports; admin content and wait feed (audited). */
export function customsRoutes(service: CustomsService, audit: AuditService): Router {
  const router = new Router();
  const admin = requireRole('admin');

  /** 200 { items: PortDto[] } (by list order). Public. */
  router.get(CUSTOMS_API.ports, validate({}, async (ctx, input) => {
    ctx.body = { items: await service.listPorts() };
  }));

  /** 200 PortsGlanceDto: every port's waits (estimate: true without fresh data) and openNow, in list order. Public. */
  router.get(CUSTOMS_API.waits, validate({}, async (ctx, input) => {
    ctx.body = await service.glance();
  }));

  /** 200 PortStarsDto (the resident's starred ports, in their order) · 401. */
  router.get(CUSTOMS_API.stars, requireUser(), validate({}, async (ctx, input) => {
    ctx.body = await service.getStars(currentUser(ctx)._id);
  }));

  /** 200 PortStarsDto · 400 (unknown port, repeats, more than PORT_STARS_MAX) · 401. Replaces the list. */
  router.put(CUSTOMS_API.stars, requireUser(), validate({ body: PortStarsBody }, async (ctx, input) => {
    ctx.body = await service.setStars(currentUser(ctx)._id, input.body.portIds);
  }));

  /** 200 PortDto · 400 (malformed id) · 404. Public. */
  router.get(CUSTOMS_API.port(':id'), validate({ params: PortIdParams }, async (ctx, input) => {
    ctx.body = await service.getPort(input.params.id);
  }));

  /** 200 PortWaitDto (per direction × mode; estimate: true without fresh data) · 400 · 404. Public. */
  router.get(CUSTOMS_API.portWait(':id'), validate({ params: PortIdParams, query: WaitQuery }, async (ctx, input) => {
    ctx.body = await service.portWait(input.params.id, input.query);
  }));

  /** 201 WaitReportResultDto · 400 (0–300 min, mode the port lacks) · 401 · 404 · 429 customsReportTooSoon / customsFlood. */
  router.post(CUSTOMS_API.waitReports(':id'), requireUser(), validate({ params: PortIdParams, body: WaitReportBody }, async (ctx, input) => {
    ctx.status = 201;
    ctx.body = await service.report(input.params.id, currentUser(ctx)._id, input.body);
  }));

  /** 200 { items: GuideItemDto[] } · 400. Public. */
  router.get(CUSTOMS_API.guide, validate({ query: GuideQuery }, async (ctx, input) => {
    ctx.body = { items: await service.listGuide(input.query.category) };
  }));

  /** 200 LookupDto ("can I bring X?", best first, empty when nothing matches) · 400 (empty or long q). Public. */
  router.get(CUSTOMS_API.lookup, validate({ query: LookupQuery }, async (ctx, input) => {
    const { q } = input.query;
    ctx.body = { q, items: await service.lookup(q) };
  }));

  /** 200 PortDto · 400 validation / customsIdMismatch · 401 · 403. Audited: customs.port.upsert. */
  router.put(CUSTOMS_API.adminPort(':id'), admin, validate({ params: PortIdParams, body: PortBody }, async (ctx, input) => {
    const { id } = input.params;
    const body = input.body;
    if (body.id !== id) throw idMismatch();
    ctx.body = await audit.run(auditContextOf(ctx), { action: 'customs.port.upsert', target: { type: 'customs_port', id } }, () => service.upsertPort(body, true));
  }));

  /** 200 { deleted: true } · 400 · 401 · 403 · 404. Audited: customs.port.delete. */
  router.delete(CUSTOMS_API.adminPort(':id'), admin, validate({ params: PortIdParams }, async (ctx, input) => {
    const { id } = input.params;
    ctx.body = await audit.run(auditContextOf(ctx), { action: 'customs.port.delete', target: { type: 'customs_port', id } }, () => service.deletePort(id));
  }));

  /** 201 { id, wait } · 400 (range, observedAt in the future or over a day old, mode) · 401 · 403 · 404. Audited: customs.wait.feed. */
  router.post(CUSTOMS_API.adminWaitFeed(':id'), admin, validate({ params: PortIdParams, body: WaitFeedBody }, async (ctx, input) => {
    const { id } = input.params;
    const body = input.body;
    ctx.status = 201;
    ctx.body = await audit.run(
      auditContextOf(ctx),
      { action: 'customs.wait.feed', target: { type: 'customs_port', id }, details: { direction: body.direction, mode: body.mode, minutes: body.minutes, observedAt: body.observedAt ?? null } },
      () => service.feed(id, body),
    );
  }));

  /** 200 GuideItemDto · 400 validation / customsIdMismatch · 401 · 403. Audited: customs.guide.upsert. */
  router.put(CUSTOMS_API.adminGuideItem(':id'), admin, validate({ params: PortIdParams, body: GuideItemBody }, async (ctx, input) => {
    const { id } = input.params;
    const body = input.body;
    if (body.id !== id) throw idMismatch();
    ctx.body = await audit.run(auditContextOf(ctx), { action: 'customs.guide.upsert', target: { type: 'customs_guide_item', id } }, () => service.upsertGuideItem(body, true));
  }));

  /** 200 { deleted: true } · 400 · 401 · 403 · 404. Audited: customs.guide.delete. */
  router.delete(CUSTOMS_API.adminGuideItem(':id'), admin, validate({ params: PortIdParams }, async (ctx, input) => {
    const { id } = input.params;
    ctx.body = await audit.run(auditContextOf(ctx), { action: 'customs.guide.delete', target: { type: 'customs_guide_item', id } }, () => service.deleteGuideItem(id));
  }));

  return router;
}

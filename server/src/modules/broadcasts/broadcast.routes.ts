import { randomUUID } from 'node:crypto';
import { Router } from '@koa/router';
import { Types } from 'mongoose';
import {
  BroadcastCreateBody, BroadcastPreviewBody, IdParams, INTERNAL_ADMIN_API, InternalAdminBroadcastBody, InternalAdminContactBody,
  InternalAdminPreviewBody, InternalRoomsBody, NOTIFY_API, NoticeListQuery, type AdminStatsDto, type DashboardDto,
} from '@bay/shared';
import { currentUser, requireBotToken, requireRole } from '../../core/auth.js';
import { forbidden, requestLang } from '../../core/errors.js';
import { validate } from '../../core/validate.js';
import { auditContextOf, type AuditContext, type AuditService } from '../audit/audit.service.js';
import type { BroadcastService } from './broadcast.service.js';

/**
 * Broadcasts: admin API (role admin; every change audited), the public notice board, and the
 * bot's internal routes (Bearer BOT_API_TOKEN): room reports and admin-group commands.
 */
/** What `/stats` adds from the operations dashboard (its one-day figures). */
export interface OperationsSource { figures(days: number): Promise<DashboardDto> }

export function broadcastRoutes(service: BroadcastService, audit: AuditService, botApiToken: string, operations: OperationsSource): Router {
  const router = new Router();
  const admin = requireRole('admin');
  const bot = requireBotToken(botApiToken);

  /** 200 { recipients } · 400 · 401 · 403 */
  router.post(NOTIFY_API.adminBroadcastPreview, admin, validate({ body: BroadcastPreviewBody }, async (ctx, input) => {
    const { audience } = input.body;
    ctx.body = { recipients: await service.preview(audience) };
  }));

  /** 201 BroadcastDto (scheduled at scheduleAt, or now) · 400 · 401 · 403. Audited: broadcast.create. */
  router.post(NOTIFY_API.adminBroadcasts, admin, validate({ body: BroadcastCreateBody }, async (ctx, input) => {
    const body = input.body;
    const id = new Types.ObjectId();
    const created = await audit.run(
      auditContextOf(ctx),
      { action: 'broadcast.create', target: { type: 'broadcast', id: String(id) }, details: { audience: body.audience, scheduleAt: body.scheduleAt ?? null, ratePerMinute: body.ratePerMinute ?? null } },
      () => service.create(body, currentUser(ctx)._id, id),
      (b) => ({ broadcastId: String(b._id) }),
    );
    ctx.status = 201;
    ctx.body = await service.get(String(created._id));
  }));

  /** 200 BroadcastDto[] (newest first, live counts) · 400 · 401 · 403 */
  router.get(NOTIFY_API.adminBroadcasts, admin, validate({ query: NoticeListQuery }, async (ctx, input) => {
    ctx.body = { items: await service.list(input.query.limit) };
  }));

  /** 200 BroadcastDto · 400 · 401 · 403 · 404 */
  router.get(NOTIFY_API.adminBroadcast(':id'), admin, validate({ params: IdParams }, async (ctx, input) => {
    ctx.body = await service.get(input.params.id);
  }));

  const change = (path: string, action: 'broadcast.pause' | 'broadcast.resume' | 'broadcast.cancel', perform: (id: string) => Promise<unknown>) => {
    /** 200 BroadcastDto · 400 · 401 · 403 · 404 · 409 (not allowed in its state). Audited. */
    router.post(path, admin, validate({ params: IdParams }, async (ctx, input) => {
      const { id } = input.params;
      ctx.body = await audit.run(auditContextOf(ctx), { action, target: { type: 'broadcast', id } }, () => perform(id));
    }));
  };
  change(NOTIFY_API.adminBroadcastPause(':id'), 'broadcast.pause', service.pause);
  change(NOTIFY_API.adminBroadcastResume(':id'), 'broadcast.resume', service.resume);
  change(NOTIFY_API.adminBroadcastCancel(':id'), 'broadcast.cancel', service.cancel);

  /** 200 { items: NoticeDto[] } (public; published, newest first, in the request's language) · 400 */
  router.get(NOTIFY_API.notices, validate({ query: NoticeListQuery }, async (ctx, input) => {
    ctx.body = { items: await service.notices(requestLang(ctx), input.query.limit) };
  }));

  /** 200 { stored } · 400 · 401 (bot token) */
  router.post(NOTIFY_API.internalRooms, bot, validate({ body: InternalRoomsBody }, async (ctx, input) => {
    const { rooms } = input.body;
    await service.reportRooms(rooms);
    ctx.body = { stored: rooms.length };
  }));

  /** The admin account behind a bot contact, or 403 (admin-group commands). */
  async function adminOf(contactId: string): Promise<AuditContext> {
    const { role, user } = await service.roleOfContact(contactId);
    if (role !== 'admin' || !user) throw forbidden();
    return { actor: { userId: user._id, role: 'admin', via: 'api', name: 'bot-admin-group' }, ip: null, requestId: `bot:${randomUUID()}` };
  }

  /** 200 { role: Role | null } · 400 · 401 */
  router.post(INTERNAL_ADMIN_API.authorize, bot, validate({ body: InternalAdminContactBody }, async (ctx, input) => {
    const { contactId } = input.body;
    ctx.body = { role: (await service.roleOfContact(contactId)).role };
  }));

  /** 200 { recipients } · 400 · 401 · 403 (not an admin's contact) */
  router.post(INTERNAL_ADMIN_API.preview, bot, validate({ body: InternalAdminPreviewBody }, async (ctx, input) => {
    const { contactId, audience } = input.body;
    await adminOf(contactId);
    ctx.body = { recipients: await service.preview(audience) };
  }));

  /** 201 BroadcastDto (to every resident, now, same text in three languages) · 400 · 401 · 403. Audited. */
  router.post(INTERNAL_ADMIN_API.broadcasts, bot, validate({ body: InternalAdminBroadcastBody }, async (ctx, input) => {
    const { contactId, title, body } = input.body;
    const context = await adminOf(contactId);
    const same = (text: string) => ({ 'zh-Hans': text, 'zh-Hant': text, en: text });
    const id = new Types.ObjectId();
    const created = await audit.run(
      context,
      { action: 'broadcast.create', target: { type: 'broadcast', id: String(id) }, details: { audience: { type: 'all' }, via: 'bot' } },
      () => service.create({ title: same(title), body: same(body), audience: { type: 'all' } }, context.actor.userId, id),
      (b) => ({ broadcastId: String(b._id) }),
    );
    ctx.status = 201;
    ctx.body = { ...(await service.get(String(created._id))), recipients: await service.preview({ type: 'all' }) };
  }));

  /** 200 AdminStatsDto · 400 · 401 · 403 */
  router.post(INTERNAL_ADMIN_API.stats, bot, validate({ body: InternalAdminContactBody }, async (ctx, input) => {
    await adminOf(input.body.contactId);
    const [stats, today] = await Promise.all([service.stats(), operations.figures(1)]);
    const top = today.unanswered[0];
    ctx.body = {
      ...stats,
      operations: {
        waiting: today.firstReview.waiting,
        oldestWaitingMinutes: today.firstReview.oldestWaitingMinutes,
        enquiriesToday: today.enquiries.totals,
        topUnanswered: top ? { question: top.question, total: top.total } : null,
      },
    } satisfies AdminStatsDto;
  }));

  return router;
}

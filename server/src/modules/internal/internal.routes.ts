import { Router } from '@koa/router';
import { API, BotBindBody, IdParams, OutboxAckBody, OutboxAckManyBody, OutboxClaimBody, OutboxFailBody } from '@bay/shared';
import { requireBotToken } from '../../core/auth.js';
import { validate } from '../../core/validate.js';
import type { RateLimitGuards } from '../../core/security.js';
import type { BindCodeService } from '../bindcodes/bindcode.service.js';
import type { OutboxService } from '../notifications/outbox.service.js';

/** The bot's API. Every route: 401 without `Authorization: Bearer <BOT_API_TOKEN>`. */
export function internalRoutes(botApiToken: string, bindCodes: BindCodeService, outbox: OutboxService, limits: Pick<RateLimitGuards, 'limitBind'>): Router {
  const router = new Router();
  const guard = requireBotToken(botApiToken);

  /**
   * 200 BotBindResultDto · 400 validation / bindCodeInvalid (in the Accept-Language language)
   * · 429 over the attempts allowed per contact or per code (or for all contacts together).
   */
  router.post(API.internalBind, guard, validate({ body: BotBindBody }, async (ctx, input) => {
    const { code, contactId, contactName } = input.body;
    await limits.limitBind({ contactId, code });
    ctx.body = await bindCodes.claim(code, { contactId, ...(contactName ? { contactName } : {}) });
  }));

  /** 200 { messages: OutboxMessageDto[] } · 400 */
  router.post(API.internalOutboxClaim, guard, validate({ body: OutboxClaimBody }, async (ctx, input) => {
    const { workerId, limit, leaseMs, waitMs } = input.body;
    ctx.body = { messages: await outbox.claim(workerId, limit, leaseMs, waitMs) };
  }));

  /** 200 { id, state: 'sent' } (also when already sent) · 400 · 404 · 409 (dead) */
  router.post(API.internalOutboxAck(':id'), guard, validate({ params: IdParams, body: OutboxAckBody }, async (ctx, input) => {
    const { id } = input.params;
    const doc = await outbox.ack(id, input.body.workerId);
    ctx.body = { id: String(doc._id), state: doc.state };
  }));

  /**
   * 200 OutboxAckManyResultDto (every id is either sent, also when it already was, or refused as
   * notFound / conflict) · 400. Several deliveries acknowledged in one request: the bot acks a round together.
   */
  router.post(API.internalOutboxAckMany, guard, validate({ body: OutboxAckManyBody }, async (ctx, input) => {
    const { workerId, ids } = input.body;
    ctx.body = await outbox.ackMany(ids, workerId);
  }));

  /** 200 { id, state: 'pending'|'dead', attempts, nextAttemptAt } · 400 · 404 · 409 (not leased by this worker) */
  router.post(API.internalOutboxFail(':id'), guard, validate({ params: IdParams, body: OutboxFailBody }, async (ctx, input) => {
    const { id } = input.params;
    const { workerId, error, reason } = input.body;
    const doc = await outbox.fail(id, workerId, error, reason);
    ctx.body = { id: String(doc._id), state: doc.state, attempts: doc.attempts, nextAttemptAt: new Date(doc.nextAttemptAt).toISOString() };
  }));

  return router;
}

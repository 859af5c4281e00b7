import { Router } from '@koa/router';
import type { Context } from 'koa';
import {
  API, EnquiryAnswerBody, type EnquiryAnswerDto, HandoffListQuery, HandoffReplyBody, IdParams, InternalEnquiryAnswerBody, KbEntrySchema, KbIdParams, KbListQuery,
} from '@bay/shared';
import { currentUser, requireBotToken, requireRole } from '../../core/auth.js';
import { AppError } from '../../core/errors.js';
import { validate } from '../../core/validate.js';
import type { UserDoc } from '../users/user.model.js';
import { auditContextOf, type AuditService } from '../audit/audit.service.js';
import type { EnquiryService } from './enquiry.service.js';

/**
 * The JSON of an answer, serialised once per answer object: the service hands out the same object
 * for every hit of its answer cache, so a cached answer is sent without being stringified and
 * encoded again. Keyed weakly: an answer dropped from the cache is dropped here too.
 */
const serialised = new WeakMap<EnquiryAnswerDto, Buffer>();
function answerJson(ctx: Context, dto: EnquiryAnswerDto): void {
  let json = serialised.get(dto);
  if (!json) {
    json = Buffer.from(JSON.stringify(dto));
    serialised.set(dto, json);
  }
  // What Koa sets for an object body; set before the body so Koa does not mark the Buffer binary.
  ctx.set('Content-Type', 'application/json; charset=utf-8');
  ctx.body = json;
}

export function enquiryRoutes(service: EnquiryService, audit: AuditService, botApiToken: string): Router {
  const router = new Router();

  /**
   * 200 EnquiryAnswerDto · 400 validation · 404 unknown entryId. No session needed; with one,
   * personal intents (my applications, subscribe/unsubscribe, 转人工) act for the signed-in user,
   * without one they answer with how to sign in.
   */
  router.post(API.enquiryAnswer, validate({ body: EnquiryAnswerBody }, async (ctx, input) => {
    const body = input.body;
    ctx.set('Cache-Control', 'no-store');
    answerJson(ctx, await service.answer(body, { channel: 'app', user: (ctx.state.user as UserDoc | undefined) ?? null }));
  }));

  /**
   * The bot's entry point. 200 EnquiryAnswerDto · 400 · 401 · 404 unknown entryId. Personal intents
   * act for the user bound to `contactId`; an unbound contact is told how to bind.
   */
  router.post(API.internalEnquiryAnswer, requireBotToken(botApiToken), validate({ body: InternalEnquiryAnswerBody }, async (ctx, parsed) => {
    const { contactId, ...input } = parsed.body;
    answerJson(ctx, await service.answer(input, { channel: 'bot', contactId }));
  }));

  /** 200 Page<KbEntryDto> (by id; `cursor` = last id) · 400 · 401 · 403 (admins only) */
  router.get(API.adminKb, requireRole('admin'), validate({ query: KbListQuery }, async (ctx, input) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await service.listKb(input.query);
  }));

  /**
   * Creates or replaces one entry and rebuilds the index. 201 created / 200 replaced KbEntryDto ·
   * 400 validation or kbIdMismatch (body id ≠ path id) · 401 · 403. Audited: kb.upsert.
   */
  router.put(API.adminKbEntry(':id'), requireRole('admin'), validate({ params: KbIdParams, body: KbEntrySchema }, async (ctx, input) => {
    const { id } = input.params;
    const entry = input.body;
    if (entry.id !== id) throw new AppError(400, 'validation', 'e.kbIdMismatch', { id: 'v.kbId' });
    const result = await audit.run(
      auditContextOf(ctx),
      { action: 'kb.upsert', target: { type: 'kb_entry', id }, details: { topic: entry.topic, lastVerified: entry.lastVerified } },
      () => service.upsertKb(entry),
      (r) => ({ created: r.created }),
    );
    ctx.status = result.created ? 201 : 200;
    ctx.body = result.entry;
  }));

  /** 204 · 400 · 401 · 403 · 404. Soft delete (a re-seed does not restore it); index rebuilt. Audited: kb.delete. */
  router.delete(API.adminKbEntry(':id'), requireRole('admin'), validate({ params: KbIdParams }, async (ctx, input) => {
    const { id } = input.params;
    await audit.run(auditContextOf(ctx), { action: 'kb.delete', target: { type: 'kb_entry', id } }, () => service.removeKb(id));
    ctx.status = 204;
  }));

  /** 200 Page<HandoffTicketDto> (newest first) · 400 · 401 · 403 (reviewers and admins) */
  router.get(API.adminHandoffs, requireRole('reviewer', 'admin'), validate({ query: HandoffListQuery }, async (ctx, input) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await service.listHandoffs(input.query);
  }));

  /**
   * 200 HandoffTicketDto (state answered) · 400 · 401 · 403 · 404 · 409 (closed). The reply goes to
   * the resident through the outbox (kind handoff.reply). Audited: handoff.reply (length, not text).
   */
  router.post(API.adminHandoffReply(':id'), requireRole('reviewer', 'admin'), validate({ params: IdParams, body: HandoffReplyBody }, async (ctx, input) => {
    const { id } = input.params;
    const { text } = input.body;
    ctx.body = await audit.run(
      auditContextOf(ctx),
      { action: 'handoff.reply', target: { type: 'handoff', id }, details: { chars: text.length } },
      () => service.replyToHandoff(id, currentUser(ctx), text),
    );
  }));

  return router;
}

import { Router } from '@koa/router';
import {
  API, EnquiryFeedbackBody, InternalEnquiryFeedbackBody, KbEntrySchema, ReviewAttachBody, ReviewIdParams, ReviewListQuery,
} from '@bay/shared';
import { requireBotToken, requireRole } from '../../../core/auth.js';
import { validate } from '../../../core/validate.js';
import { auditContextOf, type AuditService } from '../../audit/audit.service.js';
import type { ReviewService } from './review.service.js';

/**
 * Unanswered-question review: residents' and the bot's 👍/👎, and the admin console's list of
 * grouped questions with attach / new entry / dismiss. Every write to the knowledge base goes
 * through EnquiryService.upsertKb (as PUT /api/admin/kb/:id) and is audited as kb.upsert.
 */
export function reviewRoutes(review: ReviewService, audit: AuditService, botApiToken: string): Router {
  const router = new Router();

  /** 204 · 400 validation. No session needed; nothing about the caller is kept. Rate-limited per address like every /api route. */
  router.post(API.enquiryFeedback, validate({ body: EnquiryFeedbackBody }, async (ctx, input) => {
    await review.feedback(input.body, 'app');
    ctx.status = 204;
  }));

  /** "有用" / "没用" in chat. 204 · 400 · 401. `contactId` is validated and dropped: never stored. */
  router.post(API.internalEnquiryFeedback, requireBotToken(botApiToken), validate({ body: InternalEnquiryFeedbackBody }, async (ctx, parsed) => {
    const { contactId: _contactId, ...input } = parsed.body;
    await review.feedback(input, 'bot');
    ctx.status = 204;
  }));

  /** 200 Page<ReviewGroupDto> (status open by default; most reports first) · 400 · 401 · 403 (admins only) */
  router.get(API.adminEnquiryReview, requireRole('admin'), validate({ query: ReviewListQuery }, async (ctx, input) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await review.list(input.query);
  }));

  /**
   * Adds the group's question to an entry as a new way of asking. 200 ReviewResolutionDto · 400
   * (placeholder or length of the question) · 401 · 403 · 404 group or entry · 409 group not open,
   * or the entry's list is full. Audited: kb.upsert on the entry (details: the review group).
   */
  router.post(API.adminEnquiryReviewAttach(':id'), requireRole('admin'), validate({ params: ReviewIdParams, body: ReviewAttachBody }, async (ctx, input) => {
    const { id } = input.params;
    const body = input.body;
    ctx.body = await audit.run(
      auditContextOf(ctx),
      { action: 'kb.upsert', target: { type: 'kb_entry', id: body.entryId }, details: { via: 'review.attach', reviewGroup: id, lang: body.lang } },
      () => review.attach(id, body),
      (r) => ({ added: r.added }),
    );
  }));

  /** 200 KbEntryDraftDto (nothing is written) · 400 · 401 · 403 · 404 */
  router.get(API.adminEnquiryReviewDraft(':id'), requireRole('admin'), validate({ params: ReviewIdParams }, async (ctx, input) => {
    const { id } = input.params;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await review.draft(id);
  }));

  /**
   * Creates a new entry from the group (body: a complete KbEntry, e.g. the completed draft).
   * 201 ReviewResolutionDto · 400 · 401 · 403 · 404 group · 409 group not open or entry id taken.
   * Audited: kb.upsert on the new entry (details: the review group).
   */
  router.post(API.adminEnquiryReviewNewEntry(':id'), requireRole('admin'), validate({ params: ReviewIdParams, body: KbEntrySchema }, async (ctx, input) => {
    const { id } = input.params;
    const entry = input.body;
    ctx.body = await audit.run(
      auditContextOf(ctx),
      { action: 'kb.upsert', target: { type: 'kb_entry', id: entry.id }, details: { via: 'review.new-entry', reviewGroup: id, topic: entry.topic, lastVerified: entry.lastVerified } },
      () => review.newEntry(id, entry),
      () => ({ created: true }),
    );
    ctx.status = 201;
  }));

  /** 200 ReviewGroupDto (dismissed) · 400 · 401 · 403 · 404 · 409 not open. Audited: review.dismiss. */
  router.post(API.adminEnquiryReviewDismiss(':id'), requireRole('admin'), validate({ params: ReviewIdParams }, async (ctx, input) => {
    const { id } = input.params;
    ctx.body = await audit.run(auditContextOf(ctx), { action: 'review.dismiss', target: { type: 'review_group', id } }, () => review.dismiss(id));
  }));

  return router;
}

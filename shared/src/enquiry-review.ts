import { z } from 'zod';
import type { Lang } from './enums.js';
import { KbEntryId, type KbEntryDto, type KbTopic } from './enquiry.js';
import { LangSchema, objectId } from './schemas.js';

/*
 * Unanswered-question review (docs/enquiries.md "Unanswered-question review"): every ask-back
 * (clarify), every "don't know" (unknown) and every 👎 is kept, scrubbed of numbers and ids, and
 * grouped by similar question; admins attach a group to an entry as a new question variant, start
 * a new entry from it, or dismiss it.
 */

/** Why a question was kept. thumbsUp only counts on a group that already exists; it never opens one. */
export const REVIEW_REASONS = ['clarify', 'unknown', 'thumbsDown', 'thumbsUp'] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/** open: waiting for an admin · attached: added to an entry as a variant · new-entry: an entry was made from it · dismissed. */
export const REVIEW_STATUSES = ['open', 'attached', 'new-entry', 'dismissed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** What replaces a scrubbed number or id in a kept question. */
export const REVIEW_PLACEHOLDER = '‹n›';

/** Samples kept per group (the first distinct scrubbed questions). */
export const REVIEW_MAX_SAMPLES = 5;


const feedbackFields = {
  /** The question the answer was for (as the resident asked it; scrubbed before it is kept). */
  question: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(500, { error: 'v.tooLong' }),
  /** The language of the answer the resident rated. */
  lang: LangSchema,
  /** The entry that answered, when the answer came from the knowledge base. */
  entryId: KbEntryId.optional(),
  /** 👍 true · 👎 false ("有用" / "没用" in chat). */
  helpful: z.boolean({ error: 'v.boolean' }),
};

/** POST /api/enquiries/feedback (session optional; nothing about the caller is kept). 204. */
export const EnquiryFeedbackBody = z.strictObject(feedbackFields);
export type EnquiryFeedbackRequest = z.input<typeof EnquiryFeedbackBody>;

/**
 * POST /internal/enquiries/feedback (bot token): "有用" / "没用" in chat. `contactId` is checked
 * (like the answer route) but never stored. 204.
 */
export const InternalEnquiryFeedbackBody = z.strictObject({
  ...feedbackFields,
  contactId: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(128, { error: 'v.tooLong' }),
});
export type InternalEnquiryFeedbackRequest = z.input<typeof InternalEnquiryFeedbackBody>;

/**
 * GET /api/admin/enquiries/review: groups with the most problem reports first (then newest).
 * `cursor` is the previous page's nextCursor (`<total>.<id>`).
 */
export const ReviewListQuery = z.strictObject({
  status: z.enum(REVIEW_STATUSES, { error: 'v.status' }).default('open'),
  cursor: z.string({ error: 'v.cursor' }).regex(/^\d{1,9}\.[0-9a-f]{24}$/, { error: 'v.cursor' }).optional(),
  limit: z.coerce.number({ error: 'v.number' }).int({ error: 'v.number' }).min(1, { error: 'v.range' }).max(100, { error: 'v.range' }).default(20),
});
export type ReviewListParams = z.output<typeof ReviewListQuery>;

export const ReviewIdParams = z.strictObject({ id: objectId });

/**
 * POST /api/admin/enquiries/review/:id/attach: adds `question` (default: the group's question in
 * `lang`) to the entry's `lang` question list, as PUT /api/admin/kb/:id would.
 */
export const ReviewAttachBody = z.strictObject({
  entryId: KbEntryId,
  lang: LangSchema,
  question: z.string({ error: 'v.required' }).trim().min(2, { error: 'v.reviewQuestion' }).max(120, { error: 'v.reviewQuestion' }).optional(),
});
export type ReviewAttachRequest = z.input<typeof ReviewAttachBody>;

export interface ReviewCountsDto {
  clarify: number;
  unknown: number;
  thumbsDown: number;
  thumbsUp: number;
}

export interface ReviewGroupDto {
  id: string;
  /** The representative question: the first one kept for the group (scrubbed). */
  question: string;
  /** Up to REVIEW_MAX_SAMPLES distinct scrubbed questions, the representative first. */
  samples: string[];
  /** Languages the group's questions were answered in. */
  langs: Lang[];
  counts: ReviewCountsDto;
  /** clarify + unknown + thumbsDown: what the list sorts by. */
  total: number;
  firstSeen: string;
  lastSeen: string;
  /** Entries offered (ask-back suggestions) or answered (rated answers), in the order first seen (at most 10). */
  entryIds: string[];
  status: ReviewStatus;
  /** The entry the group was attached to or created as (attached / new-entry). */
  resolvedEntryId: string | null;
  resolvedAt: string | null;
}

/**
 * GET /api/admin/enquiries/review/:id/draft: a KbEntry to complete, with the group's questions as
 * variants of their languages; the admin fills in the rest and sends it to .../new-entry (or PUT
 * /api/admin/kb/:id).
 */
export interface KbEntryDraftDto {
  id: string;
  topic: KbTopic | null;
  tags: string[];
  questions: Record<Lang, string[]>;
  answer: Record<Lang, string>;
  source: { org: Record<Lang, string>; url: string };
  lastVerified: string;
}

/** The answer to attach and new-entry: the resolved group and the entry as saved. */
export interface ReviewResolutionDto {
  group: ReviewGroupDto;
  entry: KbEntryDto;
  /** False when the entry already had this way of asking (attach changed only the group). */
  added: boolean;
}

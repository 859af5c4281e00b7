import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { LANGS, REVIEW_MAX_SAMPLES, REVIEW_REASONS, REVIEW_STATUSES, type Lang, type ReviewGroupDto, type ReviewReason, type ReviewStatus } from '@bay/shared';

/**
 * `enquiry_review_items`: one kept question (an ask-back, a "don't know", a 👍/👎). The text is
 * scrubbed before it is written (review.text.ts) and nothing about who asked is stored: no user id,
 * no contact id, no session, no address.
 */
export interface ReviewItemDoc {
  _id: Types.ObjectId;
  /** The scrubbed question. */
  text: string;
  /** Its normalised form (review.text.ts questionKey). */
  key: string;
  lang: Lang;
  reason: ReviewReason;
  channel: 'app' | 'bot';
  /** Entries offered (clarify) or answered (feedback). */
  entryIds: string[];
  /** The engine's confidence for clarify / unknown; null for feedback. */
  confidence: number | null;
  /** The group it was counted in; null for a 👍 that matched no open group. */
  groupId: Types.ObjectId | null;
  createdAt: Date;
}

const itemSchema = new Schema<ReviewItemDoc>(
  {
    text: { type: String, required: true },
    key: { type: String, required: true },
    lang: { type: String, enum: LANGS, required: true },
    reason: { type: String, enum: REVIEW_REASONS, required: true },
    channel: { type: String, enum: ['app', 'bot'], required: true },
    entryIds: { type: [String], default: [] },
    confidence: { type: Number, default: null },
    groupId: { type: Schema.Types.ObjectId, default: null },
  },
  { collection: 'enquiry_review_items', timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
// The items of one group (diagnostics, re-grouping).
itemSchema.index({ groupId: 1, _id: -1 });

export type ReviewCounts = Record<ReviewReason, number>;

/**
 * `enquiry_review_groups`: similar questions counted together, written when an item is recorded so
 * the admin list is one query. `openKey` is the normalised question while the group is open and
 * `<key>#<id>` once it is resolved: unique, so at most one open group holds a normalised question.
 */
export interface ReviewGroupDoc {
  _id: Types.ObjectId;
  openKey: string;
  key: string;
  status: ReviewStatus;
  /** The representative question (the group's first, scrubbed) and its search terms. */
  question: string;
  tokens: string[];
  samples: string[];
  langs: Lang[];
  counts: ReviewCounts;
  /** clarify + unknown + thumbsDown. */
  total: number;
  entryIds: string[];
  firstSeen: Date;
  lastSeen: Date;
  resolvedEntryId: string | null;
  resolvedAt: Date | null;
}

const countsSchema = new Schema<ReviewCounts>(
  Object.fromEntries(REVIEW_REASONS.map((r) => [r, { type: Number, required: true }])),
  { _id: false },
);

const groupSchema = new Schema<ReviewGroupDoc>(
  {
    openKey: { type: String, required: true },
    key: { type: String, required: true },
    status: { type: String, enum: REVIEW_STATUSES, required: true },
    question: { type: String, required: true },
    tokens: { type: [String], default: [] },
    samples: { type: [String], default: [] },
    langs: { type: [String], enum: LANGS, default: [] },
    counts: { type: countsSchema, required: true },
    total: { type: Number, required: true },
    entryIds: { type: [String], default: [] },
    firstSeen: { type: Date, required: true },
    lastSeen: { type: Date, required: true },
    resolvedEntryId: { type: String, default: null },
    resolvedAt: { type: Date, default: null },
  },
  { collection: 'enquiry_review_groups', versionKey: false },
);
// Recording: the open group of a normalised question (equality, the filter every engine pushes down).
groupSchema.index({ openKey: 1 }, { unique: true });
// GET /api/admin/enquiries/review?status=…: most reports first, then newest.
groupSchema.index({ status: 1, total: -1, _id: -1 });
// Recording: open groups sharing a search term with the question (similarity candidates), recent first.
groupSchema.index({ status: 1, lastSeen: -1 });

export type ReviewItemModel = Model<ReviewItemDoc>;
export type ReviewGroupModel = Model<ReviewGroupDoc>;

export function reviewModels(conn: Connection) {
  return {
    reviewItems: (conn.models.EnquiryReviewItem as ReviewItemModel | undefined) ?? conn.model<ReviewItemDoc>('EnquiryReviewItem', itemSchema),
    reviewGroups: (conn.models.EnquiryReviewGroup as ReviewGroupModel | undefined) ?? conn.model<ReviewGroupDoc>('EnquiryReviewGroup', groupSchema),
  };
}

export function toReviewGroupDto(d: ReviewGroupDoc): ReviewGroupDto {
  const counts = { clarify: d.counts?.clarify ?? 0, unknown: d.counts?.unknown ?? 0, thumbsDown: d.counts?.thumbsDown ?? 0, thumbsUp: d.counts?.thumbsUp ?? 0 };
  return {
    id: String(d._id),
    question: d.question,
    samples: d.samples.slice(0, REVIEW_MAX_SAMPLES),
    langs: d.langs,
    counts,
    total: d.total,
    firstSeen: new Date(d.firstSeen).toISOString(),
    lastSeen: new Date(d.lastSeen).toISOString(),
    entryIds: d.entryIds,
    status: d.status,
    resolvedEntryId: d.resolvedEntryId ?? null,
    resolvedAt: d.resolvedAt ? new Date(d.resolvedAt).toISOString() : null,
  };
}

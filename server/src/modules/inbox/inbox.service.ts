import { Types } from 'mongoose';
import type { InboxItemDto, Lang, LocalisedText, NotificationTopic, Page } from '@bay/shared';
import { isDuplicateKey } from '../../core/db.js';
import { notFound } from '../../core/errors.js';
import type { InboxItemDoc, InboxItemModel } from './inbox.model.js';

export interface InboxItemInput {
  userId: Types.ObjectId;
  dedupeKey: string;
  topic: NotificationTopic;
  title: LocalisedText;
  body: LocalisedText;
  link?: string | null;
}

const pick = (text: LocalisedText, lang: Lang): string => text[lang] || text['zh-Hans'] || text.en || '';

export function toInboxItemDto(doc: InboxItemDoc, lang: Lang): InboxItemDto {
  return {
    id: String(doc._id),
    topic: doc.topic,
    title: pick(doc.title, lang),
    body: pick(doc.body, lang),
    ...(doc.link ? { link: doc.link } : {}),
    createdAt: doc.createdAt.toISOString(),
    readAt: doc.readAt ? doc.readAt.toISOString() : null,
  };
}

export function createInboxService(items: InboxItemModel) {
  /**
   * Creates inbox items, idempotent by dedupeKey (unordered insert; duplicates are what the
   * unique index is for, so a replayed relay or fan-out batch adds nothing). Returns how many were new.
   */
  async function createInboxItems(inputs: InboxItemInput[]): Promise<number> {
    if (!inputs.length) return 0;
    const now = new Date();
    const docs = inputs.map((i) => ({ ...i, link: i.link ?? null, readAt: null, createdAt: now }));
    try {
      const res = await items.collection.insertMany(docs, { ordered: false });
      return res.insertedCount;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const inserted = (err as { result?: { insertedCount?: number }; insertedCount?: number }).result?.insertedCount
        ?? (err as { insertedCount?: number }).insertedCount ?? 0;
      return inserted;
    }
  }

  async function list(userId: Types.ObjectId, lang: Lang, params: { cursor?: string | undefined; limit: number }): Promise<Page<InboxItemDto>> {
    const filter: Record<string, unknown> = { userId };
    if (params.cursor) filter._id = { $lt: new Types.ObjectId(params.cursor) };
    const docs = await items.find(filter).sort({ _id: -1 }).limit(params.limit + 1).lean<InboxItemDoc[]>();
    const more = docs.length > params.limit;
    const page = docs.slice(0, params.limit);
    return { items: page.map((d) => toInboxItemDto(d, lang)), nextCursor: more ? String(page[page.length - 1]!._id) : null };
  }

  async function unreadCount(userId: Types.ObjectId): Promise<number> {
    return items.countDocuments({ userId, readAt: null });
  }

  /** Marks one of the user's own items read (idempotent); someone else's item is a 404. */
  async function markRead(userId: Types.ObjectId, id: string, lang: Lang): Promise<InboxItemDto> {
    const doc = await items.findOne({ _id: id, userId }).lean<InboxItemDoc>();
    if (!doc) throw notFound();
    if (doc.readAt) return toInboxItemDto(doc, lang);
    const readAt = new Date();
    // Setting the same field to "now" twice is harmless, so no lock is needed.
    await items.updateOne({ _id: doc._id, userId, readAt: null }, { $set: { readAt } });
    return toInboxItemDto({ ...doc, readAt }, lang);
  }

  async function markAllRead(userId: Types.ObjectId): Promise<number> {
    const res = await items.updateMany({ userId, readAt: null }, { $set: { readAt: new Date() } });
    return res.modifiedCount;
  }

  return { createInboxItems, list, unreadCount, markRead, markAllRead };
}
export type InboxService = ReturnType<typeof createInboxService>;

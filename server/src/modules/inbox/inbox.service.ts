import { Types } from 'mongoose';
import { textIn, type InboxItemDto, type Lang, type LocalisedText, type NotificationTopic, type Page } from '@bay/shared';
import { isDuplicateKey } from '../../core/db.js';
import { notFound } from '../../core/errors.js';
import { AUDIENCE_PROJECTION, inAudience, type AudienceUser } from '../broadcasts/broadcast.audience.js';
import type { BroadcastDoc, BroadcastModel } from '../broadcasts/broadcast.model.js';
import type { UserModel } from '../users/user.model.js';
import type { BroadcastReadModel, InboxItemDoc, InboxItemModel } from './inbox.model.js';

export interface InboxItemInput {
  userId: Types.ObjectId;
  dedupeKey: string;
  topic: NotificationTopic;
  title: LocalisedText;
  body: LocalisedText;
  link?: string | null;
}

interface Deps {
  items: InboxItemModel;
  /** Read state of broadcast entries, one document per resident who read one. */
  reads: BroadcastReadModel;
  broadcasts: BroadcastModel;
  users: UserModel;
}

/** A broadcast as its inbox entry needs it. */
type BroadcastEntry = Pick<BroadcastDoc, '_id' | 'title' | 'body' | 'link' | 'audience' | 'fanout'> & { inboxKey: Types.ObjectId };

/** Broadcasts that have started sending (paused ones included: pausing slows the pushes, it does not withdraw the notice). */
const LISTED_STATES = ['sending', 'paused', 'done'] as const;

const pick = (text: LocalisedText, lang: Lang): string => textIn(text, lang);

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

/** A broadcast's entry, shaped as the inbox item a per-resident copy used to be. */
function broadcastItemDto(b: BroadcastEntry, lang: Lang, readAt: Date | null): InboxItemDto {
  return {
    id: String(b.inboxKey),
    topic: 'broadcast',
    title: pick(b.title, lang),
    body: pick(b.body, lang),
    ...(b.link ? { link: b.link } : {}),
    createdAt: new Date(b.fanout.startAt ?? b.inboxKey.getTimestamp()).toISOString(),
    readAt: readAt ? readAt.toISOString() : null,
  };
}

/** Newest first: ObjectIds of one length compare as their hex strings. */
const newestFirst = (a: { key: Types.ObjectId }, b: { key: Types.ObjectId }) => (String(a.key) < String(b.key) ? 1 : -1);

/**
 * A resident's inbox: their personal items, merged with the broadcasts whose audience includes
 * them, derived at read time (a broadcast stores no item per resident; the fan-out only writes
 * the notifications a channel has to deliver). A broadcast is listed once it has started sending
 * and until it is cancelled, to residents in its audience (the fan-out's own filter, evaluated on
 * the resident as they are now) who had joined by the time it started sending: a resident who
 * joins later finds older broadcasts on the public notices page, not as unread inbox entries.
 */
export function createInboxService(deps: Deps) {
  const { items, reads, broadcasts, users } = deps;

  /**
   * Creates inbox items, idempotent by dedupeKey (unordered insert; duplicates are what the
   * unique index is for, so a replayed relay adds nothing). Returns how many were new.
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

  /**
   * The broadcasts listed in a user's inbox, newest first: all of them, those older than `before`
   * (a page cursor), or the one whose inbox id is `only`. Broadcasts are few (an admin sends a
   * handful a week), so they are read whole and matched against the user in memory.
   */
  async function broadcastEntries(userId: Types.ObjectId, opts: { before?: Types.ObjectId; only?: Types.ObjectId } = {}): Promise<BroadcastEntry[]> {
    const user = await users.findById(userId, AUDIENCE_PROJECTION).lean<AudienceUser>();
    if (!user || user.role !== 'resident') return [];
    const inboxKey = opts.only ?? { $ne: null, ...(opts.before ? { $lt: opts.before } : {}) };
    const found = await broadcasts.find(
      { inboxKey, state: { $in: LISTED_STATES }, 'fanout.startAt': { $gte: user.createdAt ?? new Date(0) } },
      { title: 1, body: 1, link: 1, audience: 1, fanout: 1, inboxKey: 1 },
    ).lean<BroadcastEntry[]>();
    return found.filter((b) => inAudience(b.audience, user)).sort((a, b) => newestFirst({ key: a.inboxKey }, { key: b.inboxKey }));
  }

  /** When the user read each of these broadcasts (absent = unread). */
  async function readTimes(userId: Types.ObjectId, entries: BroadcastEntry[]): Promise<Map<string, Date>> {
    if (!entries.length) return new Map();
    const docs = await reads.find({ userId, broadcastId: { $in: entries.map((b) => b._id) } }, { broadcastId: 1, readAt: 1 }).lean<{ broadcastId: Types.ObjectId; readAt: Date }[]>();
    return new Map(docs.map((r) => [String(r.broadcastId), r.readAt]));
  }

  async function list(userId: Types.ObjectId, lang: Lang, params: { cursor?: string | undefined; limit: number }): Promise<Page<InboxItemDto>> {
    const filter: Record<string, unknown> = { userId };
    const before = params.cursor ? new Types.ObjectId(params.cursor) : undefined;
    if (before) filter._id = { $lt: before };
    const [docs, entries] = await Promise.all([
      items.find(filter).sort({ _id: -1 }).limit(params.limit + 1).lean<InboxItemDoc[]>(),
      broadcastEntries(userId, before ? { before } : {}),
    ]);
    type Row = { key: Types.ObjectId; item?: InboxItemDoc; broadcast?: BroadcastEntry };
    const rows: Row[] = [...docs.map((item) => ({ key: item._id, item })), ...entries.map((broadcast) => ({ key: broadcast.inboxKey, broadcast }))];
    rows.sort(newestFirst);
    const more = rows.length > params.limit;
    const page = rows.slice(0, params.limit);
    const readAt = await readTimes(userId, page.flatMap((r) => (r.broadcast ? [r.broadcast] : [])));
    return {
      items: page.map((r) => (r.item ? toInboxItemDto(r.item, lang) : broadcastItemDto(r.broadcast!, lang, readAt.get(String(r.broadcast!._id)) ?? null))),
      nextCursor: more ? String(page[page.length - 1]!.key) : null,
    };
  }

  async function unreadCount(userId: Types.ObjectId): Promise<number> {
    const [personal, entries] = await Promise.all([items.countDocuments({ userId, readAt: null }), broadcastEntries(userId)]);
    return personal + entries.length - (await readTimes(userId, entries)).size;
  }

  /** Stores that the user read a broadcast (once: the unique index keeps the first time); returns when. */
  async function markBroadcastRead(userId: Types.ObjectId, broadcastId: Types.ObjectId): Promise<Date> {
    const existing = await reads.findOne({ userId, broadcastId }, { readAt: 1 }).lean<{ readAt: Date }>();
    if (existing) return existing.readAt;
    const readAt = new Date();
    try {
      await reads.collection.insertOne({ userId, broadcastId, readAt });
      return readAt;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Marked at the same moment by another request: theirs is the first time.
      return (await reads.findOne({ userId, broadcastId }, { readAt: 1 }).lean<{ readAt: Date }>())?.readAt ?? readAt;
    }
  }

  /** Marks one of the user's own items (or a broadcast listed in their inbox) read, idempotently; anything else is a 404. */
  async function markRead(userId: Types.ObjectId, id: string, lang: Lang): Promise<InboxItemDto> {
    const doc = await items.findOne({ _id: id, userId }).lean<InboxItemDoc>();
    if (!doc) {
      const [entry] = await broadcastEntries(userId, { only: new Types.ObjectId(id) });
      if (!entry) throw notFound();
      return broadcastItemDto(entry, lang, await markBroadcastRead(userId, entry._id));
    }
    if (doc.readAt) return toInboxItemDto(doc, lang);
    const readAt = new Date();
    // Setting the same field to "now" twice is harmless, so no lock is needed.
    await items.updateOne({ _id: doc._id, userId, readAt: null }, { $set: { readAt } });
    return toInboxItemDto({ ...doc, readAt }, lang);
  }

  async function markAllRead(userId: Types.ObjectId): Promise<number> {
    const [res, entries] = await Promise.all([items.updateMany({ userId, readAt: null }, { $set: { readAt: new Date() } }), broadcastEntries(userId)]);
    const already = await readTimes(userId, entries);
    const readAt = new Date();
    const unread = entries.filter((b) => !already.has(String(b._id))).map((b) => ({ userId, broadcastId: b._id, readAt }));
    let marked = 0;
    if (unread.length) {
      try {
        marked = (await reads.collection.insertMany(unread, { ordered: false })).insertedCount;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        marked = (err as { result?: { insertedCount?: number } }).result?.insertedCount ?? 0;
      }
    }
    return res.modifiedCount + marked;
  }

  return { createInboxItems, list, unreadCount, markRead, markAllRead };
}
export type InboxService = ReturnType<typeof createInboxService>;

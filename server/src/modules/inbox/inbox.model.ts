import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { NOTIFICATION_TOPICS, type InboxItemDto, type LocalisedText } from '@bay/shared';

/**
 * The record a resident can always read: one item per personal message (application status,
 * handoff reply), whatever channel carried it. Broadcasts have no item per resident: the inbox
 * derives their entries at read time (inbox.service.ts) and keeps read state in broadcast_reads.
 */
export interface InboxItemDoc extends Pick<InboxItemDto, 'topic'> {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  /** The notification's dedupe key: replaying a relay or a fan-out never adds a second item. */
  dedupeKey: string;
  title: LocalisedText;
  body: LocalisedText;
  link?: string | null;
  readAt: Date | null;
  createdAt: Date;
}

const inboxItemSchema = new Schema<InboxItemDoc>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    dedupeKey: { type: String, required: true },
    topic: { type: String, enum: NOTIFICATION_TOPICS, required: true },
    title: { type: Schema.Types.Mixed, required: true },
    body: { type: Schema.Types.Mixed, required: true },
    link: { type: String, default: null },
    readAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'inbox_items', versionKey: false },
);
// Idempotent creation: one item per message.
inboxItemSchema.index({ dedupeKey: 1 }, { unique: true });
// Listing (newest first, cursor on _id) and the unread count of one user.
inboxItemSchema.index({ userId: 1, _id: -1 });
inboxItemSchema.index({ userId: 1, readAt: 1 });

export type InboxItemModel = Model<InboxItemDoc>;
export const inboxItemModel = (conn: Connection): InboxItemModel =>
  (conn.models.InboxItem as InboxItemModel | undefined) ?? conn.model<InboxItemDoc>('InboxItem', inboxItemSchema);

/** A resident read a broadcast's inbox entry: the only per-resident document a broadcast's inbox entry ever gets. */
export interface BroadcastReadDoc {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  broadcastId: Types.ObjectId;
  readAt: Date;
}

const broadcastReadSchema = new Schema<BroadcastReadDoc>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    broadcastId: { type: Schema.Types.ObjectId, required: true },
    readAt: { type: Date, required: true },
  },
  { collection: 'broadcast_reads', versionKey: false },
);
// Read state of the broadcasts on one inbox page / in one unread count (userId equality, broadcastId $in); unique so marking twice stores one.
broadcastReadSchema.index({ userId: 1, broadcastId: 1 }, { unique: true });

export type BroadcastReadModel = Model<BroadcastReadDoc>;
export const broadcastReadModel = (conn: Connection): BroadcastReadModel =>
  (conn.models.BroadcastRead as BroadcastReadModel | undefined) ?? conn.model<BroadcastReadDoc>('BroadcastRead', broadcastReadSchema);

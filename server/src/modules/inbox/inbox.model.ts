import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { NOTIFICATION_TOPICS, type LocalisedText, type NotificationTopic } from '@bay/shared';

/** The record a resident can always read: one item per application/handoff/broadcast message, whatever channel carried it. */
export interface InboxItemDoc {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  /** The notification's dedupe key: replaying a relay or a fan-out never adds a second item. */
  dedupeKey: string;
  topic: NotificationTopic;
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

import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { LANGS, type HandoffReplyOutboxMessageDto, type Lang, type OutboxMessageKind } from '@bay/shared';
import type { StatusPayload } from '../applications/application.model.js';

export type HandoffReplyPayload = HandoffReplyOutboxMessageDto['payload'];

export const NOTIFICATION_STATES = ['pending', 'sending', 'sent', 'failed', 'dead'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

export interface NotificationDoc {
  _id: Types.ObjectId;
  /** `application:<id>:<status>` or `handoff:<ticket>:<reply>`: one notification per event, however often it is relayed. */
  dedupeKey: string;
  userId: Types.ObjectId;
  kind: OutboxMessageKind;
  /** StatusPayload for application.status; { ticketId, text, at } for handoff.reply. */
  payload: StatusPayload | HandoffReplyPayload;
  /** The user's language when the relay copied it. */
  lang: Lang;
  state: NotificationState;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  workerId: string | null;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const notificationSchema = new Schema<NotificationDoc>(
  {
    dedupeKey: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    lang: { type: String, enum: LANGS, required: true },
    state: { type: String, enum: NOTIFICATION_STATES, required: true, default: 'pending' },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseUntil: { type: Date, default: null },
    workerId: { type: String, default: null },
    lastError: { type: String, default: null },
    sentAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'notifications' },
);
// Relay: upsert by dedupe key, so replaying an outbox entry is harmless.
notificationSchema.index({ dedupeKey: 1 }, { unique: true });
// Claim: due pending (or lease-expired sending) messages, oldest due first.
notificationSchema.index({ state: 1, nextAttemptAt: 1 });
// Per-user listing and tests.
notificationSchema.index({ userId: 1, _id: -1 });

export type NotificationModel = Model<NotificationDoc>;
export const notificationModel = (conn: Connection): NotificationModel =>
  (conn.models.Notification as NotificationModel | undefined) ?? conn.model<NotificationDoc>('Notification', notificationSchema);

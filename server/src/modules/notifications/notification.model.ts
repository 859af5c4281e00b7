import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { LANGS, NOTIFICATION_CHANNELS, NOTIFICATION_TOPICS, type HandoffReplyOutboxMessageDto, type Lang, type NotificationChannel, type NotificationTopic, type OutboxMessageKind } from '@bay/shared';
import type { StatusPayload } from '../applications/application.model.js';

export type HandoffReplyPayload = HandoffReplyOutboxMessageDto['payload'];

/** `cancelled`: a broadcast was cancelled before this message went out. */
export const NOTIFICATION_STATES = ['pending', 'sending', 'sent', 'failed', 'dead', 'cancelled'] as const;
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
  /** What it is about (opt-outs are per topic). */
  topic: NotificationTopic;
  /** Where this copy goes; the router may re-route a failed copy to the next channel. */
  channel: NotificationChannel;
  /** Urgent messages ignore quiet hours. */
  urgent: boolean;
  /** Set on the messages a broadcast fanned out. */
  broadcastId?: Types.ObjectId | null;
  /** A WeChat group (bot channel) instead of a person, for group broadcasts. */
  roomId?: string | null;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  workerId: string | null;
  /** The claim that last took this message (outbox claimCandidates: one updateMany, then a read by this token). */
  claimToken?: string | null;
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
    topic: { type: String, enum: NOTIFICATION_TOPICS, required: true, default: 'application' },
    channel: { type: String, enum: NOTIFICATION_CHANNELS, required: true, default: 'bot' },
    urgent: { type: Boolean, required: true, default: true },
    broadcastId: { type: Schema.Types.ObjectId, default: null },
    roomId: { type: String, default: null },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    leaseUntil: { type: Date, default: null },
    workerId: { type: String, default: null },
    claimToken: { type: String, default: null },
    lastError: { type: String, default: null },
    sentAt: { type: Date, default: null },
  },
  { timestamps: true, collection: 'notifications' },
);
// Relay: upsert by dedupe key, so replaying an outbox entry is harmless.
notificationSchema.index({ dedupeKey: 1 }, { unique: true });
// Claim: due pending (or lease-expired sending) messages, oldest due first.
notificationSchema.index({ state: 1, nextAttemptAt: 1 });
// Claim read-back: the messages one batch claim won (`find({ claimToken })`).
notificationSchema.index({ claimToken: 1 });
// Broadcast progress and pause/cancel: counts and bulk state changes by broadcast.
notificationSchema.index({ broadcastId: 1, state: 1 });
// Per-user listing and tests.
notificationSchema.index({ userId: 1, _id: -1 });

export type NotificationModel = Model<NotificationDoc>;
export const notificationModel = (conn: Connection): NotificationModel =>
  (conn.models.Notification as NotificationModel | undefined) ?? conn.model<NotificationDoc>('Notification', notificationSchema);

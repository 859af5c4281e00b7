import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { LANGS, NOTIFICATION_CHANNELS, NOTIFICATION_TOPICS, type AdminNotificationDto, type OutboxContent, type OutboxMessageDto, type OutboxMessageKind, type OutboxPayloadOf } from '@bay/shared';

export type HandoffReplyPayload = OutboxPayloadOf<'handoff.reply'>;

/** `cancelled`: a broadcast was cancelled before this message went out. */
export const NOTIFICATION_STATES = ['pending', 'sending', 'sent', 'failed', 'dead', 'cancelled'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/**
 * What every stored message has, whatever its kind: the fields the admin view and the bot's
 * message share, and the delivery state. `dedupeKey` is `application:<id>:<status>`,
 * `handoff:<ticket>:<reply>`, `broadcast:<id>:<user>`, …: one notification per event, however
 * often it is enqueued. `lang` is the user's language when the relay copied it; `topic` what it
 * is about (opt-outs are per topic); `channel` where this copy goes (the router may re-route a
 * failed copy to the next channel).
 */
interface NotificationFields
  extends Pick<AdminNotificationDto, 'dedupeKey' | 'topic' | 'channel' | 'attempts' | 'lastError'>, Pick<OutboxMessageDto, 'lang'> {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  state: NotificationState;
  /** Urgent messages ignore quiet hours. */
  urgent: boolean;
  /** Set on the messages a broadcast fanned out. */
  broadcastId?: Types.ObjectId | null;
  /** A WeChat group (bot channel) instead of a person, for group broadcasts. */
  roomId?: string | null;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  workerId: string | null;
  /** The claim that last took this message (outbox claimCandidates: one updateMany, then a read by this token). */
  claimToken?: string | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A stored message: its fields and its kind with that kind's payload (shared OutboxContent), so narrowing on `kind` types `payload`. */
export type NotificationDoc = NotificationFields & OutboxContent;
/** The same document as mongoose's schema sees it (kind and payload not tied together). */
type NotificationRecord = NotificationFields & { kind: OutboxMessageKind; payload: OutboxContent['payload'] };

const notificationSchema = new Schema<NotificationRecord>(
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

export type NotificationModel = Model<NotificationRecord>;
export const notificationModel = (conn: Connection): NotificationModel =>
  (conn.models.Notification as NotificationModel | undefined) ?? conn.model<NotificationRecord>('Notification', notificationSchema);

/**
 * A broadcast whose messages claims skip: paused (`until` null, until it resumes) or cancelled a
 * moment ago (`until` set). Written only by the outbox's pauseBroadcast / resumeBroadcast / cancelBroadcast.
 */
export interface OutboxHoldDoc {
  /** The broadcast's id. */
  _id: Types.ObjectId;
  until: Date | null;
}
const outboxHoldSchema = new Schema<OutboxHoldDoc>({ until: { type: Date, default: null } }, { collection: 'outbox_holds', versionKey: false });
export type OutboxHoldModel = Model<OutboxHoldDoc>;
export const outboxHoldModel = (conn: Connection): OutboxHoldModel =>
  (conn.models.OutboxHold as OutboxHoldModel | undefined) ?? conn.model<OutboxHoldDoc>('OutboxHold', outboxHoldSchema);

import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { BROADCAST_STATES, type BroadcastDto, type BroadcastState } from '@bay/shared';

export interface BroadcastDoc extends Pick<BroadcastDto, 'title' | 'body' | 'link' | 'audience' | 'state' | 'ratePerMinute'> {
  _id: Types.ObjectId;
  scheduleAt: Date;
  createdBy: Types.ObjectId | null;
  /** The state to return to on resume. */
  pausedFrom?: BroadcastState | null;
  /**
   * Fan-out progress, so a crashed fan-out resumes where it stopped: `startAt` anchors the
   * staggering (recipient i is due at startAt + i * spacing), `lastKey` is the last user _id
   * (or room id) handled, `count` how many recipients were handled, `slots` how many of them
   * took a bot send slot, `done` once all were.
   */
  fanout: { startAt: Date | null; lastKey: string | null; count: number; slots?: number; done: boolean };
  /**
   * Which server instance is fanning the broadcast out, until when (renewed after every batch):
   * with several instances each runs the scheduler, and only the holder fans out, so recipients'
   * send slots are counted once. A holder that died is replaced when its lease has ended.
   */
  fanoutLease?: { owner: string; until: Date } | null;
  /**
   * The broadcast's entry in its residents' inboxes (derived at read time, no item per resident):
   * its id there and its place in the inbox order, taken when the fan-out starts, so it sorts
   * among personal inbox items (ObjectIds of their creation) as one item per resident did.
   * Null until the broadcast starts sending.
   */
  inboxKey?: Types.ObjectId | null;
  createdAt: Date;
  updatedAt: Date;
}

const broadcastSchema = new Schema<BroadcastDoc>(
  {
    title: { type: Schema.Types.Mixed, required: true },
    body: { type: Schema.Types.Mixed, required: true },
    link: String,
    audience: { type: Schema.Types.Mixed, required: true },
    state: { type: String, enum: BROADCAST_STATES, required: true, default: 'scheduled' },
    scheduleAt: { type: Date, required: true },
    ratePerMinute: { type: Number, required: true },
    createdBy: { type: Schema.Types.ObjectId, default: null },
    pausedFrom: { type: String, default: null },
    fanout: {
      type: new Schema({ startAt: { type: Date, default: null }, lastKey: { type: String, default: null }, count: { type: Number, default: 0 }, slots: { type: Number, default: 0 }, done: { type: Boolean, default: false } }, { _id: false }),
      default: () => ({ startAt: null, lastKey: null, count: 0, slots: 0, done: false }),
    },
    fanoutLease: { type: Schema.Types.Mixed, default: null },
    inboxKey: { type: Schema.Types.ObjectId, default: null },
  },
  { timestamps: true, collection: 'broadcasts' },
);
// Scheduler: due scheduled broadcasts and unfinished fan-outs; outbox claim: paused/cancelled ids.
broadcastSchema.index({ state: 1, scheduleAt: 1 });
// A resident's inbox: started broadcasts newest first (cursor on inboxKey), and marking one read by its inbox id.
broadcastSchema.index({ inboxKey: -1 });

export type BroadcastModel = Model<BroadcastDoc>;
export const broadcastModel = (conn: Connection): BroadcastModel =>
  (conn.models.Broadcast as BroadcastModel | undefined) ?? conn.model<BroadcastDoc>('Broadcast', broadcastSchema);

/** WeChat groups the bot reported being in (group-audience broadcasts go to these). */
export interface BotRoomDoc {
  _id: Types.ObjectId;
  roomId: string;
  topic: string;
  updatedAt: Date;
  createdAt: Date;
}
const botRoomSchema = new Schema<BotRoomDoc>(
  { roomId: { type: String, required: true }, topic: { type: String, default: '' } },
  { timestamps: true, collection: 'bot_rooms' },
);
// Upsert by the puppet's room id.
botRoomSchema.index({ roomId: 1 }, { unique: true });

export type BotRoomModel = Model<BotRoomDoc>;
export const botRoomModel = (conn: Connection): BotRoomModel =>
  (conn.models.BotRoom as BotRoomModel | undefined) ?? conn.model<BotRoomDoc>('BotRoom', botRoomSchema);

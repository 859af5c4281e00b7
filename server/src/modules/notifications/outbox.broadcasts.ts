import type { Types } from 'mongoose';
import type { BroadcastDto } from '@bay/shared';
import { lockKeys, type Locks } from '../../core/lock.js';
import type { NotificationModel, NotificationState, OutboxHoldModel } from './notification.model.js';

/** Pending messages re-staggered per read when a broadcast resumes. */
const RESTAGGER_BATCH = 1000;
/** How long a cancelled broadcast stays on hold (fan-out batches in flight at the cancel). */
const CANCEL_HOLD_MS = 3600_000;

/** Messages per delivery state, as the broadcasts page and /stats show them. */
export type DeliveryCounts = Omit<BroadcastDto['counts'], 'recipients'>;
const emptyDeliveryCounts = (): DeliveryCounts => ({ pending: 0, sent: 0, failed: 0, dead: 0, cancelled: 0 });
function addCount(counts: DeliveryCounts, state: NotificationState, n: number): void {
  const key = state === 'sending' ? 'pending' : state;
  counts[key] += n;
}

interface Deps {
  notifications: NotificationModel;
  holds: OutboxHoldModel;
  locks: Locks;
}

/**
 * What a broadcast does with its own messages, through the outbox (part of the outbox service):
 * hold them (pause), re-stagger and release them (resume), cancel them, and count them. The
 * broadcasts module never writes `notifications` itself; the outbox's claims skip what
 * heldBroadcastIds lists.
 */
export function createBroadcastMessages({ notifications, holds, locks }: Deps) {
  /**
   * Ids of broadcasts on hold (paused, or cancelled within the hour: their pending messages are
   * being cancelled, and a fan-out batch in flight may still insert some): claims skip them.
   * Loaded per claim from `outbox_holds`, a handful of documents.
   */
  async function heldBroadcastIds(): Promise<Types.ObjectId[]> {
    const docs = await holds.find({ $or: [{ until: null }, { until: { $gt: new Date() } }] }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>();
    return docs.map((d) => d._id);
  }

  /** Holds a broadcast's messages: claims skip them until resumeBroadcast (idempotent). */
  async function pauseBroadcast(broadcastId: Types.ObjectId): Promise<void> {
    await holds.updateOne({ _id: broadcastId }, { $set: { until: null } }, { upsert: true });
  }

  /** Lifts a hold as it is (a pause that did not go through). */
  async function releaseBroadcast(broadcastId: Types.ObjectId): Promise<void> {
    await holds.deleteOne({ _id: broadcastId });
  }

  /**
   * Re-staggers what is still pending of a held broadcast from now, `spacingMs` apart with up to
   * 50% jitter (otherwise everything whose time passed during the pause would go out in one
   * burst), then releases the hold. Returns how many slots it used and when they start.
   */
  async function resumeBroadcast(broadcastId: Types.ObjectId, spacingMs: number): Promise<{ slots: number; start: number }> {
    const start = Date.now();
    let slots = 0;
    let after: Types.ObjectId | null = null;
    for (;;) {
      const batch: { _id: Types.ObjectId }[] = await notifications.find({ broadcastId, state: 'pending', ...(after ? { _id: { $gt: after } } : {}) }, { _id: 1 }).sort({ _id: 1 }).limit(RESTAGGER_BATCH).lean();
      if (!batch.length) break;
      await notifications.bulkWrite(batch.map((n) => ({
        updateOne: { filter: { _id: n._id, state: 'pending' }, update: { $set: { nextAttemptAt: new Date(start + (slots++) * spacingMs + Math.random() * spacingMs * 0.5) } } },
      })), { ordered: false });
      after = batch[batch.length - 1]!._id;
    }
    await releaseBroadcast(broadcastId);
    return { slots, start };
  }

  /**
   * Turns every pending message of a broadcast into `cancelled`, and holds the broadcast for an
   * hour so a fan-out batch still in flight cannot have its messages claimed before the sender
   * calls this again. Under the notifications lock: on FerretDB an updateMany racing a claim's
   * update could both win.
   */
  async function cancelBroadcast(broadcastId: Types.ObjectId): Promise<void> {
    await holds.updateOne({ _id: broadcastId }, { $set: { until: new Date(Date.now() + CANCEL_HOLD_MS) } }, { upsert: true });
    await locks.withLock(lockKeys.notifications, () => notifications.updateMany({ broadcastId, state: 'pending' }, { $set: { state: 'cancelled', leaseUntil: null } }));
  }

  /** Messages per state of each broadcast ('sending' counted as pending). No broadcasts, no query (FerretDB would scan every notification for an empty $in). */
  async function broadcastCounts(ids: Types.ObjectId[]): Promise<Map<string, DeliveryCounts>> {
    const out = new Map<string, DeliveryCounts>();
    if (!ids.length) return out;
    for (const id of ids) out.set(String(id), emptyDeliveryCounts());
    const rows = await notifications.aggregate<{ _id: { b: Types.ObjectId; s: NotificationState }; n: number }>([
      { $match: { broadcastId: { $in: ids } } },
      { $group: { _id: { b: '$broadcastId', s: '$state' }, n: { $sum: 1 } } },
    ]);
    for (const row of rows) {
      const c = out.get(String(row._id.b));
      if (c) addCount(c, row._id.s, row.n);
    }
    return out;
  }

  /** Messages per state created since `since`, every sender ('sending' counted as pending). */
  async function countsSince(since: Date): Promise<DeliveryCounts> {
    const rows = await notifications.aggregate<{ _id: NotificationState; n: number }>([
      { $match: { createdAt: { $gte: since } } },
      { $group: { _id: '$state', n: { $sum: 1 } } },
    ]);
    const counts = emptyDeliveryCounts();
    for (const r of rows) addCount(counts, r._id, r.n);
    return counts;
  }

  /** The residents who already have a message of this broadcast (a resumed fan-out skips them). */
  async function broadcastRecipients(broadcastId: Types.ObjectId): Promise<Set<string>> {
    return new Set((await notifications.find({ broadcastId }, { userId: 1 }).lean<{ userId: Types.ObjectId }[]>()).map((n) => String(n.userId)));
  }

  /** Whether anything of this broadcast is still to be sent (exists, not a count: it stops at the first). */
  async function broadcastOpen(broadcastId: Types.ObjectId): Promise<boolean> {
    return !!(await notifications.exists({ broadcastId, state: { $in: ['pending', 'sending'] } }));
  }

  return { heldBroadcastIds, pauseBroadcast, releaseBroadcast, resumeBroadcast, cancelBroadcast, broadcastCounts, broadcastRecipients, broadcastOpen, countsSince };
}

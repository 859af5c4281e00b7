import type { Types } from 'mongoose';
import { lockKeys, type Locks } from '../../core/lock.js';
import type { Logger } from '../../core/logger.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import type { ApplicationDoc, ApplicationModel } from './application.model.js';

interface Deps {
  applications: ApplicationModel;
  outbox: Pick<OutboxService, 'enqueue'>;
  locks: Locks;
  logger: Logger;
}

/**
 * The applications module's side of its notifications. A status change writes its message into
 * the application itself (the `outbox` array, in the same atomic update as the status and the
 * timeline), so a change is never committed without its message; the relay then hands each entry
 * to the outbox's `enqueue` and removes it.
 */
export function createApplicationRelay({ applications, outbox, locks, logger }: Deps) {
  /**
   * Moves the embedded outbox entries of one application into the outbox, oldest first. Each entry
   * is removed only after it is enqueued, and only if it is still the head of the array ($pop with a
   * precondition: FerretDB's $pull cannot match by condition). A crash in between leaves the entry
   * in place; the next relay enqueues it again, which the outbox ignores (same dedupe key).
   */
  function relayApplication(applicationId: Types.ObjectId | string): Promise<number> {
    return locks.withLock(lockKeys.application(String(applicationId)), async () => {
      let moved = 0;
      for (let guard = 0; guard < 100; guard++) {
        const app = await applications.findById(applicationId, { userId: 1, outbox: 1 }).lean<Pick<ApplicationDoc, '_id' | 'userId' | 'outbox'>>();
        const head = app?.outbox?.[0];
        if (!app || !head) return moved;
        await outbox.enqueue([{ userId: app.userId, dedupeKey: head.dedupeKey, kind: head.kind, payload: head.payload }]);
        await applications.collection.updateOne({ _id: app._id, 'outbox.0.dedupeKey': head.dedupeKey }, { $pop: { outbox: -1 } });
        moved++;
      }
      return moved;
    });
  }

  /** Relays every application that still holds entries (the periodic sweep: what a crash left behind). */
  async function relayAll(): Promise<number> {
    const pending = await applications.find({ 'outbox.dedupeKey': { $exists: true } }, { _id: 1 }).limit(500).lean();
    let moved = 0;
    for (const app of pending) moved += await relayApplication(app._id);
    return moved;
  }

  /**
   * Relays one application's entries right after a change, before the request answers, so the
   * notification exists when the caller hears back. A failure here is only logged: the change
   * is already committed with its entry, and the periodic sweep relays it later.
   */
  async function relayAfterChange(applicationId: Types.ObjectId | string): Promise<void> {
    await relayApplication(applicationId).catch((err: unknown) => logger.error({ err, applicationId: String(applicationId) }, 'outbox relay failed'));
  }

  return { relayApplication, relayAll, relayAfterChange };
}
export type ApplicationRelay = ReturnType<typeof createApplicationRelay>;

/** One notification per application and status, however often it is relayed. */
export function statusDedupeKey(applicationId: string, status: string): string {
  return `application:${applicationId}:${status}`;
}

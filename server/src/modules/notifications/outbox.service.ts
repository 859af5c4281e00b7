import { Types } from 'mongoose';
import { DEFAULT_LANG, type OutboxMessageDto } from '@bay/shared';
import { AppError, notFound } from '../../core/errors.js';
import { isDuplicateKey } from '../../core/db.js';
import { lockKeys, withLock } from '../../core/lock.js';
import type { Logger } from '../../core/logger.js';
import type { ApplicationDoc, ApplicationModel, StatusPayload } from '../applications/application.model.js';
import type { UserDoc, UserModel } from '../users/user.model.js';
import type { HandoffReplyPayload, NotificationDoc, NotificationModel } from './notification.model.js';

interface Deps {
  applications: ApplicationModel;
  notifications: NotificationModel;
  users: UserModel;
  maxAttempts: number;
  logger: Logger;
  /** Backoff after the n-th failed attempt: base * 2^(n-1), capped. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export function createOutboxService(deps: Deps) {
  const { applications, notifications, users, logger } = deps;
  const backoffBaseMs = deps.backoffBaseMs ?? 2000;
  const backoffMaxMs = deps.backoffMaxMs ?? 15 * 60_000;

  /** Copies one embedded entry into `notifications` (idempotent upsert by dedupeKey). */
  async function deliverEntry(userId: Types.ObjectId, entry: Pick<NotificationDoc, 'dedupeKey' | 'kind' | 'payload'>, lang: UserDoc['lang']): Promise<void> {
    const now = new Date();
    try {
      await withLock(lockKeys.notifications, () => notifications.updateOne(
        { dedupeKey: entry.dedupeKey },
        {
          $setOnInsert: {
            dedupeKey: entry.dedupeKey, userId, kind: entry.kind, payload: entry.payload, lang,
            state: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: null, workerId: null, lastError: null, sentAt: null,
          },
        },
        { upsert: true },
      ));
    } catch (err) {
      // Another relay inserted the same key first: exactly what the unique index is for.
      if (!isDuplicateKey(err)) throw err;
    }
  }

  /**
   * Moves the embedded outbox entries of one application into `notifications`, oldest first.
   * Each entry is removed only after its notification exists, and only if it is still the
   * head of the array ($pop with a precondition: FerretDB's $pull cannot match by condition).
   * A crash in between leaves the entry in place; the next relay replays it harmlessly.
   */
  function relayApplication(applicationId: Types.ObjectId | string): Promise<number> {
    return withLock(lockKeys.application(String(applicationId)), () => relayLocked(applicationId));
  }

  async function relayLocked(applicationId: Types.ObjectId | string): Promise<number> {
    let moved = 0;
    for (let guard = 0; guard < 100; guard++) {
      const app = await applications.findById(applicationId, { userId: 1, outbox: 1 }).lean<Pick<ApplicationDoc, '_id' | 'userId' | 'outbox'>>();
      const head = app?.outbox?.[0];
      if (!app || !head) return moved;
      const user = await users.findById(app.userId, { lang: 1 }).lean<Pick<UserDoc, 'lang'>>();
      await deliverEntry(app.userId, head, user?.lang ?? DEFAULT_LANG);
      await applications.collection.updateOne({ _id: app._id, 'outbox.0.dedupeKey': head.dedupeKey }, { $pop: { outbox: -1 } });
      moved++;
    }
    return moved;
  }

  /**
   * Enqueues a notification that is not tied to an application (e.g. a staff reply to a handoff
   * ticket): one idempotent upsert by dedupeKey, claimed and delivered like any other.
   */
  async function enqueue(n: { dedupeKey: string; userId: Types.ObjectId; kind: NotificationDoc['kind']; payload: NotificationDoc['payload']; lang: UserDoc['lang'] }): Promise<void> {
    await deliverEntry(n.userId, n, n.lang);
  }

  /** Relays every application that still holds embedded entries. */
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

  const dueFilter = (now: Date): Record<string, unknown> => ({
    nextAttemptAt: { $lte: now },
    $or: [{ state: 'pending' }, { state: 'sending', leaseUntil: { $lt: now } }],
  });

  /**
   * Claims up to `limit` due messages for `workerId`, one atomic findOneAndUpdate each, so
   * any number of workers can claim concurrently without sharing a message. Only messages of
   * users with a bound bot contact are claimed; the others stay pending until the user binds.
   */
  // No relay here: each change is relayed right after it is written, and the periodic sweep
  // (startBackground) catches what a crash left behind, so polling workers do not rescan applications.
  async function claim(workerId: string, limit: number, leaseMs: number): Promise<OutboxMessageDto[]> {
    return withLock(lockKeys.notifications, () => claimLocked(workerId, limit, leaseMs));
  }

  async function claimLocked(workerId: string, limit: number, leaseMs: number): Promise<OutboxMessageDto[]> {
    const now = new Date();
    const due = dueFilter(now);
    const userIds = await notifications.distinct('userId', due);
    if (!userIds.length) return [];
    const bound = await users.find({ _id: { $in: userIds }, 'bot.contactId': { $exists: true, $ne: null } }, { bot: 1, lang: 1 }).lean<Pick<UserDoc, '_id' | 'bot' | 'lang'>[]>();
    if (!bound.length) return [];
    const byUser = new Map(bound.map((u) => [String(u._id), u]));
    const messages: OutboxMessageDto[] = [];
    while (messages.length < limit) {
      const doc = await notifications.findOneAndUpdate(
        { ...due, userId: { $in: bound.map((u) => u._id) } },
        { $set: { state: 'sending', workerId, leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
        { sort: { nextAttemptAt: 1, _id: 1 }, returnDocument: 'after' },
      ).lean<NotificationDoc>();
      if (!doc) break;
      const user = byUser.get(String(doc.userId));
      messages.push(toOutboxMessage(doc, user?.bot?.contactId ?? '', user?.lang ?? doc.lang));
    }
    return messages;
  }

  /** Marks a message delivered. Acking an already-sent message is fine (the bot may retry its ack). */
  function ack(id: string, workerId: string): Promise<NotificationDoc> {
    return withLock(lockKeys.notifications, () => ackLocked(id, workerId));
  }

  async function ackLocked(id: string, workerId: string): Promise<NotificationDoc> {
    const updated = await notifications.findOneAndUpdate(
      { _id: id, state: { $in: ['sending', 'pending', 'failed'] } },
      { $set: { state: 'sent', sentAt: new Date(), leaseUntil: null, workerId } },
      { returnDocument: 'after' },
    ).lean<NotificationDoc>();
    if (updated) return updated;
    const current = await notifications.findById(id).lean<NotificationDoc>();
    if (!current) throw notFound();
    if (current.state === 'sent') return current;
    throw new AppError(409, 'conflict');
  }

  /** Records a failed delivery: back to pending with exponential backoff, or dead after the last attempt. */
  function fail(id: string, workerId: string, error: string): Promise<NotificationDoc> {
    return withLock(lockKeys.notifications, () => failLocked(id, workerId, error));
  }

  async function failLocked(id: string, workerId: string, error: string): Promise<NotificationDoc> {
    const current = await notifications.findById(id).lean<NotificationDoc>();
    if (!current) throw notFound();
    if (current.state !== 'sending' || current.workerId !== workerId) throw new AppError(409, 'conflict');
    const dead = current.attempts >= deps.maxAttempts;
    const delay = Math.min(backoffBaseMs * 2 ** Math.max(0, current.attempts - 1), backoffMaxMs);
    const updated = await notifications.findOneAndUpdate(
      { _id: id, state: 'sending', workerId, attempts: current.attempts },
      {
        $set: {
          state: dead ? 'dead' : 'pending',
          nextAttemptAt: new Date(Date.now() + (dead ? 0 : delay)),
          leaseUntil: null,
          lastError: error.slice(0, 500),
        },
      },
      { returnDocument: 'after' },
    ).lean<NotificationDoc>();
    if (!updated) throw new AppError(409, 'conflict');
    if (dead) logger.warn({ notificationId: id, attempts: current.attempts }, 'notification dead after max attempts');
    return updated;
  }

  return { relayApplication, relayAll, relayAfterChange, enqueue, claim, ack, fail };
}
export type OutboxService = ReturnType<typeof createOutboxService>;

export function statusDedupeKey(applicationId: string, status: string): string {
  return `application:${applicationId}:${status}`;
}

export function toOutboxMessage(doc: NotificationDoc, contactId: string, lang: NotificationDoc['lang']): OutboxMessageDto {
  const base = { id: String(doc._id), dedupeKey: doc.dedupeKey, lang, contactId, attempts: doc.attempts };
  if (doc.kind === 'handoff.reply') {
    const p = doc.payload as HandoffReplyPayload;
    return { ...base, kind: 'handoff.reply', payload: { ticketId: p.ticketId, text: p.text, at: p.at } };
  }
  const p = doc.payload as StatusPayload;
  return { ...base, kind: 'application.status', payload: { applicationId: p.applicationId, jobTitle: p.jobTitle, status: p.status, at: p.at, ...(p.note ? { note: p.note } : {}) } };
}

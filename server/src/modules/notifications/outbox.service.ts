/*
 * The outbox: every message any module sends to a resident (or a WeChat group) goes in through
 * `enqueue` and out through the bot's claim/ack/fail or the subscribe worker's claimChannel/settle.
 *
 *   enqueue(messages: EnqueueMessage[], opts?: { recipients?: RecipientUser[] }): Promise<{ inserted: number }>
 *     EnqueueMessage = OutboxContent (shared: `kind` with that kind's payload, so a sender cannot
 *       pair a kind with another kind's payload) & { userId; dedupeKey; lang?; urgent?; broadcastId?;
 *       roomId?; inbox?; inboxOnly?; notBefore? }.
 *     Loads the recipients in one query (or takes the ones a sender already read), routes each
 *     message (channel + quiet hours for non-urgent), inserts the notifications (unordered,
 *     existing dedupeKeys skipped, so enqueueing again is harmless) and one inbox item per
 *     personal message with one (same dedupeKey). roomId messages go to 'bot' with no inbox item.
 *     The topic is the kind's (notification.content.ts topicOfKind).
 *
 * Senders keep their own side: an application's status changes wait inside the application and
 * are relayed by the applications module (application.relay.ts); broadcasts hold, resume and
 * cancel their messages through pauseBroadcast / resumeBroadcast / cancelBroadcast here, and read
 * their progress through broadcastCounts. Nothing outside this module writes `notifications`.
 */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { DEFAULT_LANG, type AdminNotificationDto, type Lang, type LocalisedText, type NotificationTopic, type OutboxAckManyResultDto, type OutboxContent, type OutboxFailureReason, type OutboxMessageDto, type Page } from '@bay/shared';
import { AppError, notFound } from '../../core/errors.js';
import { isDuplicateKey } from '../../core/db.js';
import { lockKeys, type Locks } from '../../core/lock.js';
import type { Logger } from '../../core/logger.js';
import type { Wakeups } from '../../core/shared-state.js';
import type { UserDoc, UserModel } from '../users/user.model.js';
import type { InboxItemInput, InboxService } from '../inbox/inbox.service.js';
import { notifyPrefsOf } from '../users/notify-prefs.js';
import type { NotificationDoc, NotificationModel, OutboxHoldModel } from './notification.model.js';
import { inboxContentOf, topicOfKind } from './notification.content.js';
import { quietHoursEnd, URGENT_TOPICS, type NotificationRouter, type RoutableUser } from './router.js';
import { createBroadcastMessages } from './outbox.broadcasts.js';
export type { DeliveryCounts } from './outbox.broadcasts.js';

/** A recipient as the router and the relay need it. */
export type RecipientUser = RoutableUser & Pick<UserDoc, 'lang'>;
/** The user fields a RecipientUser holds. */
export const RECIPIENT_PROJECTION = { openid: 1, bot: 1, notify: 1, lang: 1 } as const;

/**
 * Update statements per write command of a claim. FerretDB 1.24 on PostgreSQL never answered a
 * bulkWrite of 50 updateOnes (10, 20, 30 took ≈ 80, 100, 115 ms), which hung the claim.
 */
const CLAIM_STATEMENTS_PER_COMMAND = 20;
/** Point reads of users one claim runs side by side (see boundUsersOf). */
const USER_READS_IN_FLIGHT = 8;

/** Where and when a new message goes (see routeFor). */
type RouteFields = Pick<NotificationDoc, 'channel' | 'state' | 'nextAttemptAt' | 'lastError' | 'sentAt'>;

/**
 * One message for enqueue: its kind with that kind's payload (shared OutboxContent), whom it is
 * for, and how it goes.
 */
export type EnqueueMessage = OutboxContent & {
  userId: Types.ObjectId;
  dedupeKey: string;
  /** Defaults to the user's language. */
  lang?: Lang;
  /** Urgent messages ignore quiet hours; defaults to the topic's (router URGENT_TOPICS). */
  urgent?: boolean;
  broadcastId?: Types.ObjectId | null;
  /** A WeChat group: always the bot channel, no inbox item. */
  roomId?: string | null;
  /**
   * The inbox item of a personal message: defaults to the kind's own (notification.content.ts
   * inboxContentOf: application status, handoff replies); null = none.
   */
  inbox?: { title: LocalisedText; body: LocalisedText; link?: string } | null;
  /**
   * A message the router sends to the inbox only (final, state 'sent'): stored as a notification
   * ('store', the default), or not at all ('skip': the broadcast fan-out, whose inbox entry is
   * derived from the broadcast at read time, so nothing is left to deliver or record).
   */
  inboxOnly?: 'store' | 'skip';
  /** Broadcast staggering (broadcasts module): a pending message is not due before this. */
  notBefore?: Date;
};

interface Deps {
  notifications: NotificationModel;
  /** Broadcasts on hold (paused, or cancelled a moment ago): claims skip their messages. */
  holds: OutboxHoldModel;
  users: UserModel;
  router: NotificationRouter;
  inbox: InboxService;
  maxAttempts: number;
  logger: Logger;
  locks: Locks;
  /** Wakes long-polling claims, on every instance when Redis is shared (core/shared-state.ts). */
  wakeups: Wakeups;
  /** Backoff after the n-th failed attempt: base * 2^(n-1), capped. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export function createOutboxService(deps: Deps) {
  const { notifications, holds, users, logger, router, inbox, locks, wakeups } = deps;
  /**
   * Wakes long-polling claims when a message is enqueued: every instance's with REDIS_URL, this
   * process's without. A claim that is not woken answers when its wait ends and the worker polls
   * again, so waking is an optimisation of latency, never needed for correctness.
   */
  const wake = () => wakeups.notify('outbox');
  const backoffBaseMs = deps.backoffBaseMs ?? 2000;
  const backoffMaxMs = deps.backoffMaxMs ?? 15 * 60_000;

  /** A personal message with no channel yet: pending on the inbox channel; the bot claims it once the resident binds. */
  function parked(now: Date): RouteFields {
    return { channel: 'inbox', state: 'pending', nextAttemptAt: now, lastError: null, sentAt: null };
  }

  /**
   * Where a new message goes and when. Inbox-only is final ('sent' to the inbox) when the
   * resident opted out of the topic, and for non-personal topics (broadcasts); personal messages
   * of a resident with no channel stay parked so binding later still delivers them (the inbox
   * item already exists). Non-urgent messages inside the quiet hours wait until the window ends.
   */
  async function routeFor(user: RecipientUser, topic: NotificationTopic, urgent: boolean, now: Date, grantsLeft?: number): Promise<RouteFields> {
    const channel = await router.chooseChannel(user, topic, grantsLeft === undefined ? {} : { grantsLeft });
    const prefs = notifyPrefsOf(user);
    if (channel === 'inbox') {
      if (prefs.optOut.includes(topic) || !URGENT_TOPICS.has(topic)) return { channel, state: 'sent', nextAttemptAt: now, lastError: null, sentAt: now };
      return parked(now);
    }
    const quietEnd = urgent ? null : quietHoursEnd(prefs.quietHours, now);
    return { channel, state: 'pending', nextAttemptAt: quietEnd ?? now, lastError: null, sentAt: null };
  }

  /**
   * Enqueues messages (see the comment at the top of this file): one read of the recipients, one
   * read of subscribe grants per topic, then two unordered inserts side by side (the inbox items and
   * the notifications, both idempotent by dedupe key), so a batch can be enqueued again.
   * A personal message whose resident is not found is parked: pending on the inbox channel,
   * with its inbox item, delivered if the resident turns up and binds.
   */
  async function enqueue(messages: EnqueueMessage[], opts: { recipients?: RecipientUser[] } = {}): Promise<{ inserted: number }> {
    if (!messages.length) return { inserted: 0 };
    const now = new Date();
    const ids = [...new Set(messages.filter((m) => !m.roomId).map((m) => String(m.userId)))].map((id) => new Types.ObjectId(id));
    // A sender that already read the recipients (the broadcast fan-out reads RECIPIENT_PROJECTION) passes them in.
    const found = opts.recipients ?? (ids.length ? await users.find({ _id: { $in: ids } }, RECIPIENT_PROJECTION).lean<RecipientUser[]>() : []);
    const byId = new Map(found.map((u) => [String(u._id), u]));
    const grantsByTopic = new Map<NotificationTopic, Map<string, number>>();
    for (const topic of new Set(messages.filter((m) => !m.roomId).map((m) => topicOfKind(m.kind)))) {
      const templateId = router.templateFor(topic);
      grantsByTopic.set(topic, templateId ? await router.grantsFor(ids, templateId) : new Map());
    }
    const docs: Record<string, unknown>[] = [];
    const items: InboxItemInput[] = [];
    for (const m of messages) {
      const topic = topicOfKind(m.kind);
      const urgent = m.urgent ?? URGENT_TOPICS.has(topic);
      const personal = !m.roomId;
      const user = personal ? byId.get(String(m.userId)) : undefined;
      let route: RouteFields;
      if (!personal) route = { channel: 'bot', state: 'pending', nextAttemptAt: now, lastError: null, sentAt: null };
      else if (!user) route = parked(now);
      else route = await routeFor(user, topic, urgent, now, grantsByTopic.get(topic)?.get(String(m.userId)) ?? 0);
      if (personal && m.inboxOnly === 'skip' && route.channel === 'inbox' && route.state === 'sent') continue;
      // Broadcast staggering (broadcasts module): keep the recipient's slot unless quiet hours end later.
      if (m.notBefore && route.state === 'pending' && route.nextAttemptAt < m.notBefore) route.nextAttemptAt = m.notBefore;
      docs.push({
        dedupeKey: m.dedupeKey, userId: m.userId, kind: m.kind, payload: m.payload, lang: m.lang ?? user?.lang ?? DEFAULT_LANG,
        topic, urgent, broadcastId: m.broadcastId ?? null, roomId: m.roomId ?? null,
        ...route, attempts: 0, leaseUntil: null, workerId: null, createdAt: now, updatedAt: now,
      });
      const content = m.inbox === undefined ? inboxContentOf(m) : m.inbox;
      if (personal && content) items.push({ userId: m.userId, dedupeKey: m.dedupeKey, topic, title: content.title, body: content.body, link: content.link ?? null });
    }
    // The two inserts are independent (both idempotent by dedupe key): run them side by side.
    const [, inserted] = await Promise.all([inbox.createInboxItems(items), insertNotifications(docs)]);
    if (inserted) wake();
    return { inserted };
  }

  async function insertNotifications(docs: Record<string, unknown>[]): Promise<number> {
    if (!docs.length) return 0;
    try {
      return (await notifications.collection.insertMany(docs, { ordered: false })).insertedCount;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return (err as { result?: { insertedCount?: number } }).result?.insertedCount ?? 0;
    }
  }

  /**
   * What "due at `now`" means for each claimable state: pending and due, or being sent by a worker
   * whose lease has ended. One filter per state with an equality on `state`, never one `$or`:
   * FerretDB's PostgreSQL backend pushes a top-level scalar equality down to PostgreSQL (so only
   * pending, or only sending, rows are read) but reads every message ever sent for an `$or`; on
   * MongoDB both shapes use the (state, nextAttemptAt) index.
   */
  const dueByState = (now: Date): Record<ClaimableState, Record<string, unknown>> => ({
    pending: { state: 'pending', nextAttemptAt: { $lte: now } },
    sending: { state: 'sending', nextAttemptAt: { $lte: now }, leaseUntil: { $lt: now } },
  });

  /**
   * Claims up to `limit` due messages for `workerId` (a batch per claim, see claimCandidates), so
   * any number of workers can claim concurrently without sharing a message. Only messages of
   * users with a bound bot contact are claimed; the others stay pending until the user binds.
   */
  // No relay here: each change is relayed right after it is written, and the periodic sweep
  // (startBackground) catches what a crash left behind, so polling workers do not rescan applications.
  async function claim(workerId: string, limit: number, leaseMs: number, waitMs = 0): Promise<OutboxMessageDto[]> {
    const messages = await claimOnce(workerId, limit, leaseMs);
    if (messages.length || waitMs <= 0) return messages;
    // Long poll: nothing due now; answer as soon as a message is enqueued on any instance (or the wait ends).
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        stop();
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      const stop = wakeups.listen('outbox', done);
    });
    return claimOnce(workerId, limit, leaseMs);
  }

  async function claimOnce(workerId: string, limit: number, leaseMs: number): Promise<OutboxMessageDto[]> {
    // Broadcasts (issue 6): held broadcasts are skipped; group messages are claimed after personal ones.
    const held = await heldBroadcastIds();
    const messages = await claimPersonal(workerId, limit, leaseMs, held);
    if (messages.length < limit) messages.push(...await claimRooms(workerId, limit - messages.length, leaseMs, held));
    return messages;
  }

  // --- Broadcasts (issue 6, broadcasts module): the only additions to the claim. ---
  const { heldBroadcastIds, ...broadcastMessages } = createBroadcastMessages({ notifications, holds, locks });
  const notHeld = (held: Types.ObjectId[]): Record<string, unknown> => (held.length ? { broadcastId: { $nin: held } } : {});

  /** Group broadcasts (roomId set) have no resident to look up: the bot sends them to the room. */
  async function claimRooms(workerId: string, limit: number, leaseMs: number, held: Types.ObjectId[]): Promise<OutboxMessageDto[]> {
    const now = new Date();
    const scope = { roomId: { $type: 'string' }, ...notHeld(held) };
    const candidates = await candidatesOf(scope, now, limit * 2);
    const claimed = await claimCandidates(candidates, limit, scope, now, { state: 'sending', workerId, leaseUntil: new Date(now.getTime() + leaseMs) });
    return claimed.map((doc) => toOutboxMessage(doc, '', doc.lang));
  }
  // --- end of the broadcast additions ---

  type ClaimableState = Extract<NotificationDoc['state'], 'pending' | 'sending'>;
  type Candidate = Pick<NotificationDoc, '_id' | 'userId' | 'dedupeKey'> & { state: ClaimableState };

  /**
   * The oldest messages due at `now` within `scope` (the same set as dueByState(now) within scope),
   * read without the lock (a read decides nothing: the claim's update re-checks the due filter).
   */
  async function candidatesOf(scope: Record<string, unknown>, now: Date, limit: number): Promise<Candidate[]> {
    // Two reads, one per state (see dueByState).
    const projection = { _id: 1, userId: 1, dedupeKey: 1, state: 1, nextAttemptAt: 1 };
    const sort = { nextAttemptAt: 1 as const, _id: 1 as const };
    const due = dueByState(now);
    const [pending, expired] = await Promise.all([
      notifications.find({ ...scope, ...due.pending }, projection).sort(sort).limit(limit).lean<(Candidate & { nextAttemptAt: Date })[]>(),
      notifications.find({ ...scope, ...due.sending }, projection).sort(sort).limit(limit).lean<(Candidate & { nextAttemptAt: Date })[]>(),
    ]);
    return [...pending, ...expired]
      .sort((a, b) => new Date(a.nextAttemptAt).getTime() - new Date(b.nextAttemptAt).getTime() || String(a._id).localeCompare(String(b._id)))
      .slice(0, limit);
  }

  /**
   * Claims up to `limit` of the candidates, oldest first, in batches. A batch is one lock hold with
   * one write command per 20 candidates (a bulkWrite of conditional updateOnes, each matched by the
   * candidate's unique dedupe key and re-checking the due filter of its state, all stamping one fresh
   * claim token), then one read of what the batch won by that token (indexed). A candidate another
   * worker took in between is just not matched and the next candidates fill its place (a claimer
   * racing k others loses about k batches, each one short command, before it finds free messages).
   *
   * Why not one `updateMany({ _id: { $in } , … })`: FerretDB 1.x pushes only top-level equalities
   * down to PostgreSQL, so that statement reads every due message (the whole backlog: ≈ 65 ms at
   * 1,000 pending, growing with it) while holding the lock; a dedupe-key statement goes through the
   * unique index (≈ 4 ms), so a claim costs O(batch), not O(backlog). On MongoDB both shapes are
   * indexed, and both are one round trip (up to 20 messages).
   *
   * Locking: on MongoDB none (locks.withLock runs fn directly): each document's update is atomic,
   * so two claimers never both match one message, and a token reads back only its own winners.
   * On FerretDB 1.x concurrent updates of one document are not atomic, so the commands run under
   * the notifications lock (in this process, or across instances through Redis): one short hold
   * per batch instead of a conditional update and a read per message under it.
   */
  async function claimCandidates(candidates: Candidate[], limit: number, scope: Record<string, unknown>, now: Date, $set: Record<string, unknown>): Promise<NotificationDoc[]> {
    const claimed: NotificationDoc[] = [];
    let next = 0;
    while (claimed.length < limit && next < candidates.length) {
      const batch = candidates.slice(next, next + limit - claimed.length);
      next += batch.length;
      claimed.push(...await claimBatch(batch, scope, now, $set));
    }
    return claimed;
  }

  async function claimBatch(batch: Candidate[], scope: Record<string, unknown>, now: Date, $set: Record<string, unknown>): Promise<NotificationDoc[]> {
    const claimToken = randomBytes(12).toString('base64url');
    const update = { $set: { ...$set, claimToken }, $inc: { attempts: 1 } };
    const due = dueByState(now);
    const ops = batch.map((c) => ({ updateOne: { filter: { ...scope, ...due[c.state], dedupeKey: c.dedupeKey }, update } }));
    const modified = await locks.withLock(lockKeys.notifications, async () => {
      let n = 0;
      for (let i = 0; i < ops.length; i += CLAIM_STATEMENTS_PER_COMMAND) n += (await notifications.bulkWrite(ops.slice(i, i + CLAIM_STATEMENTS_PER_COMMAND), { ordered: false })).modifiedCount;
      return n;
    });
    if (!modified) return [];
    const order = new Map(batch.map((c, i) => [String(c._id), i]));
    const won = await notifications.find({ claimToken }).lean<NotificationDoc[]>();
    return won.sort((a, b) => (order.get(String(a._id)) ?? 0) - (order.get(String(b._id)) ?? 0));
  }

  async function claimPersonal(workerId: string, limit: number, leaseMs: number, held: Types.ObjectId[] = []): Promise<OutboxMessageDto[]> {
    const now = new Date();
    // Only the bot channel, plus parked inbox messages of residents who have bound since (issue 6 router).
    const scope = { ...notHeld(held), channel: { $in: ['bot', 'inbox'] } };
    // Candidates first (oldest due), then the batch claim (broadcasts module, perf): a filter
    // `userId: {$in: <every due user>}` made each claim O(due × users) inside FerretDB.
    const candidates = await candidatesOf(scope, now, Math.max(limit * 10, 500));
    if (!candidates.length) return [];
    const $set = { state: 'sending', channel: 'bot', workerId, leaseUntil: new Date(now.getTime() + leaseMs) };
    // The users of the first candidates by point reads; only when those do not fill the claim (other
    // workers took them, or they are parked for unbound residents) the rest with one `$in` read.
    const first = candidates.slice(0, limit * 2);
    const byUser = await boundUsersOf(first, 'point');
    const claimed = await claimCandidates(first.filter((c) => byUser.has(String(c.userId))), limit, scope, now, $set);
    const rest = candidates.slice(first.length);
    if (claimed.length < limit && rest.length) {
      for (const [id, user] of await boundUsersOf(rest, 'in')) byUser.set(id, user);
      claimed.push(...await claimCandidates(rest.filter((c) => byUser.has(String(c.userId))), limit - claimed.length, scope, now, $set));
    }
    return claimed.map((doc) => {
      const user = byUser.get(String(doc.userId));
      return toOutboxMessage(doc, user?.bot?.contactId ?? '', user?.lang ?? doc.lang);
    });
  }

  type BoundUser = Pick<UserDoc, '_id' | 'bot' | 'lang'>;

  /**
   * The residents with a bound bot contact among the candidates' users, by `point` reads of each
   * (FerretDB pushes a read by _id down: ≈ 25 ms for 20, a few side by side) or by one `in` read,
   * which FerretDB 1.x answers by reading every user (≈ 110 ms at 2,000 users, growing with them).
   * On MongoDB both are indexed.
   */
  async function boundUsersOf(candidates: Candidate[], how: 'point' | 'in'): Promise<Map<string, BoundUser>> {
    const ids = [...new Set(candidates.map((c) => String(c.userId)))];
    const bound = new Map<string, BoundUser>();
    const keep = (u: BoundUser | null) => { if (u?.bot?.contactId) bound.set(String(u._id), u); };
    if (how === 'in') {
      const found = await users.find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) }, 'bot.contactId': { $exists: true, $ne: null } }, { bot: 1, lang: 1 }).lean<BoundUser[]>();
      found.forEach(keep);
      return bound;
    }
    // A few at a time: each read in flight holds a driver connection (and an engine connection behind it).
    for (let i = 0; i < ids.length; i += USER_READS_IN_FLIGHT) {
      (await Promise.all(ids.slice(i, i + USER_READS_IN_FLIGHT).map((id) => users.findById(id, { bot: 1, lang: 1 }).lean<BoundUser>()))).forEach(keep);
    }
    return bound;
  }

  /**
   * One atomic conditional update of one message (ack's and fail's compare-and-set), then the
   * updated document. It matches by the unique dedupe key and reads back by _id: on FerretDB 1.x an
   * update or findAndModify by _id scans the whole collection (tens to hundreds of ms at 1,000+
   * messages) while an update through the dedupe key's unique index and a read by _id take a few
   * ms. On MongoDB both shapes use an index; the guarantee (one winner per condition) is the same.
   */
  async function conditionalUpdate(id: Types.ObjectId, dedupeKey: string, condition: Record<string, unknown>, update: Record<string, unknown>): Promise<NotificationDoc | null> {
    const res = await notifications.updateOne({ dedupeKey, ...condition }, update);
    if (res.modifiedCount !== 1) return null;
    return notifications.findById(id).lean<NotificationDoc>();
  }

  /** Marks a message delivered. Acking an already-sent message is fine (the bot may retry its ack). */
  function ack(id: string, workerId: string): Promise<NotificationDoc> {
    return locks.withLock(lockKeys.notifications, () => ackLocked(id, workerId));
  }

  async function ackLocked(id: string, workerId: string): Promise<NotificationDoc> {
    // Read by _id, write by the dedupe key (see conditionalUpdate).
    const current = await notifications.findById(id).lean<NotificationDoc>();
    if (!current) throw notFound();
    if (current.state === 'sent') return current;
    const updated = await conditionalUpdate(current._id, current.dedupeKey, { state: { $in: ['sending', 'pending', 'failed'] } }, { $set: { state: 'sent', sentAt: new Date(), leaseUntil: null, workerId } });
    if (updated) return updated;
    throw new AppError(409, 'conflict');
  }

  /**
   * Marks the deliveries of one bot round sent (POST /internal/outbox/ack). The common case, all of
   * them still leased to this worker, is one updateMany whose filter has equalities on `state` and
   * `workerId`: FerretDB pushes both down, so it reads only this worker's messages in flight, not
   * the backlog. When fewer match (an ack retried after it went through, a lease that ended, a
   * message gone or dead), every id is settled one by one exactly as the single ack does.
   * On MongoDB there is no lock (locks.withLock runs fn directly; each document's update is atomic).
   */
  function ackMany(ids: string[], workerId: string): Promise<OutboxAckManyResultDto> {
    const unique = [...new Set(ids)];
    return locks.withLock(lockKeys.notifications, async () => {
      const res = await notifications.updateMany(
        { state: 'sending', workerId, _id: { $in: unique.map((id) => new Types.ObjectId(id)) } },
        { $set: { state: 'sent', sentAt: new Date(), leaseUntil: null } },
      );
      if (res.modifiedCount === unique.length) return { sent: unique, refused: [] };
      const result: OutboxAckManyResultDto = { sent: [], refused: [] };
      for (const id of unique) {
        try {
          await ackLocked(id, workerId);
          result.sent.push(id);
        } catch (err) {
          if (!(err instanceof AppError) || (err.code !== 'notFound' && err.code !== 'conflict')) throw err;
          result.refused.push({ id, code: err.code });
        }
      }
      return result;
    });
  }

  /** Records a failed delivery: back to pending with exponential backoff, or dead after the last attempt. */
  function fail(id: string, workerId: string, error: string, reason: OutboxFailureReason = 'sendFailed'): Promise<NotificationDoc> {
    return locks.withLock(lockKeys.notifications, () => failLocked(id, workerId, error, reason));
  }

  async function failLocked(id: string, workerId: string, error: string, reason: OutboxFailureReason): Promise<NotificationDoc> {
    const current = await notifications.findById(id).lean<NotificationDoc>();
    if (!current) throw notFound();
    if (current.state !== 'sending' || current.workerId !== workerId) throw new AppError(409, 'conflict');
    if (!current.roomId && reason === 'contactGone') {
      const rerouted = await rerouteLocked(current, error);
      if (!rerouted) throw new AppError(409, 'conflict');
      return rerouted;
    }
    const dead = current.attempts >= deps.maxAttempts;
    const delay = Math.min(backoffBaseMs * 2 ** Math.max(0, current.attempts - 1), backoffMaxMs);
    const updated = await conditionalUpdate(current._id, current.dedupeKey, { state: 'sending', workerId, attempts: current.attempts }, {
      $set: {
        state: dead ? 'dead' : 'pending',
        nextAttemptAt: new Date(Date.now() + (dead ? 0 : delay)),
        leaseUntil: null,
        lastError: error.slice(0, 500),
      },
    });
    if (!updated) throw new AppError(409, 'conflict');
    if (dead) logger.warn({ notificationId: id, attempts: current.attempts }, 'notification dead after max attempts');
    return updated;
  }



  async function rerouteLocked(current: NotificationDoc, error: string): Promise<NotificationDoc | null> {
    const user = await users.findById(current.userId, { lang: 1, openid: 1, bot: 1, notify: 1 }).lean<RecipientUser>();
    const channel = user ? await router.chooseChannel(user, current.topic, { exclude: ['bot'] }) : 'inbox';
    const now = new Date();
    const $set = channel === 'subscribe'
      ? { channel, state: 'pending', nextAttemptAt: now, leaseUntil: null, workerId: null, lastError: error.slice(0, 500) }
      : { channel: 'inbox', state: 'sent', sentAt: now, leaseUntil: null, lastError: error.slice(0, 500) };
    logger.info({ notificationId: String(current._id), channel: $set.channel }, 'notification re-routed after bot failure');
    return notifications.findOneAndUpdate({ _id: current._id, state: 'sending', attempts: current.attempts }, { $set }, { returnDocument: 'after' }).lean<NotificationDoc>();
  }

  /**
   * Claims due messages of one server-side channel ('subscribe') with the same candidate read and
   * batch claim as the bot's claim.
   */
  async function claimChannel(channel: 'subscribe', workerId: string, limit: number, leaseMs: number): Promise<NotificationDoc[]> {
    const now = new Date();
    const candidates = await candidatesOf({ channel }, now, limit * 2);
    return claimCandidates(candidates, limit, { channel }, now, { state: 'sending', workerId, leaseUntil: new Date(now.getTime() + leaseMs) });
  }

  /** Settles a server-side send: delivered on its channel, or delivered to the inbox only (with the reason). */
  function settleSent(id: Types.ObjectId, workerId: string, opts: { inboxOnly?: string } = {}): Promise<NotificationDoc | null> {
    const $set: Record<string, unknown> = { state: 'sent', sentAt: new Date(), leaseUntil: null };
    if (opts.inboxOnly) Object.assign($set, { channel: 'inbox', lastError: opts.inboxOnly.slice(0, 500) });
    return locks.withLock(lockKeys.notifications, () => notifications.findOneAndUpdate({ _id: id, state: 'sending', workerId }, { $set }, { returnDocument: 'after' }).lean<NotificationDoc>());
  }

  /** Retrying cannot help (e.g. WeChat 47003 bad template data): dead at once, visible to admins. */
  function settleDead(id: Types.ObjectId, workerId: string, error: string): Promise<NotificationDoc | null> {
    logger.warn({ notificationId: String(id) }, 'notification dead: not retryable');
    return locks.withLock(lockKeys.notifications, () => notifications.findOneAndUpdate(
      { _id: id, state: 'sending', workerId },
      { $set: { state: 'dead', leaseUntil: null, lastError: error.slice(0, 500) } },
      { returnDocument: 'after' },
    ).lean<NotificationDoc>());
  }


  /** Undelivered messages for admins, newest first (cursor = last id of the previous page). */
  async function listUndelivered(params: { state: 'dead' | 'failed'; cursor?: string | undefined; limit: number }): Promise<Page<AdminNotificationDto>> {
    const filter: Record<string, unknown> = { state: params.state };
    if (params.cursor) filter._id = { $lt: new Types.ObjectId(params.cursor) };
    const docs = await notifications.find(filter).sort({ _id: -1 }).limit(params.limit + 1).lean<NotificationDoc[]>();
    const more = docs.length > params.limit;
    const page = docs.slice(0, params.limit);
    return { items: page.map(toAdminNotificationDto), nextCursor: more ? String(page[page.length - 1]!._id) : null };
  }

  /** An admin retries a dead (or failed) message: pending again now, attempts from zero. 404 unknown, 409 not dead/failed. */
  function retry(id: string): Promise<AdminNotificationDto> {
    return locks.withLock(lockKeys.notifications, async () => {
      const updated = await notifications.findOneAndUpdate(
        { _id: id, state: { $in: ['dead', 'failed'] } },
        { $set: { state: 'pending', attempts: 0, nextAttemptAt: new Date(), leaseUntil: null, workerId: null } },
        { returnDocument: 'after' },
      ).lean<NotificationDoc>();
      if (updated) {
        wake();
        return toAdminNotificationDto(updated);
      }
      if (!(await notifications.exists({ _id: id }))) throw notFound();
      throw new AppError(409, 'conflict');
    });
  }

  return {
    enqueue, claim, ack, ackMany, fail,
    ...broadcastMessages,
    claimChannel, settleSent, settleDead, listUndelivered, retry,
  };
}
export type OutboxService = ReturnType<typeof createOutboxService>;

export function toAdminNotificationDto(doc: NotificationDoc): AdminNotificationDto {
  return {
    id: String(doc._id),
    dedupeKey: doc.dedupeKey,
    userId: String(doc.userId),
    kind: doc.kind,
    topic: doc.topic,
    channel: doc.channel,
    state: doc.state,
    attempts: doc.attempts,
    lastError: doc.lastError,
    broadcastId: doc.broadcastId ? String(doc.broadcastId) : null,
    updatedAt: new Date(doc.updatedAt).toISOString(),
  };
}

export function toOutboxMessage(doc: NotificationDoc, contactId: string, lang: NotificationDoc['lang']): OutboxMessageDto {
  const base = { id: String(doc._id), dedupeKey: doc.dedupeKey, lang, contactId, attempts: doc.attempts };
  // Only the payload's own fields go out (a stored payload may carry more, e.g. from an older version).
  switch (doc.kind) {
    case 'broadcast': {
      // Localised at fan-out (to the recipient's language then); group messages carry their room.
      const p = doc.payload;
      return { ...base, kind: 'broadcast', ...(doc.roomId ? { roomId: doc.roomId } : {}), payload: { broadcastId: p.broadcastId, title: p.title, body: p.body, ...(p.link ? { link: p.link } : {}) } };
    }
    case 'handoff.reply': {
      const p = doc.payload;
      return { ...base, kind: 'handoff.reply', payload: { ticketId: p.ticketId, text: p.text, at: p.at } };
    }
    case 'job.alert': {
      const p = doc.payload;
      return { ...base, kind: 'job.alert', payload: { alertId: p.alertId, jobId: p.jobId, jobTitle: p.jobTitle, city: p.city, ...(p.q ? { q: p.q } : {}) } };
    }
    case 'application.status': {
      const p = doc.payload;
      return { ...base, kind: 'application.status', payload: { applicationId: p.applicationId, title: p.title, status: p.status, at: p.at, ...(p.note ? { note: p.note } : {}) } };
    }
  }
}

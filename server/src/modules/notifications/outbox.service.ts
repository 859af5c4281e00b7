/*
 * ROUTER API (issue 6, for broadcasts and any other producer) — on `services.outbox`:
 *
 *   chooseChannel(user: RoutableUser, topic: NotificationTopic): Promise<NotificationChannel>
 *     'bot' when the user has a bound contact and has not opted out of `topic`; else 'subscribe'
 *     when a one-time grant is left for the topic's template (config WECHAT_TEMPLATE_*); else 'inbox'.
 *     RoutableUser = Pick<UserDoc, '_id' | 'openid' | 'bot' | 'notify'>.
 *
 *   routeAndInsertMany(messages: RoutedMessageInput[]): Promise<{ inserted: number }>
 *     RoutedMessageInput = { userId: Types.ObjectId; dedupeKey: string; kind: NotificationDoc['kind'];
 *       payload: NotificationDoc['payload']; lang?: Lang; topic: NotificationTopic; urgent: boolean;
 *       broadcastId?: Types.ObjectId | null; roomId?: string | null;
 *       inbox?: { title: LocalisedText; body: LocalisedText; link?: string } }
 *     Loads the users in one query, routes each message (channel + quiet hours for non-urgent),
 *     inserts notifications (unordered, duplicate dedupeKeys ignored, so re-running a batch is
 *     harmless) and one inbox item per person (same dedupeKey). roomId messages go to 'bot' with
 *     no inbox item. Inbox-only messages are stored as state 'sent', channel 'inbox'.
 *
 *   createInboxItems(items: InboxItemInput[]): Promise<number>    (services.inbox, idempotent by dedupeKey)
 *     InboxItemInput = { userId; dedupeKey; topic; title: LocalisedText; body: LocalisedText; link? }
 */
import { Types } from 'mongoose';
import { DEFAULT_LANG, type AdminNotificationDto, type BroadcastOutboxMessageDto, type JobAlertPayload, type Lang, type LocalisedText, type NotificationTopic, type OutboxMessageDto, type Page } from '@bay/shared';
import { AppError, notFound } from '../../core/errors.js';
import { isDuplicateKey } from '../../core/db.js';
import { lockKeys, type Locks } from '../../core/lock.js';
import type { Logger } from '../../core/logger.js';
import type { Wakeups } from '../../core/shared-state.js';
import type { ApplicationDoc, ApplicationModel, StatusPayload } from '../applications/application.model.js';
import type { UserDoc, UserModel } from '../users/user.model.js';
import type { InboxItemInput, InboxService } from '../inbox/inbox.service.js';
import { notifyPrefsOf } from '../users/notify-prefs.js';
import type { HandoffReplyPayload, NotificationDoc, NotificationModel } from './notification.model.js';
import { inboxContentOf, topicOfKind } from './notification.content.js';
import { quietHoursEnd, URGENT_TOPICS, type NotificationRouter, type RoutableUser } from './router.js';

/** A recipient as the router and the relay need it. */
export type RecipientUser = RoutableUser & Pick<UserDoc, 'lang'>;
/** The user fields a RecipientUser holds. */
export const RECIPIENT_PROJECTION = { openid: 1, bot: 1, notify: 1, lang: 1 } as const;

/** Where and when a new message goes (see routeFor). */
type RouteFields = Pick<NotificationDoc, 'channel' | 'state' | 'nextAttemptAt' | 'lastError' | 'sentAt'>;

/** One message for routeAndInsertMany (the router API for broadcasts). */
export interface RoutedMessageInput {
  userId: Types.ObjectId;
  dedupeKey: string;
  kind: NotificationDoc['kind'];
  payload: NotificationDoc['payload'];
  /** Defaults to the user's language. */
  lang?: Lang;
  topic: NotificationTopic;
  urgent: boolean;
  broadcastId?: Types.ObjectId | null;
  /** A WeChat group: always the bot channel, no inbox item. */
  roomId?: string | null;
  /** The inbox item (personal messages); absent = none. */
  inbox?: { title: LocalisedText; body: LocalisedText; link?: string };
  /** Broadcast staggering (broadcasts module): a pending message is not due before this. */
  notBefore?: Date;
}

interface Deps {
  applications: ApplicationModel;
  notifications: NotificationModel;
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
  const { applications, notifications, users, logger, router, inbox, locks, wakeups } = deps;
  /**
   * Wakes long-polling claims when a message is enqueued: every instance's with REDIS_URL, this
   * process's without. A claim that is not woken answers when its wait ends and the worker polls
   * again, so waking is an optimisation of latency, never needed for correctness.
   */
  const wake = () => wakeups.notify('outbox');
  const backoffBaseMs = deps.backoffBaseMs ?? 2000;
  const backoffMaxMs = deps.backoffMaxMs ?? 15 * 60_000;

  /**
   * Copies one embedded entry into `notifications` (idempotent upsert by dedupeKey), routed:
   * the inbox item first (the record the resident can always read), then the notification on
   * the channel the router picks. Replaying after a crash adds nothing (both keyed by dedupeKey).
   */
  async function deliverEntry(userId: Types.ObjectId, entry: Pick<NotificationDoc, 'dedupeKey' | 'kind' | 'payload'>, user: RecipientUser | null): Promise<void> {
    const now = new Date();
    const topic = topicOfKind(entry.kind);
    const urgent = URGENT_TOPICS.has(topic);
    const content = inboxContentOf(entry);
    if (content) await inbox.createInboxItems([{ userId, dedupeKey: entry.dedupeKey, topic, ...content }]);
    const route = user ? await routeFor(user, topic, urgent, now) : parked(now);
    try {
      await locks.withLock(lockKeys.notifications, () => notifications.updateOne(
        { dedupeKey: entry.dedupeKey },
        {
          $setOnInsert: {
            dedupeKey: entry.dedupeKey, userId, kind: entry.kind, payload: entry.payload, lang: user?.lang ?? DEFAULT_LANG,
            topic, urgent, ...route, attempts: 0, leaseUntil: null, workerId: null,
          },
        },
        { upsert: true },
      ));
      if (route.state === 'pending') wake();
    } catch (err) {
      // Another relay inserted the same key first: exactly what the unique index is for.
      if (!isDuplicateKey(err)) throw err;
    }
  }

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
   * Router API for producers of many messages (broadcast fan-out; see the comment at the top of
   * this file). Unordered inserts: existing dedupe keys are skipped, so a batch can be re-run.
   */
  async function routeAndInsertMany(messages: RoutedMessageInput[], preloaded?: RecipientUser[]): Promise<{ inserted: number }> {
    if (!messages.length) return { inserted: 0 };
    const now = new Date();
    const ids = [...new Set(messages.map((m) => String(m.userId)))].map((id) => new Types.ObjectId(id));
    // A producer that already read the recipients (the broadcast fan-out reads RECIPIENT_PROJECTION) passes them in.
    const found = preloaded ?? await users.find({ _id: { $in: ids } }, RECIPIENT_PROJECTION).lean<RecipientUser[]>();
    const byId = new Map(found.map((u) => [String(u._id), u]));
    const grantsByTopic = new Map<NotificationTopic, Map<string, number>>();
    for (const topic of new Set(messages.map((m) => m.topic))) {
      const templateId = router.templateFor(topic);
      grantsByTopic.set(topic, templateId ? await router.grantsFor(ids, templateId) : new Map());
    }
    const docs: Record<string, unknown>[] = [];
    const items: InboxItemInput[] = [];
    for (const m of messages) {
      const user = byId.get(String(m.userId));
      const personal = !m.roomId;
      if (personal && !user) continue;
      const route: RouteFields = personal
        ? await routeFor(user!, m.topic, m.urgent, now, grantsByTopic.get(m.topic)?.get(String(m.userId)) ?? 0)
        : { channel: 'bot', state: 'pending', nextAttemptAt: now, lastError: null, sentAt: null };
      // Broadcast staggering (broadcasts module): keep the recipient's slot unless quiet hours end later.
      if (m.notBefore && route.state === 'pending' && route.nextAttemptAt < m.notBefore) route.nextAttemptAt = m.notBefore;
      docs.push({
        dedupeKey: m.dedupeKey, userId: m.userId, kind: m.kind, payload: m.payload, lang: m.lang ?? user?.lang ?? DEFAULT_LANG,
        topic: m.topic, urgent: m.urgent, broadcastId: m.broadcastId ?? null, roomId: m.roomId ?? null,
        ...route, attempts: 0, leaseUntil: null, workerId: null, createdAt: now, updatedAt: now,
      });
      if (personal && m.inbox) items.push({ userId: m.userId, dedupeKey: m.dedupeKey, topic: m.topic, title: m.inbox.title, body: m.inbox.body, link: m.inbox.link ?? null });
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

  /** Picks a channel for one resident and topic (see the router). */
  const chooseChannel: NotificationRouter['chooseChannel'] = (user, topic, opts) => router.chooseChannel(user, topic, opts);
  /** Inbox items for the given inputs (idempotent by dedupeKey). */
  const createInboxItems = (items: InboxItemInput[]): Promise<number> => inbox.createInboxItems(items);

  /**
   * Moves the embedded outbox entries of one application into `notifications`, oldest first.
   * Each entry is removed only after its notification exists, and only if it is still the
   * head of the array ($pop with a precondition: FerretDB's $pull cannot match by condition).
   * A crash in between leaves the entry in place; the next relay replays it harmlessly.
   */
  function relayApplication(applicationId: Types.ObjectId | string): Promise<number> {
    return locks.withLock(lockKeys.application(String(applicationId)), () => relayLocked(applicationId));
  }

  async function relayLocked(applicationId: Types.ObjectId | string): Promise<number> {
    let moved = 0;
    for (let guard = 0; guard < 100; guard++) {
      const app = await applications.findById(applicationId, { userId: 1, outbox: 1 }).lean<Pick<ApplicationDoc, '_id' | 'userId' | 'outbox'>>();
      const head = app?.outbox?.[0];
      if (!app || !head) return moved;
      const user = await users.findById(app.userId, { lang: 1, openid: 1, bot: 1, notify: 1 }).lean<RecipientUser>();
      await deliverEntry(app.userId, head, user);
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
    const user = await users.findById(n.userId, { lang: 1, openid: 1, bot: 1, notify: 1 }).lean<RecipientUser>();
    await deliverEntry(n.userId, n, user ? { ...user, lang: n.lang } : null);
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
  /** Ids of paused broadcasts, and of cancelled ones recently (their pending messages are being cancelled): claims skip them. Loaded per claim; a handful of ids. */
  async function heldBroadcastIds(): Promise<Types.ObjectId[]> {
    const docs = await notifications.db.collection('broadcasts').find(
      { $or: [{ state: 'paused' }, { state: 'cancelled', updatedAt: { $gte: new Date(Date.now() - 3600_000) } }] },
      { projection: { _id: 1 } },
    ).toArray();
    return docs.map((d) => d._id as Types.ObjectId);
  }
  const notHeld = (held: Types.ObjectId[]): Record<string, unknown> => (held.length ? { broadcastId: { $nin: held } } : {});

  /** Group broadcasts (roomId set) have no resident to look up: the bot sends them to the room. */
  async function claimRooms(workerId: string, limit: number, leaseMs: number, held: Types.ObjectId[]): Promise<OutboxMessageDto[]> {
    const now = new Date();
    const scope = { roomId: { $type: 'string' }, ...notHeld(held) };
    const due = { ...dueFilter(now), ...scope };
    const candidates = await candidatesOf(scope, now, limit * 2);
    const claimed = await claimCandidates(candidates, limit, due, { $set: { state: 'sending', workerId, leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } });
    return claimed.map((doc) => toOutboxMessage(doc, '', doc.lang));
  }
  // --- end of the broadcast additions ---

  type Candidate = Pick<NotificationDoc, '_id' | 'userId' | 'dedupeKey'>;

  /**
   * The oldest messages due at `now` within `scope` (the same set as `{ ...dueFilter(now), ...scope }`),
   * read without the lock (a read decides nothing: each candidate is then claimed by a
   * conditional update that re-checks the due filter).
   */
  async function candidatesOf(scope: Record<string, unknown>, now: Date, limit: number): Promise<Candidate[]> {
    // Two reads with an equality on `state` instead of one with `$or`: FerretDB's PostgreSQL
    // backend pushes a scalar equality down (so only pending, or only sending, rows are read) but
    // scans every message ever sent for an `$or`; on MongoDB both use the (state, nextAttemptAt) index.
    const projection = { _id: 1, userId: 1, dedupeKey: 1, nextAttemptAt: 1 };
    const sort = { nextAttemptAt: 1 as const, _id: 1 as const };
    const nextAttemptAt = { $lte: now };
    const pendingFilter: Record<string, unknown> = { ...scope, state: 'pending', nextAttemptAt };
    const expiredFilter: Record<string, unknown> = { ...scope, state: 'sending', nextAttemptAt, leaseUntil: { $lt: now } };
    const [pending, expired] = await Promise.all([
      notifications.find(pendingFilter, projection).sort(sort).limit(limit).lean<(Candidate & { nextAttemptAt: Date })[]>(),
      notifications.find(expiredFilter, projection).sort(sort).limit(limit).lean<(Candidate & { nextAttemptAt: Date })[]>(),
    ]);
    return [...pending, ...expired]
      .sort((a, b) => new Date(a.nextAttemptAt).getTime() - new Date(b.nextAttemptAt).getTime() || String(a._id).localeCompare(String(b._id)))
      .slice(0, limit);
  }

  /**
   * Claims candidates one by one with a conditional update (compare-and-set on `due`) until
   * `limit` are claimed. Under the notifications lock: FerretDB applies concurrent updates of one
   * document non-atomically, so two claims of the same message must not overlap (deps.locks: in this process, or across instances through Redis).
   */
  function claimCandidates(candidates: Candidate[], limit: number, due: Record<string, unknown>, update: Record<string, unknown>): Promise<NotificationDoc[]> {
    if (!candidates.length || limit <= 0) return Promise.resolve([]);
    return locks.withLock(lockKeys.notifications, async () => {
      const claimed: NotificationDoc[] = [];
      for (const candidate of candidates) {
        if (claimed.length >= limit) break;
        const doc = await conditionalUpdate(candidate._id, candidate.dedupeKey, due, update);
        if (doc) claimed.push(doc);
      }
      return claimed;
    });
  }

  async function claimPersonal(workerId: string, limit: number, leaseMs: number, held: Types.ObjectId[] = []): Promise<OutboxMessageDto[]> {
    const now = new Date();
    // Only the bot channel, plus parked inbox messages of residents who have bound since (issue 6 router).
    const scope = { ...notHeld(held), channel: { $in: ['bot', 'inbox'] } };
    const due: Record<string, unknown> = { ...dueFilter(now), ...scope };
    // Candidates first (oldest due), then a conditional update each (broadcasts module, perf): a
    // filter `userId: {$in: <every due user>}` made each claim O(due × users) inside FerretDB.
    const candidates = await candidatesOf(scope, now, Math.max(limit * 10, 500));
    if (!candidates.length) return [];
    const userIds = [...new Set(candidates.map((c) => String(c.userId)))].map((id) => new Types.ObjectId(id));
    const bound = await users.find({ _id: { $in: userIds }, 'bot.contactId': { $exists: true, $ne: null } }, { bot: 1, lang: 1 }).lean<Pick<UserDoc, '_id' | 'bot' | 'lang'>[]>();
    if (!bound.length) return [];
    const byUser = new Map(bound.map((u) => [String(u._id), u]));
    const claimed = await claimCandidates(candidates.filter((c) => byUser.has(String(c.userId))), limit, due,
      { $set: { state: 'sending', channel: 'bot', workerId, leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } });
    return claimed.map((doc) => {
      const user = byUser.get(String(doc.userId));
      return toOutboxMessage(doc, user?.bot?.contactId ?? '', user?.lang ?? doc.lang);
    });
  }

  /**
   * One atomic conditional update of one message (the claim's compare-and-set), then the updated
   * document. It matches by the unique dedupe key and reads back by _id: on FerretDB 1.x an update
   * or findAndModify by _id scans the whole collection (tens to hundreds of ms at 1,000+ messages)
   * while an update through the dedupe key's unique index and a read by _id take a few ms. On
   * MongoDB both shapes use an index; the guarantee (one winner per condition) is the same.
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

  /** Records a failed delivery: back to pending with exponential backoff, or dead after the last attempt. */
  function fail(id: string, workerId: string, error: string): Promise<NotificationDoc> {
    return locks.withLock(lockKeys.notifications, () => failLocked(id, workerId, error));
  }

  async function failLocked(id: string, workerId: string, error: string): Promise<NotificationDoc> {
    const current = await notifications.findById(id).lean<NotificationDoc>();
    if (!current) throw notFound();
    if (current.state !== 'sending' || current.workerId !== workerId) throw new AppError(409, 'conflict');
    if (!current.roomId && CONTACT_GONE.test(error)) {
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


  /** The bot could not reach the contact (unbound or unknown): the message falls back to the next channel. */
  const CONTACT_GONE = /contact .* not found|not bound|unbound|unknown contact/i;

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
   * conditional updates as the bot's claim.
   */
  async function claimChannel(channel: 'subscribe', workerId: string, limit: number, leaseMs: number): Promise<NotificationDoc[]> {
    const now = new Date();
    const due = { ...dueFilter(now), channel };
    const candidates = await candidatesOf({ channel }, now, limit * 2);
    return claimCandidates(candidates, limit, due, { $set: { state: 'sending', workerId, leaseUntil: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } });
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
    relayApplication, relayAll, relayAfterChange, enqueue, claim, ack, fail,
    routeAndInsertMany, chooseChannel, createInboxItems,
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

export function statusDedupeKey(applicationId: string, status: string): string {
  return `application:${applicationId}:${status}`;
}

export function toOutboxMessage(doc: NotificationDoc, contactId: string, lang: NotificationDoc['lang']): OutboxMessageDto {
  const base = { id: String(doc._id), dedupeKey: doc.dedupeKey, lang, contactId, attempts: doc.attempts };
  if (doc.kind === 'broadcast') {
    // Localised at fan-out (to the recipient's language then); group messages carry their room.
    const p = doc.payload as unknown as BroadcastOutboxMessageDto['payload'];
    return { ...base, kind: 'broadcast', ...(doc.roomId ? { roomId: doc.roomId } : {}), payload: { broadcastId: p.broadcastId, title: p.title, body: p.body, ...(p.link ? { link: p.link } : {}) } };
  }
  if (doc.kind === 'handoff.reply') {
    const p = doc.payload as HandoffReplyPayload;
    return { ...base, kind: 'handoff.reply', payload: { ticketId: p.ticketId, text: p.text, at: p.at } };
  }
  if (doc.kind === 'job.alert') {
    const p = doc.payload as unknown as JobAlertPayload;
    return { ...base, kind: 'job.alert', payload: { alertId: p.alertId, jobId: p.jobId, jobTitle: p.jobTitle, city: p.city, ...(p.q ? { q: p.q } : {}) } };
  }
  const p = doc.payload as StatusPayload;
  return { ...base, kind: 'application.status', payload: { applicationId: p.applicationId, jobTitle: p.jobTitle, status: p.status, at: p.at, ...(p.note ? { note: p.note } : {}) } };
}

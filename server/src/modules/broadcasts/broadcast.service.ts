import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { textIn, DEFAULT_LANG, LANGS, type BroadcastAudienceDto, type BroadcastCreateBody, type BroadcastDto, type Lang, type NoticeDto, type Role } from '@bay/shared';
import type { z } from 'zod';
import { AppError, notFound } from '../../core/errors.js';
import { lockKeys, type Locks } from '../../core/lock.js';
import type { Logger } from '../../core/logger.js';
import { RECIPIENT_PROJECTION, type DeliveryCounts, type EnqueueMessage, type OutboxService, type RecipientUser } from '../notifications/outbox.service.js';
import type { UserDoc, UserModel } from '../users/user.model.js';
import { audienceFilter } from './broadcast.audience.js';
import type { BotRoomModel, BroadcastDoc, BroadcastModel } from './broadcast.model.js';

/** Rooms read per batch (a group broadcast reaches tens of rooms, not thousands). */
export const BROADCAST_BATCH = 1000;
/** Residents per batch of a fan-out: one insert, one progress write and one lease renewal each (bench/broadcast-enqueue.mts). */
export const FANOUT_BATCH = 2000;
/** Batches of a fan-out routed and inserted at the same time (the engine writes faster with a few concurrent inserts). */
const FANOUT_IN_FLIGHT = 3;
/** Messages per minute across all bot workers when the admin sets none (personal accounts get restricted for bursts). */
export const DEFAULT_BROADCAST_RATE_PER_MINUTE = 60;
/** Group messages have no resident: they carry this user id, which no user has (so user claims never pick them). */
export const NO_USER_ID = new Types.ObjectId('000000000000000000000000');

interface Deps {
  broadcasts: BroadcastModel;
  rooms: BotRoomModel;
  users: UserModel;
  /** The broadcast's messages: enqueued, held, resumed, cancelled and counted through the outbox. */
  outbox: Pick<OutboxService, 'enqueue' | 'pauseBroadcast' | 'releaseBroadcast' | 'resumeBroadcast' | 'cancelBroadcast' | 'broadcastCounts' | 'broadcastRecipients' | 'broadcastOpen' | 'countsSince'>;
  logger: Logger;
  locks: Locks;
  defaultRatePerMinute?: number;
  /** Fan-out lease length (default 30 s); tests shorten it. */
  fanoutLeaseMs?: number;
}

type CreateBody = z.output<typeof BroadcastCreateBody>;
const emptyCounts = (): DeliveryCounts => ({ pending: 0, sent: 0, failed: 0, dead: 0, cancelled: 0 });

const roomFilter = (audience: Extract<BroadcastAudienceDto, { type: 'groups' }>) => (audience.roomIds.length ? { roomId: { $in: audience.roomIds } } : {});


/** A fan-out stops when another instance holds its lease (this one stalled past it). */
class FanoutLeaseLost extends Error {
  constructor() { super('fan-out lease taken over by another instance'); }
}
/** How long a fan-out lease lasts without renewal (renewed after every batch of 1,000). */
const FANOUT_LEASE_MS = 30_000;

export function createBroadcastService(deps: Deps) {
  const { broadcasts, rooms, users, outbox, logger, locks } = deps;
  const defaultRate = deps.defaultRatePerMinute ?? DEFAULT_BROADCAST_RATE_PER_MINUTE;
  const lockOf = lockKeys.broadcast;
  /** This instance, as the holder of a fan-out lease (see BroadcastDoc.fanoutLease). */
  const instanceId = randomBytes(6).toString('hex');
  const leaseMs = deps.fanoutLeaseMs ?? FANOUT_LEASE_MS;

  /** Takes (or renews) the fan-out lease of a broadcast; false when another live instance holds it. */
  function holdFanout(id: Types.ObjectId): Promise<boolean> {
    const now = new Date();
    return locks.withLock(lockOf(String(id)), async () => {
      const r = await broadcasts.updateOne(
        { _id: id, $or: [{ fanoutLease: null }, { 'fanoutLease.owner': instanceId }, { 'fanoutLease.until': { $lt: now } }] },
        { $set: { fanoutLease: { owner: instanceId, until: new Date(now.getTime() + leaseMs) } } },
      );
      return r.matchedCount === 1;
    });
  }

  async function preview(audience: BroadcastAudienceDto): Promise<number> {
    if (audience.type === 'groups') return rooms.countDocuments(roomFilter(audience));
    return users.countDocuments(audienceFilter(audience));
  }

  async function create(body: CreateBody, createdBy: Types.ObjectId | null, id = new Types.ObjectId()): Promise<BroadcastDoc> {
    const doc = await broadcasts.create({
      _id: id,
      title: body.title,
      body: body.body,
      ...(body.link ? { link: body.link } : {}),
      audience: body.audience,
      state: 'scheduled',
      scheduleAt: body.scheduleAt ? new Date(body.scheduleAt) : new Date(),
      ratePerMinute: body.ratePerMinute ?? defaultRate,
      createdBy,
    });
    return doc.toObject();
  }

  const countsOf = (ids: Types.ObjectId[]): Promise<Map<string, DeliveryCounts>> => outbox.broadcastCounts(ids);

  function toDto(b: BroadcastDoc, counts: DeliveryCounts): BroadcastDto {
    const recipients = b.fanout?.count ?? 0;
    // Residents reached by the inbox only have no notification (their entry is the broadcast,
    // derived at read time): they count as sent, as their stored 'sent' inbox messages did,
    // unless the broadcast was cancelled (which takes it out of their inboxes).
    const stored = counts.pending + counts.sent + counts.failed + counts.dead + counts.cancelled;
    const inboxOnly = b.state === 'cancelled' ? 0 : Math.max(0, recipients - stored);
    return {
      id: String(b._id),
      title: b.title,
      body: b.body,
      ...(b.link ? { link: b.link } : {}),
      audience: b.audience,
      state: b.state,
      scheduleAt: new Date(b.scheduleAt).toISOString(),
      ratePerMinute: b.ratePerMinute,
      counts: { recipients, ...counts, sent: counts.sent + inboxOnly },
      createdAt: new Date(b.createdAt).toISOString(),
    };
  }

  async function list(limit = 50): Promise<BroadcastDto[]> {
    const docs = await broadcasts.find({}).sort({ _id: -1 }).limit(limit).lean<BroadcastDoc[]>();
    const counts = await countsOf(docs.map((d) => d._id));
    return docs.map((d) => toDto(d, counts.get(String(d._id)) ?? emptyCounts()));
  }

  async function get(id: string): Promise<BroadcastDto> {
    const doc = await broadcasts.findById(id).lean<BroadcastDoc>();
    if (!doc) throw notFound();
    const counts = await countsOf([doc._id]);
    return toDto(doc, counts.get(String(doc._id)) ?? emptyCounts());
  }

  const dtoOf = async (doc: BroadcastDoc) => toDto(doc, (await countsOf([doc._id])).get(String(doc._id)) ?? emptyCounts());

  /** Claims skip a paused broadcast's messages (outbox pauseBroadcast). */
  function pause(id: string): Promise<BroadcastDto> {
    return locks.withLock(lockOf(id), async () => {
      const doc = await broadcasts.findById(id).lean<BroadcastDoc>();
      if (!doc) throw notFound();
      if (doc.state === 'paused') return dtoOf(doc);
      if (doc.state !== 'scheduled' && doc.state !== 'sending') throw new AppError(409, 'conflict');
      // Held first: a claim between the two writes finds the messages held, never a paused broadcast sending.
      await outbox.pauseBroadcast(doc._id);
      const updated = await broadcasts.findOneAndUpdate({ _id: doc._id, state: doc.state }, { $set: { state: 'paused', pausedFrom: doc.state } }, { returnDocument: 'after' }).lean<BroadcastDoc>();
      if (!updated) {
        await outbox.releaseBroadcast(doc._id);
        throw new AppError(409, 'conflict');
      }
      return dtoOf(updated);
    });
  }

  /**
   * Re-staggers what is still pending from now at the broadcast's rate (otherwise everything
   * whose time passed during the pause would go out in one burst), then lets claims see it again.
   */
  function resume(id: string): Promise<BroadcastDto> {
    return locks.withLock(lockOf(id), async () => {
      const doc = await broadcasts.findById(id).lean<BroadcastDoc>();
      if (!doc) throw notFound();
      if (doc.state !== 'paused') throw new AppError(409, 'conflict');
      const spacing = 60_000 / doc.ratePerMinute;
      const { slots: i, start } = await outbox.resumeBroadcast(doc._id, spacing);
      const back = doc.pausedFrom === 'scheduled' ? 'scheduled' : 'sending';
      // A paused fan-out keeps its anchor; messages still to be inserted continue after those re-staggered.
      const updated = await broadcasts.findOneAndUpdate({ _id: doc._id, state: 'paused' }, {
        $set: { state: back, ...(doc.fanout?.startAt ? { 'fanout.startAt': new Date(start + i * spacing - (doc.fanout.slots ?? doc.fanout.count ?? 0) * spacing) } : {}) },
      }, { returnDocument: 'after' }).lean<BroadcastDoc>();
      if (!updated) throw new AppError(409, 'conflict');
      return dtoOf(updated);
    });
  }

  /** Stops the fan-out and turns every pending message of the broadcast into `cancelled`. */
  function cancel(id: string): Promise<BroadcastDto> {
    return locks.withLock(lockOf(id), async () => {
      const doc = await broadcasts.findById(id).lean<BroadcastDoc>();
      if (!doc) throw notFound();
      if (doc.state === 'done') throw new AppError(409, 'conflict');
      if (doc.state !== 'cancelled') await broadcasts.updateOne({ _id: doc._id }, { $set: { state: 'cancelled' } });
      await cancelPending(doc._id);
      return dtoOf({ ...doc, state: 'cancelled' });
    });
  }

  /** Every pending message of the broadcast becomes `cancelled`, and claims hold off its stragglers (outbox cancelBroadcast). */
  const cancelPending = (broadcastId: Types.ObjectId) => outbox.cancelBroadcast(broadcastId);

  /** Published notices: due and not cancelled, newest first, in `lang`. */
  async function notices(lang: Lang, limit: number): Promise<NoticeDto[]> {
    const docs = await broadcasts.find({ scheduleAt: { $lte: new Date() }, state: { $ne: 'cancelled' } }).sort({ scheduleAt: -1 }).limit(limit).lean<BroadcastDoc[]>();
    return docs.map((d) => ({
      id: String(d._id),
      title: textIn(d.title, lang),
      body: textIn(d.body, lang),
      ...(d.link ? { link: d.link } : {}),
      publishedAt: new Date(d.scheduleAt).toISOString(),
    }));
  }

  /**
   * Creates one notification per recipient, 1,000 at a time through the outbox
   * (enqueue picks each resident's channel, adds the inbox item, honours quiet hours
   * and ignores existing dedupe keys), recording progress after each batch. Bot-channel
   * recipient i (residents with a bound contact, and rooms) is due at
   * startAt + i * (60000 / rate) + jitter (0..50% of the spacing), so however many bot workers
   * claim, together they send at the configured rate. Idempotent: re-running a batch only hits
   * the unique dedupe keys; a resumed fan-out skips residents who already have the message and
   * continues the slots from the stored progress.
   */
  async function fanOut(id: Types.ObjectId): Promise<void> {
    let doc = await broadcasts.findById(id).lean<BroadcastDoc>();
    if (!doc || doc.fanout?.done) return;
    if (!doc.fanout?.startAt) {
      const startAt = new Date(Math.max(Date.now(), new Date(doc.scheduleAt).getTime()));
      // From now on the broadcast is in its residents' inboxes (derived at read time, inbox.service.ts).
      const inboxKey = doc.audience.type === 'groups' ? null : new Types.ObjectId();
      await broadcasts.updateOne({ _id: id }, { $set: { 'fanout.startAt': startAt, inboxKey } });
      doc = { ...doc, inboxKey, fanout: { startAt, lastKey: null, count: 0, slots: 0, done: false } };
    }
    const b = doc;
    const spacing = 60_000 / b.ratePerMinute;
    const startAt = new Date(b.fanout.startAt!).getTime();
    let { count, lastKey } = b.fanout;
    let slots = b.fanout.slots ?? count;
    const payloadIn = (lang: Lang) => ({
      broadcastId: String(id), title: textIn(b.title, lang), body: textIn(b.body, lang), ...(b.link ? { link: b.link } : {}),
    });
    const slot = (bot: boolean) => new Date(startAt + (bot ? slots++ : slots) * spacing + Math.random() * spacing * 0.5);
    const common = { kind: 'broadcast' as const, urgent: false, broadcastId: id };

    const cancelled = async (): Promise<boolean> => {
      const current = await broadcasts.findById(id, { state: 1 }).lean<Pick<BroadcastDoc, 'state'>>();
      if (current && current.state !== 'cancelled') return false;
      await cancelPending(id);
      return true;
    };
    /** Routes and inserts one batch, then records the progress (rooms: the batch's last key, so a crashed fan-out resumes after it). */
    const commit = async (messages: EnqueueMessage[], nextKey: string | null, recipients?: RecipientUser[], handled = messages.length) => {
      // Another instance took over (this one stalled past its lease): it goes on from the stored progress.
      if (!await holdFanout(id)) throw new FanoutLeaseLost();
      await outbox.enqueue(messages, recipients ? { recipients } : {});
      count += handled;
      lastKey = nextKey;
      await broadcasts.updateOne({ _id: id }, { $set: { 'fanout.count': count, 'fanout.slots': slots, 'fanout.lastKey': lastKey } });
    };

    if (b.audience.type === 'groups') {
      for (;;) {
        if (await cancelled()) return;
        const filter = { roomId: { ...(b.audience.roomIds.length ? { $in: b.audience.roomIds } : {}), ...(lastKey ? { $gt: lastKey } : {}) } };
        const batch = await rooms.find(Object.keys(filter.roomId).length ? filter : {}, { roomId: 1 }).sort({ roomId: 1 }).limit(BROADCAST_BATCH).lean();
        if (!batch.length) break;
        await commit(batch.map((r) => ({
          ...common, dedupeKey: `broadcast:${String(id)}:room:${r.roomId}`, userId: NO_USER_ID, roomId: r.roomId,
          lang: DEFAULT_LANG, payload: payloadIn(DEFAULT_LANG), notBefore: slot(true),
        })), batch.at(-1)!.roomId);
        if (batch.length < BROADCAST_BATCH) break;
      }
    } else {
      // One cursor per language over the audience, read side by side, each in the engine's natural
      // order: no sort and no range per batch (FerretDB pushes neither down, so sorting or per-batch
      // range queries made the fan-out quadratic), while `lang` equality is pushed down, so the
      // cursors split the audience without overlap. Every user has one of LANGS (required, with a
      // default, in the schema). Three cursors read 100,000 residents in 7 s where one took 11-13 s
      // on FerretDB/PostgreSQL (bench/broadcast-enqueue.mts). A resumed fan-out (a crash left
      // fanout.count > 0) routes only the recipients that have no message yet; it counts the
      // audience afresh (inbox-only residents leave no trace to skip by, and need none).
      const done = count > 0 ? await outbox.broadcastRecipients(id) : null;
      count = 0;
      const filter = audienceFilter(b.audience);
      const langs = b.audience.type === 'lang' ? b.audience.langs : LANGS;
      // The driver's cursors, not mongoose's: the filter needs no casting and the documents no
      // per-document work (the engine, not this process, is what a 100,000-resident read waits on).
      const cursors = langs.map((lang) => users.collection.find<RecipientUser>({ ...filter, lang }, { projection: RECIPIENT_PROJECTION, batchSize: FANOUT_BATCH }));
      const toMessages = (batch: RecipientUser[]): EnqueueMessage[] => batch.flatMap((u) => {
        const key = String(u._id);
        if (done?.has(key)) return [];
        const lang = u.lang ?? DEFAULT_LANG;
        return [{
          ...common, dedupeKey: `broadcast:${String(id)}:${key}`, userId: u._id, roomId: null, lang,
          payload: payloadIn(lang),
          // The inbox entry is the broadcast itself, derived at read time: residents whom no
          // channel reaches but the inbox get no document at all.
          inboxOnly: 'skip' as const,
          // Only bot-channel recipients take a send slot; the others go to subscribe messages or the inbox.
          notBefore: slot(!!u.bot?.contactId),
        }];
      });
      // Reading goes on while up to FANOUT_IN_FLIGHT batches are being routed and inserted.
      // The cancel check runs in the batch's own task, not on the reading path (the cursor would
      // wait for one more round trip per batch); a cancel seen there stops the reading.
      const inFlight = new Set<Promise<void>>();
      let stopped = false;
      const flush = async (recipients: RecipientUser[]): Promise<boolean> => {
        while (inFlight.size >= FANOUT_IN_FLIGHT) await Promise.race(inFlight);
        if (stopped) return false;
        const messages = toMessages(recipients); // here, in reading order, so send slots follow the cursors
        const task = async () => {
          if (await cancelled()) { stopped = true; return; }
          await commit(messages, null, recipients, recipients.length);
        };
        const p: Promise<void> = task().finally(() => inFlight.delete(p));
        p.catch(() => undefined); // surfaced by Promise.all below; not unhandled meanwhile
        inFlight.add(p);
        return true;
      };
      const read = async (cursor: (typeof cursors)[number]) => {
        let batch: RecipientUser[] = [];
        for await (const u of cursor) {
          batch.push(u);
          if (batch.length < FANOUT_BATCH) continue;
          const full = batch;
          batch = [];
          if (!(await flush(full))) return;
        }
        if (batch.length) await flush(batch);
      };
      try {
        await Promise.all(cursors.map(read));
      } finally {
        await Promise.all([...inFlight]);
        await Promise.all(cursors.map((c) => c.close().catch(() => undefined)));
      }
      // Batches still in flight when a cancel came in have inserted pending messages since: cancel them too.
      if (await cancelled()) return;
    }
    await broadcasts.updateOne({ _id: id }, { $set: { 'fanout.done': true, 'fanout.count': count, 'fanout.slots': slots, fanoutLease: null } });
    logger.info({ broadcastId: String(id), recipients: count }, 'broadcast fanned out');
  }

  /**
   * One scheduler round: starts due broadcasts, resumes fan-outs a crash interrupted, and marks
   * broadcasts done once nothing of theirs is pending. Run by startBackground (about every second).
   */
  async function tick(now = new Date()): Promise<void> {
    const due = await broadcasts.find({ state: 'scheduled', scheduleAt: { $lte: now } }, { _id: 1 }).lean();
    for (const b of due) await broadcasts.updateOne({ _id: b._id, state: 'scheduled' }, { $set: { state: 'sending' } });
    const active = await broadcasts.find({ state: { $in: ['sending', 'paused'] } }).lean<BroadcastDoc[]>();
    for (const b of active) {
      if (!b.fanout?.done) {
        // One instance fans out at a time; the others' schedulers skip it while its lease runs.
        if (await holdFanout(b._id)) await fanOut(b._id).catch((err: unknown) => { if (!(err instanceof FanoutLeaseLost)) throw err; });
        continue;
      }
      if (b.state !== 'sending') continue;
      if (!await outbox.broadcastOpen(b._id)) await broadcasts.updateOne({ _id: b._id, state: 'sending' }, { $set: { state: 'done' } });
    }
  }

  /** The bot reports the groups it is in (on login and when it joins one). */
  async function reportRooms(list: { id: string; topic: string }[]): Promise<void> {
    if (!list.length) return;
    await rooms.bulkWrite(list.map((r) => ({ updateOne: { filter: { roomId: r.id }, update: { $set: { topic: r.topic }, $setOnInsert: { roomId: r.id } }, upsert: true } })), { ordered: false });
  }

  /** The role of the account a bot contact is bound to (admin commands in the admin group). */
  async function roleOfContact(contactId: string): Promise<{ role: Role | null; user: Pick<UserDoc, '_id' | 'role'> | null }> {
    const user = await users.findOne({ 'bot.contactId': contactId }, { _id: 1, role: 1 }).lean<Pick<UserDoc, '_id' | 'role'>>();
    return { role: user?.role ?? null, user };
  }

  /** Delivery statistics: notifications by state over the last 24 h, and the latest broadcast. */
  async function stats(): Promise<{ last24h: DeliveryCounts; lastBroadcast: BroadcastDto | null }> {
    const last24h = await outbox.countsSince(new Date(Date.now() - 24 * 3600_000));
    const [latest] = await list(1);
    return { last24h, lastBroadcast: latest ?? null };
  }

  return { preview, create, list, get, pause, resume, cancel, notices, fanOut, tick, reportRooms, roleOfContact, stats };
}
export type BroadcastService = ReturnType<typeof createBroadcastService>;

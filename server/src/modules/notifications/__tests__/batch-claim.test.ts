import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Types } from 'mongoose';
import type { OutboxMessageDto } from '@bay/shared';
import { startHarness, type Harness } from '../../../__tests__/harness.js';
import { freshTestDatabaseUri } from '../../../testing.js';

const REDIS_URL = process.env.BAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TRIALS = 12;
const PER_TRIAL = 30;

/**
 * Batch claims (outbox.service claimCandidates) and batch acks (POST /internal/outbox/ack) on the
 * test engine, FerretDB, whose concurrent updates of one document are not atomic: the claim's one
 * write command must still run under the notifications lock, shared by both instances through Redis.
 */
describe('outbox batch claims and acks', () => {
  // Two apps ("instances") on one database and one Redis, each with its own connections.
  const prefix = `bay-test:${randomBytes(4).toString('hex')}:`;
  let a: Harness;
  let b: Harness;
  let n = 0;

  beforeAll(async () => {
    const env = { MONGODB_URI: freshTestDatabaseUri('batch-claim'), REDIS_URL };
    a = await startHarness('batch-claim-a', env, { sharedKeyPrefix: prefix });
    b = await startHarness('batch-claim-b', env, { sharedKeyPrefix: prefix });
  });
  afterAll(async () => {
    await b.app.services.shared.close();
    await b.conn.close();
    await a.close();
  });
  beforeEach(async () => {
    await a.app.services.models.notifications.updateMany({ state: { $in: ['pending', 'sending'] } }, { $set: { state: 'sent' } });
  });
  afterEach(() => { jest.restoreAllMocks(); });

  /** `count` bound residents with one due bot-channel message each; their ids. */
  async function dueMessages(count: number): Promise<string[]> {
    const now = new Date();
    const users = Array.from({ length: count }, () => {
      n += 1;
      return { _id: new Types.ObjectId(), openid: `dev:batch-${n}`, role: 'resident', lang: 'en', bot: { contactId: `wxid_batch_${n}`, boundAt: now }, createdAt: now, updatedAt: now };
    });
    await a.app.services.models.users.collection.insertMany(users);
    const docs = users.map((u) => ({
      _id: new Types.ObjectId(), dedupeKey: `batch-test:${String(u._id)}`, userId: u._id, kind: 'broadcast', lang: 'en',
      payload: { broadcastId: String(new Types.ObjectId()), title: 'Notice', body: 'Body' },
      state: 'pending', topic: 'broadcast', channel: 'bot', urgent: false, broadcastId: null, roomId: null,
      attempts: 0, nextAttemptAt: now, leaseUntil: null, workerId: null, lastError: null, sentAt: null, createdAt: now, updatedAt: now,
    }));
    await a.app.services.models.notifications.collection.insertMany(docs);
    return docs.map((d) => String(d._id));
  }

  /** Every message went to at most one claimer, and the database agrees with what each was told. */
  async function expectExactlyOnce(ids: string[], claims: { workerId: string; messages: OutboxMessageDto[] }[]) {
    const handed = claims.flatMap((c) => c.messages.map((m) => ({ id: m.id, workerId: c.workerId, attempts: m.attempts })));
    expect(new Set(handed.map((h) => h.id)).size).toBe(handed.length);
    expect(handed.every((h) => h.attempts === 1)).toBe(true);
    const stored = new Map((await a.app.services.models.notifications.find({ _id: { $in: ids } }).lean()).map((d) => [String(d._id), d]));
    for (const h of handed) expect(stored.get(h.id)).toMatchObject({ state: 'sending', workerId: h.workerId, attempts: 1 });
    const handedIds = new Set(handed.map((h) => h.id));
    for (const id of ids.filter((i) => !handedIds.has(i))) expect(stored.get(id)).toMatchObject({ state: 'pending', attempts: 0 });
    return handed.length;
  }

  it('never hands one message to two workers claiming at once through two instances', async () => {
    let claimed = 0;
    for (let t = 0; t < TRIALS; t++) {
      const ids = await dueMessages(PER_TRIAL);
      const claims = await Promise.all(Array.from({ length: 6 }, async (_, i) => {
        const workerId = `trial-${t}-w${i}`;
        return { workerId, messages: await (i % 2 ? b : a).app.services.outbox.claim(workerId, 8, 30_000) };
      }));
      claimed += await expectExactlyOnce(ids, claims);
      await a.app.services.models.notifications.updateMany({ _id: { $in: ids } }, { $set: { state: 'sent' } });
    }
    // A claimer that loses a race moves on to the next candidates: 6 × 8 places, 30 messages.
    expect(claimed).toBe(TRIALS * PER_TRIAL);
  });

  it('never hands one message to two workers claiming at once through one instance', async () => {
    for (let t = 0; t < TRIALS / 2; t++) {
      const ids = await dueMessages(PER_TRIAL);
      const claims = await Promise.all(Array.from({ length: 4 }, async (_, i) => {
        const workerId = `one-${t}-w${i}`;
        return { workerId, messages: await a.app.services.outbox.claim(workerId, 10, 30_000) };
      }));
      await expectExactlyOnce(ids, claims);
      await a.app.services.models.notifications.updateMany({ _id: { $in: ids } }, { $set: { state: 'sent' } });
    }
  });

  it('claims k messages with one write command, not k updates, and reads them back by claim token', async () => {
    const model = a.app.services.models.notifications;
    const ids = await dueMessages(12);
    const bulk = jest.spyOn(model, 'bulkWrite');
    const single = [jest.spyOn(model, 'updateOne'), jest.spyOn(model, 'findOneAndUpdate'), jest.spyOn(model, 'updateMany')];
    const messages = await a.app.services.outbox.claim('counted', 12, 30_000);
    expect(messages.map((m) => m.id).sort()).toEqual([...ids].sort());
    expect(bulk).toHaveBeenCalledTimes(1);
    expect(bulk.mock.calls[0]![0]).toHaveLength(12);
    for (const spy of single) expect(spy).not.toHaveBeenCalled();
    const tokens = new Set((await model.find({ _id: { $in: ids } }, { claimToken: 1 }).lean()).map((d) => d.claimToken));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toEqual(expect.any(String));
  });

  describe('POST /internal/outbox/ack', () => {
    const ack = (h: Harness, body: unknown) => h.http.post('/internal/outbox/ack').set(h.bot).send(body as object);

    it('acknowledges a round in one update, idempotently, and says which ids it refused', async () => {
      const model = b.app.services.models.notifications;
      await dueMessages(5);
      const messages = await a.app.services.outbox.claim('round', 5, 30_000);
      expect(messages).toHaveLength(5);
      const ids = messages.map((m) => m.id);
      const many = jest.spyOn(model, 'updateMany');
      const single = jest.spyOn(model, 'updateOne');
      const res = await ack(b, { workerId: 'round', ids });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ sent: ids, refused: [] });
      expect(many).toHaveBeenCalledTimes(1);
      expect(single).not.toHaveBeenCalled();
      jest.restoreAllMocks();
      expect((await model.find({ _id: { $in: ids } }).lean()).map((d) => d.state)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);

      // Retried (the first answer was lost), with a message that does not exist and one that died meanwhile.
      const [dead] = await dueMessages(1);
      await model.updateOne({ _id: dead }, { $set: { state: 'dead' } });
      const unknown = String(new Types.ObjectId());
      const again = await ack(a, { workerId: 'round', ids: [...ids, unknown, dead] });
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ sent: ids, refused: [{ id: unknown, code: 'notFound' }, { id: dead, code: 'conflict' }] });
    });

    it('requires the bot token and refuses bad bodies', async () => {
      expect((await a.http.post('/internal/outbox/ack').send({ workerId: 'w', ids: [String(new Types.ObjectId())] })).status).toBe(401);
      expect((await ack(a, { workerId: 'w', ids: [] })).status).toBe(400);
      expect((await ack(a, { workerId: 'w', ids: ['not-an-id'] })).status).toBe(400);
      expect((await ack(a, { workerId: 'w', ids: Array.from({ length: 101 }, () => String(new Types.ObjectId())) })).status).toBe(400);
    });
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types, type Connection } from 'mongoose';
import { seedDemoData } from '../../seed/seed.js';
import { HKID_OK, startHarness, type Harness } from '../../__tests__/harness.js';
import { freshTestDatabaseUri } from '../../testing.js';
import { lockKeys, type Locks } from '../lock.js';
import { detectEngine } from '../shared-state.js';

const REDIS_URL = process.env.BAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TRIALS = 30;

/**
 * One conditional update per contender on a fresh document: "take it if nobody has". Returns how
 * many contenders won; on an atomic engine (or under a working lock) that is exactly 1.
 */
async function race(conns: Connection[], lockOf: (i: number) => Locks | null): Promise<number> {
  const coll = (c: Connection) => c.db!.collection<{ _id: Types.ObjectId; state: string; by: number | null; n: number }>('races');
  const _id = new Types.ObjectId();
  await coll(conns[0]!).insertOne({ _id, state: 'free', by: null, n: 0 });
  const take = async (i: number) => {
    const update = () => coll(conns[i % conns.length]!).updateOne({ _id, state: 'free' }, { $set: { state: 'taken', by: i }, $inc: { n: 1 } });
    const locks = lockOf(i);
    const res = await (locks ? locks.withLock(lockKeys.application(String(_id)), update) : update());
    return res.modifiedCount;
  };
  const won = await Promise.all([0, 1, 2, 3].map(take));
  return won.reduce((a, b) => a + b, 0);
}

describe('shared state across server instances (FerretDB + Redis)', () => {
  // Two apps ("instances") on one database and one Redis, each with its own connections.
  const prefix = `bay-test:${randomBytes(4).toString('hex')}:`;
  let a: Harness;
  let b: Harness;
  let jobId: string;

  beforeAll(async () => {
    const env = { MONGODB_URI: freshTestDatabaseUri('shared'), REDIS_URL };
    a = await startHarness('shared-a', env, { sharedKeyPrefix: prefix });
    b = await startHarness('shared-b', env, { sharedKeyPrefix: prefix });
    await seedDemoData(a.conn);
    jobId = String((await a.app.services.models.jobs.findOne({}, { _id: 1 }).lean())!._id);
  });
  afterAll(async () => {
    await b.app.services.shared.close();
    await b.conn.close();
    await a.close();
  });

  it('detects the test engine as FerretDB', async () => {
    expect(await detectEngine(a.conn)).toBe('ferretdb');
    const described = await a.app.services.shared.describe();
    expect(described.engine).toBe('ferretdb');
    expect(a.app.services.shared.engine).toBe('ferretdb');
    expect(described.shared).toBe(`redis ${REDIS_URL}`);
    expect(a.app.services.shared.redis).not.toBeNull();
  });

  it('lets two concurrent conditional updates of one document both win without a lock (the race is real)', async () => {
    let doubleWins = 0;
    for (let t = 0; t < TRIALS; t++) if (await race([a.conn, b.conn], () => null) > 1) doubleWins++;
    expect(doubleWins).toBeGreaterThan(0);
  });

  it('never lets both win through the two apps\' locks (one Redis lock for both instances)', async () => {
    for (let t = 0; t < TRIALS; t++) {
      expect(await race([a.conn, b.conn], (i) => (i % 2 ? b.app.services.locks : a.app.services.locks))).toBe(1);
    }
  });

  it('keeps critical sections of the two apps from overlapping', async () => {
    let inside = 0;
    let overlaps = 0;
    const section = async () => {
      inside++;
      if (inside > 1) overlaps++;
      await new Promise((r) => setTimeout(r, 2));
      inside--;
    };
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? b : a).app.services.locks.withLock(lockKeys.notifications, section)));
    expect(overlaps).toBe(0);
  });

  it('wakes a claim long-polling app B within 1 s of a status change on app A', async () => {
    const resident = await a.app.services.users.upsert({ openid: `dev:shared-${randomBytes(3).toString('hex')}`, defaultLang: 'en' });
    await a.app.services.users.bindContact(String(resident._id), { contactId: 'wxid_shared' });
    // Nothing left over: the claim must be the one the wake-up answers.
    await a.app.services.models.notifications.updateMany({ state: { $in: ['pending', 'sending'] } }, { $set: { state: 'sent' } });

    const waitFor = async (trigger: () => Promise<unknown>) => {
      const polling = b.app.services.outbox.claim('worker-b', 10, 30_000, 5000);
      await new Promise((r) => setTimeout(r, 150)); // B is inside its long poll
      const start = Date.now();
      await trigger();
      const messages = await polling;
      return { messages, ms: Date.now() - start };
    };

    const created = await waitFor(() => a.app.services.applications.create(String(resident._id), {
      jobId, name: 'Chan Tai Man', phone: '61234567', docType: 'hkid', docNumber: HKID_OK, resume: 'CV',
    }));
    expect(created.messages.map((m) => m.kind)).toEqual(['application.status']);
    expect(created.ms).toBeLessThan(1000);
    await b.app.services.outbox.ack(created.messages[0]!.id, 'worker-b');

    const applicationId = created.messages[0]!.kind === 'application.status' ? created.messages[0]!.payload.applicationId : '';
    const changed = await waitFor(() => a.app.services.applications.changeStatus(applicationId, 'under_review', 'reviewer'));
    expect(changed.messages).toHaveLength(1);
    expect(changed.messages[0]!.kind === 'application.status' && changed.messages[0]!.payload.status).toBe('under_review');
    expect(changed.ms).toBeLessThan(1000);
  });
});

describe('shared state without REDIS_URL', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness('shared-local'); });
  afterAll(async () => { await h.close(); });

  it('keeps everything in this process and says so', async () => {
    expect(h.app.services.shared.redis).toBeNull();
    expect(await h.app.services.shared.describe()).toEqual({
      engine: 'ferretdb',
      shared: 'this process only (REDIS_URL unset): run one instance',
      locks: 'in-process mutex (one instance only)',
    });
  });

  it('still serialises concurrent conditional updates through the in-process lock', async () => {
    // The driver's pool runs the four updates side by side on the engine; the lock must order them.
    for (let t = 0; t < TRIALS; t++) expect(await race([h.conn], () => h.app.services.locks)).toBe(1);
  });
});

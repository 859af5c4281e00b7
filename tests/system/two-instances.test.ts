/**
 * Production's shape, small: two server processes (server/src/main.ts, as deployed) behind a
 * round-robin load balancer, one engine, one Redis (REDIS_URL), and two bot workers on the
 * official wechaty-puppet-mock talking to the balancer.
 *
 * - a status change made on instance A wakes a worker long-polling instance B within 1 s;
 * - the sign-in limit holds across both instances (the counters live in Redis);
 * - a 1,000-recipient broadcast, with instance A killed (SIGKILL) and one worker killed between a
 *   send and its ack mid-way, reaches every mock contact exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { API, NOTIFY_API, type ApplicationDto, type BroadcastDto, type JobDto, type Page, type SessionDto } from '@bay/shared';
import { createSessionSigner } from '../../server/src/core/auth.js';
import { connectDb } from '../../server/src/core/db.js';
import { seedDemoData } from '../../server/src/seed/seed.js';
import { freshTestDatabaseUri } from '../../server/src/testing.js';
import { BayApiError, type BayApi } from '../../bot/src/api/client.js';
import { call, SAMPLE_APPLICATION, setStatus, sleep, startBotWorld, tempStateDir, waitFor, waitForAsync, type BotWorld } from '../../bot/src/__tests__/helpers/world.js';
import { startBalancer, type Balancer } from '../helpers/balancer.js';
import { deploymentEnv, startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const REDIS_URL = process.env.BAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const N = Number(process.env.SYSTEM_BROADCAST_N ?? 1000);
const AUTH_LIMIT = 10;
const OUTBOX = { leaseMs: 15_000, batchSize: 20, maxBackoffMs: 500 };

describe('two server instances, two bot workers, one engine, one Redis', () => {
  let mongoUri: string;
  let env: Record<string, string>;
  let a: ServerProcess;
  let b: ServerProcess;
  let lb: Balancer;
  let client: MongoClient;
  let db: Db;
  let signIns = 0;
  const worlds: BotWorld[] = [];
  const removals: (() => Promise<void>)[] = [];

  async function devLogin(url: string, handle: string, role = 'resident'): Promise<SessionDto> {
    signIns += 1;
    return call<SessionDto>({ url }, undefined, 'POST', API.devLogin, { handle, role, lang: 'zh-Hant' });
  }

  beforeAll(async () => {
    mongoUri = freshTestDatabaseUri('two_inst');
    const conn = await connectDb(mongoUri);
    await seedDemoData(conn);
    await conn.close();
    env = deploymentEnv(mongoUri, {
      REDIS_URL,
      REDIS_KEY_PREFIX: `bay-test-${randomBytes(4).toString('hex')}:`,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_AUTH_PER_IP: String(AUTH_LIMIT),
      RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_ACCOUNT: '1000000', RATE_LIMIT_INTERNAL: '1000000',
    });
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    lb = await startBalancer([a.url, b.url]);
    client = await MongoClient.connect(mongoUri);
    db = client.db();
  }, 120_000);

  afterAll(async () => {
    for (const w of worlds) await w.stop().catch(() => undefined);
    await lb?.close();
    await Promise.all([a?.kill(), b?.kill()]);
    await client?.db().dropDatabase().catch(() => undefined);
    await client?.close();
    for (const r of removals) await r();
  });

  async function world(url: string, options: Parameters<typeof startBotWorld>[2] = {}): Promise<BotWorld> {
    const dir = await tempStateDir();
    removals.push(dir.remove);
    const w = await startBotWorld({ url, botToken: env.BOT_API_TOKEN! }, dir.dir, options);
    worlds.push(w);
    return w;
  }

  it('wakes a worker long-polling instance B within 1 s of a status change made on instance A', async () => {
    // Long polls of 4 s (below the test client's 5 s timeout): without a wake-up that crosses instances
    // a change made 1.5 s into a poll would wait about 2.5 s for it to end.
    const w = await world(b.url, { env: { BOT_POLL_INTERVAL_MS: '4000' } });
    const resident = await devLogin(a.url, 'two-inst-resident');
    await db.collection('users').updateOne({ _id: new ObjectId(resident.user.id) }, { $set: { bot: { contactId: 'two-inst-contact', boundAt: new Date() } } });
    const contact = w.contact('two-inst-contact', '陳先生');
    const jobs = await call<Page<JobDto>>({ url: a.url }, resident, 'GET', `${API.jobs}?limit=1`);
    const app = await call<ApplicationDto>({ url: a.url }, resident, 'POST', API.applications, { jobId: jobs.items[0]!.id, ...SAMPLE_APPLICATION });
    const reviewer = await devLogin(a.url, 'two-inst-reviewer', 'reviewer');
    // The submission's own message first, so the worker is idle in a long poll of B afterwards.
    await waitFor(() => contact.received[0], 'the submission notice', 30_000);

    const latencies: number[] = [];
    for (const [i, status] of (['under_review', 'interview', 'offered'] as const).entries()) {
      await sleep(1500);
      const before = contact.received.length;
      const t0 = Date.now();
      await setStatus({ url: a.url }, reviewer, app.id, status);
      await waitFor(() => contact.received.length > before, `status update ${i + 1}`, 15_000);
      latencies.push(Date.now() - t0);
    }
    if (process.env.SYSTEM_DEBUG) console.log('latencies', latencies);
    expect(latencies.every((ms) => ms < 1000)).toBe(true);
    await w.stop();
  }, 120_000);

  it('holds the sign-in limit across both instances', async () => {
    // Alternate between the instances until one says 429; the limit counts every sign-in so far.
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_LIMIT * 2 && !statuses.includes(429); i++) {
      const url = i % 2 === 0 ? a.url : b.url;
      const res = await fetch(`${url}${API.devLogin}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle: `limit-${i}` }) });
      statuses.push(res.status);
    }
    const allowed = statuses.filter((s) => s === 200).length;
    expect(allowed).toBe(AUTH_LIMIT - signIns);
    expect(statuses.at(-1)).toBe(429);
    // The other instance refuses too.
    const other = statuses.length % 2 === 0 ? a.url : b.url;
    expect((await fetch(`${other}${API.devLogin}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"handle":"limit-x"}' })).status).toBe(429);
  });

  it(`delivers a ${N}-recipient broadcast exactly once with instance A and one worker killed mid-way`, async () => {
    // Only the broadcast's own residents remain (the earlier tests' accounts would be recipients too).
    await db.collection('users').deleteMany({});
    const broadcastWorlds: BotWorld[] = [];
    /** What each contact received of the broadcast, over every worker (and the restart). */
    const receivedCounts = () => {
      const counts = new Map<string, number>();
      for (const w of broadcastWorlds) {
        for (const [id, u] of w.users) {
          const n = u.received.filter((text) => text.includes('双实例演练')).length;
          if (n) counts.set(id, (counts.get(id) ?? 0) + n);
        }
      }
      return counts;
    };
    const contactId = (i: number) => `sys-contact-${i}`;
    const langs = ['zh-Hans', 'zh-Hant', 'en'] as const;
    await db.collection('users').insertMany(Array.from({ length: N }, (_, i) => ({
      openid: `dev:sys-${i}`, role: 'resident', lang: langs[i % 3], bot: { contactId: contactId(i), boundAt: new Date() }, createdAt: new Date(), updatedAt: new Date(),
    })));
    // The sign-in limit is used up by now: the admin's token is signed with the deployment's secret, as either instance would.
    const admin = await db.collection('users').insertOne({ openid: 'dev:sys-admin', role: 'admin', lang: 'zh-Hans', createdAt: new Date(), updatedAt: new Date() });
    const adminSession = { token: await createSessionSigner(env.SESSION_SECRET!, 3600).sign(String(admin.insertedId)) } as SessionDto;

    async function worker(stateDir: string, api?: (inner: BayApi) => BayApi): Promise<BotWorld> {
      // Contacts exist before the worker logs in: a restarted worker claims at once.
      const contacts = Array.from({ length: N }, (_, i) => ({ id: contactId(i), name: `居民${i}` }));
      const w = await startBotWorld({ url: lb.url, botToken: env.BOT_API_TOKEN! }, stateDir, { outbox: OUTBOX, contacts, ...(api ? { api } : {}) });
      worlds.push(w);
      broadcastWorlds.push(w);
      return w;
    }
    const dirA = await tempStateDir();
    const dirB = await tempStateDir();
    removals.push(dirA.remove, dirB.remove);
    const killAfter = Math.floor(N * 0.15);
    let acks = 0;
    let dying = false;
    let first!: BotWorld;
    first = await worker(dirA.dir, (inner) => ({
      ...inner,
      async ack(ids, workerId) {
        if (dying) throw new BayApiError('killed', 0, 'network', true);
        acks += ids.length;
        if (acks >= killAfter) {
          dying = true;
          void first.bay.stop();
          throw new BayApiError('killed between send and ack', 0, 'network', true);
        }
        return inner.ack(ids, workerId);
      },
    }));
    await worker(dirB.dir);

    const broadcast = await call<BroadcastDto>({ url: lb.url }, adminSession, 'POST', NOTIFY_API.adminBroadcasts, {
      title: { 'zh-Hans': '双实例演练', 'zh-Hant': '双实例演练', en: '双实例演练' },
      body: { 'zh-Hans': '今晚八点', 'zh-Hant': '今晚八點', en: '8 pm tonight' },
      audience: { type: 'all' },
      ratePerMinute: 100_000,
    });
    const sent = () => db.collection('notifications').countDocuments({ broadcastId: new ObjectId(broadcast.id), state: 'sent' });

    // Instance A dies once a tenth has gone out; the worker dies at 15 %.
    await waitForAsync(async () => (await sent()) >= N * 0.1, 'a tenth delivered', 240_000);
    await a.kill();
    await waitForAsync(async () => dying, 'the first worker to die', 240_000);
    await first.stop();
    await first.puppet.stop().catch(() => undefined);
    await worker(dirA.dir); // restarted with the same state directory

    await waitForAsync(async () => (await sent()) === N, 'every message acknowledged', 400_000);
    await sleep(1000);
    const received = receivedCounts();
    if (process.env.SYSTEM_DEBUG) {
      const missing = Array.from({ length: N }, (_, i) => contactId(i)).filter((c) => !received.has(c)).slice(0, 5);
      for (const c of missing) {
        const u = await db.collection('users').findOne({ 'bot.contactId': c });
        const n = await db.collection('notifications').find({ userId: u!._id }).toArray();
        console.log(c, JSON.stringify(n.map((d) => ({ state: d.state, workerId: d.workerId, attempts: d.attempts, channel: d.channel, error: d.lastError }))));
      }
      console.log('latencies', JSON.stringify(worlds.map((w) => w.api.calls.filter((x) => x.method === 'ack').length)));
    }
    expect(received.size).toBe(N);
    expect([...received.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    const dto = await call<BroadcastDto>({ url: lb.url }, adminSession, 'GET', NOTIFY_API.adminBroadcast(broadcast.id));
    expect(dto.counts).toMatchObject({ recipients: N, sent: N, pending: 0, dead: 0 });
    // Both instances served the workers before A died.
    expect(lb.served.get(a.url)).toBeGreaterThan(0);
    expect(lb.served.get(b.url)).toBeGreaterThan(0);
  }, 600_000);
});

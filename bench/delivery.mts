/**
 * Delivery benchmark (issue 6): the real server (a child process on FerretDB) and real bot workers
 * (createBayBot on the official wechaty-puppet-mock, in this process) delivering to mock contacts.
 * Prints, asserts nothing; record the figures in docs/notifications.md.
 *
 *   1. throughput with the rate limit off: a broadcast to --n bound residents (100,000/min, the
 *      highest rate allowed), --workers bot workers, from "send" until every contact has it;
 *   2. send rate with a limit set: a broadcast to --rate-n residents at --rate per minute; the
 *      measured rate (first to last receipt) against the configured one (workers poll once a
 *      second, so a window much shorter than a minute mostly measures the polling);
 *   3. status change → delivery: --status-n reviewer status changes, from the API's answer until
 *      the resident's mock contact receives the update (p50 / p99), bot polling at its default;
 *   4. peak resident memory of this process (the bot workers and their mock contacts; an upper
 *      bound for one worker) and of the server.
 *
 *   With phase 1 it also prints where the workers' time went: claims that returned messages, empty
 *   (long-polling) claims and acks, as the bot sees them (each HTTP round trip whole), and the rest
 *   of the workers' busy time (rendering, the puppet's say, the journal's write and flush).
 *
 *   node --conditions=development --import tsx bench/delivery.mts [--n 1000] [--workers 2] [--backend postgresql] [--phases throughput,rate,status]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { pino } from 'pino';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { API, NOTIFY_API, type ApplicationDto, type BroadcastDto, type JobDto, type Page, type SessionDto } from '@bay/shared';
import { createApiClient, type BayApi } from '../bot/src/api/client.js';
import { loadConfig } from '../bot/src/config.js';
import { createBayBot, type BayBot } from '../bot/src/index.js';
import { freePort, peakRss, runToEnd, serverEnv, startBenchEngine, stopChildren, tsx, waitOk } from './lib.mjs';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '2' },
    'rate-n': { type: 'string', default: '121' },
    rate: { type: 'string', default: '120' },
    'status-n': { type: 'string', default: '100' },
    backend: { type: 'string', default: 'postgresql' },
    phases: { type: 'string', default: 'throughput,rate,status' },
  },
});
const PHASES = new Set(values.phases.split(','));
const N = Number(values.n);
const WORKERS = Number(values.workers);
const RATE_N = Number(values['rate-n']);
const RATE = Number(values.rate);
const STATUS_N = Number(values['status-n']);
const BOT_SELF = 'bench-bot-self';

const bench = await startBenchEngine(values.backend === 'sqlite' ? 'sqlite' : 'postgresql');
const mongoUri = `${bench.engine.uri}/bay_delivery`;
const port = await freePort();
const env = serverEnv(port, mongoUri);
const base = `http://127.0.0.1:${port}`;
const stateDirs: string[] = [];
const bots: { bay: BayBot; puppet: PuppetMock }[] = [];
const db = await MongoClient.connect(mongoUri);
const users = db.db().collection('users');

async function call<T>(session: SessionDto | null, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(session ? { authorization: `Bearer ${session.token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return JSON.parse(text) as T;
}
const devLogin = (handle: string, role: 'resident' | 'admin', lang = 'zh-Hant') => call<SessionDto>(null, 'POST', API.devLogin, { handle, role, lang });

/** Receipt times per contact id (over every worker), for the text markers the phases use. */
const receipts = new Map<string, number[]>();
const received = (marker: string, id: string) => receipts.get(`${marker}|${id}`) ?? [];

/** Bot → server calls over every worker: count, messages carried, total milliseconds (whole round trips). */
const calls = new Map<string, { calls: number; messages: number; ms: number }>();
async function timedCall<T>(name: string, messages: (result: T) => number, call: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const result = await call();
  const n = messages(result);
  // An empty claim is a long poll: its time is waiting, not work.
  const key = name === 'claim' && n === 0 ? 'claim (empty)' : name;
  const entry = calls.get(key) ?? { calls: 0, messages: 0, ms: 0 };
  entry.calls += 1;
  entry.messages += n;
  entry.ms += performance.now() - t;
  calls.set(key, entry);
  return result;
}
/** The worker's API client, timed per call. */
function timedApi(api: BayApi): BayApi {
  return {
    ...api,
    claim: (body) => timedCall('claim', (r) => r.length, () => api.claim(body)),
    ack: (ids, workerId) => timedCall('ack', () => ids.length, () => api.ack(ids, workerId)),
    fail: (id, workerId, error) => timedCall('fail', () => 1, () => api.fail(id, workerId, error)),
  };
}

async function startWorker(i: number, contactIds: string[]): Promise<void> {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const self = mocker.createContact({ id: BOT_SELF, name: '湾事通助手' });
  const stateDir = mkdtempSync(join(tmpdir(), 'bay-delivery-bot-'));
  stateDirs.push(stateDir);
  const config = loadConfig({
    BAY_API_URL: base, BOT_API_TOKEN: env.BOT_API_TOKEN!, BOT_WORKER_ID: `bench-${i}`, BOT_STATE_DIR: stateDir, LOG_LEVEL: 'warn',
    MINIAPP_APP_ID: 'wx0000000000000000', MINIAPP_USERNAME: 'gh_bayconnect',
  });
  const api = timedApi(createApiClient({ baseUrl: base, token: config.BOT_API_TOKEN, timeoutMs: 10_000 }));
  // Outbox defaults of a real worker (poll interval from the config, lease 30 s, the batch size
  // that follows from the send gap: 50 with none); no pause between chat messages, so the
  // server's pacing is what is measured.
  const bay = createBayBot({ config, puppet, api, logger: pino({ level: 'warn' }), outbox: { sendGapMs: 0 } });
  await bay.start();
  const loggedIn = new Promise((resolve) => bay.bot.once('login', resolve));
  mocker.login(self);
  await loggedIn;
  for (const id of contactIds) {
    const contact = mocker.createContact({ id, name: id });
    contact.on('message', (msg) => {
      if (msg.payload.talkerId !== BOT_SELF || msg.payload.roomId) return;
      const text = msg.text() ?? '';
      const marker = /\[(\w+)\]/.exec(text)?.[1] ?? (text.includes('/#/pages/applications/detail') ? 'status' : 'other');
      const key = `${marker}|${id}`;
      receipts.set(key, [...(receipts.get(key) ?? []), performance.now()]);
    });
  }
  bots.push({ bay, puppet });
}

const waitUntil = async (probe: () => boolean | Promise<boolean>, what: string, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

try {
  await runToEnd('server/src/seed/cli.ts', env);
  const server = tsx('server/src/main.ts', env);
  await waitOk(`${base}/healthz`);
  const serverRss = peakRss(server.pid!);
  const selfRss = { peak: 0 };
  const rssTimer = setInterval(() => { selfRss.peak = Math.max(selfRss.peak, process.memoryUsage().rss); }, 200);
  const admin = await devLogin('bench-admin', 'admin');

  // Residents bound to bot contacts (bound directly in the database: binding is not what is measured).
  const total = Math.max(N, RATE_N, STATUS_N);
  const ids = Array.from({ length: total }, (_, i) => `bench-contact-${i}`);
  const langs = ['zh-Hans', 'zh-Hant', 'en'] as const;
  for (let i = 0; i < total; i += 5000) {
    await users.insertMany(ids.slice(i, i + 5000).map((contactId, j) => ({
      openid: `dev:bench-${i + j}`, role: 'resident', lang: langs[(i + j) % 3], bot: { contactId, boundAt: new Date() }, createdAt: new Date(), updatedAt: new Date(),
    })));
  }
  for (let w = 0; w < WORKERS; w++) await startWorker(w, ids);
  console.log(`${total} bound residents, ${WORKERS} bot worker(s) on wechaty-puppet-mock, engine: FerretDB ${values.backend}`);

  const text = (marker: string) => ({ 'zh-Hans': `[${marker}] 通知`, 'zh-Hant': `[${marker}] 通知`, en: `[${marker}] Notice` });
  const broadcast = (marker: string, ratePerMinute: number, audience: unknown) =>
    call<BroadcastDto>(admin, 'POST', NOTIFY_API.adminBroadcasts, { title: text(marker), body: text(marker), audience, ratePerMinute });
  const results = { push: (r: Record<string, unknown>) => console.log(JSON.stringify(r)) };

  // 1. Throughput, rate limit off.
  if (PHASES.has('throughput')) {
    calls.clear();
    const t0 = performance.now();
    await broadcast('fast', 100_000, { type: 'all' });
    const target = ids.slice(0, total);
    await waitUntil(() => target.every((id) => received('fast', id).length > 0), 'every contact got the fast broadcast', 30 * 60_000);
    const seconds = (performance.now() - t0) / 1000;
    const dup = target.filter((id) => received('fast', id).length > 1).length;
    results.push({ measure: 'throughput, rate limit off', recipients: target.length, workers: WORKERS, seconds: +seconds.toFixed(1), 'messages/s': Math.round(target.length / seconds), duplicates: dup });
    // Where the workers' time went (summed over workers; the rest of workers × seconds is their own work and idle gaps).
    const busy = WORKERS * seconds * 1000;
    let spent = 0;
    for (const [name, c] of calls) {
      if (name !== 'claim (empty)') spent += c.ms;
      results.push({ measure: `worker time: ${name}`, calls: c.calls, messages: c.messages, 'ms per call': +(c.ms / c.calls).toFixed(1), 'share of worker time %': +((c.ms / busy) * 100).toFixed(1) });
    }
    results.push({ measure: 'worker time: the rest (render, say, journal; idle)', 'share of worker time %': +(((busy - spent) / busy) * 100).toFixed(1) });
  }

  // 2. Send rate with a limit: only the first RATE_N residents (by language is not selective enough: tag them by city).
  if (PHASES.has('rate')) {
    await users.updateMany({ openid: { $in: Array.from({ length: RATE_N }, (_, i) => `dev:bench-${i}`) } }, { $set: { 'notify.city': 'macao' } });
    await broadcast('rate', RATE, { type: 'city', cities: ['macao'] });
    const contacts = (await users.find({ 'notify.city': 'macao' }, { projection: { bot: 1 } }).toArray()).map((u) => (u.bot as { contactId: string }).contactId);
    await waitUntil(() => contacts.every((id) => received('rate', id).length > 0), 'every contact got the paced broadcast', 30 * 60_000);
    const times = contacts.map((id) => received('rate', id)[0]!).sort((a, b) => a - b);
    const measured = ((times.length - 1) / ((times.at(-1)! - times[0]!) / 1000)) * 60;
    results.push({ measure: 'send rate with a limit', recipients: contacts.length, 'configured /min': RATE, 'measured /min': +measured.toFixed(1), 'deviation %': +(((measured - RATE) / RATE) * 100).toFixed(1) });
  }

  // 3. Status change → delivery to the mock contact.
  if (PHASES.has('status')) {
    const residents = await users.find({ openid: { $in: Array.from({ length: STATUS_N }, (_, i) => `dev:bench-${i}`) } }, { projection: { openid: 1, bot: 1 } }).toArray();
    const latencies: number[] = [];
    const jobs = await call<Page<JobDto>>(null, 'GET', `${API.jobs}?limit=1`);
    for (const [i, r] of residents.entries()) {
      // The resident signs in (dev login finds the same account by its openid) and applies.
      const session = await devLogin(String(r.openid).slice(4), 'resident');
      const app = await call<ApplicationDto>(session, 'POST', API.applications, {
        jobId: jobs.items[0]!.id, name: '陳大文', phone: '+852 9123 4567', docType: 'hkid', docNumber: 'A123456(3)', resume: '十年酒店前台經驗。',
      });
      const contactId = (r.bot as { contactId: string }).contactId;
      const before = received('status', contactId).length;
      const t0 = performance.now(); // from the reviewer's request (the change is committed inside it)
      await call<ApplicationDto>(admin, 'POST', API.adminApplicationStatus(app.id), { status: 'under_review' });
      // Statuses of successive residents overlap a little: the next change starts once this one is delivered.
      await waitUntil(() => received('status', contactId).length > before, `status update ${i} delivered`, 60_000);
      latencies.push(performance.now() - t0);
    }
    results.push({ measure: 'status change → delivered', changes: latencies.length, 'p50 ms': Math.round(pct(latencies, 50)), 'p99 ms': Math.round(pct(latencies, 99)), 'max ms': Math.round(Math.max(...latencies)) });
  }

  clearInterval(rssTimer);
  results.push({ measure: 'peak RSS', 'bench process (bot workers + mock contacts) MB': Math.round(selfRss.peak / 1048576), 'server MB': serverRss.stop() });
} finally {
  for (const b of bots) {
    await b.bay.stop().catch(() => undefined);
    await b.puppet.stop().catch(() => undefined);
  }
  await db.close();
  await stopChildren();
  await bench.cleanup();
  for (const d of stateDirs) rmSync(d, { recursive: true, force: true });
}
process.exit(0);

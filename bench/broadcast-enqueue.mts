/**
 * Time to fan out a broadcast to N residents (default 100,000; target ≤ 10 s) on the PostgreSQL
 * backend: users are inserted directly in bulk first, then `services.broadcasts.fanOut` runs the
 * real fan-out (router, notifications, FANOUT_BATCH per batch; no inbox items: a broadcast's inbox
 * entry is derived at read time). `--bound` is the share of residents with a bot contact (they get
 * a notification; the others, inbox only, get none): 1 (default) is the worst case. Also prints
 * where the time goes: one cursor over the audience alone, and the time spent in the router +
 * insert (summed over batches in flight). Record the figures in docs/notifications.md.
 *
 *   node --conditions=development --import tsx bench/broadcast-enqueue.mts [--n 100000] [--bound 1] [--backend postgresql|sqlite]
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/src/core/config.js';
import { connectDb, ensureIndexes } from '../server/src/core/db.js';
import { createLogger } from '../server/src/core/logger.js';
import { generateKeyRingSpec } from '../server/src/core/crypto.js';
import { createServices } from '../server/src/services.js';
import { audienceFilter } from '../server/src/modules/broadcasts/broadcast.audience.js';
import { FANOUT_BATCH } from '../server/src/modules/broadcasts/broadcast.service.js';
import { RECIPIENT_PROJECTION } from '../server/src/modules/notifications/outbox.service.js';
import { serverEnv, startBenchEngine } from './lib.mjs';

const { values } = parseArgs({ options: { n: { type: 'string', default: '100000' }, bound: { type: 'string', default: '1' }, backend: { type: 'string', default: 'postgresql' } } });
const n = Number(values.n);
const boundEvery = Number(values.bound) > 0 ? Math.round(1 / Number(values.bound)) : 0;
const bench = await startBenchEngine(values.backend as 'postgresql' | 'sqlite');
try {
  const config = loadConfig({ ...serverEnv(0, `${bench.engine.uri}/bay_bench`), DATA_ENCRYPTION_KEYS: generateKeyRingSpec(['k1']), WECHAT_APP_ID: 'wx0000000000000000', WECHAT_APP_SECRET: 'x', LOG_LEVEL: 'warn' });
  const logger = createLogger('warn');
  const conn = await connectDb(config.mongoUri, logger);
  const services = createServices(conn, config, logger);
  await ensureIndexes(services.models);
  let t = performance.now();
  const langs = ['zh-Hans', 'zh-Hant', 'en'] as const;
  for (let i = 0; i < n; i += 5000) {
    await services.models.users.collection.insertMany(Array.from({ length: Math.min(5000, n - i) }, (_, j) => ({
      openid: `dev:bench-${i + j}`, role: 'resident', lang: langs[(i + j) % 3], ...(boundEvery && (i + j) % boundEvery === 0 ? { bot: { contactId: `c-${i + j}`, boundAt: new Date() } } : {}), createdAt: new Date(), updatedAt: new Date(),
    })), { ordered: false });
  }
  console.log(`inserted ${n} users in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const same = { 'zh-Hans': '通知', 'zh-Hant': '通知', en: 'Notice' };
  // Where the time goes (2): time inside the router + notification insert, summed over the batches (several are in flight at once).
  const outbox = services.outbox;
  const enqueue = outbox.enqueue.bind(outbox);
  let insertMs = 0;
  outbox.enqueue = async (...args) => {
    const s = performance.now();
    try { return await enqueue(...args); } finally { insertMs += performance.now() - s; }
  };
  const b = await services.broadcasts.create({ title: same, body: same, audience: { type: 'all' }, ratePerMinute: 100_000 }, null);
  t = performance.now();
  await services.broadcasts.fanOut(b._id);
  const seconds = (performance.now() - t) / 1000;
  // Where the time goes (1), after the fan-out (so it does not warm the engine's cache for it): the audience read alone, with the fan-out's own query, projection and batch size.
  t = performance.now();
  let read = 0;
  for await (const _u of services.models.users.collection.find(audienceFilter({ type: 'all' }), { projection: RECIPIENT_PROJECTION, batchSize: FANOUT_BATCH })) read++;
  const readSeconds = (performance.now() - t) / 1000;
  const count = await services.models.notifications.countDocuments({ broadcastId: b._id });
  const inboxItems = await services.models.inboxItems.countDocuments({});
  const recipients = (await services.models.broadcasts.findById(b._id).lean())?.fanout.count;
  console.log(JSON.stringify({
    backend: values.backend, residents: n, bound: values.bound, recipients, notifications: count, inboxItems,
    fanOutSeconds: Number(seconds.toFixed(2)), 'recipients/s': Math.round(n / seconds), targetMet: seconds <= 10,
    audienceReadAloneSeconds: Number(readSeconds.toFixed(2)), read, routeAndInsertSecondsSummed: Number((insertMs / 1000).toFixed(2)),
  }));
  await conn.close();
} finally {
  await bench.cleanup();
}

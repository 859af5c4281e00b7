/**
 * Time to fan out a broadcast to N residents (default 100,000; target ≤ 10 s) on the PostgreSQL
 * backend: users are inserted directly in bulk first, then `services.broadcasts.fanOut` runs the
 * real fan-out (router, inbox items, 1,000 per batch). Prints figures; record them in docs/notifications.md.
 *
 *   node --conditions=development --import tsx bench/broadcast-enqueue.mts [--n 100000] [--backend postgresql|sqlite]
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/src/core/config.js';
import { connectDb, ensureIndexes } from '../server/src/core/db.js';
import { createLogger } from '../server/src/core/logger.js';
import { generateKeyRingSpec } from '../server/src/core/crypto.js';
import { createServices } from '../server/src/services.js';
import { serverEnv, startBenchEngine } from './lib.mjs';

const { values } = parseArgs({ options: { n: { type: 'string', default: '100000' }, backend: { type: 'string', default: 'postgresql' } } });
const n = Number(values.n);
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
      openid: `dev:bench-${i + j}`, role: 'resident', lang: langs[(i + j) % 3], bot: { contactId: `c-${i + j}`, boundAt: new Date() }, createdAt: new Date(), updatedAt: new Date(),
    })), { ordered: false });
  }
  console.log(`inserted ${n} users in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const same = { 'zh-Hans': '通知', 'zh-Hant': '通知', en: 'Notice' };
  const b = await services.broadcasts.create({ title: same, body: same, audience: { type: 'all' }, ratePerMinute: 100_000 }, null);
  t = performance.now();
  await services.broadcasts.fanOut(b._id);
  const seconds = (performance.now() - t) / 1000;
  const count = await services.models.notifications.countDocuments({ broadcastId: b._id });
  console.log(JSON.stringify({ backend: values.backend, recipients: n, notifications: count, fanOutSeconds: Number(seconds.toFixed(2)), perSecond: Math.round(count / seconds), targetMet: seconds <= 10 }));
  await conn.close();
} finally {
  await bench.cleanup();
}

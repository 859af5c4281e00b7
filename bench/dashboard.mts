/**
 * How long the operations dashboard takes to compute (GET /api/admin/dashboard without the
 * per-instance reuse) with N applications submitted in the window (default 20,000, the most one
 * request reads), M notifications (default 100,000) and a day's worth of wait observations for
 * every port, on the PostgreSQL backend. Documents are inserted directly in bulk first, shaped as
 * the services store them; then `services.dashboard.figures` runs the real queries. Prints the
 * median and worst of `--runs` computations, and each figure group alone. Record the figures in
 * docs/dashboard.md.
 *
 *   node --conditions=development --import tsx bench/dashboard.mts [--applications 20000] [--notifications 100000] [--runs 5] [--backend postgresql|sqlite]
 */
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { APPLICATION_STATUSES, NOTIFICATION_CHANNELS, WAIT_DIRECTIONS } from '@bay/shared';
import { loadConfig } from '../server/src/core/config.js';
import { connectDb, ensureIndexes } from '../server/src/core/db.js';
import { createLogger } from '../server/src/core/logger.js';
import { generateKeyRingSpec } from '../server/src/core/crypto.js';
import { createServices } from '../server/src/services.js';
import { seedCustomsContent } from '../server/src/modules/customs/customs.content.js';
import { hkSlot } from '../server/src/modules/customs/customs.service.js';
import { hkDay } from '../server/src/modules/enquiries/outcome.model.js';
import { serverEnv, startBenchEngine } from './lib.mjs';

const { values } = parseArgs({
  options: {
    applications: { type: 'string', default: '20000' }, notifications: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' }, backend: { type: 'string', default: 'postgresql' },
  },
});
const nApps = Number(values.applications);
const nNotes = Number(values.notifications);
const runs = Number(values.runs);
const DAY = 24 * 3600_000;
const bench = await startBenchEngine(values.backend as 'postgresql' | 'sqlite');
try {
  const config = loadConfig({ ...serverEnv(0, `${bench.engine.uri}/bay_bench_dash`), DATA_ENCRYPTION_KEYS: generateKeyRingSpec(['k1']), WECHAT_APP_ID: 'wx0000000000000000', WECHAT_APP_SECRET: 'x', LOG_LEVEL: 'warn' });
  const logger = createLogger('warn');
  const conn = await connectDb(config.mongoUri, logger);
  const services = createServices(conn, config, logger, { dashboardCacheMs: 0 });
  await ensureIndexes(services.models);
  const { models } = services;
  const now = Date.now();
  let t = performance.now();
  const title = { 'zh-Hans': '司机', 'zh-Hant': '司機', en: 'Driver' };
  for (let i = 0; i < nApps; i += 5000) {
    await models.applications.collection.insertMany(Array.from({ length: Math.min(5000, nApps - i) }, (_, j) => {
      const k = i + j;
      const createdAt = new Date(now - (k % 14) * DAY - (k % 1440) * 60_000);
      const status = APPLICATION_STATUSES[k % APPLICATION_STATUSES.length]!;
      const timeline = [{ status: 'submitted', at: createdAt, by: 'resident' }, ...(status === 'submitted' ? [] : [{ status, at: new Date(createdAt.getTime() + (k % 600) * 60_000), by: 'reviewer' }])];
      return {
        uniqueKey: `bench:${k}`, type: 'job', userId: new Types.ObjectId(), jobId: new Types.ObjectId(), title, status,
        name: 'x', phone: 'enc:v1:x', docType: 'hkid', docNumber: 'enc:v1:x', verified: false, resume: 'x', timeline, outbox: [], createdAt, updatedAt: createdAt,
      };
    }), { ordered: false });
  }
  const states = ['sent', 'sent', 'sent', 'pending', 'failed', 'dead'];
  for (let i = 0; i < nNotes; i += 5000) {
    await models.notifications.collection.insertMany(Array.from({ length: Math.min(5000, nNotes - i) }, (_, j) => {
      const k = i + j;
      const at = new Date(now - (k % 20) * DAY - (k % 1440) * 60_000);
      return {
        // An _id made at `at`, as the relay's insert makes it (the window is an _id range).
        _id: new Types.ObjectId(Math.floor(at.getTime() / 1000).toString(16).padStart(8, '0') + k.toString(16).padStart(16, '0')), dedupeKey: `bench:${k}`, userId: new Types.ObjectId(), kind: 'application.status', payload: {}, lang: 'zh-Hans',
        state: states[k % states.length], topic: 'application', channel: NOTIFICATION_CHANNELS[k % 3], urgent: true, attempts: 0, nextAttemptAt: at, createdAt: at, updatedAt: at,
      };
    }), { ordered: false });
  }
  const same = { 'zh-Hans': '通知', 'zh-Hant': '通知', en: 'Notice' };
  for (let i = 0; i < 5; i++) await services.broadcasts.create({ title: same, body: same, audience: { type: 'all' } }, null);
  await seedCustomsContent(models);
  const ports = await models.customsPorts.find({}, { _id: 1 }).lean();
  // Every 15 minutes of the last day per port and direction, and the same hour on each of the last 8 weeks.
  const waits = ports.flatMap((p) => WAIT_DIRECTIONS.flatMap((direction) => [
    ...Array.from({ length: 96 }, (_, q) => new Date(now - q * 15 * 60_000)),
    ...Array.from({ length: 8 }, (_, w) => new Date(now - (w + 1) * 7 * DAY)),
  ].map((observedAt) => ({ portId: p._id, direction, mode: 'pedestrian', minutes: 10 + (observedAt.getTime() % 40), source: 'feed', observedAt, slot: hkSlot(observedAt), excluded: false }))));
  await models.customsWaits.collection.insertMany(waits);
  await models.enquiryOutcomes.collection.insertMany(Array.from({ length: 14 }, (_, d) => ({ _id: `${hkDay(new Date(now - d * DAY))}|app`, day: hkDay(new Date(now - d * DAY)), channel: 'app', faq: 900, clarify: 80, unknown: 20 })));
  console.log(`inserted ${nApps} applications, ${nNotes} notifications, ${waits.length} wait observations in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const times: number[] = [];
  let last = await services.dashboard.figures(14); // warm-up
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    last = await services.dashboard.figures(14);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const alone = async (fn: () => Promise<unknown>) => { const s = performance.now(); await fn(); return Math.round(performance.now() - s); };
  const since = new Date(now - 13 * DAY);
  const parts = {
    portsMs: await alone(() => services.customs.nowVsUsual()),
    applicationsReadMs: await alone(() => models.applications.find({ createdAt: { $gte: since } }, { status: 1, createdAt: 1, timeline: 1 }).limit(20_001).lean()),
    statusCountsMs: await alone(() => Promise.all(APPLICATION_STATUSES.map((s) => models.applications.countDocuments({ status: s })))),
    broadcastsMs: await alone(() => services.broadcasts.list(5)),
    messagesGroupMs: await alone(() => models.notifications.aggregate([
      { $match: { _id: { $gte: Types.ObjectId.createFromTime(Math.floor(since.getTime() / 1000)) } } },
      { $group: { _id: { c: '$channel', s: '$state' }, n: { $sum: 1 } } },
    ])),
  };
  console.log(JSON.stringify({
    backend: values.backend, applications: nApps, notifications: nNotes, waitObservations: waits.length, runs,
    medianMs: Math.round(times[Math.floor(times.length / 2)]!), worstMs: Math.round(times.at(-1)!),
    truncated: last.applications.truncated, reviewed: last.firstReview.reviewed, medianReviewMinutes: last.firstReview.medianMinutes,
    messagesCounted: last.messages.reduce((n, m) => n + Object.values(m.counts).reduce((a, b) => a + b, 0), 0), ...parts,
  }));
  await conn.close();
} finally {
  await bench.cleanup();
}

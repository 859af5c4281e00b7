/**
 * The engine's own ceiling for a broadcast fan-out: how many small outbox-like documents per second
 * FerretDB inserts (1,000 per insertMany, with 1 and 4 inserts in flight) and reads back with one
 * cursor, with no server in between. A fan-out reads one user per resident and writes one
 * notification per resident a channel must deliver to (bot, subscribe message; inbox-only residents
 * get none, their inbox entry is derived at read time), so it cannot beat these figures. Prints; asserts nothing.
 *
 *   node --conditions=development --import tsx bench/engine-insert.mts [--n 40000] [--backend postgresql|sqlite]
 */
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { startBenchEngine } from './lib.mjs';

const { values } = parseArgs({ options: { n: { type: 'string', default: '40000' }, backend: { type: 'string', default: 'postgresql' } } });
const n = Number(values.n);
const backend = values.backend === 'sqlite' ? 'sqlite' : 'postgresql';
const bench = await startBenchEngine(backend);
const client = await MongoClient.connect(`${bench.engine.uri}/ceiling`, { maxPoolSize: 10 });
try {
  for (const inFlight of [1, 4]) {
    const c = client.db('ceiling').collection(`n${inFlight}`);
    await c.createIndex({ dedupeKey: 1 }, { unique: true });
    await c.createIndex({ state: 1, nextAttemptAt: 1 });
    const t = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: inFlight }, async () => {
      for (let i = next; i < n; i = next) {
        next += 1000;
        await c.insertMany(Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({
          dedupeKey: `broadcast:b:${i + j}`, userId: i + j, state: 'pending', nextAttemptAt: new Date(), lang: 'en', attempts: 0,
          payload: { broadcastId: 'b', title: '通知', body: 'A notice for every resident' },
        })), { ordered: false });
      }
    }));
    const insertSeconds = (performance.now() - t) / 1000;
    const r = performance.now();
    let read = 0;
    for await (const _doc of c.find({}, { projection: { _id: 1, userId: 1 } }).batchSize(1000)) read++;
    const readSeconds = (performance.now() - r) / 1000;
    console.log(JSON.stringify({ backend, documents: n, inFlight, 'inserted/s': Math.round(n / insertSeconds), 'read/s (one cursor)': Math.round(read / readSeconds) }));
  }
} finally {
  await client.close();
  await bench.cleanup();
}

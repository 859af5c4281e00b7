/**
 * Hand-over latency of the Redis lock (core/lock.ts redisMutex) on the hot key
 * (lockKeys.notifications), between two "instances" (two mutexes, each with its own command and
 * subscriber connections, as two server processes have). Prints; asserts nothing.
 *
 *   node --conditions=development --import tsx bench/lock-handover.mts [--redis redis://127.0.0.1:6379] [--n 500] [--courtesy 3]
 *
 * 1. one holder, no contention: cost of one hold (acquire + release round trips)
 * 2. ping-pong: A holds, B waits; time from A starting its release to B's critical section starting
 * 3. contention: 4 holders per instance, 1 ms sections, 3 s: holds per second and each instance's share
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createLogger } from '../server/src/core/logger.js';
import { lockKeys, processMutex, redisMutex, type Mutex } from '../server/src/core/lock.js';
import { connectRedis } from '../server/src/core/redis.js';

const { values } = parseArgs({ options: { redis: { type: 'string', default: 'redis://127.0.0.1:6379' }, n: { type: 'string', default: '500' }, courtesy: { type: 'string', default: '3' } } });
const n = Number(values.n);
const logger = createLogger('warn');
const prefix = `bay-bench:${randomBytes(4).toString('hex')}:`;
const conns = Array.from({ length: 4 }, (_, i) => connectRedis(values.redis, logger, `bay-bench-${i}`));
const [cmdA, subA, cmdB, subB] = conns as [typeof conns[0], typeof conns[0], typeof conns[0], typeof conns[0]];
const courtesyMs = Number(values.courtesy);
const a = redisMutex({ redis: cmdA, subscriber: subA, prefix, logger, courtesyMs });
const b = redisMutex({ redis: cmdB, subscriber: subB, prefix, logger, courtesyMs });
const key = lockKeys.notifications;
await new Promise((r) => setTimeout(r, 200)); // subscriptions in place

const pct = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const fmt = (xs: number[]) => `p50 ${pct(xs, 0.5).toFixed(2)} ms · p95 ${pct(xs, 0.95).toFixed(2)} · p99 ${pct(xs, 0.99).toFixed(2)} · max ${Math.max(...xs).toFixed(2)}`;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function uncontended(m: Mutex, label: string) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await m.run(key, async () => undefined);
    times.push(performance.now() - t);
  }
  console.log(`uncontended hold (${label}), ${n}: ${fmt(times)}`);
}

async function pingPong(holder: Mutex, waiter: Mutex, label: string) {
  const gaps: number[] = [];
  for (let i = 0; i < n; i++) {
    let releasedAt = 0;
    let entered!: () => void;
    const holding = new Promise<void>((r) => { entered = r; });
    const first = holder.run(key, async () => { entered(); await sleep(2); releasedAt = performance.now(); });
    await holding;
    const second = waiter.run(key, async () => { gaps.push(performance.now() - releasedAt); });
    await Promise.all([first, second]);
  }
  console.log(`hand-over ${label}, ${n}: ${fmt(gaps)}`);
}

async function contention(ms: number) {
  const holds = { A: 0, B: 0 };
  const waits: number[] = [];
  const until = Date.now() + ms;
  const worker = async (m: Mutex, name: 'A' | 'B') => {
    while (Date.now() < until) {
      const t = performance.now();
      await m.run(key, async () => { waits.push(performance.now() - t); holds[name]++; await sleep(1); });
    }
  };
  await Promise.all([...Array.from({ length: 4 }, () => worker(a, 'A')), ...Array.from({ length: 4 }, () => worker(b, 'B'))]);
  const total = holds.A + holds.B;
  console.log(`contention 4+4 holders (courtesy ${courtesyMs} ms), 1 ms sections, ${ms / 1000} s: ${(total / (ms / 1000)).toFixed(0)} holds/s, A ${holds.A} / B ${holds.B}; wait ${fmt(waits)}`);
}

try {
  await uncontended(processMutex(), 'in-process mutex');
  await uncontended(a, 'redis');
  const local = processMutex();
  await pingPong(local, local, 'in-process, one mutex');
  await pingPong(a, a, 'redis, same instance');
  await pingPong(a, b, 'redis, instance A -> instance B');
  await contention(3000);
} finally {
  await Promise.all(conns.map((c) => c.quit()));
}

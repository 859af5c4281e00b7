/**
 * Load benchmark for the main read and write endpoints, beside a bare Koa endpoint measured in
 * the same run, and (with --restart-engine) an engine restart in the middle of a write load.
 * Prints figures; asserts nothing. Record them in docs/load.md.
 *
 *   node --conditions=development --import tsx bench/load.mts [--backend postgresql|sqlite]
 *        [--seconds 10] [--connections 20] [--restart-engine]
 *
 * The server and the bare endpoint run as child processes, so the load generator (autocannon,
 * in this process) does not share their event loop. Only loopback addresses are used.
 */
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { freePort, measure as measureWith, peakRss, runToEnd, serverEnv, startBenchEngine, startEngine, stopChildren, tsx, waitOk, type Engine } from './lib.mjs';

const { values: opts } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgresql' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    'restart-engine': { type: 'boolean', default: false },
  },
});
const seconds = Number(opts.seconds);
const connections = Number(opts.connections);
const backend = opts.backend === 'sqlite' ? 'sqlite' : 'postgresql';

// --- engine ---------------------------------------------------------------------------------
const bench = await startBenchEngine(backend);
const engineOpts = bench.options;
let engine: Engine = bench.engine;

// --- server and bare endpoint ---------------------------------------------------------------
const port = await freePort();
const barePort = await freePort();
const env = serverEnv(port, `${engine.uri}/bay_bench`);
await runToEnd('server/src/seed/cli.ts', env);
const server = tsx('server/src/main.ts', env);
tsx('bench/bare-koa.mts', { PORT: String(barePort) });
const base = `http://127.0.0.1:${port}`;
await waitOk(`${base}/healthz`);
await waitOk(`http://127.0.0.1:${barePort}/bare`);

const login = await (await fetch(`${base}/api/auth/dev-login`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle: 'bench-resident' }),
})).json() as { token: string };
const jobs = await (await fetch(`${base}/api/jobs?limit=1`)).json() as { items: { id: string }[] };
const auth = { authorization: `Bearer ${login.token}` };

const rss = peakRss(server.pid!);
const measure = (title: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
  measureWith(title, url, { connections, seconds }, init);

const rows = [];
if (!opts['restart-engine']) {
  rows.push(await measure('bare Koa GET /bare', `http://127.0.0.1:${barePort}/bare`));
  rows.push(await measure('GET /api/jobs?limit=20', `${base}/api/jobs?limit=20`));
  rows.push(await measure('GET /api/jobs/:id', `${base}/api/jobs/${jobs.items[0]!.id}`));
  rows.push(await measure('POST /api/bind-codes (write)', `${base}/api/bind-codes`, { method: 'POST', headers: auth }));
  console.log(`\nbackend ${backend}, ${connections} connections, ${seconds} s each, server peak RSS ${rss.stop()} MB`);
  console.table(rows);
} else {
  // Write load for `seconds`; the engine is killed at 30% and started again at 50% of the run.
  const statusCounts: Record<string, number> = {};
  const run = autocannon({ url: `${base}/api/bind-codes`, connections, duration: seconds, method: 'POST', headers: auth });
  run.on('response', (_client: unknown, statusCode: number) => { statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1; });
  const port = engine.port;
  setTimeout(() => { engine.process.kill('SIGKILL'); }, seconds * 300);
  const restarted = new Promise<void>((resolve) => setTimeout(async () => {
    engine = await startEngine({ ...engineOpts, port });
    resolve();
  }, seconds * 500));
  const result = await run;
  await restarted;
  // Every acknowledged write must be stored: count this user's bind codes through a fresh client.
  const { default: mongoose } = await import('mongoose');
  const conn = await mongoose.createConnection(`${engine.uri}/bay_bench`).asPromise();
  const stored = await conn.db!.collection('bind_codes').countDocuments();
  await conn.close();
  console.log(`\nengine restart during ${seconds} s of POST /api/bind-codes, ${connections} connections (backend ${backend})`);
  console.table([{ '2xx': result['2xx'], '503': statusCounts['503'] ?? 0, other: result.non2xx - (statusCounts['503'] ?? 0), errors: result.errors, 'p99 ms': result.latency.p99, 'stored writes': stored,
    // "lost" = acknowledged (2xx) but not stored; stored-but-unacknowledged ones are requests
    // still in flight when the run ended (at most one per connection) or answered 503 mid-kill.
    lost: Math.max(0, result['2xx'] - stored), 'stored, unacknowledged': Math.max(0, stored - result['2xx']) }]);
  console.log(`server peak RSS ${rss.stop()} MB`);
}

rss.stop();
await stopChildren();
bench.engine = engine;
await bench.cleanup();
process.exit(0);

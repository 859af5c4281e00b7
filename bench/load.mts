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
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { startEngine, freePort, repoRoot, type Engine } from '../tests/helpers/engine.mjs';

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

const children: ChildProcess[] = [];
const tsx = (script: string, env: NodeJS.ProcessEnv) => {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', script], {
    cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
};
const runToEnd = (script: string, env: NodeJS.ProcessEnv) => new Promise<void>((resolve, reject) => {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', script], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: 'ignore' });
  child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited ${code}`))));
});
async function waitOk(url: string, ms = 30_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { if ((await fetch(url)).ok) return; } catch { /* starting */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not up`);
}
const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
};

// --- engine ---------------------------------------------------------------------------------
const dataDir = mkdtempSync(join(tmpdir(), 'bay-bench-'));
const pgDb = `bay_bench_${randomBytes(3).toString('hex')}`;
if (backend === 'postgresql') execFileSync('createdb', ['-h', '127.0.0.1', '-U', 'postgres', pgDb]);
const engineOpts = { dataDir, handler: backend, postgresqlUrl: `postgres://postgres@127.0.0.1:5432/${pgDb}` } as const;
let engine: Engine = await startEngine(engineOpts);

// --- server and bare endpoint ---------------------------------------------------------------
const port = await freePort();
const barePort = await freePort();
const env = {
  NODE_ENV: 'development', DEV_LOGIN_ENABLED: 'true', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn',
  MONGODB_URI: `${engine.uri}/bay_bench`,
  SESSION_SECRET: randomBytes(32).toString('hex'), BOT_API_TOKEN: randomBytes(32).toString('hex'),
  DATA_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  // The benchmark measures the endpoints, not the rate limiter: lift the limits far above the load.
  RATE_LIMIT_PER_IP: '100000000', RATE_LIMIT_PER_ACCOUNT: '100000000', RATE_LIMIT_AUTH_PER_IP: '100000000',
  RATE_LIMIT_BIND_CODES_PER_ACCOUNT: '100000000',
};
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

let peakRss = rssMb(server.pid!);
const rssTimer = setInterval(() => { peakRss = Math.max(peakRss, rssMb(server.pid!)); }, 250);

async function measure(title: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const r = await autocannon({ url, connections, duration: seconds, method: (init.method ?? 'GET') as 'GET', headers: init.headers, body: init.body });
  return {
    endpoint: title,
    'req/s': Math.round(r.requests.average),
    'p50 ms': r.latency.p50,
    'p99 ms': r.latency.p99,
    '2xx': r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

const rows = [];
if (!opts['restart-engine']) {
  rows.push(await measure('bare Koa GET /bare', `http://127.0.0.1:${barePort}/bare`));
  rows.push(await measure('GET /api/jobs?limit=20', `${base}/api/jobs?limit=20`));
  rows.push(await measure('GET /api/jobs/:id', `${base}/api/jobs/${jobs.items[0]!.id}`));
  rows.push(await measure('POST /api/bind-codes (write)', `${base}/api/bind-codes`, { method: 'POST', headers: auth }));
  console.log(`\nbackend ${backend}, ${connections} connections, ${seconds} s each, server peak RSS ${peakRss} MB`);
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
  console.log(`server peak RSS ${peakRss} MB`);
}

clearInterval(rssTimer);
for (const c of children) c.kill('SIGTERM');
await new Promise((r) => setTimeout(r, 500));
await engine.stop();
if (backend === 'postgresql') execFileSync('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', pgDb]);
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);

/**
 * Shared parts of the load benchmarks (bench/load.mts, bench/enquiry-load.mts): an engine on the
 * local PostgreSQL (or SQLite), the API server and the bare Koa baseline as child processes (so the
 * load generator in this process does not share their event loop), autocannon measurements, memory
 * sampling and clean-up. Only loopback addresses are used.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { startEngine, freePort, repoRoot, type Engine } from '../tests/helpers/engine.mjs';

export { freePort, repoRoot, startEngine, type Engine };

const children: ChildProcess[] = [];

/** Starts a TypeScript entry point as a child process (stdout ignored, stderr inherited). */
export function tsx(script: string, env: NodeJS.ProcessEnv, stdout: 'ignore' | 'pipe' = 'ignore', nodeArgs: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, '--conditions=development', '--import', 'tsx', script], {
    cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', stdout, 'inherit'],
  });
  children.push(child);
  return child;
}

let built = false;
/**
 * Builds @bay/shared and the server to JavaScript (`npm run build -w …`, once per benchmark run:
 * plain node resolves `@bay/shared` to shared/dist, which must match shared/src) and starts
 * `server/dist/main.js` as production runs it: plain node, no TypeScript loader.
 */
export function compiledServer(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): ChildProcess {
  if (!built) {
    for (const ws of ['@bay/shared', '@bay/server']) execFileSync('npm', ['run', '--silent', 'build', '-w', ws], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    built = true;
  }
  // The flags production starts it with (server/package.json `config.node_flags`, used by `start:prod`).
  const flags = (JSON.parse(readFileSync(join(repoRoot, 'server/package.json'), 'utf8')) as { config: { node_flags: string } }).config.node_flags.split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, ...nodeArgs, 'server/dist/main.js'], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}

/** Runs a TypeScript entry point to its end; rejects on a non-zero exit. */
export function runToEnd(script: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', script], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited ${code}`))));
  });
}

export async function waitOk(url: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { if ((await fetch(url)).ok) return; } catch { /* starting */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not up`);
}

export function rssMb(pid: number): number {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return NaN; // the process has exited
  }
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** Samples a process's resident memory every 250 ms; `stop()` returns the peak. */
export function peakRss(pid: number): { stop(): number } {
  let peak = rssMb(pid);
  const timer = setInterval(() => { const now = rssMb(pid); if (!Number.isNaN(now)) peak = Math.max(peak, now); }, 250);
  return { stop() { clearInterval(timer); return peak; } };
}

export interface BenchEngine {
  engine: Engine;
  options: { dataDir: string; handler: 'postgresql' | 'sqlite'; postgresqlUrl: string };
  cleanup(): Promise<void>;
}

/** A FerretDB engine with a fresh data folder (and a fresh PostgreSQL database for that backend). */
export async function startBenchEngine(backend: 'postgresql' | 'sqlite'): Promise<BenchEngine> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bay-bench-'));
  const pgDb = `bay_bench_${randomBytes(3).toString('hex')}`;
  if (backend === 'postgresql') execFileSync('createdb', ['-h', '127.0.0.1', '-U', 'postgres', pgDb]);
  const options = { dataDir, handler: backend, postgresqlUrl: `postgres://postgres@127.0.0.1:5432/${pgDb}` } as const;
  const result: BenchEngine = {
    engine: await startEngine(options),
    options,
    async cleanup() {
      await result.engine.stop();
      if (backend === 'postgresql') execFileSync('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', pgDb]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return result;
}

/** Environment for a benchmark server: dev login on, fresh secrets, rate limits far above the load. */
export function serverEnv(port: number, mongoUri: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'development', DEV_LOGIN_ENABLED: 'true', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn',
    MONGODB_URI: mongoUri,
    SESSION_SECRET: randomBytes(32).toString('hex'), BOT_API_TOKEN: randomBytes(32).toString('hex'),
    DATA_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    // Required by the config but unused by the benchmarks; no .env is needed, nothing leaves the machine.
    WECHAT_APP_ID: 'wx0000000000000000', WECHAT_APP_SECRET: randomBytes(16).toString('hex'), WECHAT_API_BASE: 'http://127.0.0.1:9',
    // The benchmark measures the endpoints, not the rate limiter: lift the limits far above the load.
    RATE_LIMIT_PER_IP: '100000000', RATE_LIMIT_PER_ACCOUNT: '100000000', RATE_LIMIT_AUTH_PER_IP: '100000000',
    RATE_LIMIT_BIND_CODES_PER_ACCOUNT: '100000000',
    // The bot's requests (claims, acks) count against one total per window: 3,000/min by default (50/s).
    RATE_LIMIT_INTERNAL: '100000000',
    ...extra,
  };
}

export interface MeasureInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Rotate through several requests (autocannon `requests`), e.g. different questions. Each
   * connection walks the list on its own; a request with `setupRequest` is rebuilt every time it is
   * sent (what a body that must never repeat needs, see `distinctRequests`).
   */
  requests?: { method?: string; headers?: Record<string, string>; body?: string; setupRequest?: (req: { body?: string }) => { body?: string } }[];
}

/**
 * One autocannon request whose JSON body is new on every send, across all connections (autocannon
 * gives each connection its own walk of `requests`, so a fixed list would repeat once per connection).
 */
export function distinctRequests(nextBody: () => string): NonNullable<MeasureInit['requests']> {
  return [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: nextBody() }) }];
}

/** CPU time (user + system) a process has used so far, in microseconds (from /proc, 10 ms ticks). */
export function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // After "pid (comm) ": state is field 0, utime field 11, stime field 12 (in clock ticks, 100 per second).
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/**
 * One autocannon run; a table row of req/s, latency percentiles and outcome counts. With `pid`
 * (the server's process) also the server's CPU time per answered request: unlike req/s it does not
 * depend on what else the machine is running, so it compares runs.
 */
export async function measure(title: string, url: string, opts: { connections: number; seconds: number; pid?: number; overallRate?: number }, init: MeasureInit = {}) {
  const cpuBefore = opts.pid ? cpuMicros(opts.pid) : 0;
  const r = await autocannon({
    url, connections: opts.connections, duration: opts.seconds,
    method: (init.method ?? 'GET') as 'GET', headers: init.headers, body: init.body,
    ...(init.requests ? { requests: init.requests as autocannon.Request[] } : {}),
    // With a rate, autocannon's coordinated-omission correction assumes an interval of
    // ceil(1 / per-connection rate) = 1 ms and adds made-up samples below every slower response;
    // the real latencies are recorded instead (measurePaced below times from the intended send).
    ...(opts.overallRate ? { overallRate: opts.overallRate, ignoreCoordinatedOmission: true } : {}),
  });
  return {
    endpoint: title,
    'req/s': Math.round(r.requests.average),
    'p50 ms': r.latency.p50,
    'p99 ms': r.latency.p99,
    '2xx': r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    ...(opts.pid ? { 'server CPU µs/req': Math.round((cpuMicros(opts.pid) - cpuBefore) / Math.max(1, r.requests.total)) } : {}),
  };
}

/**
 * An open-loop load at a steady rate: request i is due at start + i / rate, sent over keep-alive
 * connections (at most `connections`; a request waits in the client when all are busy), and its
 * latency is counted from when it was due, so a slow server cannot slow the load down and hide its
 * own queue (coordinated omission). This is what "p99 at 200 req/s" means; autocannon's
 * `overallRate` instead lets each connection send its share of a second back to back as soon as
 * the second starts (with 20 connections at 200 req/s: bursts of 20 in flight, then silence).
 */
export async function measurePaced(title: string, url: string, opts: { rate: number; seconds: number; connections: number; pid?: number }, nextBody: () => string) {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const total = Math.round(opts.rate * opts.seconds);
  const interval = 1000 / opts.rate;
  const latencies: number[] = [];
  let ok = 0, non2xx = 0, errors = 0, sent = 0, done = 0, lastEnd = 0;
  const statuses = new Map<number, number>();
  const cpuBefore = opts.pid ? cpuMicros(opts.pid) : 0;
  const start = performance.now() + 20;
  await new Promise<void>((resolve) => {
    const finish = () => { lastEnd = performance.now(); if (++done === total) resolve(); };
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        const due = start + sent * interval;
        sent++;
        const body = Buffer.from(nextBody());
        const req = httpRequest({
          agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
        }, (res) => {
          res.on('data', () => {});
          res.on('end', () => {
            latencies.push(performance.now() - due);
            if (res.statusCode! >= 200 && res.statusCode! < 300) ok++;
            else { non2xx++; statuses.set(res.statusCode!, (statuses.get(res.statusCode!) ?? 0) + 1); }
            finish();
          });
        });
        req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
        req.on('error', () => { errors++; finish(); });
        req.end(body);
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pick = (q: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN) * 10) / 10;
  return {
    endpoint: title,
    'req/s': Math.round(done / ((lastEnd - start) / 1000)),
    'p50 ms': pick(0.5),
    'p99 ms': pick(0.99),
    'max ms': pick(1),
    '2xx': ok,
    non2xx: statuses.size ? `${non2xx} (${[...statuses].map(([code, n]) => `${n}× ${code}`).join(', ')})` : 0,
    errors,
    ...(opts.pid ? { 'server CPU µs/req': Math.round((cpuMicros(opts.pid) - cpuBefore) / Math.max(1, done)) } : {}),
  };
}

/** Stops every child started with tsx(). */
export async function stopChildren(): Promise<void> {
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
}

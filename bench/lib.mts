/**
 * Shared parts of the load benchmarks (bench/load.mts, bench/enquiry-load.mts): an engine on the
 * local PostgreSQL (or SQLite), the API server and the bare Koa baseline as child processes (so the
 * load generator in this process does not share their event loop), autocannon measurements, memory
 * sampling and clean-up. Only loopback addresses are used.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
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
 * Builds the server to JavaScript (`npm run build -w @bay/server`, once per benchmark run) and
 * starts `server/dist/main.js` as production runs it: plain node, no TypeScript loader.
 */
export function compiledServer(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): ChildProcess {
  if (!built) {
    execFileSync('npm', ['run', '--silent', 'build', '-w', '@bay/server'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
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
    ...extra,
  };
}

export interface MeasureInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Rotate through several requests (autocannon `requests`), e.g. different questions. */
  requests?: { method?: string; headers?: Record<string, string>; body?: string }[];
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
export async function measure(title: string, url: string, opts: { connections: number; seconds: number; pid?: number }, init: MeasureInit = {}) {
  const cpuBefore = opts.pid ? cpuMicros(opts.pid) : 0;
  const r = await autocannon({
    url, connections: opts.connections, duration: opts.seconds,
    method: (init.method ?? 'GET') as 'GET', headers: init.headers, body: init.body,
    ...(init.requests ? { requests: init.requests as autocannon.Request[] } : {}),
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

/** Stops every child started with tsx(). */
export async function stopChildren(): Promise<void> {
  for (const c of children) c.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
}

/**
 * `npm start`: the whole system on one machine with demo data.
 * FerretDB (data kept in .data/ferretdb) → seed → API server → H5 preview (with /api proxied,
 * rebuilt whenever the mini-program's sources changed) → bot (mock puppet unless WECHATY_PUPPET
 * says otherwise, with its chat simulator). Ctrl-C stops everything.
 *
 * Settings come from .env (written from .env.example on the first run) and the environment:
 * PORT, H5_PORT, FERRETDB_PORT, BOT_SIMULATOR_PORT; LOG_FORMAT=json for raw pino lines;
 * BAY_ENV_FILE (another .env) and BAY_DATA_DIR (another data folder) run a second, separate copy.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { startEngine, repoRoot } from '../tests/helpers/engine.mjs';
import { h5DistDir, startH5Preview } from '../tests/helpers/h5-preview.js';
import { isBuildCurrent } from '../miniapp/scripts/source-stamp.mjs';
import { createLineFormatter, logFormatFrom, type FormattedLine } from './lib/console.js';

const envFile = resolve(repoRoot, process.env.BAY_ENV_FILE || '.env');
if (!existsSync(envFile)) {
  // A development .env with fresh secrets, from the documented example.
  copyFileSync(join(repoRoot, '.env.example'), envFile);
  const text = readFileSync(envFile, 'utf8')
    .replace(/^SESSION_SECRET=.*$/m, `SESSION_SECRET=${randomBytes(32).toString('hex')}`)
    .replace(/^BOT_API_TOKEN=.*$/m, `BOT_API_TOKEN=${randomBytes(32).toString('hex')}`);
  writeFileSync(envFile, text);
  console.log(`Wrote ${envFile} from .env.example with fresh secrets`);
}
if (!/^DATA_ENCRYPTION_KEYS=.+$/m.test(readFileSync(envFile, 'utf8'))) {
  // A .env from before field encryption (or a fresh one): give it a development key ring.
  const text = readFileSync(envFile, 'utf8').replace(/^DATA_ENCRYPTION_KEYS=.*\n?/m, '');
  writeFileSync(envFile, `${text.replace(/\n?$/, '\n')}DATA_ENCRYPTION_KEYS=k1:${randomBytes(32).toString('base64')}\n`);
  console.log(`Added a development DATA_ENCRYPTION_KEYS to ${envFile}`);
}
process.loadEnvFile(envFile); // never overrides variables already set

const logFormat = logFormatFrom(process.env.LOG_FORMAT);
const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const apiPort = Number(process.env.PORT ?? 3000);
const h5Port = Number(process.env.H5_PORT ?? 10086);
const enginePort = Number(process.env.FERRETDB_PORT ?? 27027);
const dataRoot = resolve(repoRoot, process.env.BAY_DATA_DIR || '.data');
const puppetName = process.env.WECHATY_PUPPET || 'wechaty-puppet-mock';
const children: ChildProcess[] = [];
let stopping = false;

// ---- the console: every process's lines through one formatter each; the banner printed last ----
let banner: string | undefined;
let bannerTimer: NodeJS.Timeout | undefined;
const listeners: ((line: FormattedLine) => void)[] = [];
let processCount = 0;

function pipeLines(name: string, child: ChildProcess): void {
  const format = createLineFormatter({ name, index: processCount++, format: logFormat, colour });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (raw) => {
      const line = format(raw);
      console.log(line.text);
      for (const listen of listeners) listen(line);
      // A warning or an error scrolls the URLs away: show them again once things are quiet.
      if (banner && line.level !== undefined && line.level >= 40) scheduleBanner();
    });
  }
}

function scheduleBanner(): void {
  clearTimeout(bannerTimer);
  bannerTimer = setTimeout(() => { if (banner && !stopping) console.log(banner); }, 1500);
}

/** Resolves with the first record from any process that `match` accepts (undefined after `timeoutMs`). */
function waitForRecord(match: (record: Record<string, unknown>) => boolean, timeoutMs: number): Promise<Record<string, unknown> | undefined> {
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => { done(undefined); }, timeoutMs);
    const listener = (line: FormattedLine) => { if (line.record && match(line.record)) done(line.record); };
    function done(record: Record<string, unknown> | undefined) {
      clearTimeout(timer);
      listeners.splice(listeners.indexOf(listener), 1);
      resolvePromise(record);
    }
    listeners.push(listener);
  });
}

const tsxArgs = ['--conditions=development', '--import', 'tsx'];

function run(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [...tsxArgs, ...args], {
    cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  pipeLines(name, child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${name} exited (${code ?? signal}); stopping everything`);
    void shutdown(1);
  });
  children.push(child);
  return child;
}

function runToEnd(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...tsxArgs, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    pipeLines(name, child);
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${name} (${args.join(' ')}) exited ${code}`))));
  });
}

/** Builds the H5 preview into h5DistDir, its output in a log file (the tail printed on failure). */
function buildPreview(logFile: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const log = createWriteStream(logFile);
    const env = { ...process.env, ...(process.env.BAY_H5_DIST ? { TARO_OUTPUT_ROOT: h5DistDir } : {}) };
    const child = spawn('npm', ['run', '--silent', 'build:h5', '-w', '@bay/miniapp'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('exit', (code) => {
      log.end(() => {
        if (code === 0) { resolvePromise(); return; }
        const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
        reject(new Error(`The H5 build failed (exit ${code}); the end of ${logFile}:\n${tail}`));
      });
    });
  });
}

async function waitForHealth(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs} ms`);
}

let engine: Awaited<ReturnType<typeof startEngine>> | undefined;
let preview: Awaited<ReturnType<typeof startH5Preview>> | undefined;

async function shutdown(code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearTimeout(bannerTimer);
  const exited = children.filter((c) => c.exitCode === null && c.signalCode === null)
    .map((c) => new Promise((r) => { c.once('exit', r); c.kill('SIGTERM'); }));
  await Promise.race([Promise.all(exited), new Promise((r) => setTimeout(r, 10_000))]);
  await preview?.close();
  await engine?.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

try {
  const dataDir = join(dataRoot, 'ferretdb');
  mkdirSync(dataDir, { recursive: true });
  engine = await startEngine({ port: enginePort, dataDir });
  const mongoUri = `${engine.uri}/baydemo`;
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const common = {
    MONGODB_URI: mongoUri, NODE_ENV: 'development', PORT: String(apiPort), HOST: '127.0.0.1', BAY_API_URL: apiUrl,
    BOT_STATE_DIR: join(dataRoot, 'bot'),
  };

  await runToEnd('seed', ['server/src/seed/cli.ts'], common);
  // Before the server starts (FerretDB updates are not atomic): moves values to the current key and
  // encrypts phone/identity numbers a database from before field encryption still holds in clear.
  await runToEnd('keys', ['server/src/cli/rotate-keys.ts'], common);
  run('server', ['server/src/main.ts'], common);
  await waitForHealth(`${apiUrl}/healthz`);

  if (!isBuildCurrent(h5DistDir, 'h5')) {
    const logFile = join(dataRoot, 'h5-build.log');
    console.log(`Building the H5 preview (the mini-program changed since the last build, or there is none; about a minute; log: ${logFile})...`);
    await buildPreview(logFile);
  }
  preview = await startH5Preview({ distDir: h5DistDir, apiUrl, port: h5Port });

  const botLoggedIn = waitForRecord((r) => r.msg === 'logged in', 60_000);
  const simulatorReady = waitForRecord((r) => r.msg === 'chat simulator ready' && typeof r.url === 'string', 60_000);
  run('bot', ['bot/src/main.ts'], { ...common, MINIAPP_H5_URL: preview.url });
  await botLoggedIn;
  const simulator = puppetName === 'wechaty-puppet-mock' && process.env.BOT_SIMULATOR_PORT !== '0'
    ? (await Promise.race([simulatorReady, new Promise<undefined>((r) => setTimeout(r, 5000))]))?.url
    : undefined;

  banner = `
湾事通 is running
  Mini-program (H5 preview): ${preview.url}
  Chat with the bot:         ${typeof simulator === 'string' ? `${simulator}   (chat simulator on the mock puppet)` : `${puppetName} (no simulator)`}
  API:                       ${apiUrl}   (health: ${apiUrl}/healthz)
  Database (FerretDB):       ${mongoUri}   (data in ${dataRoot})
Demo sign-in on the H5 page: handle "demo-resident" (resident), "demo-reviewer" (reviewer), "demo-employer" (employer: a verified demo organisation, post jobs and handle applicants) or "demo-admin" (administrator: the operations dashboard, broadcasts, unanswered questions, organisations to verify).
Press Enter to show this again, Ctrl-C to stop.`;
  console.log(banner);
  if (process.stdin.isTTY) createInterface({ input: process.stdin }).on('line', () => console.log(banner));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
}

/**
 * `npm start`: the whole system on one machine with demo data.
 * FerretDB (data kept in .data/ferretdb) → seed → API server → H5 preview (with /api proxied)
 * → bot (mock puppet unless WECHATY_PUPPET says otherwise). Ctrl-C stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEngine, repoRoot } from '../tests/helpers/engine.mjs';
import { startH5Preview } from '../tests/helpers/h5-preview.ts';

const envFile = join(repoRoot, '.env');
if (!existsSync(envFile)) {
  // A development .env with fresh secrets, from the documented example.
  copyFileSync(join(repoRoot, '.env.example'), envFile);
  const text = readFileSync(envFile, 'utf8')
    .replace(/^SESSION_SECRET=.*$/m, `SESSION_SECRET=${randomBytes(32).toString('hex')}`)
    .replace(/^BOT_API_TOKEN=.*$/m, `BOT_API_TOKEN=${randomBytes(32).toString('hex')}`);
  writeFileSync(envFile, text);
  console.log('Wrote .env from .env.example with fresh secrets');
}
if (!/^DATA_ENCRYPTION_KEYS=.+$/m.test(readFileSync(envFile, 'utf8'))) {
  // A .env from before field encryption (or a fresh one): give it a development key ring.
  const text = readFileSync(envFile, 'utf8').replace(/^DATA_ENCRYPTION_KEYS=.*\n?/m, '');
  writeFileSync(envFile, `${text.replace(/\n?$/, '\n')}DATA_ENCRYPTION_KEYS=k1:${randomBytes(32).toString('base64')}\n`);
  console.log('Added a development DATA_ENCRYPTION_KEYS to .env');
}
process.loadEnvFile(envFile);

const apiPort = Number(process.env.PORT ?? 3000);
const h5Port = Number(process.env.H5_PORT ?? 10086);
const enginePort = Number(process.env.FERRETDB_PORT ?? 27027);
const children: ChildProcess[] = [];

function run(name: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', ...args], {
    cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => { if (!stopping) console.error(`${name} exited (${code ?? signal})`); });
  children.push(child);
  return child;
}

function runToEnd(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
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

let stopping = false;
const dataDir = join(repoRoot, '.data', 'ferretdb');
mkdirSync(dataDir, { recursive: true });
const engine = await startEngine({ port: enginePort, dataDir });
const mongoUri = `${engine.uri}/baydemo`;
const apiUrl = `http://127.0.0.1:${apiPort}`;
const common = { MONGODB_URI: mongoUri, NODE_ENV: 'development', PORT: String(apiPort), HOST: '127.0.0.1', BAY_API_URL: apiUrl };

await runToEnd(process.execPath, ['--conditions=development', '--import', 'tsx', 'server/src/seed/cli.ts'], common);
// Before the server starts (FerretDB updates are not atomic): moves values to the current key and
// encrypts phone/identity numbers a database from before field encryption still holds in clear.
await runToEnd(process.execPath, ['--conditions=development', '--import', 'tsx', 'server/src/cli/rotate-keys.ts'], common);
run('server', ['server/src/main.ts'], common);
await waitForHealth(`${apiUrl}/healthz`);

if (!existsSync(join(repoRoot, 'miniapp', 'dist', 'h5', 'index.html'))) {
  console.log('Building the H5 preview (first run only)...');
  await runToEnd('npm', ['run', 'build:h5', '-w', '@bay/miniapp']);
}
const preview = await startH5Preview({ distDir: join(repoRoot, 'miniapp', 'dist', 'h5'), apiUrl, port: h5Port });
run('bot', ['bot/src/main.ts'], { ...common, MINIAPP_H5_URL: preview.url });

console.log(`
湾事通 is running
  Mini-program (H5 preview): ${preview.url}
  API:                       ${apiUrl}   (health: ${apiUrl}/healthz)
  Database (FerretDB):       ${mongoUri}
  Bot:                       ${process.env.WECHATY_PUPPET ?? 'wechaty-puppet-mock'}
Demo sign-in on the H5 page: handle "demo-resident" (resident) or "demo-reviewer" (reviewer).
Press Ctrl-C to stop.`);

async function shutdown() {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  await preview.close();
  await new Promise((r) => setTimeout(r, 500));
  await engine.stop();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

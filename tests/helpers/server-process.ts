/**
 * The API server as production runs one instance of it: `server/src/main.ts` in a process of its
 * own (through tsx, as `npm start` does), configured only by its environment. Several can run
 * against one engine and one Redis; `kill()` ends one the hard way (SIGKILL: no shutdown hook,
 * requests in flight cut off).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort, repoRoot } from './engine.mjs';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** What the process wrote to stdout (its JSON log lines). */
  log: string[];
  kill(): Promise<void>;
}

/** Secrets and settings every instance of one deployment shares. */
export function deploymentEnv(mongoUri: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'development', DEV_LOGIN_ENABLED: 'true', HOST: '127.0.0.1', LOG_LEVEL: 'info',
    MONGODB_URI: mongoUri,
    SESSION_SECRET: randomBytes(32).toString('hex'), BOT_API_TOKEN: randomBytes(32).toString('hex'),
    DATA_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    WECHAT_APP_ID: 'wx0000000000000000', WECHAT_APP_SECRET: randomBytes(16).toString('hex'), WECHAT_API_BASE: 'http://127.0.0.1:9',
    ...extra,
  };
}

export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', 'server/src/main.ts'], {
    cwd: repoRoot, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const log: string[] = [];
  let partial = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    log.push(...lines);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before listening:\n${log.join('\n')}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch { /* still starting */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /healthz within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    log,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

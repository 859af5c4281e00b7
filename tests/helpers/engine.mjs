// Starts a real FerretDB (MongoDB wire protocol) on a free loopback port with a fresh data
// folder. Plain JS so jest's globalSetup and the start script can both use it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ferretdbBin = process.env.FERRETDB_BIN ?? join(repoRoot, '.tools', 'bin', 'ferretdb');

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = connect(port, '127.0.0.1');
      sock.once('connect', () => { sock.destroy(); resolve(); });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`FerretDB did not open port ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/**
 * @param {{ port?: number, dataDir?: string, handler?: 'sqlite'|'postgresql', postgresqlUrl?: string, quiet?: boolean }} [opts]
 * @returns {Promise<{ uri: string, port: number, dataDir: string, stop: () => Promise<void>, process: import('node:child_process').ChildProcess }>}
 */
export async function startEngine(opts = {}) {
  if (!existsSync(ferretdbBin)) {
    throw new Error(`FerretDB is not built at ${ferretdbBin}; run scripts/ensure-ferretdb.sh`);
  }
  const port = opts.port ?? (await freePort());
  const ownsDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'bay-ferret-'));
  const handler = opts.handler ?? 'sqlite';
  const args = [
    `--listen-addr=127.0.0.1:${port}`,
    `--handler=${handler}`,
    '--telemetry=disable',
    '--debug-addr=-',
    `--state-dir=${dataDir}`,
    '--log-level=error',
  ];
  if (handler === 'sqlite') args.push(`--sqlite-url=file:${dataDir}/`);
  else args.push(`--postgresql-url=${opts.postgresqlUrl ?? 'postgres://127.0.0.1:5432/postgres'}`);
  const child = spawn(ferretdbBin, args, { stdio: ['ignore', opts.quiet === false ? 'inherit' : 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await Promise.race([
    waitForPort(port, 20_000),
    exited.then((code) => { throw new Error(`FerretDB exited early with code ${code}`); }),
  ]);
  return {
    uri: `mongodb://127.0.0.1:${port}`,
    port,
    dataDir,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        let timer;
        await Promise.race([exited, new Promise((r) => { timer = setTimeout(r, 5000); })]);
        clearTimeout(timer);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

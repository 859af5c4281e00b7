import supertest from 'supertest';
import type { Connection } from 'mongoose';
import type { Lang, Role, SessionDto } from '@bay/shared';
import { createApp, type BayApp } from '../app.js';
import { loadConfig, type Config } from '../core/config.js';
import { connectDb, ensureIndexes } from '../core/db.js';
import { runMigrations } from '../migrations.js';
import { createHttpServer } from '../core/http.js';
import { createLogger } from '../core/logger.js';
import { freshTestDatabaseUri as testDatabaseUri, testEnv } from '../testing.js';

export const HKID_OK = 'A123456(3)';
export const HKID_BAD = 'A123456(4)';

export { testEnv };

export interface Harness {
  app: BayApp;
  config: Config;
  conn: Connection;
  http: ReturnType<typeof supertest>;
  login(handle: string, role?: Role, lang?: Lang): Promise<SessionDto & { auth: { Authorization: string } }>;
  bot: { Authorization: string };
  close(): Promise<void>;
}

/** createApp against a fresh database on the jest run's FerretDB, driven with supertest. */
export async function startHarness(label: string, env: Record<string, string> = {}, opts: { backoffBaseMs?: number; sharedKeyPrefix?: string; dashboardCacheMs?: number } = {}): Promise<Harness> {
  const config = loadConfig(testEnv({ MONGODB_URI: testDatabaseUri(label), ...env }));
  const logger = createLogger(config.logLevel);
  const conn = await connectDb(config.mongoUri, logger);
  const app = createApp(config, { conn, logger, ...opts });
  await ensureIndexes(app.services.models);
  await runMigrations(app.services.models, logger);
  // The server main.ts runs (its timeouts and connection cap), not a bare http.createServer.
  const http = supertest(createHttpServer(app.callback(), config.connections));
  return {
    app,
    config,
    conn,
    http,
    bot: { Authorization: `Bearer ${config.botApiToken}` },
    async login(handle, role, lang) {
      const res = await http.post('/api/auth/dev-login').send({ handle, ...(role ? { role } : {}), ...(lang ? { lang } : {}) });
      if (res.status !== 200) throw new Error(`dev login ${res.status}: ${JSON.stringify(res.body)}`);
      const session = res.body as SessionDto;
      return { ...session, auth: { Authorization: `Bearer ${session.token}` } };
    },
    async close() {
      app.stopBackground();
      await app.services.shared.close();
      await conn.dropDatabase().catch(() => undefined);
      await conn.close();
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns a truthy value or the timeout passes. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value || Date.now() > deadline) return value;
    await sleep(50);
  }
}

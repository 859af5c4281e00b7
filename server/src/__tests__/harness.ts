import { randomBytes } from 'node:crypto';
import supertest from 'supertest';
import type { Connection } from 'mongoose';
import type { Lang, Role, SessionDto } from '@bay/shared';
import { createApp, type BayApp } from '../app.js';
import { loadConfig, type Config } from '../core/config.js';
import { connectDb, ensureIndexes } from '../core/db.js';
import { createHttpServer } from '../core/http.js';
import { createLogger } from '../core/logger.js';
import { freshTestDatabaseUri as testDatabaseUri, HIGH_RATE_LIMITS } from '../testing.js';
import { generateKeyRingSpec } from '../core/crypto.js';

export const HKID_OK = 'A123456(3)';
export const HKID_BAD = 'A123456(4)';

export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    MONGODB_URI: 'mongodb://127.0.0.1:1/unused',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    BOT_API_TOKEN: randomBytes(24).toString('hex'),
    WECHAT_APP_ID: 'wx0000000000000000',
    WECHAT_APP_SECRET: 'fake-secret',
    WECHAT_API_BASE: 'http://127.0.0.1:9',
    DEV_LOGIN_ENABLED: 'true',
    LOG_LEVEL: 'silent',
    DATA_ENCRYPTION_KEYS: generateKeyRingSpec(['k1']),
    // Test suites fire requests far faster than people; security tests set low limits explicitly.
    ...HIGH_RATE_LIMITS,
    ...overrides,
  };
}

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

/**
 * Starts a real server for tests (bot, end-to-end, this package's own): listens on
 * 127.0.0.1:0 with NODE_ENV=test, dev login enabled and freshly generated secrets, against the
 * jest run's FerretDB (a fresh database per call unless `mongoUri` is given).
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import { API, type Lang, type Role, type SessionDto } from '@bay/shared';
import { createApp, type BayApp } from './app.js';
import { loadConfig, type Config } from './core/config.js';
import { generateKeyRingSpec } from './core/crypto.js';
import { connectDb, ensureIndexes } from './core/db.js';
import { runMigrations } from './migrations.js';
import { createHttpServer } from './core/http.js';
import { createLogger } from './core/logger.js';
import { seedDemoData } from './seed/seed.js';

export { seedDemoData } from './seed/seed.js';

/** Rate limits high enough for any test run (override through `env` to test limiting itself). */
export const HIGH_RATE_LIMITS: Record<string, string> = {
  RATE_LIMIT_PER_IP: '1000000',
  RATE_LIMIT_PER_ACCOUNT: '1000000',
  RATE_LIMIT_AUTH_PER_IP: '1000000',
  RATE_LIMIT_BIND_CODES_PER_ACCOUNT: '1000000',
  RATE_LIMIT_INTERNAL: '1000000',
  RATE_LIMIT_BIND_PER_CONTACT: '1000000',
  RATE_LIMIT_BIND_PER_CODE: '1000000',
  RATE_LIMIT_BIND_TOTAL: '1000000',
};

export { listRoutes, fillPath, type RouteInfo } from './core/routes.js';

export interface TestServerOptions {
  mongoUri?: string;
  /** Overrides of the environment (e.g. WECHAT_API_BASE of a fake WeChat API, LOG_LEVEL). */
  env?: Record<string, string>;
  /** Seed the demo jobs and users before listening (default false). */
  seed?: boolean;
  /** Outbox relay sweep interval in ms (default 500). */
  relayIntervalMs?: number;
  /** Subscribe-message worker interval in ms (default 500); tests may also call app.services.subscribeWorker.runOnce(). */
  subscribeIntervalMs?: number;
  /** Broadcast scheduler interval in ms (default 250); tests that drive `services.broadcasts.tick()` themselves set it high. */
  broadcastIntervalMs?: number;
}

export interface TestServer {
  url: string;
  botToken: string;
  config: Config;
  app: BayApp;
  conn: Connection;
  close(): Promise<void>;
  devLogin(handle: string, role?: Role, lang?: Lang): Promise<SessionDto>;
}

/** A fresh database name on the engine jest's global setup started (BAY_TEST_ENGINE_URI). */
/**
 * The environment of a server under test (the one builder for both harnesses: supertest's
 * startHarness and this file's startTestServer): fresh secrets, dev sign-in, a fake WeChat API,
 * silent logs and rate limits far above what a suite sends.
 */
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

export function freshTestDatabaseUri(label = 'srv'): string {
  const base = process.env.BAY_TEST_ENGINE_URI;
  if (!base) throw new Error('BAY_TEST_ENGINE_URI is not set: run tests through jest (global-setup starts the engine) or pass mongoUri');
  return `${base}/bay_${label.replace(/[^a-z0-9]/gi, '_').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const config = loadConfig(testEnv({ HOST: '127.0.0.1', PORT: '0', MONGODB_URI: opts.mongoUri ?? freshTestDatabaseUri(), ...opts.env }));
  const logger = createLogger(config.logLevel);
  const conn = await connectDb(config.mongoUri, logger);
  const app = createApp(config, { conn, logger });
  await ensureIndexes(app.services.models);
  await runMigrations(app.services.models, logger);
  if (opts.seed) await seedDemoData(conn);
  app.startBackground({ relayIntervalMs: opts.relayIntervalMs ?? 500, bindCodeSweepIntervalMs: 5000, broadcastIntervalMs: opts.broadcastIntervalMs ?? 250, subscribeIntervalMs: opts.subscribeIntervalMs ?? 500 });

  const server: Server = createHttpServer(app.callback(), config.connections);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    botToken: config.botApiToken,
    config,
    app,
    conn,
    async close() {
      app.stopBackground();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.services.shared.close();
      await conn.close();
    },
    async devLogin(handle, role, lang) {
      const res = await fetch(url + API.devLogin, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ handle, ...(role ? { role } : {}), ...(lang ? { lang } : {}) }),
      });
      if (!res.ok) throw new Error(`dev login failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as SessionDto;
    },
  };
}

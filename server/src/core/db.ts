import mongoose, { type Connection, type Model } from 'mongoose';
import type { Logger } from './logger.js';

/**
 * One mongoose connection per process (or per test server). `bufferCommands: false` makes
 * queries fail at once while the database is unreachable (answered 503) instead of queueing,
 * and the short server-selection timeout bounds how long a request waits on a dead engine.
 * Indexes are created explicitly by `ensureIndexes` at start rather than by autoIndex, so
 * start-up waits for them and tests never race an index build.
 */
export function openConnection(uri: string, logger?: Logger): Connection {
  const conn = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 2000,
    connectTimeoutMS: 2000,
    socketTimeoutMS: 20_000,
    heartbeatFrequencyMS: 2000,
    bufferCommands: false,
    autoIndex: false,
    autoCreate: true,
  });
  conn.on('disconnected', () => logger?.info('database disconnected'));
  conn.on('reconnected', () => logger?.info('database reconnected'));
  conn.on('error', (err: Error) => logger?.error({ err: { name: err.name, message: err.message } }, 'database error'));
  return conn;
}

/** Opens the connection and waits until it is usable. */
export async function connectDb(uri: string, logger?: Logger): Promise<Connection> {
  const conn = openConnection(uri, logger);
  await conn.asPromise();
  return conn;
}

/** Creates every index declared on the schemas (idempotent). */
export async function ensureIndexes(models: Record<string, Model<any>>): Promise<void> {
  for (const model of Object.values(models)) {
    await model.createCollection().catch((err: { code?: number }) => { if (err.code !== 48) throw err; });
    await model.createIndexes();
  }
}

/** Resolves true if the database answers a ping within `timeoutMs`. */
export async function pingDb(conn: Connection, timeoutMs = 1000): Promise<boolean> {
  if (conn.readyState !== 1 || !conn.db) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      conn.db.admin().ping().then(() => true),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export const isDuplicateKey = (err: unknown): boolean => (err as { code?: number } | null)?.code === 11000;

/**
 * Answers 503 at once while the driver knows the database is gone (readyState is not
 * "connected"), instead of letting each request wait out the server-selection timeout.
 * Only the requests in flight when the engine dies wait; the driver's heartbeat notices
 * the loss within heartbeatFrequencyMS and reconnects by itself when the engine is back.
 * /healthz is left through: it reports the state itself.
 */
export function dbAvailabilityGuard(conn: Connection, unavailable: () => Error, except: string[] = []) {
  return (ctx: { path: string }, next: () => Promise<unknown>): Promise<unknown> => {
    if (conn.readyState !== 1 && !except.includes(ctx.path)) throw unavailable();
    return next();
  };
}

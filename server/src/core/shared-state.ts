import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Config } from './config.js';
import { createLocks, processMutex, redisMutex, type Engine, type Locks } from './lock.js';
import type { Logger } from './logger.js';
import { connectRedis, redisLabel } from './redis.js';

export type { Engine } from './lock.js';

/**
 * Wake-ups of long-polling requests (outbox claims). With Redis every instance hears every
 * wake-up (pub/sub on `<prefix>wake:<topic>`); without it only this process does.
 */
export interface Wakeups {
  notify(topic: WakeTopic): void;
  /** Calls fn on each wake-up of `topic` until the returned function is called. */
  listen(topic: WakeTopic, fn: () => void): () => void;
}
export type WakeTopic = 'outbox';

export interface SharedStateDescription {
  engine: Engine;
  /** Where counters, wake-ups and locks live (the Redis address without its password). */
  shared: string;
  /** What serialises writes that FerretDB does not make atomic. */
  locks: string;
}

export interface SharedState {
  /** Commands connection shared by every instance (rate limits: RateLimiterRedis); null without REDIS_URL. */
  redis: Redis | null;
  /** The engine; 'ferretdb' (the cautious answer) until `ready()` has detected it. */
  readonly engine: Engine;
  locks: Locks;
  wakeups: Wakeups;
  /** Detects the engine (once; retried after a failure). */
  ready(): Promise<void>;
  /** For the start-up log line. */
  describe(): Promise<SharedStateDescription>;
  /** Quits the Redis connections (idempotent). */
  close(): Promise<void>;
}

export interface SharedStateOptions {
  /** Redis key and channel prefix (default 'bay:'); tests use a unique one per run. */
  keyPrefix?: string;
}

/**
 * Asks the engine who it is. FerretDB answers `buildInfo` with MongoDB's fields plus its own
 * extensions (`ferretdbVersion`, `ferretdbFeatures` in v1.x); MongoDB has no `ferretdb*` field.
 */
export async function detectEngine(conn: Connection): Promise<Engine> {
  await conn.asPromise();
  if (!conn.db) throw new Error('database connection has no db');
  const info = await conn.db.admin().command({ buildInfo: 1 });
  return Object.keys(info).some((k) => k.toLowerCase().startsWith('ferretdb')) ? 'ferretdb' : 'mongodb';
}

/** Redis connections (when REDIS_URL is set), engine detection, the app's Locks and Wakeups. */
export function createSharedState(conn: Connection, config: Pick<Config, 'redisUrl'>, logger: Logger, opts: SharedStateOptions = {}): SharedState {
  const prefix = opts.keyPrefix ?? 'bay:';
  const url = config.redisUrl;
  const redis = url ? connectRedis(url, logger, 'bay-server') : null;
  // Subscriber mode takes a connection of its own: it can run no other commands.
  const subscriber = url ? connectRedis(url, logger, 'bay-server-sub') : null;

  let engine: Engine = 'ferretdb';
  let detecting: Promise<Engine> | null = null;
  function detect(): Promise<Engine> {
    detecting ??= detectEngine(conn).then(
      (found) => { engine = found; return found; },
      (err: unknown) => {
        detecting = null;
        logger.warn({ err: err instanceof Error ? { name: err.name, message: err.message } : err }, 'database engine not detected yet; locking as for FerretDB');
        throw err;
      },
    );
    return detecting;
  }

  const mutex = redis && subscriber ? redisMutex({ redis, subscriber, prefix, logger }) : processMutex();
  const locks = createLocks(mutex, detect);
  const wakeups = redis && subscriber ? redisWakeups(redis, subscriber, prefix, logger) : localWakeups();

  let closed: Promise<void> | null = null;
  return {
    redis,
    get engine() { return engine; },
    locks,
    wakeups,
    async ready() { await detect().catch(() => undefined); },
    async describe() {
      await detect().catch(() => undefined);
      const shared = url ? `redis ${redisLabel(url)}` : 'this process only (REDIS_URL unset): run one instance';
      const lockWay = engine === 'mongodb'
        ? (url ? 'none needed for single updates (MongoDB); read-decide-write sections in Redis' : 'none needed for single updates (MongoDB); read-decide-write sections in this process')
        : (url ? 'Redis lock shared by all instances' : 'in-process mutex (one instance only)');
      return { engine, shared, locks: lockWay };
    },
    close() {
      closed ??= Promise.all([redis, subscriber].map((c) => c ? c.quit().then(() => undefined, () => c.disconnect()) : undefined)).then(() => undefined);
      return closed;
    },
  };
}

function localWakeups(): Wakeups {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  return {
    notify: (topic) => { events.emit(topic); },
    listen(topic, fn) {
      events.on(topic, fn);
      return () => { events.off(topic, fn); };
    },
  };
}

/**
 * Publishes each wake-up on `<prefix>wake:<topic>` with this instance's id; every instance's
 * subscriber emits it locally. This instance wakes its own listeners at once and skips its echo.
 */
function redisWakeups(redis: Redis, subscriber: Redis, prefix: string, logger: Logger): Wakeups {
  const local = localWakeups();
  const self = randomBytes(8).toString('hex');
  const channelOf = (topic: WakeTopic) => `${prefix}wake:${topic}`;
  const topics = new Map<string, WakeTopic>([[channelOf('outbox'), 'outbox']]);
  subscriber.on('message', (channel: string, from: string) => {
    const topic = topics.get(channel);
    if (topic && from !== self) local.notify(topic);
  });
  subscriber.subscribe(...topics.keys()).catch((err: unknown) => {
    logger.warn({ err: err instanceof Error ? { name: err.name, message: err.message } : err }, 'wake-up channel not subscribed; other instances answer when their long polls end');
  });
  return {
    notify(topic) {
      local.notify(topic);
      // An optimisation of latency only: a lost wake-up makes the other instance answer when its wait ends.
      redis.publish(channelOf(topic), self).catch((err: unknown) => {
        logger.debug({ err: err instanceof Error ? { name: err.name, message: err.message } : err }, 'wake-up not published');
      });
    },
    listen: local.listen,
  };
}

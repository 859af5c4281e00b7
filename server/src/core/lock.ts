import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { unavailable } from './errors.js';
import type { Logger } from './logger.js';

/**
 * Keyed locks, one `Locks` per app (createServices), chosen at start-up (core/shared-state.ts).
 *
 * Why: FerretDB v1.24 (the engine used locally and in tests) does not apply single-document
 * updates atomically under concurrency. Measured on both its SQLite and PostgreSQL backends:
 * two concurrent findOneAndUpdate calls with the same precondition both succeed, and
 * concurrent $push/$inc updates to one document lose writes (30 of 30 trials; the
 * core/__tests__/locks.test.ts race shows it again). Real MongoDB makes each of those
 * operations atomic, which is what the code below the lock relies on.
 *
 * Two kinds of critical section, so MongoDB pays only for what it needs:
 * - `withLock`: a single conditional update (or a read then a conditional update) that MongoDB
 *   makes atomic by itself. On MongoDB fn runs directly; on FerretDB it is serialised.
 * - `exclusive`: read, decide, write sequences that no engine makes atomic (merging preferences,
 *   grouping review questions, a per-user rate check). Serialised on every engine.
 * Serialised means: in this process only without REDIS_URL (right for exactly one instance), or
 * by a Redis lock shared by every instance with it.
 */
export interface Locks {
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** A mutual-exclusion primitive: fn runs while no other holder of `key` runs. */
export interface Mutex {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export type Engine = 'mongodb' | 'ferretdb';

/**
 * The Locks an app uses: `withLock` skips the mutex once the engine is known to be MongoDB.
 * `engine()` detects it (once, cached by the caller); until it answers, or when it fails, the
 * lock is taken (always correct, merely redundant on MongoDB).
 */
export function createLocks(mutex: Mutex, engine: () => Promise<Engine>): Locks {
  let known: Engine | null = null;
  async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    if (!known) known = await engine().catch(() => null);
    if (known === 'mongodb') return fn();
    return mutex.run(key, fn);
  }
  return { withLock, exclusive: (key, fn) => mutex.run(key, fn) };
}

/** Locks for code run outside an app (seed, tests of one service): serialised in this process. */
export function processLocks(): Locks {
  const mutex = processMutex();
  return { withLock: (key, fn) => mutex.run(key, fn), exclusive: (key, fn) => mutex.run(key, fn) };
}

/** In-process keyed mutex: FIFO per key, nothing shared beyond this object. */
export function processMutex(): Mutex {
  const tails = new Map<string, Promise<void>>();
  async function run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => { release = resolve; });
    const tail = previous.then(() => mine);
    tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  }
  return { run };
}

// Acquire: take the lock, else mark the key as wanted since the last release (so the holder's
// release announces itself; see `courtesyMs`). Release: compare-and-delete, clear the mark, and
// announce on the channel only when it was set, saying whether it was.
const ACQUIRE = `
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
redis.call('set', KEYS[2], '1', 'PX', ARGV[3])
return 0`;
const RELEASE = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return -1 end
redis.call('del', KEYS[1])
if redis.call('del', KEYS[2]) == 1 then
  redis.call('publish', ARGV[2], ARGV[3])
  return 1
end
return 0`;
const EXTEND = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('pexpire', KEYS[1], ARGV[2])`;

export interface RedisMutexOptions {
  /** Commands: SET/EVAL on `<prefix>lock:<key>` and `<prefix>lock-wait:<key>`. */
  redis: Redis;
  /** A subscriber-mode connection (releases are announced on `<prefix>lock-released`). */
  subscriber: Redis;
  /** Key and channel prefix, e.g. 'bay:' (tests use a unique one per run). */
  prefix: string;
  logger: Logger;
  /** Lease of one hold; extended every leaseMs / 3 while fn runs (default 15 s). */
  leaseMs?: number;
  /** A waiter that hears no release retries after this (default 50 ms, ±50 % jitter). */
  pollMs?: number;
  /** Give up (503) after waiting this long (default 30 s). */
  acquireTimeoutMs?: number;
  /** After a release another instance was waiting for, this instance's next holder waits this long first (default 3 ms). */
  courtesyMs?: number;
}

/**
 * A lock shared by every server instance through Redis: SET NX PX with a random token,
 * compare-and-delete release and compare-and-pexpire extension (Lua, so each is one atomic step).
 *
 * - Lease with automatic extension: 15 s, renewed every 5 s while fn runs, so a section of any
 *   length stays exclusive, and a crashed holder's lock frees itself within 15 s.
 * - Waiting without polling: a waiter subscribes to releases (one pub/sub channel for all keys)
 *   and retries the moment its key is released; a 50 ms fallback retry covers a missed message
 *   or an expired lease.
 * - One contender per key per instance: holders in this process queue FIFO in front of Redis,
 *   so the hot key (lockKeys.notifications) costs one Redis round trip per hold, not a poll storm.
 * - Fair between instances: a release that another instance waited for makes this instance's
 *   next local holder step back `courtesyMs`, so a busy instance cannot starve a quiet one.
 */
export function redisMutex(opts: RedisMutexOptions): Mutex {
  const { redis, subscriber, prefix, logger } = opts;
  const leaseMs = opts.leaseMs ?? 15_000;
  const pollMs = opts.pollMs ?? 50;
  const acquireTimeoutMs = opts.acquireTimeoutMs ?? 30_000;
  const courtesyMs = opts.courtesyMs ?? 3;
  const waitFlagMs = pollMs * 5;
  const channel = `${prefix}lock-released`;
  const local = processMutex();
  /** Keys whose last release here was awaited by another instance. */
  const contended = new Set<string>();
  const released = new EventEmitter();
  released.setMaxListeners(0);
  subscriber.on('message', (ch: string, key: string) => { if (ch === channel) released.emit(key); });
  const subscribed = subscriber.subscribe(channel).catch((err: unknown) => {
    logger.warn({ err: errInfo(err) }, 'lock release channel not subscribed; waiters poll');
  });

  const lockKey = (key: string) => `${prefix}lock:${key}`;
  const waitKey = (key: string) => `${prefix}lock-wait:${key}`;

  async function acquire(key: string, token: string): Promise<void> {
    await subscribed;
    const deadline = Date.now() + acquireTimeoutMs;
    if (contended.delete(key)) await sleep(courtesyMs);
    for (;;) {
      // Listen before trying, so a release between the attempt and the wait is not missed.
      let wake!: () => void;
      const heard = new Promise<void>((resolve) => { wake = resolve; });
      released.once(key, wake);
      try {
        // Redis unreachable: the section cannot be made exclusive across instances, and waiting
        // for the client's reconnect attempts would hold the request for seconds: 503 at once.
        if (redis.status !== 'ready') throw unavailable();
        const got = await redis.eval(ACQUIRE, 2, lockKey(key), waitKey(key), token, leaseMs, waitFlagMs).catch((err: unknown) => {
          logger.warn({ err: errInfo(err), lock: key }, 'lock not acquired: redis command failed');
          throw unavailable();
        });
        if (got === 1) return;
        const left = deadline - Date.now();
        if (left <= 0) {
          logger.error({ lock: key, waitedMs: acquireTimeoutMs }, 'lock not acquired in time');
          throw unavailable();
        }
        await Promise.race([heard, sleep(Math.min(left, pollMs * (0.5 + Math.random())))]);
      } finally {
        released.off(key, wake);
      }
    }
  }

  async function release(key: string, token: string): Promise<void> {
    try {
      const res = await redis.eval(RELEASE, 2, lockKey(key), waitKey(key), token, channel, key);
      if (res === 1) contended.add(key);
      else if (res === -1) logger.warn({ lock: key }, 'lock lease had expired before release');
    } catch (err) {
      // The lease frees it within leaseMs.
      logger.warn({ err: errInfo(err), lock: key }, 'lock release failed');
    }
  }

  function keepAlive(key: string, token: string): () => void {
    const timer = setInterval(() => {
      redis.eval(EXTEND, 1, lockKey(key), token, leaseMs)
        .then((ok) => { if (ok !== 1) logger.error({ lock: key }, 'lock lease lost while held'); })
        .catch((err: unknown) => logger.warn({ err: errInfo(err), lock: key }, 'lock lease not extended'));
    }, Math.max(1, Math.floor(leaseMs / 3)));
    timer.unref();
    return () => clearInterval(timer);
  }

  return {
    run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      return local.run(key, async () => {
        const token = randomBytes(12).toString('base64url');
        await acquire(key, token);
        const stop = keepAlive(key, token);
        try {
          return await fn();
        } finally {
          stop();
          await release(key, token);
        }
      });
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => { setTimeout(resolve, ms); });
const errInfo = (err: unknown) => (err instanceof Error ? { name: err.name, message: err.message } : err);

/** Lock keys, so every writer of the same documents uses the same name. */
export const lockKeys = {
  application: (id: string) => `application:${id}`,
  /** All writes to the notifications collection: claims touch arbitrary documents. */
  notifications: 'notifications',
  user: (id: string) => `user:${id}`,
  openid: (openid: string) => `openid:${openid}`,
  bindCode: (code: string) => `bindcode:${code}`,
  /** One-time subscribe grants of one user and template. */
  grant: (userId: string, templateId: string) => `grant:${userId}:${templateId}`,
  /** A started verified-identity sign-in (single use). */
  identityState: (state: string) => `identity-state:${state}`,
  /** A user's verified identity: consent and unlink. */
  identityUser: (userId: string) => `identity-user:${userId}`,
  kbEntry: (id: string) => `kb:${id}`,
  handoff: (id: string) => `handoff:${id}`,
  broadcast: (id: string) => `broadcast:${id}`,
  /** All review recording: grouping reads, decides, then writes. */
  reviewRecord: 'enquiry-review:record',
  reviewGroup: (id: string) => `enquiry-review:group:${id}`,
  customsReport: (userId: string, portId: string) => `customs-report:${userId}:${portId}`,
  /** An organisation's review and its membership changes (member limit, last owner). */
  org: (id: string) => `org:${id}`,
  /** One person registering or joining an organisation (at most one membership). */
  orgUser: (userId: string) => `org-user:${userId}`,
  /** A one-time organisation invite code. */
  orgInvite: (code: string) => `org-invite:${code}`,
  /** An organisation's job: its state moves. */
  job: (id: string) => `job:${id}`,
  /** One day's and channel's enquiry outcome counters (an upserting $inc). */
  enquiryOutcome: (id: string) => `enquiry-outcome:${id}`,
};

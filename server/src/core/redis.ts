import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/**
 * The Redis connection every server instance shares (REDIS_URL): rate-limit counters
 * (core/security.ts), long-poll wake-ups and, on FerretDB only, the per-document write locks
 * (core/lock.ts). Without REDIS_URL each of those stays in this process, which is right for exactly
 * one instance.
 */
export function connectRedis(url: string, logger: Logger, name = 'bay-server'): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    // Commands wait (queued) while the connection is re-established instead of failing at once;
    // a command still fails after this many retries, and the request that needed it answers 503.
    maxRetriesPerRequest: 3,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger.error({ err: { message: err.message } }, 'redis unreachable');
  });
  redis.on('ready', () => {
    if (down) logger.info('redis reachable again');
    down = false;
  });
  return redis;
}

/** The address of a Redis URL without its password, for logs. */
export function redisLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}:${u.port || 6379}${u.pathname}`;
  } catch {
    return 'redis';
  }
}

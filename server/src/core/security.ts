import type { Context, Middleware, Next } from 'koa';
import helmet from 'koa-helmet';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { API } from '@bay/shared';
import { botTokenMatcher } from './auth.js';
import type { Config } from './config.js';
import { AppError } from './errors.js';

/**
 * The request guards that apply to every route, in the order createApp mounts them:
 * canonicalPath → securityHeaders → cors → limitByClient → requireJsonBody → bodyParser → rejectOperatorKeys
 * → session → limitByAccount → routers.
 */

/**
 * The request path as the router matches it: the router ignores case and a trailing slash
 * (`/api/Auth/dev-login/` reaches `/api/auth/dev-login`), so every guard that decides by path must
 * too, or a limit is escaped by changing the case. Lower-cased, repeated slashes collapsed, a
 * trailing slash dropped. Only for matching: handlers keep ctx.path (parameters such as currency
 * codes are case-sensitive).
 */
export function canonicalPath(path: string): string {
  let p = path.toLowerCase();
  if (p.includes('//')) p = p.replace(/\/{2,}/g, '/');
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

/** The canonical path of this request (computed once by the canonicalPath middleware, mounted first). */
export function routePath(ctx: Context): string {
  return (ctx.state.routePath as string | undefined) ?? canonicalPath(ctx.path);
}

/** Mounted first: stores the canonical path once for every later guard (routePath). */
export function canonicalPathMiddleware(): Middleware {
  return function setRoutePath(ctx: Context, next: Next): Promise<unknown> {
    ctx.state.routePath = canonicalPath(ctx.path);
    return next();
  };
}

/**
 * Headers for a JSON API (helmet): nosniff, frame denial, no referrer, HSTS in production.
 * No Content-Security-Policy: the API serves no documents. Responses carry personal data, so
 * nothing may be stored by shared caches.
 */
export function securityHeaders(config: Pick<Config, 'env'>): Middleware {
  const headers = helmet({
    contentSecurityPolicy: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    xContentTypeOptions: true,
    strictTransportSecurity: config.env === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  // Guards that do no asynchronous work of their own return next()'s promise instead of awaiting it:
  // one promise and one suspended frame less per guard per request (koa-compose turns a synchronous
  // throw into a rejection all the same).
  return function setSecurityHeaders(ctx: Context, next: Next): Promise<unknown> {
    ctx.set('Cache-Control', 'no-store');
    return headers(ctx, next) as Promise<unknown>;
  };
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** 415 for a request body that is not JSON (an empty body is fine). Mounted before the body parser. */
export function requireJsonBody(): Middleware {
  return function checkContentType(ctx: Context, next: Next): Promise<unknown> {
    if (BODY_METHODS.has(ctx.method) && ctx.request.length !== 0 && ctx.is('json') === false) throw new AppError(415, 'unsupportedMediaType');
    return next();
  };
}

/** Names that would reach MongoDB as operators or paths, or pollute prototypes. */
const POLLUTING_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
export function isForbiddenKey(key: string): boolean {
  return key.startsWith('$') || key.includes('.') || key.includes('\0') || POLLUTING_KEYS.has(key);
}
/** Query names also may not use bracket syntax (`status[$ne]=x`), which other parsers turn into objects. */
const isForbiddenQueryKey = (key: string) => isForbiddenKey(key) || /[[\]$]/.test(key);

/** Deeper than any body the API accepts; also bounds the scan below. */
export const MAX_BODY_DEPTH = 16;
const MAX_REPORTED = 20;

function scanBody(body: unknown, fields: Record<string, string>): void {
  const pending: { value: unknown; path: string[] }[] = [{ value: body, path: [] }];
  while (pending.length) {
    const { value, path } = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_BODY_DEPTH) {
      fields[path.slice(0, MAX_BODY_DEPTH).join('.') || '_'] = 'v.tooDeep';
      return;
    }
    for (const key of Object.keys(value)) {
      if (Object.keys(fields).length >= MAX_REPORTED) return;
      const child = [...path, key];
      if (isForbiddenKey(key)) fields[child.join('.')] = 'v.forbiddenKey';
      else pending.push({ value: (value as Record<string, unknown>)[key], path: child });
    }
  }
}

/**
 * 400 validation for MongoDB operator and dotted keys (`{"$gt": ""}`, `$where`, `a.b`) and
 * prototype keys anywhere in the body or query, with one `v.forbiddenKey` per field. The strict
 * zod schemas refuse unknown keys too; this guard also covers values typed loosely (z.unknown,
 * records) and any route whose schema is not strict. Koa parses queries with node:querystring,
 * so `?status[$ne]=x` stays a string under the literal name `status[$ne]`; it is refused here.
 */
export function rejectOperatorKeys(): Middleware {
  return function checkKeys(ctx: Context, next: Next): Promise<unknown> {
    const fields: Record<string, string> = {};
    for (const key of Object.keys(ctx.query)) {
      if (isForbiddenQueryKey(key)) fields[key] = 'v.forbiddenKey';
    }
    scanBody((ctx.request as { body?: unknown }).body, fields);
    if (Object.keys(fields).length) throw new AppError(400, 'validation', 'e.validation', fields);
    return next();
  };
}

export interface RateLimitGuards {
  /** Per client address (stricter on /api/auth/*); the bot's API has its own buckets instead. */
  limitByClient: Middleware;
  /** Per signed-in account (stricter for bind-code creation); mount after the session loader. */
  limitByAccount: Middleware;
  /** A bind attempt (POST /internal/bind, after validation): per contact, then per code. */
  limitBind(attempt: { contactId: string; code: string }): Promise<void>;
}

async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (err) {
    if (!(err instanceof RateLimiterRes)) throw err;
    const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
    throw new AppError(429, 'rateLimited', 'e.rateLimited', undefined, undefined, { 'Retry-After': String(seconds) });
  }
}

const isInternal = (path: string) => path === '/internal' || path.startsWith('/internal/');

/**
 * Rate limits answering 429 `rateLimited` with Retry-After (rate-limiter-flexible). With a Redis
 * connection the counters live in Redis, shared by every server instance (RateLimiterRedis: one
 * atomic INCR+PEXPIRE per consume); without one they live in this process's memory, right for a
 * single instance only. Paths are matched canonically (routePath), as the router matches them.
 *
 * The bot's API: delivery calls (outbox claim/ack/fail) share one generous bucket for the valid
 * token; binding has buckets of its own keyed by what it protects, so a flood of bind guesses
 * neither reaches many codes nor blocks delivery: all bind attempts together (bindTotal), each
 * contact (bindPerContact) and each code (bindPerCode).
 */
export function rateLimits(config: Pick<Config, 'rateLimits' | 'botApiToken' | 'redisKeyPrefix'>, redis: Redis | null = null): RateLimitGuards {
  const { windowSeconds: duration, ...points } = config.rateLimits;
  // With Redis down, each instance counts in its own memory (insuranceLimiter) until it is back:
  // limits stay in force, per instance, instead of every request failing.
  const limiter = (keyPrefix: string, max: number): RateLimiterAbstract => (redis
    ? new RateLimiterRedis({
      storeClient: redis, keyPrefix: `${config.redisKeyPrefix}rl:${keyPrefix}`, points: max, duration,
      rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory({ keyPrefix, points: max, duration }),
    })
    : new RateLimiterMemory({ keyPrefix, points: max, duration }));
  const perIp = limiter('ip', points.perIp);
  const authPerIp = limiter('auth', points.authPerIp);
  const internal = limiter('internal', points.internal);
  const bindTotal = limiter('bind', points.bindTotal);
  const bindPerContact = limiter('bind-contact', points.bindPerContact);
  const bindPerCode = limiter('bind-code', points.bindPerCode);
  const perAccount = limiter('account', points.perAccount);
  const bindCodes = limiter('bindcodes', points.bindCodesPerAccount);
  const isBot = botTokenMatcher(config.botApiToken);
  async function limitAccount(ctx: Context, next: Next, id: string): Promise<void> {
    await consume(perAccount, id);
    if (ctx.method === 'POST' && routePath(ctx) === API.bindCodes) await consume(bindCodes, id);
    await next();
  }

  return {
    async limitByClient(ctx: Context, next: Next): Promise<void> {
      const path = routePath(ctx);
      if (isInternal(path)) {
        // The bot is token-authenticated and may sit behind one address with many workers;
        // anyone without the token counts against their address.
        if (!isBot(ctx)) await consume(perIp, ctx.ip);
        else await consume(path === API.internalBind ? bindTotal : internal, 'bot');
      } else {
        await consume(perIp, ctx.ip);
        if (path.startsWith('/api/auth/')) await consume(authPerIp, ctx.ip);
      }
      await next();
    },
    limitByAccount(ctx: Context, next: Next): Promise<unknown> {
      const user = ctx.state.user as { _id: unknown } | undefined;
      return user ? limitAccount(ctx, next, String(user._id)) : next();
    },
    async limitBind({ contactId, code }) {
      await consume(bindPerContact, contactId);
      await consume(bindPerCode, code.toUpperCase());
    },
  };
}

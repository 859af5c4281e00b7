import type { Context, Next } from 'koa';
import { issuesToFields, toLang, translator, LANGS, type ErrorCode, type Lang, type ZodLikeIssue } from '@bay/shared';
import type { Logger } from './logger.js';

/** A translation key with optional params; params that are themselves `{ key }` get translated too. */
export type MessageParams = Record<string, string | number | { key: string }>;

/**
 * The one error type the API throws. `messageKey` and each field value are i18n keys
 * (e.*, v.*); the error middleware translates them into the request's language.
 */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: ErrorCode,
    public readonly messageKey: string = `e.${code}`,
    public readonly fields?: Record<string, string>,
    public readonly params?: MessageParams,
    public readonly headers?: Record<string, string>,
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const notFound = () => new AppError(404, 'notFound');
export const unauthenticated = () => new AppError(401, 'unauthenticated');
export const forbidden = () => new AppError(403, 'forbidden');
export const unavailable = () => new AppError(503, 'unavailable');

/** Zod issues -> a 400 'validation' AppError whose field values are catalog keys (shared issuesToFields). */
export function validationError(issues: readonly ZodLikeIssue[]): AppError {
  return new AppError(400, 'validation', 'e.validation', issuesToFields(issues));
}

const DB_UNAVAILABLE_NAMES = new Set([
  'MongoServerSelectionError', 'MongooseServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError',
  'MongoTopologyClosedError', 'MongoNotConnectedError', 'MongoPoolClosedError', 'MongoPoolClearedError',
  // ioredis, when Redis (REDIS_URL: shared locks) stays unreachable through its retries.
  'MaxRetriesPerRequestError',
]);

/** True for errors that mean "the database (or the shared Redis) cannot be reached right now". */
export function isDbUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (DB_UNAVAILABLE_NAMES.has(err.name)) return true;
  if (err.name === 'MongooseError' && /buffering timed out|before initial connection|Connection was force closed|client was closed/i.test(err.message)) return true;
  return false;
}

/** The language of this request: the signed-in user's, else ?lang=, else Accept-Language. */
export function requestLang(ctx: Context): Lang {
  const user = ctx.state.user as { lang?: Lang } | undefined;
  if (user?.lang) return user.lang;
  const q = ctx.query.lang;
  if (typeof q === 'string' && (LANGS as readonly string[]).includes(q)) return q as Lang;
  return toLang(ctx.get('accept-language'));
}

function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (isDbUnavailable(err)) return unavailable();
  const e = err as { status?: number; type?: string; expose?: boolean };
  if (e && typeof e.status === 'number' && e.status < 500) {
    if (e.status === 413 || e.type === 'entity.too.large') return new AppError(413, 'payloadTooLarge');
    if (e.type === 'entity.parse.failed' || e.status === 400) return new AppError(400, 'badJson');
    if (e.status === 415) return new AppError(415, 'unsupportedMediaType');
    if (e.status === 404) return notFound();
  }
  return undefined;
}

/** The public shape of an AppError in one language: message and field messages translated. */
export function translateError(appErr: AppError, lang: Lang): { code: string; message: string; fields?: Record<string, string> } {
  const t = translator(lang);
  const params = appErr.params
    ? Object.fromEntries(Object.entries(appErr.params).map(([k, v]) => [k, typeof v === 'object' ? t(v.key) : v]))
    : undefined;
  const fields = appErr.fields
    ? Object.fromEntries(Object.entries(appErr.fields).map(([k, key]) => [k, t(key)]))
    : undefined;
  return { code: appErr.code, message: t(appErr.messageKey, params), ...(fields ? { fields } : {}) };
}

/** Mounted first: every failure becomes `{ error: { code, message, fields? } }` in the request's language. */
export function errorMiddleware(logger: Logger) {
  return async function handleErrors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw notFound();
    } catch (err) {
      let appErr = toAppError(err);
      if (!appErr) {
        logger.error({ err, method: ctx.method, path: ctx.path }, 'unhandled error');
        appErr = new AppError(500, 'internal');
      } else if (appErr.status >= 500) {
        logger.warn({ code: appErr.code, method: ctx.method, path: ctx.path, cause: err instanceof Error && err !== appErr ? err.message : undefined }, 'service error');
      }
      ctx.status = appErr.status;
      for (const [h, v] of Object.entries(appErr.headers ?? {})) ctx.set(h, v);
      // Refused before its body was read (429, 415, 413…): close the connection after the answer
      // instead of reading on, so a slow or endless body cannot keep it open.
      if (!ctx.req.complete) ctx.set('Connection', 'close');
      ctx.body = { error: translateError(appErr, requestLang(ctx)) };
    }
  };
}

/**
 * Routine machine traffic: the bot workers' polling of /internal (one claim per second per worker)
 * and load-balancer health checks. Logged at debug when it succeeds, so the info log shows what
 * people did; a failure of one of them is still logged at info.
 */
function isRoutine(path: string): boolean {
  return path === '/healthz' || path.startsWith('/internal/');
}

/** One access-log line per request: method, path, status, ms. Never bodies, queries or headers. */
export function requestLogMiddleware(logger: Logger) {
  // The level is read per request (it can be changed at run time); below `info` nothing is timed.
  return function logRequest(ctx: Context, next: Next): Promise<unknown> {
    return logger.isLevelEnabled('info') ? timeAndLog(ctx, next) : next();
  };
  async function timeAndLog(ctx: Context, next: Next): Promise<void> {
    const started = performance.now();
    try {
      await next();
    } finally {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      const level = isRoutine(ctx.path) && ctx.status < 400 ? 'debug' : 'info';
      logger[level]({ method: ctx.method, path: ctx.path, status: ctx.status, ms }, 'request');
    }
  }
}

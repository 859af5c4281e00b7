import type { Context, Middleware, Next } from 'koa';
import { bodyParser } from '@koa/bodyparser';
import { AppError } from './errors.js';

/**
 * The JSON body parser: @koa/bodyparser (co-body, raw-body, inflation, @hapi/bourne) for every
 * request. What the library decides, and the error middleware then answers: strict JSON (`{}` for
 * an empty body, only an object or array at the top level), a `__proto__` key anywhere refused
 * (co-body's `onProtoPoisoning` default, 'error', which @koa/bodyparser leaves in place), and
 * raw-body's errors for a body over the limit (413 payloadTooLarge) or unparseable (400 badJson).
 *
 * One thing it cannot say itself: a body declared `Content-Encoding: gzip` (deflate, br) that does
 * not decompress makes zlib throw an error without an HTTP status (Z_DATA_ERROR,
 * ERR__ERROR_FORMAT_…), which would reach the error middleware as a 500. It is the client's fault:
 * 400 `badEncoding`. The parser runs with a no-op `next` so that only its own errors are
 * translated, never a handler's.
 */
export function jsonBody(opts: { limitBytes: number }): Middleware {
  const parser = bodyParser({ enableTypes: ['json'], jsonLimit: opts.limitBytes, encoding: 'utf-8' });
  return async function parseJsonBody(ctx: Context, next: Next): Promise<void> {
    try {
      await parser(ctx, async () => {});
    } catch (err) {
      if (ctx.req.headers['content-encoding'] !== undefined && typeof (err as { status?: unknown }).status !== 'number') {
        throw new AppError(400, 'badEncoding', 'e.badEncoding');
      }
      throw err;
    }
    await next();
  };
}

import type { IncomingMessage } from 'node:http';
import type { Context, Middleware, Next } from 'koa';
import { bodyParser } from '@koa/bodyparser';
import { AppError } from './errors.js';

/**
 * The JSON body parser: @koa/bodyparser (co-body, raw-body, @hapi/bourne) with a fast path for the
 * one shape almost every request has. Measured per request on a tiny body, the general parser
 * (content-type matching through type-is twice, option cloning, an inflation stream, an iconv
 * decoder, listener bookkeeping) cost several times what reading and parsing the body itself does.
 *
 * Fast path, only when all hold: POST/PUT/PATCH, no body parsed yet, `Content-Type` exactly
 * `application/json` (optionally `; charset=utf-8`), no `Content-Encoding`, and a
 * `Content-Length` within the limit. It does what co-body does for that request: reads exactly
 * Content-Length bytes as UTF-8 (a BOM dropped), `{}` for an empty body, only an object or array
 * at the top level, JSON.parse, and a `__proto__` key anywhere refused like @hapi/bourne
 * (`protoAction: 'error'`). Failures carry the same status and type as raw-body / co-body errors,
 * so the error middleware answers them the same (400 badJson, 413 payloadTooLarge).
 * Everything else (other JSON media types, compressed or chunked bodies, bodies over the limit,
 * closed requests) goes through @koa/bodyparser unchanged.
 */
export function jsonBody(opts: { limitBytes: number }): Middleware {
  const { limitBytes } = opts;
  const parser = bodyParser({ enableTypes: ['json'], jsonLimit: limitBytes, encoding: 'utf-8' });
  /**
   * @koa/bodyparser, with what it cannot say itself: a body declared `Content-Encoding: gzip`
   * (deflate, br) that does not decompress makes zlib throw an error without an HTTP status
   * (Z_DATA_ERROR, ERR__ERROR_FORMAT_…), which would reach the error middleware as a 500. It is
   * the client's fault: 400 `badEncoding`. The parser runs with a no-op `next` so that only its
   * own errors are translated, never a handler's.
   */
  async function general(ctx: Context, next: Next): Promise<void> {
    try {
      await parser(ctx, async () => {});
    } catch (err) {
      if (ctx.req.headers['content-encoding'] !== undefined && typeof (err as { status?: unknown }).status !== 'number') {
        throw new AppError(400, 'badEncoding', 'e.badEncoding');
      }
      throw err;
    }
    await next();
  }
  return async function parseJsonBody(ctx: Context, next: Next): Promise<void> {
    const req = ctx.req;
    const headers = req.headers;
    const type = headers['content-type'];
    const declared = headers['content-length'];
    if (
      !PARSED_METHODS.has(ctx.method)
      || type === undefined || !FAST_TYPES.has(type.toLowerCase())
      || declared === undefined || headers['content-encoding'] !== undefined
      || (ctx.request as { body?: unknown }).body !== undefined
      || (ctx as { disableBodyParser?: boolean }).disableBodyParser
      || req.closed
    ) return general(ctx, next);
    const length = Number(declared);
    if (!Number.isSafeInteger(length) || length > limitBytes) return general(ctx, next);
    const raw = length === 0 ? '' : await readUtf8(req, length);
    const request = ctx.request as { body?: unknown; rawBody?: string };
    request.body = parseStrictJson(raw);
    if (request.rawBody === undefined) request.rawBody = raw;
    await next();
  };
}

const PARSED_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const FAST_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);

function httpError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose: true, type });
}

/**
 * Reads exactly `length` bytes (the declared Content-Length) and decodes them as UTF-8. A class
 * with bound methods rather than closures: the server runs under tsx, whose keepNames transform
 * adds a defineProperty call for every named closure created per request.
 */
function readUtf8(req: IncomingMessage, length: number): Promise<string> {
  return new Promise<string>((resolve, reject) => { new BodyReader(req, length, resolve, reject); });
}

class BodyReader {
  private readonly chunks: Buffer[] = [];
  private received = 0;
  private settled = false;
  private readonly onData: (chunk: Buffer) => void;
  private readonly onEnd: () => void;
  private readonly onError: (err: Error) => void;
  private readonly onAborted: () => void;

  constructor(
    private readonly req: IncomingMessage,
    private readonly length: number,
    private readonly resolve: (text: string) => void,
    private readonly reject: (err: Error) => void,
  ) {
    this.onData = this.data.bind(this);
    this.onEnd = this.end.bind(this);
    this.onError = this.finish.bind(this);
    this.onAborted = this.aborted.bind(this);
    req.on('data', this.onData);
    req.on('end', this.onEnd);
    req.on('error', this.onError);
    req.on('aborted', this.onAborted);
    req.on('close', this.onAborted);
  }

  private data(chunk: Buffer): void {
    this.received += chunk.length;
    this.chunks.push(chunk);
  }

  private end(): void {
    if (this.received !== this.length) return this.finish(httpError(400, 'request.size.invalid', 'request size did not match content length'));
    const text = (this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.received)).toString('utf8');
    this.finish(null, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  }

  private aborted(): void {
    this.finish(httpError(400, 'request.aborted', 'request aborted'));
  }

  private finish(err: Error | null, text?: string): void {
    if (this.settled) return;
    this.settled = true;
    const { req } = this;
    req.off('data', this.onData);
    req.off('end', this.onEnd);
    req.off('error', this.onError);
    req.off('aborted', this.onAborted);
    req.off('close', this.onAborted);
    if (err) this.reject(err);
    else this.resolve(text!);
  }
}

/** co-body's strict mode: empty → {}, else an object or array; @hapi/bourne's prototype check. */
const STRICT_JSON = /^[\x20\x09\x0a\x0d]*(\[|\{)/;
const SUSPECT_PROTO = /"(?:_|\\u005[Ff])(?:_|\\u005[Ff])(?:p|\\u0070)(?:r|\\u0072)(?:o|\\u006[Ff])(?:t|\\u0074)(?:o|\\u006[Ff])(?:_|\\u005[Ff])(?:_|\\u005[Ff])"\s*:/;

function parseStrictJson(text: string): unknown {
  if (!text) return {};
  try {
    if (!STRICT_JSON.test(text)) throw new SyntaxError('invalid JSON, only supports object and array');
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && SUSPECT_PROTO.test(text)) refuseProtoKeys(value);
    return value;
  } catch (err) {
    throw Object.assign(err as Error, { status: 400, type: 'entity.parse.failed' });
  }
}

function refuseProtoKeys(root: object): void {
  const pending: object[] = [root];
  while (pending.length) {
    const node = pending.pop()!;
    if (Object.prototype.hasOwnProperty.call(node, '__proto__')) throw new SyntaxError('Object contains forbidden prototype property');
    for (const key in node) {
      const value = (node as Record<string, unknown>)[key];
      if (value && typeof value === 'object') pending.push(value);
    }
  }
}

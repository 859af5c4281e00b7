import type { Context, Next } from 'koa';
import type { z } from 'zod';
import { NoInput } from '@bay/shared';
import { validationError } from './errors.js';
import { tagMiddleware } from './routes.js';

interface Schemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

/** What a handler given to validate() receives: each part as its schema outputs it (`{}` for a part without one). */
export type Validated<S extends Schemas> = {
  [K in keyof Schemas]-?: S[K] extends z.ZodType ? z.output<S[K]> : Record<string, never>;
};

/**
 * Parses the request with shared zod schemas. All parts are checked before failing so the client
 * sees every bad field at once. A query or body without a schema must be empty (NoInput), so every
 * route validates all three parts: use `validate({})` on a route that takes no input.
 *
 * With a handler, `validate(schemas, async (ctx, input) => …)` is the route's last middleware and
 * hands it the parsed parts with their types (no `ctx.state.body as …` in handlers). Without one it
 * stores them on ctx.state.body / query / params and calls next (the older form).
 */
export function validate<S extends Schemas>(given: S): Middleware;
export function validate<S extends Schemas>(given: S, handler: (ctx: Context, input: Validated<S>) => unknown): Middleware;
export function validate<S extends Schemas>(given: S, handler?: (ctx: Context, input: Validated<S>) => unknown): Middleware {
  const schemas: Schemas = { query: NoInput, body: NoInput, ...given };
  return tagMiddleware(async function validateRequest(ctx: Context, next: Next): Promise<unknown> {
    const issues: z.core.$ZodIssue[] = [];
    check(ctx, 'params', schemas.params, (ctx as unknown as { params?: unknown }).params ?? {}, issues);
    check(ctx, 'query', schemas.query, stripLang(ctx.query), issues);
    check(ctx, 'body', schemas.body, (ctx.request as unknown as { body?: unknown }).body ?? {}, issues);
    if (issues.length) throw validationError(issues);
    if (!handler) return next();
    // The one place the parsed parts meet their types: check() stored each schema's output above.
    return handler(ctx, { body: ctx.state.body, query: ctx.state.query, params: ctx.state.params } as Validated<S>);
  }, { schemas: given });
}

type Middleware = (ctx: Context, next: Next) => Promise<unknown>;

function check(ctx: Context, part: keyof Schemas, schema: z.ZodType | undefined, input: unknown, issues: z.core.$ZodIssue[]): void {
  if (!schema) return;
  // NoInput (a strict empty object) accepts exactly an empty non-array object and returns a new `{}`.
  if (schema === NoInput && isEmptyObject(input)) {
    ctx.state[part] = {};
    return;
  }
  const result = schema.safeParse(input);
  if (result.success) ctx.state[part] = result.data;
  else issues.push(...result.error.issues);
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** `?lang=` picks the language of error messages on any route; it is not a filter. */
function stripLang(query: Record<string, unknown>): Record<string, unknown> {
  if (isEmptyObject(query)) return query;
  const { lang: _lang, ...rest } = query;
  return rest;
}

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

/**
 * Parses the request with shared zod schemas and stores the results on
 * ctx.state.body / ctx.state.query / ctx.state.params. All parts are checked before
 * failing so the client sees every bad field at once. A query or body without a schema
 * must be empty (NoInput), so every route validates all three parts: use `validate({})`
 * on a route that takes no input.
 */
export function validate(given: Schemas) {
  const schemas: Schemas = { query: NoInput, body: NoInput, ...given };
  return tagMiddleware(function validateRequest(ctx: Context, next: Next): Promise<unknown> {
    const issues: z.core.$ZodIssue[] = [];
    check(ctx, 'params', schemas.params, (ctx as unknown as { params?: unknown }).params ?? {}, issues);
    check(ctx, 'query', schemas.query, stripLang(ctx.query), issues);
    check(ctx, 'body', schemas.body, (ctx.request as unknown as { body?: unknown }).body ?? {}, issues);
    if (issues.length) throw validationError(issues);
    return next();
  }, { schemas: given });
}

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

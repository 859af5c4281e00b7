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
  return tagMiddleware(async function validateRequest(ctx: Context, next: Next): Promise<void> {
    const issues: z.core.$ZodIssue[] = [];
    const parts: [keyof Schemas, unknown][] = [
      ['params', (ctx as unknown as { params?: unknown }).params ?? {}],
      ['query', stripLang(ctx.query)],
      ['body', (ctx.request as unknown as { body?: unknown }).body ?? {}],
    ];
    for (const [part, input] of parts) {
      const schema = schemas[part];
      if (!schema) continue;
      const result = schema.safeParse(input);
      if (result.success) ctx.state[part] = result.data;
      else issues.push(...result.error.issues);
    }
    if (issues.length) throw validationError(issues);
    await next();
  }, { schemas: given });
}

/** `?lang=` picks the language of error messages on any route; it is not a filter. */
function stripLang(query: Record<string, unknown>): Record<string, unknown> {
  const { lang: _lang, ...rest } = query;
  return rest;
}

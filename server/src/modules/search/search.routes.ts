import { Router } from '@koa/router';
import type { Context } from 'koa';
import { LangSchema, SEARCH_API, SearchQuery, type Lang } from '@bay/shared';
import { requestLang, validationError } from '../../core/errors.js';
import { validate } from '../../core/validate.js';
import type { SearchService } from './search.service.js';

export function searchRoutes(search: SearchService): Router {
  const router = new Router();

  /**
   * 200 SearchResultDto (titles in `?lang=`, else the signed-in resident's or Accept-Language
   * language) · 400 validation (empty or over-long `q`, bad `limit` or `lang`). Public.
   */
  router.get(SEARCH_API, validate({ query: SearchQuery }, async (ctx, input) => {
    const { q, limit } = input.query;
    const lang = searchLang(ctx);
    ctx.body = await search.search(q, lang, limit);
  }));

  return router;
}

/**
 * `?lang=` wins here (the page shows results in the language picked on it), then the usual order.
 * The shared validator ignores `lang` on every route, so a bad value is refused here.
 */
function searchLang(ctx: Context): Lang {
  if (ctx.query.lang === undefined) return requestLang(ctx);
  const parsed = LangSchema.safeParse(ctx.query.lang);
  if (!parsed.success) throw validationError(parsed.error.issues.map((i) => ({ ...i, path: ['lang', ...i.path] })));
  return parsed.data;
}

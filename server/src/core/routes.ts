import type Koa from 'koa';
import type { Router } from '@koa/router';
import type { z } from 'zod';
import type { Role } from '@bay/shared';

/**
 * Route metadata read back from the mounted routers, so security tests cover every route
 * (including ones added later) without a hand-kept list. Guards and `validate` tag the
 * middleware functions they return; `listRoutes` walks each router's layers and collects
 * the tags.
 */
const META = Symbol.for('bay.routeMeta');

export type RouteAccess = 'public' | 'user' | 'bot';

export interface RouteSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

interface MiddlewareMeta {
  /** From requireRole (`roles` empty = any signed-in user) or requireBotToken. */
  access?: { kind: 'user'; roles: readonly Role[] } | { kind: 'bot' };
  /** From validate(). */
  schemas?: RouteSchemas;
}

/** Attaches metadata to a middleware function (returns the same function). */
export function tagMiddleware<F extends object>(fn: F, meta: MiddlewareMeta): F {
  Object.defineProperty(fn, META, { value: meta, enumerable: false });
  return fn;
}

function metaOf(fn: unknown): MiddlewareMeta | undefined {
  return (fn as { [META]?: MiddlewareMeta } | null)?.[META];
}

export interface RouteInfo {
  method: string;
  /** The router's path template, e.g. `/api/applications/:id`. */
  path: string;
  /** public: no guard · user: a session (see roles) · bot: BOT_API_TOKEN. */
  access: RouteAccess;
  /** Roles allowed when access is 'user'; empty = any signed-in user. */
  roles: Role[];
  paramNames: string[];
  /** True when a validate() middleware guards the route. */
  validated: boolean;
  schemas: RouteSchemas;
}

interface LayerLike {
  methods: string[];
  path: string | RegExp;
  paramNames: { name: string | number }[];
  stack: unknown[];
  match(path: string): boolean;
}

/** Every route of every @koa/router mounted on the app (HEAD is left out: Koa adds it to each GET). */
export function listRoutes(app: Koa): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const mw of app.middleware) {
    const router = (mw as { router?: Router }).router;
    if (!router) continue;
    const layers = router.stack as unknown as LayerLike[];
    // Router-level middleware (router.use) has no methods and applies to the paths it matches.
    const shared = layers.filter((l) => l.methods.length === 0);
    for (const layer of layers) {
      if (layer.methods.length === 0 || typeof layer.path !== 'string') continue;
      const path = layer.path;
      const stack = [...shared.filter((l) => l.match(path)).flatMap((l) => l.stack), ...layer.stack];
      const metas = stack.map(metaOf).filter((m): m is MiddlewareMeta => m !== undefined);
      const access = metas.find((m) => m.access)?.access;
      const validators = metas.filter((m) => m.schemas);
      const schemas: RouteSchemas = Object.assign({}, ...validators.map((m) => m.schemas));
      for (const method of layer.methods) {
        if (method === 'HEAD') continue;
        routes.push({
          method,
          path,
          access: access ? access.kind : 'public',
          roles: access?.kind === 'user' ? [...access.roles] : [],
          paramNames: layer.paramNames.map((p) => String(p.name)),
          validated: validators.length > 0,
          schemas,
        });
      }
    }
  }
  return routes;
}

/** A concrete URL for a route template, each `:param` replaced by `fill(name)` (already URL-encoded). */
export function fillPath(path: string, fill: (name: string) => string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => fill(name));
}

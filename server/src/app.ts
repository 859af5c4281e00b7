import Koa from 'koa';
import { Router } from '@koa/router';
import cors from '@koa/cors';
import type { Connection } from 'mongoose';
import { API } from '@bay/shared';
import { sessionMiddleware } from './core/auth.js';
import { jsonBody } from './core/body.js';
import type { Config } from './core/config.js';
import { dbAvailabilityGuard, pingDb } from './core/db.js';
import { errorMiddleware, notFound, requestLogMiddleware, unavailable } from './core/errors.js';
import { createLogger, type Logger } from './core/logger.js';
import { canonicalPathMiddleware, rateLimits, rejectOperatorKeys, requireJsonBody, routePath, securityHeaders } from './core/security.js';
import { validate } from './core/validate.js';
import { applicationRoutes } from './modules/applications/application.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { identityRoutes } from './modules/identity/identity.routes.js';
import { broadcastRoutes } from './modules/broadcasts/broadcast.routes.js';
import { bindCodeRoutes } from './modules/bindcodes/bindcode.routes.js';
import { enquiryRoutes } from './modules/enquiries/enquiry.routes.js';
import { reviewRoutes } from './modules/enquiries/review/review.routes.js';
import { internalRoutes } from './modules/internal/internal.routes.js';
import { jobRoutes } from './modules/jobs/job.routes.js';
import { inboxRoutes } from './modules/inbox/inbox.routes.js';
import { notifyRoutes } from './modules/notifications/notify.routes.js';
import { paymentRoutes } from './modules/payment/payment.routes.js';
import { travelRoutes } from './modules/travel/travel.routes.js';
import { customsRoutes } from './modules/customs/customs.routes.js';
import { lifeRoutes } from './modules/life/life.routes.js';
import { employerRoutes } from './modules/employers/employer.routes.js';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { createSearchService } from './modules/search/search.service.js';
import { customsProvider, jobsProvider, kbProvider, lifeProvider, paymentProvider, travelProvider } from './modules/search/search.providers.js';
import { createServices, startBackground, type BackgroundOptions, type ServiceOptions, type Services } from './services.js';

export type { Config } from './core/config.js';
export { loadConfig, ConfigError } from './core/config.js';
export type { Services } from './services.js';

export interface AppDeps extends ServiceOptions {
  /** An open (or opening) mongoose connection; the app never opens its own. */
  conn: Connection;
  logger?: Logger;
}

export type BayApp = Koa & {
  services: Services;
  logger: Logger;
  /** Starts the periodic sweeps (outbox relay, expired bind codes); returns nothing, see stopBackground. */
  startBackground(opts?: BackgroundOptions): void;
  stopBackground(): void;
};

/** Builds the Koa app: error middleware first, then access log, CORS, body parser, routers. */
export function createApp(config: Config, deps: AppDeps): BayApp {
  const logger = deps.logger ?? createLogger(config.logLevel);
  const services = createServices(deps.conn, config, logger, deps);
  // X-Forwarded-For is trusted only behind a known proxy (TRUST_PROXY); else anyone could pick their rate-limit key.
  const koa = new Koa({ proxy: config.trustProxy, maxIpsCount: config.trustProxy ? config.proxyHops : 0 });
  // Counters in Redis when REDIS_URL is set (shared by every instance), else in this process.
  const limits = rateLimits(config, services.shared.redis);
  // Errors are answered and logged by errorMiddleware; Koa's default printer would dump stacks.
  koa.silent = true;

  koa.use(canonicalPathMiddleware());
  koa.use(requestLogMiddleware(logger));
  koa.use(errorMiddleware(logger));
  koa.use(securityHeaders(config));
  const corsOrigins = new Set(config.corsOrigins);
  // Every request goes through @koa/cors: it adds `Vary: Origin` to each answer, and the CORS headers
  // only for an allowed origin (the callback answers '' for any other, so none are sent).
  koa.use(cors({
    origin: (ctx) => {
      const origin = ctx.get('origin');
      return corsOrigins.has(origin) ? origin : '';
    },
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Accept-Language'],
    maxAge: 600,
  }));
  koa.use(limits.limitByClient);
  koa.use(dbAvailabilityGuard(deps.conn, unavailable, [API.health]));
  koa.use(requireJsonBody());
  koa.use(jsonBody({ limitBytes: 64 * 1024 }));
  koa.use(rejectOperatorKeys());
  const session = sessionMiddleware(services.signer, services.users.findById);
  koa.use((ctx, next) => (routePath(ctx).startsWith('/api/') ? session(ctx, next) : next()));
  koa.use(limits.limitByAccount);

  const health = new Router();
  /** 200 { ok: true, db: 'up' } · 503 { ok: false, db: 'down' } */
  health.get(API.health, validate({}), async (ctx) => {
    const up = await pingDb(deps.conn);
    ctx.status = up ? 200 : 503;
    ctx.body = { ok: up, db: up ? 'up' : 'down' };
  });

  const routers = [
    health,
    authRoutes({ users: services.users, signer: services.signer, wechat: services.wechat, devLoginEnabled: config.devLoginEnabled }),
    jobRoutes(services.jobs, services.audit),
    applicationRoutes(services.applications, services.audit),
    auditRoutes(services.audit),
    bindCodeRoutes(services.bindCodes),
    internalRoutes(config.botApiToken, services.bindCodes, services.outbox, limits),
    identityRoutes(services.identity, { miniappH5Url: config.miniappH5Url }),
    enquiryRoutes(services.enquiries, services.audit, config.botApiToken),
    reviewRoutes(services.enquiryReview, services.audit, config.botApiToken),
    broadcastRoutes(services.broadcasts, services.audit, config.botApiToken, services.dashboard),
    notifyRoutes({ router: services.notifyRouter, outbox: services.outbox, audit: services.audit }),
    inboxRoutes(services.inbox),
    paymentRoutes(services.payment, services.audit),
    travelRoutes(services.travel, services.applications, services.audit),
    customsRoutes(services.customs, services.audit),
    lifeRoutes(services.life, services.audit),
    employerRoutes(services.employers, services.applications, services.audit),
    dashboardRoutes(services.dashboard),
    // Cross-scenario search (issue 4): one provider per result group, built from its scenario's service.
    searchRoutes(createSearchService({
      providers: [
        kbProvider(services.enquiries), jobsProvider(services.jobs), travelProvider(services.travel),
        customsProvider(services.customs), paymentProvider(services.payment), lifeProvider(services.life),
      ],
      logger,
    })),
  ];
  // Each module's router is mounted as it is; listRoutes reads them from app.middleware. No
  // allowedMethods(): a path with the wrong method is answered 404 notFound like any unknown path.
  for (const r of routers) koa.use(r.routes());
  koa.use(() => { throw notFound(); });

  let stop: (() => void) | undefined;
  return Object.assign(koa, {
    services,
    logger,
    startBackground(opts?: BackgroundOptions) {
      stop?.();
      stop = startBackground(services, logger, opts);
    },
    stopBackground() {
      stop?.();
      stop = undefined;
    },
  });
}
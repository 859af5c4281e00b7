import type { Connection } from 'mongoose';
import { createSessionSigner, type SessionSigner } from './core/auth.js';
import type { Config } from './core/config.js';
import { createFieldCipher, type FieldCipher } from './core/crypto.js';
import type { Locks } from './core/lock.js';
import type { Logger } from './core/logger.js';
import { createSharedState, type SharedState } from './core/shared-state.js';
import { createWechatApi, type WechatApi } from './core/wechat.js';
import { applicationModel } from './modules/applications/application.model.js';
import { createApplicationService, type ApplicationService } from './modules/applications/application.service.js';
import { createApplicationRelay, type ApplicationRelay } from './modules/applications/application.relay.js';
import { auditModel } from './modules/audit/audit.model.js';
import { createAuditService, type AuditService } from './modules/audit/audit.service.js';
import { identityModels } from './modules/identity/identity.model.js';
import { createIdentityService, type IdentityService } from './modules/identity/identity.service.js';
import { bindCodeModel } from './modules/bindcodes/bindcode.model.js';
import { createBindCodeService, type BindCodeService } from './modules/bindcodes/bindcode.service.js';
import { jobAlertModel, jobModel, jobsMarkerModel, savedJobModel } from './modules/jobs/job.model.js';
import { createJobService, type JobService } from './modules/jobs/job.service.js';
import { createEnquiryService, type EnquiryService } from './modules/enquiries/enquiry.service.js';
import { handoffModel } from './modules/enquiries/handoff.model.js';
import { kbModel } from './modules/enquiries/kb.model.js';
import { createLlmClient } from './modules/enquiries/llm.client.js';
import { reviewModels } from './modules/enquiries/review/review.model.js';
import { createOutcomeCounter, enquiryOutcomeModel, type OutcomeCounter } from './modules/enquiries/outcome.model.js';
import { createDashboardService, type DashboardService } from './modules/dashboard/dashboard.service.js';
import { createReviewRecorder, createReviewService, type ReviewService } from './modules/enquiries/review/review.service.js';
import { botRoomModel, broadcastModel } from './modules/broadcasts/broadcast.model.js';
import { createBroadcastService, type BroadcastService } from './modules/broadcasts/broadcast.service.js';
import { notificationModel, outboxHoldModel } from './modules/notifications/notification.model.js';
import { broadcastReadModel, inboxItemModel } from './modules/inbox/inbox.model.js';
import { createInboxService, type InboxService } from './modules/inbox/inbox.service.js';
import { createNotificationRouter, type NotificationRouter } from './modules/notifications/router.js';
import { subscribeGrantModel } from './modules/notifications/subscribe-grant.model.js';
import { createSubscribeWorker, type SubscribeWorker } from './modules/notifications/subscribe.worker.js';
import { createOutboxService, type OutboxService } from './modules/notifications/outbox.service.js';
import { userModel } from './modules/users/user.model.js';
import { createUserService, type UserService } from './modules/users/user.service.js';
import { paymentModels } from './modules/payment/payment.model.js';
import { createPaymentService, type PaymentService } from './modules/payment/payment.service.js';
import { travelModels } from './modules/travel/travel.model.js';
import { createTravelService, type TravelService } from './modules/travel/travel.service.js';
import { customsModels } from './modules/customs/customs.model.js';
import { lifeModels } from './modules/life/life.model.js';
import { createLifeService, type LifeService } from './modules/life/life.service.js';
import { createCustomsService, type CustomsService } from './modules/customs/customs.service.js';
import { employerModels } from './modules/employers/org.model.js';
import { createEmployerService, type EmployerService } from './modules/employers/employer.service.js';

export function createModels(conn: Connection) {
  return {
    users: userModel(conn),
    jobs: jobModel(conn),
    jobsMarker: jobsMarkerModel(conn),
    savedJobs: savedJobModel(conn),
    jobAlerts: jobAlertModel(conn),
    applications: applicationModel(conn),
    notifications: notificationModel(conn),
    outboxHolds: outboxHoldModel(conn),
    bindCodes: bindCodeModel(conn),
    ...identityModels(conn),
    audit: auditModel(conn),
    kb: kbModel(conn),
    handoffs: handoffModel(conn),
    inboxItems: inboxItemModel(conn),
    broadcastReads: broadcastReadModel(conn),
    subscribeGrants: subscribeGrantModel(conn),
    broadcasts: broadcastModel(conn),
    botRooms: botRoomModel(conn),
    ...paymentModels(conn),
    ...travelModels(conn),
    ...customsModels(conn),
    ...lifeModels(conn),
    ...employerModels(conn),
    ...reviewModels(conn),
    enquiryOutcomes: enquiryOutcomeModel(conn),
  };
}
export type Models = ReturnType<typeof createModels>;

export interface Services {
  models: Models;
  /**
   * State shared by every server instance: the Redis connection (REDIS_URL; null = this process
   * only), the detected engine, `describe()` for the start-up log and `close()` for shutdown.
   */
  shared: SharedState;
  /** The write locks every service of this app uses (see core/lock.ts); also for key rotation. */
  locks: Locks;
  users: UserService;
  jobs: JobService;
  applications: ApplicationService;
  /** Hands applications' embedded status messages to the outbox (the periodic sweep runs relayAll). */
  applicationRelay: ApplicationRelay;
  outbox: OutboxService;
  bindCodes: BindCodeService;
  signer: SessionSigner;
  /** Field-level encryption at rest (DATA_ENCRYPTION_KEYS); use it for any personal-data field. */
  cipher: FieldCipher;
  /** Append-only audit log of admin actions. */
  audit: AuditService;
  /** WeChat's server API: code2Session for sign-in, subscribe messages for the notification worker. */
  wechat: WechatApi;
  identity: IdentityService;
  /** Enquiry answering: knowledge-base index, personal intents, handoff tickets. */
  enquiries: EnquiryService;
  /** Unanswered-question review: kept ask-backs, "don't know"s and 👍/👎, grouped for admins. */
  enquiryReview: ReviewService;
  /** Counts each knowledge-base answer as direct, asked back or unknown (for the dashboard); `idle()` for tests and shutdown. */
  enquiryOutcomes: OutcomeCounter;
  /** The operations dashboard's figures (粤治慧 side). */
  dashboard: DashboardService;
  /** Notification channels (issue 6): the router with its one-time subscribe grants, the inbox, the subscribe-message worker. */
  notifyRouter: NotificationRouter;
  inbox: InboxService;
  subscribeWorker: SubscribeWorker;
  /** Admin broadcasts: audience preview, fan-out scheduler (tick), pause/resume/cancel, notices. */
  broadcasts: BroadcastService;
  /** Payment scenario (issue 4): CNY/HKD/MOP rates and converter, payment-method advisor. */
  payment: PaymentService;
  /** Travel: route finder graph (in memory, reloaded on admin change), Northbound Travel rules and eligibility. */
  travel: TravelService;
  /** Customs: ports, wait times (feed, resident reports, weekday × hour estimates), guide and item lookup. */
  customs: CustomsService;
  /** Life scenarios (通讯, 医疗, 教育, 吃住游): sourced entries in sections, admin-edited, in the home search. */
  life: LifeService;
  /** Employers (粤商通 side of jobs): organisations, members, invites, admin review; their jobs and applicants go through jobs and applications. */
  employers: EmployerService;
}

export interface ServiceOptions {
  fetch?: typeof fetch;
  /** Outbox retry backoff base (ms); tests shorten it. */
  backoffBaseMs?: number;
  /** Prefix of the Redis keys and channels (default REDIS_KEY_PREFIX); tests give each run its own. */
  sharedKeyPrefix?: string;
  /** How long dashboard figures are reused (default DASHBOARD_CACHE_MS); tests set 0. */
  dashboardCacheMs?: number;
}

/** Wires repositories and services for one connection; used by the HTTP app and the CLIs alike. */
export function createServices(conn: Connection, config: Config, logger: Logger, opts: ServiceOptions = {}): Services {
  const models = createModels(conn);
  const shared = createSharedState(conn, config, logger, { keyPrefix: opts.sharedKeyPrefix ?? config.redisKeyPrefix });
  const { locks } = shared;
  const users = createUserService(models.users, locks);
  const cipher = createFieldCipher(config.dataEncryptionKeys);
  const identity = createIdentityService({ models, idp: config.idp, cipher, logger, locks });
  const notifyRouter = createNotificationRouter({ grants: models.subscribeGrants, templates: config.subscribeTemplates, users: models.users, locks });
  const inbox = createInboxService({ items: models.inboxItems, reads: models.broadcastReads, broadcasts: models.broadcasts, users: models.users });
  const outbox = createOutboxService({
    notifications: models.notifications,
    holds: models.outboxHolds,
    users: models.users,
    router: notifyRouter,
    inbox,
    maxAttempts: config.outboxMaxAttempts,
    logger,
    locks,
    wakeups: shared.wakeups,
    ...(opts.backoffBaseMs !== undefined ? { backoffBaseMs: opts.backoffBaseMs } : {}),
  });
  const reviewRecorder = createReviewRecorder({ items: models.reviewItems, groups: models.reviewGroups, logger, locks });
  const enquiryOutcomes = createOutcomeCounter({ outcomes: models.enquiryOutcomes, logger, locks });
  const enquiries = createEnquiryService({
    kb: models.kb, handoffs: models.handoffs, users: models.users, applications: models.applications, outbox, logger, locks,
    options: { ...config.enquiry, miniappH5Url: config.miniappH5Url },
    llm: config.llm ? createLlmClient(config.llm, logger, opts.fetch) : null,
    review: reviewRecorder,
    outcomes: enquiryOutcomes,
  });
  const jobs = createJobService({ jobs: models.jobs, marker: models.jobsMarker, saved: models.savedJobs, alerts: models.jobAlerts, outbox, logger });
  const applicationRelay = createApplicationRelay({ applications: models.applications, outbox, locks, logger });
  const applications = createApplicationService({ applications: models.applications, jobs: models.jobs, relay: applicationRelay, locks, cipher, verifiedIdentity: identity });
  const customs = createCustomsService({ customsPorts: models.customsPorts, customsGuide: models.customsGuide, customsWaits: models.customsWaits, customsStars: models.customsStars }, { locks });
  const broadcasts = createBroadcastService({ broadcasts: models.broadcasts, rooms: models.botRooms, users: models.users, outbox, logger, locks });
  const wechat = createWechatApi({ ...config.wechat, logger, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
  return {
    models,
    shared,
    locks,
    users,
    notifyRouter,
    inbox,
    subscribeWorker: createSubscribeWorker({ outbox, router: notifyRouter, users: models.users, client: wechat, logger }),
    jobs,
    applications,
    applicationRelay,
    employers: createEmployerService({ orgs: models.orgs, members: models.orgMembers, invites: models.orgInvites, userModel: models.users, users, jobs, applications, locks }),
    outbox,
    bindCodes: createBindCodeService(models.bindCodes, users, config.bindCodeTtlSeconds, locks),
    signer: createSessionSigner(config.sessionSecret, config.sessionTtlSeconds),
    cipher,
    audit: createAuditService({ audit: models.audit, logger }),
    wechat,
    identity,
    enquiries,
    enquiryReview: createReviewService({ recorder: reviewRecorder, groups: models.reviewGroups, kb: models.kb, enquiries, locks }),
    customs,
    travel: createTravelService({ travelOptions: models.travelOptions, travelRules: models.travelRules, logger }),
    life: createLifeService({ lifeEntries: models.lifeEntries }),
    payment: createPaymentService({ rates: models.paymentRates, methods: models.paymentMethods }),
    broadcasts,
    enquiryOutcomes,
    dashboard: createDashboardService({
      applications: models.applications, notifications: models.notifications, outcomes: models.enquiryOutcomes, reviewGroups: models.reviewGroups,
      ports: customs, broadcasts, ...(opts.dashboardCacheMs !== undefined ? { cacheMs: opts.dashboardCacheMs } : {}),
    }),
  };
}

export interface BackgroundOptions {
  /** Outbox relay sweep interval (default 5 s). */
  relayIntervalMs?: number;
  /** Expired bind-code sweep interval (default 60 s). */
  bindCodeSweepIntervalMs?: number;
  /** Subscribe-message worker interval (default SUBSCRIBE_WORKER_INTERVAL_MS via the app). */
  subscribeIntervalMs?: number;
  /** Broadcast scheduler (start due broadcasts, fan out, mark done) interval (default 1 s). */
  broadcastIntervalMs?: number;
}

/**
 * Runs `round` every `ms`, never two at once (a slow round makes the next tick a no-op), logging a
 * failed round as `<what> failed`. Unref'd: it never keeps the process alive.
 */
export function everyNoOverlap(ms: number, what: string, logger: Logger, round: () => Promise<unknown>): ReturnType<typeof setInterval> {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    round()
      .catch((err: unknown) => logger.warn({ err: err instanceof Error ? { name: err.name, message: err.message } : err }, `${what} failed`))
      .finally(() => { running = false; });
  }, ms);
  timer.unref();
  return timer;
}

/** Periodic sweeps: the outbox relay (catches entries a crash left embedded), expired bind codes, broadcasts, subscribe messages. */
export function startBackground(services: Services, logger: Logger, opts: BackgroundOptions = {}): () => void {
  const timers = [
    everyNoOverlap(opts.relayIntervalMs ?? 5000, 'outbox relay sweep', logger, () => services.applicationRelay.relayAll()),
    everyNoOverlap(opts.bindCodeSweepIntervalMs ?? 60_000, 'bind code sweep', logger, () => services.bindCodes.sweepExpired()),
    everyNoOverlap(opts.broadcastIntervalMs ?? 1000, 'broadcast scheduler round', logger, () => services.broadcasts.tick()),
    everyNoOverlap(opts.subscribeIntervalMs ?? 2000, 'subscribe message round', logger, () => services.subscribeWorker.runOnce()),
  ];
  // Job search index (jobs module): built now, then polls for other instances' job changes.
  const stopJobSync = services.jobs.startSync();
  return () => { stopJobSync(); for (const t of timers) clearInterval(t); };
}
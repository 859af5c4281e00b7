import { Router } from '@koa/router';
import { DeadNotificationsQuery, IdParams, NOTIFY_API, NotificationPrefsBody, SubscribeGrantsBody, type NotificationPrefsDto, type SubscribeTemplatesDto } from '@bay/shared';
import { currentUser, requireRole } from '../../core/auth.js';
import { notFound } from '../../core/errors.js';
import { validate } from '../../core/validate.js';
import { auditContextOf, type AuditService } from '../audit/audit.service.js';
import { notifyPrefsOf } from '../users/notify-prefs.js';
import type { UserDoc } from '../users/user.model.js';
import type { OutboxService } from './outbox.service.js';
import { isBound, type NotificationRouter } from './router.js';

interface Deps {
  router: NotificationRouter;
  outbox: OutboxService;
  audit: AuditService;
}

/** Notification preferences, one-time subscribe grants, and undelivered messages for staff. */
export function notifyRoutes({ router, outbox, audit }: Deps): Router {
  const r = new Router();

  async function channelsOf(user: Pick<UserDoc, '_id' | 'bot'>): Promise<NotificationPrefsDto['channels']> {
    return { bot: isBound(user), subscribe: await router.grantsOf(user._id) };
  }

  /** 200 NotificationPrefsDto · 400 · 401 */
  r.get(NOTIFY_API.prefs, requireRole(), validate({}, async (ctx, input) => {
    const user = currentUser(ctx);
    const prefs: NotificationPrefsDto = { ...notifyPrefsOf(user), channels: await channelsOf(user) };
    ctx.body = prefs;
  }));

  /** 200 NotificationPrefsDto (after the change) · 400 validation (per field; nothing stored) · 401 · 404 (user gone) */
  r.patch(NOTIFY_API.prefs, requireRole(), validate({ body: NotificationPrefsBody }, async (ctx, input) => {
    const user = currentUser(ctx);
    const next = await router.updatePrefs(user._id, input.body);
    if (!next) throw notFound();
    const prefs: NotificationPrefsDto = { ...next, channels: await channelsOf(user) };
    ctx.body = prefs;
  }));

  /** 200 SubscribeTemplatesDto (template id per topic, null when none is configured) · 401 */
  r.get(NOTIFY_API.subscribeTemplates, requireRole(), validate({}, (ctx, input) => {
    const templates: SubscribeTemplatesDto = { ...router.templates };
    ctx.body = templates;
  }));

  /**
   * 200 NotificationPrefsDto['channels'] · 400 · 401. Each accepted template adds one one-time
   * grant (one message); ids that are not a configured template are ignored.
   */
  r.post(NOTIFY_API.subscribeGrants, requireRole(), validate({ body: SubscribeGrantsBody }, async (ctx, input) => {
    const user = currentUser(ctx);
    const { accepted } = input.body;
    const known = new Set(Object.values(router.templates).filter((t): t is string => !!t));
    await router.addGrants(user._id, accepted.filter((t) => known.has(t)));
    ctx.body = await channelsOf(user);
  }));

  /** 200 Page<AdminNotificationDto> (newest first) · 400 · 401 · 403 (not reviewer/admin) */
  r.get(NOTIFY_API.adminDeadNotifications, requireRole('reviewer', 'admin'), validate({ query: DeadNotificationsQuery }, async (ctx, input) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await outbox.listUndelivered(input.query);
  }));

  /** 200 AdminNotificationDto (pending again, attempts 0) · 400 · 401 · 403 · 404 · 409 (not dead or failed). Audited. */
  r.post(NOTIFY_API.adminNotificationRetry(':id'), requireRole('reviewer', 'admin'), validate({ params: IdParams }, async (ctx, input) => {
    const { id } = input.params;
    ctx.body = await audit.run(
      auditContextOf(ctx),
      { action: 'notification.retry', target: { type: 'notification', id } },
      () => outbox.retry(id),
      (n) => ({ dedupeKey: n.dedupeKey, channel: n.channel }),
    );
  }));

  return r;
}

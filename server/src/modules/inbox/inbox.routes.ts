import { Router } from '@koa/router';
import { IdParams, InboxListQuery, NOTIFY_API } from '@bay/shared';
import { currentUser, requireRole } from '../../core/auth.js';
import { validate } from '../../core/validate.js';
import type { InboxService } from './inbox.service.js';

/** The signed-in resident's own inbox, in their language. */
export function inboxRoutes(inbox: InboxService): Router {
  const r = new Router();

  /** 200 Page<InboxItemDto> (newest first) · 400 · 401 */
  r.get(NOTIFY_API.inbox, requireRole(), validate({ query: InboxListQuery }, async (ctx, input) => {
    const user = currentUser(ctx);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await inbox.list(user._id, user.lang, input.query);
  }));

  /** 200 { count } · 401 */
  r.get(NOTIFY_API.inboxUnread, requireRole(), validate({}, async (ctx, input) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { count: await inbox.unreadCount(currentUser(ctx)._id) };
  }));

  /** 200 { updated } · 401 */
  r.post(NOTIFY_API.inboxReadAll, requireRole(), validate({}, async (ctx, input) => {
    ctx.body = { updated: await inbox.markAllRead(currentUser(ctx)._id) };
  }));

  /** 200 InboxItemDto (read) · 400 · 401 · 404 (missing or someone else's) */
  r.post(NOTIFY_API.inboxRead(':id'), requireRole(), validate({ params: IdParams }, async (ctx, input) => {
    const user = currentUser(ctx);
    ctx.body = await inbox.markRead(user._id, input.params.id, user.lang);
  }));

  return r;
}

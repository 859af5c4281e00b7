import { Router } from '@koa/router';
import type { Context } from 'koa';
import { API } from '@bay/shared';
import { currentUser, requireUser } from '../../core/auth.js';
import type { BindCodeService } from './bindcode.service.js';

export function bindCodeRoutes(service: BindCodeService): Router {
  const router = new Router();
  /** 201 BindCodeDto · 401 */
  router.post(API.bindCodes, requireUser(), async (ctx: Context) => {
    ctx.status = 201;
    ctx.body = await service.issue(String(currentUser(ctx)._id));
  });
  return router;
}

import { Router } from '@koa/router';
import { API } from '@bay/shared';
import { currentUser, requireUser } from '../../core/auth.js';
import { validate } from '../../core/validate.js';
import type { BindCodeService } from './bindcode.service.js';

export function bindCodeRoutes(service: BindCodeService): Router {
  const router = new Router();
  /** 201 BindCodeDto · 400 (any input) · 401 · 429 (RATE_LIMIT_BIND_CODES_PER_ACCOUNT) */
  router.post(API.bindCodes, requireUser(), validate({}, async (ctx, input) => {
    ctx.status = 201;
    ctx.body = await service.issue(String(currentUser(ctx)._id));
  }));
  return router;
}

import { Router } from '@koa/router';
import type { Context } from 'koa';
import { DevLoginBody, WechatLoginBody, UpdateMeBody, API, type SessionDto } from '@bay/shared';
import { currentUser, requireUser, type SessionSigner } from '../../core/auth.js';
import { notFound, requestLang } from '../../core/errors.js';
import { validate } from '../../core/validate.js';
import type { WechatApi } from '../../core/wechat.js';
import { toUserDto, type UserDoc } from '../users/user.model.js';
import type { UserService } from '../users/user.service.js';

interface Deps {
  users: UserService;
  signer: SessionSigner;
  wechat: Pick<WechatApi, 'code2Session'>;
  devLoginEnabled: boolean;
}

export function authRoutes({ users, signer, wechat, devLoginEnabled }: Deps): Router {
  const router = new Router();
  const session = async (user: UserDoc): Promise<SessionDto> => ({ token: await signer.sign(String(user._id)), user: toUserDto(user) });

  /** 200 SessionDto · 400 validation / wechatCodeInvalid · 403 wechatRiskyUser · 429 wechatRateLimited · 502 wechatUnavailable */
  router.post(API.wechatLogin, validate({ body: WechatLoginBody }, async (ctx, input) => {
    const body = input.body;
    const { openid } = await wechat.code2Session(body.code);
    const user = await users.upsert({ openid, defaultLang: body.lang ?? requestLang(ctx) });
    ctx.body = await session(user);
  }));

  /** 200 SessionDto · 400 validation · 404 when dev login is disabled (as if the route did not exist) */
  router.post(API.devLogin, async (ctx: Context, next) => {
    if (!devLoginEnabled) throw notFound();
    await next();
  }, validate({ body: DevLoginBody }, async (ctx, input) => {
    const body = input.body;
    const user = await users.upsert({
      openid: `dev:${body.handle}`,
      role: body.role,
      lang: body.lang,
      defaultLang: requestLang(ctx),
      nickname: body.handle,
    });
    ctx.body = await session(user);
  }));

  /** 200 UserDto · 401 */
  router.get(API.me, requireUser(), validate({}, (ctx, input) => {
    ctx.body = toUserDto(currentUser(ctx));
  }));

  /** 200 UserDto · 400 validation · 401 */
  router.patch(API.me, requireUser(), validate({ body: UpdateMeBody }, async (ctx, input) => {
    const patch = input.body;
    const updated = await users.update(String(currentUser(ctx)._id), patch);
    if (!updated) throw notFound();
    ctx.state.user = updated;
    ctx.body = toUserDto(updated);
  }));

  return router;
}

import { Router } from '@koa/router';
import type { Context } from 'koa';
import {
  IDENTITY_API, IDENTITY_CONSENT_PAGE, IdentityCallbackQuery, IdentityConsentBody, IdentityPendingParams,
} from '@bay/shared';
import { currentUser, requireUser } from '../../core/auth.js';
import { requestLang } from '../../core/errors.js';
import { validate } from '../../core/validate.js';
import type { IdentityService } from './identity.service.js';

/**
 * Cross-border identity through the operator's OpenID Connect provider. Every route but the
 * callback needs a session; the callback is a browser navigation from the provider and is tied to
 * the user who started the sign-in through its single-use `state`. When IDP_ISSUER is unset every
 * route answers 404 identityDisabled except GET /profile, which says `enabled: false`.
 */
export function identityRoutes(service: IdentityService, opts: { miniappH5Url: string }): Router {
  const router = new Router();
  const userId = (ctx: Context) => String(currentUser(ctx)._id);

  /** 200 IdentityStartDto · 401 · 404 identityDisabled · 502 identityProviderUnavailable */
  router.post(IDENTITY_API.start, requireUser(), validate({}, async (ctx, input) => {
    ctx.body = await service.start(userId(ctx));
  }));

  /**
   * 302 to the H5 consent page (`…/#/packages/me/consent/index?pending=<id>`) · 400 validation /
   * identityStateInvalid (unknown, used or expired state) / identityDenied / identityExchangeFailed
   * (code refused: replayed, wrong PKCE verifier, bad ID token) · 404 identityDisabled · 502 identityProviderUnavailable
   */
  router.get(IDENTITY_API.callback, validate({ query: IdentityCallbackQuery }, async (ctx, input) => {
    const id = await service.callback(input.query, ctx.querystring);
    // The code and state stay out of browser history and referrers on the next page.
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.redirect(`${opts.miniappH5Url}/#/${IDENTITY_CONSENT_PAGE}?pending=${id}`);
  }));

  /** 200 IdentityPendingDto · 400 · 401 · 404 identityPendingExpired (gone, expired or someone else's) / identityDisabled */
  router.get(IDENTITY_API.pending(':id'), requireUser(), validate({ params: IdentityPendingParams }, async (ctx, input) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await service.pending(userId(ctx), input.params.id, requestLang(ctx));
  }));

  /** 200 IdentityProfileDto · 400 validation · 401 · 404 identityPendingExpired / identityDisabled · 409 identityAlreadyLinked */
  router.post(IDENTITY_API.consent(':id'), requireUser(), validate({ params: IdentityPendingParams, body: IdentityConsentBody }, async (ctx, input) => {
    const body = input.body;
    ctx.body = await service.consent(userId(ctx), input.params.id, body, requestLang(ctx));
  }));

  /** 200 IdentityProfileDto (document number masked) · 401 */
  router.get(IDENTITY_API.profile, requireUser(), validate({}, async (ctx, input) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await service.profile(userId(ctx), requestLang(ctx));
  }));

  /** 204: the link and every verified value of this user are deleted (idempotent) · 401 */
  router.delete(IDENTITY_API.profile, requireUser(), validate({}, async (ctx, input) => {
    await service.unlink(userId(ctx));
    ctx.status = 204;
  }));

  /** 200 IdentityPrefillDto (full document number: the owner's own form) · 401 · 404 identityNotLinked / identityDisabled */
  router.get(IDENTITY_API.prefill, requireUser(), validate({}, async (ctx, input) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await service.prefill(userId(ctx));
  }));

  return router;
}

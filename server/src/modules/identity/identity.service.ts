import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import * as oidc from 'openid-client';
import {
  IDENTITY_FIELDS, IdentityClaims, claimsToValues, maskDocNumber, normaliseDocNumber, translator,
  type DocType, type IdentityField, type IdentityFieldDto, type IdentityPendingDto, type IdentityPrefillDto,
  type IdentityProfileDto, type IdentityStartDto, type IdentityValues, type Lang,
} from '@bay/shared';
import type { IdpConfig } from '../../core/config.js';
import type { FieldCipher } from '../../core/crypto.js';
import { isDuplicateKey } from '../../core/db.js';
import { AppError, validationError } from '../../core/errors.js';
import { lockKeys, type Locks } from '../../core/lock.js';
import type { Logger } from '../../core/logger.js';
import type { IdentityModels, IdentityPendingDoc, IdentityProfileDoc, SealedValues } from './identity.model.js';

/** A started sign-in must come back within this time. */
export const AUTH_REQUEST_TTL_MS = 10 * 60_000;
/** Verified data waits this long for the resident's consent, then is dropped. */
export const PENDING_TTL_MS = 15 * 60_000;

export const identityErrors = {
  disabled: () => new AppError(404, 'identityDisabled'),
  stateInvalid: () => new AppError(400, 'identityStateInvalid'),
  denied: () => new AppError(400, 'identityDenied'),
  exchangeFailed: () => new AppError(400, 'identityExchangeFailed'),
  providerUnavailable: () => new AppError(502, 'identityProviderUnavailable'),
  alreadyLinked: () => new AppError(409, 'identityAlreadyLinked'),
  pendingExpired: () => new AppError(404, 'identityPendingExpired'),
  notLinked: () => new AppError(404, 'identityNotLinked'),
};

export interface CallbackQuery {
  state: string;
  code?: string;
  error?: string;
}

export type ConsentInput = { accept: true; fields: IdentityField[] } | { accept: false };

interface Deps {
  models: IdentityModels;
  idp: IdpConfig | null;
  cipher: FieldCipher;
  logger: Logger;
  locks: Locks;
  now?: () => number;
}

/** Equal for the same subject of the same provider; reveals neither. */
export const subjectKeyOf = (issuer: string, sub: string) => createHash('sha256').update(`${issuer}\n${sub}`).digest('base64url');

/** Names compare ignoring case, surrounding and repeated spaces (English names are often upper-cased on cards). */
const sameName = (a: string, b: string) => a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

/** What an error from openid-client means for the resident: their link is bad (4xx) or the provider is down (502). */
function classify(err: unknown): AppError {
  if (err instanceof oidc.ResponseBodyError || err instanceof oidc.AuthorizationResponseError) return identityErrors.exchangeFailed();
  if (err instanceof oidc.ClientError) return identityErrors.exchangeFailed();
  return identityErrors.providerUnavailable();
}

/** Error shape safe to log: names and protocol codes only, never tokens, codes or claims. */
function errorSummary(err: unknown) {
  const e = err as { name?: string; code?: string; error?: string; status?: number };
  return { name: e?.name, code: e?.code, error: typeof e?.error === 'string' ? e.error : undefined, status: e?.status };
}

export function createIdentityService({ models, idp, cipher, logger, locks, now = Date.now }: Deps) {
  const { identityAuthRequests: requests, identityPending: pendings, identityProfiles: profiles } = models;
  let discovered: Promise<oidc.Configuration> | undefined;

  function requireIdp(): IdpConfig {
    if (!idp) throw identityErrors.disabled();
    return idp;
  }

  /** The provider's metadata, read once (a failed read is retried on the next call). */
  function configuration(): Promise<oidc.Configuration> {
    const cfg = requireIdp();
    discovered ??= oidc.discovery(
      new URL(cfg.issuer),
      cfg.clientId,
      cfg.clientSecret ? undefined : { token_endpoint_auth_method: 'none' },
      cfg.clientSecret ? oidc.ClientSecretBasic(cfg.clientSecret) : oidc.None(),
      {
        timeout: 5,
        // http:// issuers are refused by config in production; development and tests run one locally.
        execute: cfg.issuer.startsWith('http://') ? [oidc.allowInsecureRequests] : [],
      },
    ).catch((err: unknown) => {
      discovered = undefined;
      logger.warn({ err: errorSummary(err) }, 'identity provider discovery failed');
      throw identityErrors.providerUnavailable();
    });
    return discovered;
  }

  function seal(values: IdentityValues): SealedValues {
    const sealed: SealedValues = {};
    for (const [k, v] of Object.entries(values) as [IdentityField, string][]) {
      (sealed as Record<string, string>)[k] = k === 'docType' ? v : cipher.encrypt(v);
    }
    return sealed;
  }

  function open(sealed: SealedValues | undefined): IdentityValues {
    const values: IdentityValues = {};
    for (const k of IDENTITY_FIELDS) {
      const v = sealed?.[k];
      if (typeof v !== 'string' || !v) continue;
      (values as Record<string, string>)[k] = k === 'docType' ? v : cipher.decrypt(v);
    }
    return values;
  }

  /** The fields as the resident sees them: localised labels, document type named, document number masked. */
  function fieldDtos(values: IdentityValues, lang: Lang, only?: readonly IdentityField[]): IdentityFieldDto[] {
    const t = translator(lang);
    return IDENTITY_FIELDS.filter((name) => values[name] !== undefined && (!only || only.includes(name))).map((name) => {
      const raw = values[name]!;
      const value = name === 'docType' ? t(`docType.${raw}`) : name === 'docNumber' ? maskDocNumber(raw) : raw;
      return { name, label: t(`identity.field.${name}`), value };
    });
  }

  /** Expiry is checked on every read; this just keeps the collections small. */
  async function sweepExpired(): Promise<void> {
    const cutoff = new Date(now());
    await Promise.all([
      requests.deleteMany({ expiresAt: { $lt: cutoff } }),
      pendings.deleteMany({ expiresAt: { $lt: cutoff } }),
    ]);
  }

  async function profileOf(userId: string): Promise<IdentityProfileDoc | null> {
    return profiles.findOne({ userId: new Types.ObjectId(userId) }).lean<IdentityProfileDoc>();
  }

  async function profile(userId: string, lang: Lang): Promise<IdentityProfileDto> {
    if (!idp) return { enabled: false, linked: false };
    const p = await profileOf(userId);
    if (!p) return { enabled: true, linked: false };
    return { enabled: true, linked: true, issuer: p.issuer, linkedAt: new Date(p.linkedAt).toISOString(), fields: fieldDtos(open(p.values), lang, p.fields) };
  }

  return {
    enabled: idp !== null,

    /** Stores state + PKCE verifier + nonce for this user and returns where to send the browser. */
    async start(userId: string): Promise<IdentityStartDto> {
      const cfg = requireIdp();
      const config = await configuration();
      await sweepExpired();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      await requests.create({ state, nonce, codeVerifier, userId: new Types.ObjectId(userId), expiresAt: new Date(now() + AUTH_REQUEST_TTL_MS) });
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: cfg.redirectUri,
        scope: cfg.scopes,
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      return { authorizationUrl: url.href, state };
    },

    /**
     * The provider sent the browser back. Claims the state (single use, unexpired), exchanges the
     * code with the PKCE verifier, validates the ID token (issuer, audience, nonce, expiry),
     * fetches userinfo for the same subject, and stores what it says as a pending profile.
     * `rawQuery` is the query string exactly as received (openid-client re-parses it).
     * Returns the pending profile's id.
     */
    async callback(query: CallbackQuery, rawQuery: string): Promise<string> {
      const cfg = requireIdp();
      const claimed = await locks.withLock(lockKeys.identityState(query.state), () => requests.findOneAndDelete({ state: query.state }).lean());
      if (!claimed || new Date(claimed.expiresAt).getTime() <= now()) throw identityErrors.stateInvalid();
      if (query.error) throw query.error === 'access_denied' ? identityErrors.denied() : identityErrors.exchangeFailed();

      const config = await configuration();
      const currentUrl = new URL(cfg.redirectUri);
      currentUrl.search = rawQuery;
      let values: IdentityValues;
      let sub: string;
      try {
        const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
          pkceCodeVerifier: claimed.codeVerifier,
          expectedState: claimed.state,
          expectedNonce: claimed.nonce,
          idTokenExpected: true,
        });
        sub = tokens.claims()!.sub;
        const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, sub);
        const parsed = IdentityClaims.safeParse(userinfo);
        if (!parsed.success) {
          logger.warn({ issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })) }, 'identity provider sent unusable claims');
          throw identityErrors.providerUnavailable();
        }
        values = claimsToValues(parsed.data);
      } catch (err) {
        if (err instanceof AppError) throw err;
        const appErr = classify(err);
        logger.warn({ err: errorSummary(err), status: appErr.status }, 'identity code exchange failed');
        throw appErr;
      }

      const pending = await pendings.create({
        userId: claimed.userId,
        issuer: cfg.issuer,
        subject: cipher.encrypt(sub),
        subjectKey: subjectKeyOf(cfg.issuer, sub),
        values: seal(values),
        expiresAt: new Date(now() + PENDING_TTL_MS),
      });
      return String(pending._id);
    },

    /** The consent screen: exactly the fields the provider vouched for. 404 when gone, expired or someone else's. */
    async pending(userId: string, id: string, lang: Lang): Promise<IdentityPendingDto> {
      requireIdp();
      const p = await pendings.findOne({ _id: new Types.ObjectId(id), userId: new Types.ObjectId(userId) }).lean<IdentityPendingDoc>();
      if (!p || new Date(p.expiresAt).getTime() <= now()) throw identityErrors.pendingExpired();
      return { id: String(p._id), issuer: p.issuer, fields: fieldDtos(open(p.values), lang), expiresAt: new Date(p.expiresAt).toISOString() };
    },

    /**
     * Accept: links the consented fields to this user (replacing an earlier link of theirs) and
     * drops the pending record. 409 when the same provider subject is linked to another account.
     * Decline: drops the pending record. Either way nothing unconsented stays behind.
     */
    async consent(userId: string, id: string, input: ConsentInput, lang: Lang): Promise<IdentityProfileDto> {
      requireIdp();
      // Exclusive: reads the pending consent and the other links, then rewrites this user's profile.
      return locks.exclusive(lockKeys.identityUser(userId), async () => {
        const owner = new Types.ObjectId(userId);
        const p = await pendings.findOne({ _id: new Types.ObjectId(id), userId: owner }).lean<IdentityPendingDoc>();
        if (!p || new Date(p.expiresAt).getTime() <= now()) throw identityErrors.pendingExpired();
        if (!input.accept) {
          await pendings.deleteOne({ _id: p._id });
          return profile(userId, lang);
        }
        const offered = open(p.values);
        const fields = IDENTITY_FIELDS.filter((f) => input.fields.includes(f) && offered[f] !== undefined);
        if (!fields.length) throw validationError([{ code: 'custom', path: ['fields'], message: 'v.identityFields' }]);

        const other = await profiles.findOne({ subjectKey: p.subjectKey, userId: { $ne: owner } }, { _id: 1 }).lean();
        if (other) {
          await pendings.deleteOne({ _id: p._id });
          throw identityErrors.alreadyLinked();
        }
        const kept = Object.fromEntries(fields.map((f) => [f, offered[f]])) as IdentityValues;
        await profiles.deleteMany({ userId: owner });
        try {
          await profiles.create({ userId: owner, issuer: p.issuer, subject: p.subject, subjectKey: p.subjectKey, fields, values: seal(kept), linkedAt: new Date(now()) });
        } catch (err) {
          if (isDuplicateKey(err)) {
            await pendings.deleteOne({ _id: p._id });
            throw identityErrors.alreadyLinked();
          }
          throw err;
        }
        await pendings.deleteOne({ _id: p._id });
        return profile(userId, lang);
      });
    },

    profile,

    /** Unlinks and deletes every verified value of this user: profile, pending consents, started sign-ins. */
    async unlink(userId: string): Promise<void> {
      const owner = new Types.ObjectId(userId);
      await locks.exclusive(lockKeys.identityUser(userId), () => Promise.all([
        profiles.deleteMany({ userId: owner }),
        pendings.deleteMany({ userId: owner }),
        requests.deleteMany({ userId: owner }),
      ]));
    },

    /** For the owner's own application form: the full document number. 404 when nothing is linked. */
    async prefill(userId: string): Promise<IdentityPrefillDto> {
      requireIdp();
      const p = await profileOf(userId);
      if (!p) throw identityErrors.notLinked();
      const v = open(p.values);
      const name = v.nameZh ?? v.nameEn;
      return { ...(name ? { name } : {}), ...(v.docType ? { docType: v.docType } : {}), ...(v.docNumber ? { docNumber: v.docNumber } : {}), verified: true };
    },

    /** True when name, document type and number all equal this user's linked verified profile. */
    async matchesVerified(userId: string, input: { name: string; docType: DocType; docNumber: string }): Promise<boolean> {
      if (!idp) return false;
      const p = await profileOf(userId);
      if (!p) return false;
      const v = open(p.values);
      if (!v.docType || !v.docNumber || (!v.nameZh && !v.nameEn)) return false;
      const nameOk = [v.nameZh, v.nameEn].some((n) => n !== undefined && sameName(n, input.name));
      return nameOk && v.docType === input.docType && normaliseDocNumber(v.docNumber) === normaliseDocNumber(input.docNumber);
    },

    sweepExpired,
  };
}
export type IdentityService = ReturnType<typeof createIdentityService>;

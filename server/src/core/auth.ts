import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import { SignJWT, jwtVerify } from 'jose';
import type { Role } from '@bay/shared';
import type { UserDoc } from '../modules/users/user.model.js';
import { AppError, forbidden, unauthenticated } from './errors.js';
import { tagMiddleware } from './routes.js';

export interface SessionSigner {
  sign(userId: string): Promise<string>;
  /** The user id of a valid token, or null. */
  verify(token: string): Promise<string | null>;
}

/** Session tokens: JWT HS256 with `sub` = user id and `exp`. */
export function createSessionSigner(secret: string, ttlSeconds: number): SessionSigner {
  const key = new TextEncoder().encode(secret);
  return {
    async sign(userId) {
      return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds).sign(key);
    },
    async verify(token) {
      try {
        // `exp` is required: a token signed without one (a leaked signing key, a hand-made test
        // token) must not be valid for ever; jose checks exp only when present.
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
        return typeof payload.sub === 'string' && /^[0-9a-f]{24}$/.test(payload.sub) ? payload.sub : null;
      } catch {
        return null;
      }
    },
  };
}

export function bearerToken(ctx: Context): string | undefined {
  const header = ctx.req.headers.authorization;
  if (!header) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header);
  return m?.[1]?.trim();
}

/** Loads the signed-in user (if any) onto ctx.state.user. Routes decide whether one is required. */
export function sessionMiddleware(signer: SessionSigner, loadUser: (id: string) => Promise<UserDoc | null>) {
  async function withSession(ctx: Context, next: Next, token: string): Promise<void> {
    const userId = await signer.verify(token);
    if (userId) {
      const user = await loadUser(userId);
      if (user) ctx.state.user = user;
    }
    await next();
  }
  // Anonymous requests (most of the public API) pass straight on, without an async frame of their own.
  return function loadSession(ctx: Context, next: Next): Promise<unknown> {
    const token = bearerToken(ctx);
    return token ? withSession(ctx, next, token) : next();
  };
}

/** 401 without a session; 403 when the user's role is not listed (no roles listed: any user). */
export function requireRole(...roles: Role[]) {
  return tagMiddleware(async function checkRole(ctx: Context, next: Next): Promise<void> {
    const user = ctx.state.user as UserDoc | undefined;
    if (!user) throw unauthenticated();
    if (roles.length && !roles.includes(user.role)) throw forbidden();
    await next();
  }, { access: { kind: 'user', roles } });
}

export const requireUser = () => requireRole();

/** The signed-in user; only call behind requireRole. */
export function currentUser(ctx: Context): UserDoc {
  const user = ctx.state.user as UserDoc | undefined;
  if (!user) throw unauthenticated();
  return user;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** True when the request carries `Authorization: Bearer <expected>`, compared in constant time. */
export function botTokenMatcher(expected: string): (ctx: Context) => boolean {
  const expectedDigest = digest(expected);
  return (ctx) => {
    const given = bearerToken(ctx);
    return !!given && timingSafeEqual(digest(given), expectedDigest);
  };
}

/** Guards /internal: `Authorization: Bearer <BOT_API_TOKEN>`. */
export function requireBotToken(expected: string) {
  const matches = botTokenMatcher(expected);
  return tagMiddleware(async function checkBotToken(ctx: Context, next: Next): Promise<void> {
    if (!matches(ctx)) throw new AppError(401, 'unauthenticated');
    await next();
  }, { access: { kind: 'bot' } });
}

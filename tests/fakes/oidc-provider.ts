/// <reference path="./oidc-provider.d.ts" />
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID Provider (oidc-provider 9) on 127.0.0.1:<free port>, standing in for a
 * cross-border identity provider. It speaks the authorization code flow with PKCE required,
 * signs ID tokens with a fresh RSA key, and serves the identity of its `users` under the custom
 * scope `gba_identity` (claims `name_zh`, `name_en`, `doc_type`, `doc_number`, `birthdate`,
 * `address`) from the userinfo endpoint.
 *
 * Login and consent are a minimal HTML interaction a test drives over HTTP:
 * GET /interaction/:uid (a form whose `data-prompt` says login or consent), then
 * POST /interaction/:uid/login (`login=<account id>`), POST /interaction/:uid/confirm, or
 * POST /interaction/:uid/abort. `signIn(authorizationUrl, accountId)` walks the whole browser
 * part (redirects, cookies, both forms) with fetch and returns the URL the provider redirects
 * back to, i.e. the client's redirect_uri with `code`, `state` and `iss`.
 */
export const GBA_IDENTITY_SCOPE = 'gba_identity';
export const GBA_IDENTITY_CLAIMS = ['name_zh', 'name_en', 'doc_type', 'doc_number', 'birthdate', 'address'] as const;

export interface FakeIdpUser {
  nameZh: string;
  nameEn: string;
  docType: 'hkid' | 'macao_id';
  /** As printed on the card, e.g. "A123456(3)". */
  docNumber: string;
  /** YYYY-MM-DD */
  birthdate: string;
  address: { formatted: string; locality?: string; country?: string };
}

export interface FakeIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Plays the browser: authorization URL -> login -> consent -> the redirect back to the client. */
  signIn(authorizationUrl: string, accountId: string, opts?: { decline?: boolean }): Promise<URL>;
  /** Every request the provider received (method and path; never bodies). */
  requests: { method: string; path: string }[];
  close(): Promise<void>;
}

export interface FakeIdpOptions {
  users: Record<string, FakeIdpUser>;
  redirectUris: string[];
  clientId?: string;
  clientSecret?: string;
}

export async function startFakeIdp(opts: FakeIdpOptions): Promise<FakeIdp> {
  const clientId = opts.clientId ?? 'bay-connect';
  const clientSecret = opts.clientSecret ?? randomBytes(24).toString('hex');
  const requests: FakeIdp['requests'] = [];
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => { res.statusCode = 503; res.end(); };
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]! });
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = quietly(() => new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: opts.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    scopes: ['openid', GBA_IDENTITY_SCOPE],
    claims: { openid: ['sub'], [GBA_IDENTITY_SCOPE]: [...GBA_IDENTITY_CLAIMS] },
    async findAccount(_ctx: unknown, id: string) {
      const user = opts.users[id];
      if (!user) return undefined;
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            name_zh: user.nameZh,
            name_en: user.nameEn,
            doc_type: user.docType,
            doc_number: user.docNumber,
            birthdate: user.birthdate,
            address: user.address,
          };
        },
      };
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    jwks: { keys: [{ ...signingKey, use: 'sig', alg: 'RS256', kid: randomBytes(6).toString('hex') }] },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 300, IdToken: 300, AuthorizationCode: 60 },
  }));
  // The provider reports client errors (bad code, PKCE mismatch) as events; they are expected in tests.
  provider.on('server_error', () => undefined);

  const providerCallback = provider.callback();
  handle = (req, res) => {
    const m = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/.exec((req.url ?? '').split('?')[0]!);
    if (!m) return providerCallback(req, res);
    interaction(req, res, m[2] as 'login' | 'confirm' | 'abort' | undefined).catch((err: unknown) => {
      res.statusCode = 400;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end(err instanceof Error ? err.message : 'interaction failed');
    });
  };

  async function interaction(req: IncomingMessage, res: ServerResponse, action?: 'login' | 'confirm' | 'abort'): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (!action) {
      if (req.method !== 'GET') throw new Error('method not allowed');
      const prompt = details.prompt.name;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(prompt === 'login'
        ? `<form data-prompt="login" method="post" action="/interaction/${details.uid}/login"><input name="login"><button>Sign in</button></form>`
        : `<form data-prompt="consent" method="post" action="/interaction/${details.uid}/confirm"><p>${String(details.params.scope ?? '')}</p><button>Allow</button></form>`
          + `<form method="post" action="/interaction/${details.uid}/abort"><button>Deny</button></form>`);
      return;
    }
    if (req.method !== 'POST') throw new Error('method not allowed');
    const form = new URLSearchParams(await readBody(req));
    if (action === 'abort') {
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the user declined' }, { mergeWithLastSubmission: false });
      return;
    }
    if (action === 'login') {
      const accountId = form.get('login') ?? '';
      if (details.prompt.name !== 'login' || !opts.users[accountId]) throw new Error('unknown account');
      await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
      return;
    }
    if (details.prompt.name !== 'consent' || !details.session?.accountId) throw new Error('nothing to confirm');
    const grant = new provider.Grant({ accountId: details.session.accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope ?? 'openid'));
    grant.addOIDCClaims([...GBA_IDENTITY_CLAIMS]);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  async function signIn(authorizationUrl: string, accountId: string, signInOpts: { decline?: boolean } = {}): Promise<URL> {
    const jar = new Map<string, string>();
    const send = async (url: string, init: RequestInit = {}) => {
      const res = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as Record<string, string> | undefined), cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const eq = pair!.indexOf('=');
        const name = pair!.slice(0, eq).trim();
        const value = pair!.slice(eq + 1).trim();
        if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') jar.delete(name); else jar.set(name, value);
      }
      return res;
    };
    const post = (url: string, body: Record<string, string>) => send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
    });

    let res = await send(authorizationUrl);
    for (let step = 0; step < 10; step++) {
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) {
        throw new Error(`fake IdP: expected a redirect, got ${res.status}: ${(await res.text()).slice(0, 300)}`);
      }
      const next = new URL(location, issuer);
      if (next.origin !== issuer) return next;
      if (!next.pathname.startsWith('/interaction/')) { res = await send(next.href); continue; }
      const page = await (await send(next.href)).text();
      const prompt = /data-prompt="(\w+)"/.exec(page)?.[1];
      if (prompt === 'login') res = await post(`${next.href}/login`, { login: accountId });
      else if (prompt === 'consent') res = await post(`${next.href}/${signInOpts.decline ? 'abort' : 'confirm'}`, {});
      else throw new Error(`fake IdP: unexpected interaction page: ${page.slice(0, 300)}`);
    }
    throw new Error('fake IdP: too many redirects');
  }

  return {
    issuer,
    clientId,
    clientSecret,
    signIn,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** oidc-provider warns that its in-memory store is not for production: true, and expected here. */
function quietly<T>(build: () => T): T {
  const { warn, info } = console;
  const filter = (log: (...a: unknown[]) => void) => (...args: unknown[]) => {
    if (!String(args[0]).startsWith('oidc-provider')) log(...args);
  };
  console.warn = filter(warn);
  console.info = filter(info);
  try {
    return build();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 16_384) { reject(new Error('body too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

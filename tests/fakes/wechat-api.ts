import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for WeChat's server API (api.weixin.qq.com), speaking its real protocol:
 * GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code answers
 * `{ openid, session_key, unionid? }` or `{ errcode, errmsg }` with HTTP 200, as WeChat does.
 *
 * Codes are issued by `issueCode(openid)` (what wx.login would produce on a phone), last five
 * minutes and are single-use (40163). Unknown codes give 40029; a wrong appid/secret gives
 * 40013/40125; more than `perMinute` calls in a minute give 45011; codes of high-risk users
 * give 40226.
 */
export interface FakeWechatApi {
  baseUrl: string;
  appId: string;
  appSecret: string;
  issueCode(openid: string, opts?: { risky?: boolean; unionid?: string }): string;
  calls: { path: string; query: Record<string, string> }[];
  setPerMinute(n: number): void;
  /** Access tokens issued by GET /cgi-bin/token (newest last). */
  tokens: string[];
  /** Makes every token issued so far invalid (as if it expired early): the next send gets 42001. */
  expireTokens(): void;
  /** Registers a subscribe-message template with its keyword names, e.g. ['thing1','phrase2']. */
  registerTemplate(templateId: string, keys: string[]): void;
  /** The resident has no grant (or refused) for this template: sends answer 43101. */
  refuse(openid: string, templateId: string): void;
  /** Subscribe messages accepted, in order. */
  subscribeMessages: { touser: string; template_id: string; page?: string; lang?: string; data: Record<string, { value: string }> }[];
  close(): Promise<void>;
}

export async function startFakeWechatApi(opts: { appId?: string; appSecret?: string; perMinute?: number } = {}): Promise<FakeWechatApi> {
  const appId = opts.appId ?? 'wx0000000000000000';
  const appSecret = opts.appSecret ?? 'fake-secret';
  let perMinute = opts.perMinute ?? 1000;
  const codes = new Map<string, { openid: string; unionid?: string; risky: boolean; expiresAt: number; used: boolean }>();
  const calls: FakeWechatApi['calls'] = [];
  const tokens: string[] = [];
  const liveTokens = new Map<string, number>();
  const templates = new Map<string, string[]>();
  const refused = new Set<string>();
  const subscribeMessages: FakeWechatApi['subscribeMessages'] = [];
  const tokenTtlSeconds = 7200;
  let windowStart = Date.now();
  let windowCount = 0;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams.entries());
    calls.push({ path: url.pathname, query });
    const reply = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const rid = randomBytes(4).toString('hex');
    if (url.pathname === '/cgi-bin/token') {
      if (query.grant_type !== 'client_credential') return reply({ errcode: 40002, errmsg: `invalid grant_type rid: ${rid}` });
      if (query.appid !== appId) return reply({ errcode: 40013, errmsg: `invalid appid rid: ${rid}` });
      if (query.secret !== appSecret) return reply({ errcode: 40125, errmsg: `invalid appsecret rid: ${rid}` });
      const token = randomBytes(24).toString('base64url');
      tokens.push(token);
      liveTokens.set(token, Date.now() + tokenTtlSeconds * 1000);
      return reply({ access_token: token, expires_in: tokenTtlSeconds });
    }
    if (url.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
      let raw = '';
      req.on('data', (chunk: Buffer) => { raw += chunk.toString('utf8'); });
      req.on('end', () => {
        const expiry = query.access_token ? liveTokens.get(query.access_token) : undefined;
        if (expiry === undefined) return reply({ errcode: 40001, errmsg: `invalid credential, access_token is invalid or not latest rid: ${rid}` });
        if (expiry < Date.now()) return reply({ errcode: 42001, errmsg: `access_token expired rid: ${rid}` });
        let body: FakeWechatApi['subscribeMessages'][number];
        try { body = JSON.parse(raw) as typeof body; } catch { return reply({ errcode: 47001, errmsg: `data format error rid: ${rid}` }); }
        const keys = templates.get(body.template_id);
        if (!keys) return reply({ errcode: 40037, errmsg: `invalid template_id rid: ${rid}` });
        if (!body.touser) return reply({ errcode: 40003, errmsg: `invalid openid rid: ${rid}` });
        if (refused.has(`${body.touser}|${body.template_id}`)) return reply({ errcode: 43101, errmsg: `user refuse to accept the msg rid: ${rid}` });
        for (const key of keys) {
          const value = body.data?.[key]?.value;
          // thing.DATA: at most 20 characters; phrase: at most 5; every keyword is required.
          const max = key.startsWith('thing') ? 20 : key.startsWith('phrase') ? 5 : 32;
          if (typeof value !== 'string' || !value || Array.from(value).length > max) {
            return reply({ errcode: 47003, errmsg: `argument invalid! data.${key}.value invalid rid: ${rid}` });
          }
        }
        subscribeMessages.push(body);
        reply({ errcode: 0, errmsg: 'ok', msgid: Number.parseInt(randomBytes(4).toString('hex'), 16) });
      });
      return;
    }
    if (url.pathname !== '/sns/jscode2session') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errcode: 404, errmsg: 'not found' }));
      return;
    }
    if (Date.now() - windowStart > 60_000) { windowStart = Date.now(); windowCount = 0; }
    windowCount += 1;
    if (windowCount > perMinute) return reply({ errcode: 45011, errmsg: `api minute-quota reach limit  mustslower  retry next minute rid: ${rid}` });
    if (query.appid !== appId) return reply({ errcode: 40013, errmsg: `invalid appid rid: ${rid}` });
    if (query.secret !== appSecret) return reply({ errcode: 40125, errmsg: `invalid appsecret rid: ${rid}` });
    if (query.grant_type !== 'authorization_code') return reply({ errcode: 40002, errmsg: `invalid grant_type rid: ${rid}` });
    const entry = query.js_code ? codes.get(query.js_code) : undefined;
    if (!entry || entry.expiresAt < Date.now()) return reply({ errcode: 40029, errmsg: `invalid code rid: ${rid}` });
    if (entry.used) return reply({ errcode: 40163, errmsg: `code been used rid: ${rid}` });
    entry.used = true;
    if (entry.risky) return reply({ errcode: 40226, errmsg: `high risk user rid: ${rid}` });
    reply({ session_key: randomBytes(16).toString('base64'), openid: entry.openid, ...(entry.unionid ? { unionid: entry.unionid } : {}) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    calls,
    issueCode(openid, o = {}) {
      const code = randomBytes(16).toString('hex');
      codes.set(code, { openid, unionid: o.unionid, risky: !!o.risky, expiresAt: Date.now() + 5 * 60_000, used: false });
      return code;
    },
    setPerMinute(n) { perMinute = n; windowCount = 0; windowStart = Date.now(); },
    tokens,
    expireTokens() { for (const t of liveTokens.keys()) liveTokens.set(t, 0); },
    registerTemplate(templateId, keys) { templates.set(templateId, keys); },
    refuse(openid, templateId) { refused.add(`${openid}|${templateId}`); },
    subscribeMessages,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

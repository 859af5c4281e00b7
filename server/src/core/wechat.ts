import { AppError } from './errors.js';
import type { Logger } from './logger.js';

/**
 * The one client of WeChat's server API (api.weixin.qq.com). It owns the base URL, the request
 * timeout, reading WeChat's answers (HTTP 200 with an `errcode` on failure) and the access_token
 * (GET /cgi-bin/token, cached until shortly before `expires_in`, one request at a time, fetched
 * again once when WeChat says it is invalid or expired). The features are its methods:
 *   code2Session           — wx.login code -> openid (auth);
 *   sendSubscribeMessage   — 订阅消息 (notifications).
 * Logs carry WeChat's errcode only: errmsg carries a request id, never a secret, but the
 * values sent (codes, openids, template data) are never logged either.
 */
export interface WechatApiOptions {
  appId: string;
  appSecret: string;
  apiBase: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  logger: Logger;
  /** Refresh the access token this long before WeChat's stated expiry (default 5 minutes). */
  refreshMarginMs?: number;
  now?: () => number;
}

export interface WechatSession {
  openid: string;
  unionid?: string;
}

export interface SubscribeMessage {
  openid: string;
  templateId: string;
  /** A mini-program page with its query, e.g. "pages/applications/detail?id=...". */
  page?: string;
  /** Template keywords, e.g. { thing1: '前端开发工程师', phrase2: '审核中', time3: '2026-11-25 18:41' }. */
  data: Record<string, string>;
  lang: 'zh_CN' | 'zh_HK' | 'zh_TW' | 'en_US';
  state?: 'formal' | 'trial' | 'developer';
}

/**
 * What a subscribe message came to, which tells the channel router what to do next:
 *   sent       — delivered (WeChat returns a msgid);
 *   refused    — 43101: the resident has no grant left for this template; fall back to another channel;
 *   bad_data   — 47003 (and template/openid errors): retrying cannot help; mark the message dead;
 *   retryable  — WeChat or the network failed for now; back off and try again.
 */
export type SubscribeOutcome =
  | { kind: 'sent'; msgid: string }
  | { kind: 'refused'; errcode: number }
  | { kind: 'bad_data'; errcode: number }
  | { kind: 'retryable'; errcode?: number; reason: string };

/** WeChat's limit for a `thing` value is 20 characters; longer values get 47003. */
export function fitThing(value: string, max = 20): string {
  const chars = Array.from(value.trim());
  return chars.length <= max ? chars.join('') : chars.slice(0, max - 1).join('') + '…';
}

/** The access token is invalid (40001, 40014) or expired (42001): fetch a new one and try once more. */
const TOKEN_INVALID = new Set([40001, 40014, 42001]);
const SUBSCRIBE_BAD_DATA = new Set([47003, 40003, 40037, 41030]);

type WechatBody = Record<string, unknown> & { errcode?: unknown };

/** WeChat's errcode in an answer; an answer without one succeeded. */
const errcodeOf = (body: WechatBody): number => (typeof body.errcode === 'number' ? body.errcode : 0);

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createWechatApi(opts: WechatApiOptions) {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const margin = opts.refreshMarginMs ?? 5 * 60_000;
  const now = opts.now ?? Date.now;
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  /**
   * One call to WeChat: its parsed answer, errcode included. Throws (naming `what`) when WeChat
   * cannot be reached, times out or answers other than HTTP 200 with JSON.
   */
  async function call(what: string, path: string, query: Record<string, string>, json?: unknown): Promise<WechatBody> {
    const url = new URL(`${opts.apiBase}${path}`);
    url.search = new URLSearchParams(query).toString();
    const res = await doFetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      ...(json === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) }),
    });
    if (!res.ok) throw new Error(`${what} HTTP ${res.status}`);
    return (await res.json()) as WechatBody;
  }

  async function fetchToken(): Promise<string> {
    const body = await call('token', '/cgi-bin/token', { grant_type: 'client_credential', appid: opts.appId, secret: opts.appSecret });
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new Error(`token refused (errcode ${String(body.errcode ?? 'none')})`);
    }
    cached = { token: body.access_token, expiresAt: now() + body.expires_in * 1000 - margin };
    return body.access_token;
  }

  /** The cached access token, or a new one: one token request at a time, however many calls wait for it. */
  function accessToken(force = false): Promise<string> {
    if (!force && cached && cached.expiresAt > now()) return Promise.resolve(cached.token);
    if (force) cached = undefined;
    inflight ??= fetchToken().finally(() => { inflight = undefined; });
    return inflight;
  }

  /** A call that needs the access token; a token WeChat no longer takes is replaced once. */
  async function callWithToken(what: string, path: string, json: unknown): Promise<WechatBody> {
    const body = await call(what, path, { access_token: await accessToken() }, json);
    if (!TOKEN_INVALID.has(errcodeOf(body))) return body;
    return call(what, path, { access_token: await accessToken(true) }, json);
  }

  return {
    accessToken,

    /** code2Session (wx.login -> openid). The session_key is dropped at once: nothing here needs it and it must never be logged. */
    async code2Session(code: string): Promise<WechatSession> {
      let body: WechatBody;
      try {
        body = await call('code2Session', '/sns/jscode2session', { appid: opts.appId, secret: opts.appSecret, js_code: code, grant_type: 'authorization_code' });
      } catch (err) {
        opts.logger.warn({ reason: reasonOf(err) }, 'wechat code2Session unreachable');
        throw new AppError(502, 'wechatUnavailable');
      }
      const errcode = errcodeOf(body);
      if (errcode === 0 && typeof body.openid === 'string' && body.openid) {
        return { openid: body.openid, ...(typeof body.unionid === 'string' ? { unionid: body.unionid } : {}) };
      }
      opts.logger.warn({ errcode }, 'wechat code2Session refused');
      if (errcode === 40029 || errcode === 40163) throw new AppError(400, 'wechatCodeInvalid');
      if (errcode === 45011) throw new AppError(429, 'wechatRateLimited', undefined, undefined, undefined, { 'Retry-After': '60' });
      if (errcode === 40226) throw new AppError(403, 'wechatRiskyUser');
      throw new AppError(502, 'wechatUnavailable');
    },

    /** POST /cgi-bin/message/subscribe/send; logs carry the errcode and the template, never the openid or the values. */
    async sendSubscribeMessage(msg: SubscribeMessage): Promise<SubscribeOutcome> {
      try {
        const body = await callWithToken('send', '/cgi-bin/message/subscribe/send', {
          touser: msg.openid,
          template_id: msg.templateId,
          ...(msg.page ? { page: msg.page } : {}),
          data: Object.fromEntries(Object.entries(msg.data).map(([k, value]) => [k, { value }])),
          miniprogram_state: msg.state ?? 'formal',
          lang: msg.lang,
        });
        const errcode = errcodeOf(body);
        if (errcode === 0) return { kind: 'sent', msgid: body.msgid !== undefined ? String(body.msgid) : '' };
        opts.logger.warn({ errcode, templateId: msg.templateId }, 'wechat subscribe message not sent');
        if (errcode === 43101) return { kind: 'refused', errcode };
        if (SUBSCRIBE_BAD_DATA.has(errcode)) return { kind: 'bad_data', errcode };
        return { kind: 'retryable', errcode, reason: `errcode ${errcode}` };
      } catch (err) {
        const reason = reasonOf(err);
        opts.logger.warn({ reason, templateId: msg.templateId }, 'wechat subscribe message failed');
        return { kind: 'retryable', reason };
      }
    },
  };
}

export type WechatApi = ReturnType<typeof createWechatApi>;

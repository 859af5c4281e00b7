import type { Logger } from '../../core/logger.js';

/**
 * WeChat subscribe messages (订阅消息) through WeChat's server API: an access_token from
 * GET /cgi-bin/token, cached until shortly before `expires_in` and refreshed once when WeChat says
 * it is invalid or expired (40001, 42001); POST /cgi-bin/message/subscribe/send per message.
 * The outcome tells the channel router what to do next:
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

export interface WechatSubscribeClientOptions {
  appId: string;
  appSecret: string;
  apiBase: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  logger: Logger;
  /** Refresh this long before WeChat's stated expiry (default 5 minutes). */
  refreshMarginMs?: number;
  now?: () => number;
}

/** WeChat's limit for a `thing` value is 20 characters; longer values get 47003. */
export function fitThing(value: string, max = 20): string {
  const chars = Array.from(value.trim());
  return chars.length <= max ? chars.join('') : chars.slice(0, max - 1).join('') + '…';
}

const TOKEN_INVALID = new Set([40001, 40014, 42001]);
const BAD_DATA = new Set([47003, 40003, 40037, 41030]);

export function createWechatSubscribeClient(opts: WechatSubscribeClientOptions) {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const margin = opts.refreshMarginMs ?? 5 * 60_000;
  const now = opts.now ?? Date.now;
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const url = new URL(`${opts.apiBase}/cgi-bin/token`);
    url.search = new URLSearchParams({ grant_type: 'client_credential', appid: opts.appId, secret: opts.appSecret }).toString();
    const res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`token HTTP ${res.status}`);
    const body = (await res.json()) as { access_token?: unknown; expires_in?: unknown; errcode?: unknown };
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new Error(`token refused (errcode ${String(body.errcode ?? 'none')})`);
    }
    cached = { token: body.access_token, expiresAt: now() + body.expires_in * 1000 - margin };
    return body.access_token;
  }

  /** One token request at a time, however many messages are waiting for it. */
  function accessToken(force = false): Promise<string> {
    if (!force && cached && cached.expiresAt > now()) return Promise.resolve(cached.token);
    if (force) cached = undefined;
    inflight ??= fetchToken().finally(() => { inflight = undefined; });
    return inflight;
  }

  async function sendOnce(msg: SubscribeMessage, token: string): Promise<{ errcode: number; msgid?: string }> {
    const url = new URL(`${opts.apiBase}/cgi-bin/message/subscribe/send`);
    url.search = new URLSearchParams({ access_token: token }).toString();
    const res = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
      body: JSON.stringify({
        touser: msg.openid,
        template_id: msg.templateId,
        ...(msg.page ? { page: msg.page } : {}),
        data: Object.fromEntries(Object.entries(msg.data).map(([k, value]) => [k, { value }])),
        miniprogram_state: msg.state ?? 'formal',
        lang: msg.lang,
      }),
    });
    if (!res.ok) throw new Error(`send HTTP ${res.status}`);
    const body = (await res.json()) as { errcode?: unknown; msgid?: unknown };
    return { errcode: typeof body.errcode === 'number' ? body.errcode : 0, ...(body.msgid !== undefined ? { msgid: String(body.msgid) } : {}) };
  }

  return {
    accessToken,
    async send(msg: SubscribeMessage): Promise<SubscribeOutcome> {
      try {
        let result = await sendOnce(msg, await accessToken());
        if (TOKEN_INVALID.has(result.errcode)) result = await sendOnce(msg, await accessToken(true));
        // Logs carry WeChat's errcode and the template, never the openid or the values.
        if (result.errcode === 0) return { kind: 'sent', msgid: result.msgid ?? '' };
        opts.logger.warn({ errcode: result.errcode, templateId: msg.templateId }, 'wechat subscribe message not sent');
        if (result.errcode === 43101) return { kind: 'refused', errcode: result.errcode };
        if (BAD_DATA.has(result.errcode)) return { kind: 'bad_data', errcode: result.errcode };
        return { kind: 'retryable', errcode: result.errcode, reason: `errcode ${result.errcode}` };
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        opts.logger.warn({ reason, templateId: msg.templateId }, 'wechat subscribe message failed');
        return { kind: 'retryable', reason };
      }
    },
  };
}
export type WechatSubscribeClient = ReturnType<typeof createWechatSubscribeClient>;

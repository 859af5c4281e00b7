import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';

export interface WechatSession {
  openid: string;
  unionid?: string;
}

export interface WechatClientOptions {
  appId: string;
  appSecret: string;
  apiBase: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  logger: Logger;
}

/**
 * code2Session (wx.login -> openid). WeChat answers HTTP 200 with `errcode` on failure.
 * The session_key is dropped at once: nothing here needs it and it must never be logged.
 */
export function createWechatClient(opts: WechatClientOptions) {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 5000;
  return {
    async code2Session(code: string): Promise<WechatSession> {
      const url = new URL(`${opts.apiBase}/sns/jscode2session`);
      url.search = new URLSearchParams({ appid: opts.appId, secret: opts.appSecret, js_code: code, grant_type: 'authorization_code' }).toString();
      let body: { openid?: unknown; unionid?: unknown; errcode?: unknown; errmsg?: unknown };
      try {
        const res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        body = (await res.json()) as typeof body;
      } catch (err) {
        opts.logger.warn({ reason: err instanceof Error ? err.message : String(err) }, 'wechat code2Session unreachable');
        throw new AppError(502, 'wechatUnavailable');
      }
      const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
      if (errcode === 0 && typeof body.openid === 'string' && body.openid) {
        return { openid: body.openid, ...(typeof body.unionid === 'string' ? { unionid: body.unionid } : {}) };
      }
      // Log WeChat's errcode only: errmsg carries a request id, never the code or key.
      opts.logger.warn({ errcode }, 'wechat code2Session refused');
      if (errcode === 40029 || errcode === 40163) throw new AppError(400, 'wechatCodeInvalid');
      if (errcode === 45011) throw new AppError(429, 'wechatRateLimited', undefined, undefined, undefined, { 'Retry-After': '60' });
      if (errcode === 40226) throw new AppError(403, 'wechatRiskyUser');
      throw new AppError(502, 'wechatUnavailable');
    },
  };
}
export type WechatClient = ReturnType<typeof createWechatClient>;

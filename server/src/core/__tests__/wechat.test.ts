import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { startFakeWechatApi, type FakeWechatApi } from '../../../../tests/fakes/wechat-api.js';
import { AppError } from '../errors.js';
import { createWechatApi, fitThing, type SubscribeMessage } from '../wechat.js';

const TEMPLATE = 'tmpl-application-status';

describe('WeChat API client: subscribe messages (against a fake speaking WeChat\'s protocol)', () => {
  let wechat: FakeWechatApi;
  const logLines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => { logLines.push(line); } });
  const client = () => createWechatApi({ appId: wechat.appId, appSecret: wechat.appSecret, apiBase: wechat.baseUrl, logger });
  const message = (over: Partial<SubscribeMessage> = {}): SubscribeMessage => ({
    openid: 'o-resident-1', templateId: TEMPLATE, page: 'pages/applications/detail?id=1', lang: 'zh_HK',
    data: { thing1: fitThing('前端開發工程師'), phrase2: '審核中' }, ...over,
  });

  beforeAll(async () => {
    wechat = await startFakeWechatApi();
    wechat.registerTemplate(TEMPLATE, ['thing1', 'phrase2']);
  });
  afterAll(async () => { await wechat.close(); });

  it('fetches an access token once and reuses it for later sends', async () => {
    const c = client();
    const before = wechat.tokens.length;
    expect(await c.sendSubscribeMessage(message())).toMatchObject({ kind: 'sent' });
    expect(await c.sendSubscribeMessage(message({ openid: 'o-resident-2' }))).toMatchObject({ kind: 'sent' });
    expect(wechat.tokens.length - before).toBe(1);
    const last = wechat.subscribeMessages.at(-1)!;
    expect(last).toMatchObject({ touser: 'o-resident-2', template_id: TEMPLATE, lang: 'zh_HK', data: { thing1: { value: '前端開發工程師' }, phrase2: { value: '審核中' } } });
  });

  it('refreshes the token once when WeChat says it expired, and the message still goes out', async () => {
    const c = client();
    await c.sendSubscribeMessage(message());
    const tokensBefore = wechat.tokens.length;
    const sentBefore = wechat.subscribeMessages.length;
    wechat.expireTokens();
    expect(await c.sendSubscribeMessage(message())).toMatchObject({ kind: 'sent' });
    expect(wechat.tokens.length).toBe(tokensBefore + 1);
    expect(wechat.subscribeMessages.length).toBe(sentBefore + 1);
  });

  it('asks for one token however many sends wait for it', async () => {
    const c = client();
    const before = wechat.tokens.length;
    const outcomes = await Promise.all(Array.from({ length: 5 }, (_, i) => c.sendSubscribeMessage(message({ openid: `o-burst-${i}` }))));
    expect(outcomes.every((o) => o.kind === 'sent')).toBe(true);
    expect(wechat.tokens.length - before).toBe(1);
  });

  it('reports 43101 (no grant / refused) as refused, so the router can fall back', async () => {
    wechat.refuse('o-refuser', TEMPLATE);
    expect(await client().sendSubscribeMessage(message({ openid: 'o-refuser' }))).toEqual({ kind: 'refused', errcode: 43101 });
  });

  it('reports 47003 (bad template data) as bad data, which no retry can fix', async () => {
    const tooLong = message({ data: { thing1: '這是一個超過二十個字元限制的非常非常長的職位名稱', phrase2: '審核中' } });
    expect(await client().sendSubscribeMessage(tooLong)).toEqual({ kind: 'bad_data', errcode: 47003 });
    expect(await client().sendSubscribeMessage(message({ templateId: 'no-such-template' }))).toEqual({ kind: 'bad_data', errcode: 40037 });
  });

  it('keeps thing values within WeChat\'s 20-character limit', async () => {
    const long = fitThing('這是一個超過二十個字元限制的非常非常長的職位名稱');
    expect(Array.from(long)).toHaveLength(20);
    expect(await client().sendSubscribeMessage(message({ data: { thing1: long, phrase2: '面試' } }))).toMatchObject({ kind: 'sent' });
    expect(fitThing('短名稱')).toBe('短名稱');
  });

  it('treats an unreachable WeChat as retryable and never logs the openid or values', async () => {
    const offline = createWechatApi({ appId: wechat.appId, appSecret: wechat.appSecret, apiBase: 'http://127.0.0.1:9', logger, timeoutMs: 500 });
    expect(await offline.sendSubscribeMessage(message({ openid: 'o-secret-openid' }))).toMatchObject({ kind: 'retryable' });
    const wrongSecret = createWechatApi({ appId: wechat.appId, appSecret: 'wrong', apiBase: wechat.baseUrl, logger });
    expect(await wrongSecret.sendSubscribeMessage(message({ openid: 'o-secret-openid' }))).toMatchObject({ kind: 'retryable' });
    const joined = logLines.join('\n');
    expect(joined).not.toContain('o-secret-openid');
    expect(joined).not.toContain('前端開發工程師');
  });
});

describe('WeChat API client: code2Session (against a fake speaking WeChat\'s protocol)', () => {
  let wechat: FakeWechatApi;
  const logLines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => { logLines.push(line); } });
  const client = (over: { appSecret?: string; apiBase?: string; timeoutMs?: number } = {}) =>
    createWechatApi({ appId: wechat.appId, appSecret: wechat.appSecret, apiBase: wechat.baseUrl, logger, ...over });
  const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('resolved'); }, (err: unknown) => {
    expect(err).toBeInstanceOf(AppError);
    const { status, code, headers } = err as AppError;
    return { status, code, ...(headers ? { headers } : {}) };
  });

  beforeAll(async () => { wechat = await startFakeWechatApi(); });
  afterAll(async () => { await wechat.close(); });

  it('exchanges a wx.login code for the openid (and unionid), and never logs the code', async () => {
    const code = wechat.issueCode('o-alice', { unionid: 'u-alice' });
    expect(await client().code2Session(code)).toEqual({ openid: 'o-alice', unionid: 'u-alice' });
    expect(await client().code2Session(wechat.issueCode('o-bob'))).toEqual({ openid: 'o-bob' });
    await failure(client().code2Session(code));
    expect(logLines.join('\n')).not.toContain(code);
  });

  it('maps WeChat\'s errcodes to the errors the sign-in route answers with', async () => {
    expect(await failure(client().code2Session('never-issued'))).toEqual({ status: 400, code: 'wechatCodeInvalid' });
    expect(await failure(client().code2Session(wechat.issueCode('o-risky', { risky: true })))).toEqual({ status: 403, code: 'wechatRiskyUser' });
    expect(await failure(client({ appSecret: 'wrong' }).code2Session(wechat.issueCode('o-carol')))).toEqual({ status: 502, code: 'wechatUnavailable' });
    wechat.setPerMinute(0);
    try {
      expect(await failure(client().code2Session(wechat.issueCode('o-dave')))).toEqual({ status: 429, code: 'wechatRateLimited', headers: { 'Retry-After': '60' } });
    } finally {
      wechat.setPerMinute(1000);
    }
  });

  it('gives up on a WeChat that does not answer within the timeout: 502 wechatUnavailable', async () => {
    const silent = createServer(() => { /* never answers */ });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const apiBase = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      expect(await failure(client({ apiBase, timeoutMs: 300 }).code2Session('abc'))).toEqual({ status: 502, code: 'wechatUnavailable' });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('is one client: the same instance signs residents in and sends their subscribe messages', async () => {
    wechat.registerTemplate('tmpl-one-client', ['thing1']);
    const both = client();
    expect(await both.code2Session(wechat.issueCode('o-erin'))).toEqual({ openid: 'o-erin' });
    expect(await both.sendSubscribeMessage({ openid: 'o-erin', templateId: 'tmpl-one-client', data: { thing1: '審核中' }, lang: 'zh_HK' })).toMatchObject({ kind: 'sent' });
    expect(wechat.calls.map((c) => c.path).slice(-3)).toEqual(['/sns/jscode2session', '/cgi-bin/token', '/cgi-bin/message/subscribe/send']);
  });
});

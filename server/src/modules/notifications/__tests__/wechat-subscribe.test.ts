import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { startFakeWechatApi, type FakeWechatApi } from '../../../../../tests/fakes/wechat-api.js';
import { createWechatSubscribeClient, fitThing, type SubscribeMessage } from '../wechat-subscribe.client.js';

const TEMPLATE = 'tmpl-application-status';

describe('WeChat subscribe messages (against a fake speaking WeChat\'s protocol)', () => {
  let wechat: FakeWechatApi;
  const logLines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => { logLines.push(line); } });
  const client = () => createWechatSubscribeClient({ appId: wechat.appId, appSecret: wechat.appSecret, apiBase: wechat.baseUrl, logger });
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
    expect(await c.send(message())).toMatchObject({ kind: 'sent' });
    expect(await c.send(message({ openid: 'o-resident-2' }))).toMatchObject({ kind: 'sent' });
    expect(wechat.tokens.length - before).toBe(1);
    const last = wechat.subscribeMessages.at(-1)!;
    expect(last).toMatchObject({ touser: 'o-resident-2', template_id: TEMPLATE, lang: 'zh_HK', data: { thing1: { value: '前端開發工程師' }, phrase2: { value: '審核中' } } });
  });

  it('refreshes the token once when WeChat says it expired, and the message still goes out', async () => {
    const c = client();
    await c.send(message());
    const tokensBefore = wechat.tokens.length;
    const sentBefore = wechat.subscribeMessages.length;
    wechat.expireTokens();
    expect(await c.send(message())).toMatchObject({ kind: 'sent' });
    expect(wechat.tokens.length).toBe(tokensBefore + 1);
    expect(wechat.subscribeMessages.length).toBe(sentBefore + 1);
  });

  it('asks for one token however many sends wait for it', async () => {
    const c = client();
    const before = wechat.tokens.length;
    const outcomes = await Promise.all(Array.from({ length: 5 }, (_, i) => c.send(message({ openid: `o-burst-${i}` }))));
    expect(outcomes.every((o) => o.kind === 'sent')).toBe(true);
    expect(wechat.tokens.length - before).toBe(1);
  });

  it('reports 43101 (no grant / refused) as refused, so the router can fall back', async () => {
    wechat.refuse('o-refuser', TEMPLATE);
    expect(await client().send(message({ openid: 'o-refuser' }))).toEqual({ kind: 'refused', errcode: 43101 });
  });

  it('reports 47003 (bad template data) as bad data, which no retry can fix', async () => {
    const tooLong = message({ data: { thing1: '這是一個超過二十個字元限制的非常非常長的職位名稱', phrase2: '審核中' } });
    expect(await client().send(tooLong)).toEqual({ kind: 'bad_data', errcode: 47003 });
    expect(await client().send(message({ templateId: 'no-such-template' }))).toEqual({ kind: 'bad_data', errcode: 40037 });
  });

  it('keeps thing values within WeChat\'s 20-character limit', async () => {
    const long = fitThing('這是一個超過二十個字元限制的非常非常長的職位名稱');
    expect(Array.from(long)).toHaveLength(20);
    expect(await client().send(message({ data: { thing1: long, phrase2: '面試' } }))).toMatchObject({ kind: 'sent' });
    expect(fitThing('短名稱')).toBe('短名稱');
  });

  it('treats an unreachable WeChat as retryable and never logs the openid or values', async () => {
    const offline = createWechatSubscribeClient({ appId: wechat.appId, appSecret: wechat.appSecret, apiBase: 'http://127.0.0.1:9', logger, timeoutMs: 500 });
    expect(await offline.send(message({ openid: 'o-secret-openid' }))).toMatchObject({ kind: 'retryable' });
    const wrongSecret = createWechatSubscribeClient({ appId: wechat.appId, appSecret: 'wrong', apiBase: wechat.baseUrl, logger });
    expect(await wrongSecret.send(message({ openid: 'o-secret-openid' }))).toMatchObject({ kind: 'retryable' });
    const joined = logLines.join('\n');
    expect(joined).not.toContain('o-secret-openid');
    expect(joined).not.toContain('前端開發工程師');
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeWechatApi, type FakeWechatApi } from '../../../../../tests/fakes/wechat-api.js';
import { startHarness, type Harness } from '../../../__tests__/harness.js';

describe('POST /api/auth/wechat', () => {
  let wx: FakeWechatApi;
  let h: Harness;
  beforeAll(async () => {
    wx = await startFakeWechatApi();
    h = await startHarness('auth', { WECHAT_API_BASE: wx.baseUrl, WECHAT_APP_ID: wx.appId, WECHAT_APP_SECRET: wx.appSecret });
  });
  afterAll(async () => {
    await h.close();
    await wx.close();
  });

  it('exchanges a wx.login code for a session and creates the user once', async () => {
    const first = await h.http.post('/api/auth/wechat').set('Accept-Language', 'zh-HK').send({ code: wx.issueCode('openid-alice') });
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ role: 'resident', lang: 'zh-Hant', botBound: false });
    expect(typeof first.body.token).toBe('string');
    const call = wx.calls.at(-1)!;
    expect(call.query).toMatchObject({ appid: wx.appId, secret: wx.appSecret, grant_type: 'authorization_code' });

    const again = await h.http.post('/api/auth/wechat').send({ code: wx.issueCode('openid-alice'), lang: 'en' });
    expect(again.body.user.id).toBe(first.body.user.id);
    expect(again.body.user.lang).toBe('zh-Hant');
    expect(await h.app.services.models.users.countDocuments({ openid: 'openid-alice' })).toBe(1);

    const me = await h.http.get('/api/me').set('Authorization', `Bearer ${again.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(first.body.user.id);
  });

  it('maps an invalid code (40029) to 400 wechatCodeInvalid', async () => {
    const res = await h.http.post('/api/auth/wechat?lang=en').send({ code: 'never-issued' });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'wechatCodeInvalid', message: 'The WeChat sign-in code is invalid or expired. Please try again.' });
  });

  it('maps a reused code (40163) to 400 wechatCodeInvalid', async () => {
    const code = wx.issueCode('openid-bob');
    expect((await h.http.post('/api/auth/wechat').send({ code })).status).toBe(200);
    const res = await h.http.post('/api/auth/wechat').send({ code });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('wechatCodeInvalid');
  });

  it('maps a high-risk user (40226) to 403 wechatRiskyUser', async () => {
    const res = await h.http.post('/api/auth/wechat').send({ code: wx.issueCode('openid-risky', { risky: true }) });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('wechatRiskyUser');
  });

  it('maps rate limiting (45011) to 429 with Retry-After', async () => {
    wx.setPerMinute(0);
    try {
      const res = await h.http.post('/api/auth/wechat').send({ code: wx.issueCode('openid-carol') });
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('wechatRateLimited');
      expect(res.headers['retry-after']).toBe('60');
    } finally {
      wx.setPerMinute(1000);
    }
  });

  it('answers 502 wechatUnavailable when WeChat cannot be reached', async () => {
    const down = await startHarness('auth-down', { WECHAT_API_BASE: 'http://127.0.0.1:9' });
    try {
      const res = await down.http.post('/api/auth/wechat').send({ code: 'abc' });
      expect(res.status).toBe(502);
      expect(res.body.error.code).toBe('wechatUnavailable');
    } finally {
      await down.close();
    }
  });

  it('rejects a missing code with a field message', async () => {
    const res = await h.http.post('/api/auth/wechat?lang=en').send({});
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ code: 'Required' });
  });
});

describe('POST /api/auth/dev-login', () => {
  it('signs in a handle with a role and language, and updates them on the next sign-in', async () => {
    const h = await startHarness('devlogin');
    try {
      const a = await h.login('demo-x', 'reviewer', 'en');
      expect(a.user).toMatchObject({ role: 'reviewer', lang: 'en', nickname: 'demo-x' });
      const b = await h.login('demo-x', 'admin');
      expect(b.user).toMatchObject({ id: a.user.id, role: 'admin', lang: 'en' });
      expect(await h.app.services.models.users.countDocuments({ openid: 'dev:demo-x' })).toBe(1);
    } finally {
      await h.close();
    }
  });

  it.each([
    ['disabled', { DEV_LOGIN_ENABLED: 'false' }],
    ['in production', { NODE_ENV: 'production', DEV_LOGIN_ENABLED: 'true' }],
  ])('does not exist when %s', async (_label, env) => {
    const h = await startHarness('devoff', env);
    try {
      const res = await h.http.post('/api/auth/dev-login').send({ handle: 'demo-resident' });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('notFound');
      expect(await h.app.services.models.users.countDocuments()).toBe(0);
    } finally {
      await h.close();
    }
  });
});

describe('/api/me', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness('me'); });
  afterAll(async () => { await h.close(); });

  it('requires a valid session', async () => {
    expect((await h.http.get('/api/me')).status).toBe(401);
    const res = await h.http.get('/api/me').set('Authorization', 'Bearer not-a-jwt').set('Accept-Language', 'en');
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({ code: 'unauthenticated', message: 'Please sign in first' });
  });

  it('updates language and nickname, and answers errors in the saved language', async () => {
    const s = await h.login('me-user', 'resident', 'zh-Hans');
    const res = await h.http.patch('/api/me').set(s.auth).send({ lang: 'en', nickname: ' Ada ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lang: 'en', nickname: 'Ada' });
    const bad = await h.http.patch('/api/me').set(s.auth).set('Accept-Language', 'zh-CN').send({ lang: 'fr' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ lang: 'Unsupported language' });
  });
});

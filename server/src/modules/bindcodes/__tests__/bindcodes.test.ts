import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BIND_CODE_PATTERN } from '@bay/shared';
import { startHarness, type Harness } from '../../../__tests__/harness.js';

describe('bind codes', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness('bind', { BIND_CODE_TTL_SECONDS: '600' }); });
  afterAll(async () => { await h.close(); });

  it('POST /api/bind-codes requires a session and issues a 6-character code that expires', async () => {
    expect((await h.http.post('/api/bind-codes')).status).toBe(401);
    const s = await h.login('bind-user-1');
    const res = await h.http.post('/api/bind-codes').set(s.auth);
    expect(res.status).toBe(201);
    expect(res.body.code).toMatch(BIND_CODE_PATTERN);
    const ttl = Date.parse(res.body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
  });

  it('binds the contact once; a reused code is refused in the Accept-Language language', async () => {
    const s = await h.login('bind-user-2', 'resident', 'zh-Hant');
    const { code } = (await h.http.post('/api/bind-codes').set(s.auth)).body as { code: string };
    const ok = await h.http.post('/internal/bind').set(h.bot).send({ code: code.toLowerCase(), contactId: 'wxid_abc', contactName: '阿明' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ userId: s.user.id, lang: 'zh-Hant', nickname: 'bind-user-2' });
    expect((await h.http.get('/api/me').set(s.auth)).body.botBound).toBe(true);

    const reused = await h.http.post('/internal/bind').set(h.bot).set('Accept-Language', 'en').send({ code, contactId: 'wxid_other' });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toEqual({ code: 'bindCodeInvalid', message: 'That bind code is invalid, used or expired. Get a new one in the mini-program.' });
    const user = await h.app.services.models.users.findById(s.user.id).lean();
    expect(user!.bot).toMatchObject({ contactId: 'wxid_abc', contactName: '阿明' });
  });

  it('lets exactly one of two concurrent binds with the same code succeed', async () => {
    const s = await h.login('bind-user-3');
    const { code } = (await h.http.post('/api/bind-codes').set(s.auth)).body as { code: string };
    const results = await Promise.all(['wxid_1', 'wxid_2'].map((contactId) => h.http.post('/internal/bind').set(h.bot).send({ code, contactId })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
  });

  it('refuses an expired code and the sweep deletes it', async () => {
    const s = await h.login('bind-user-4');
    const { code } = (await h.http.post('/api/bind-codes').set(s.auth)).body as { code: string };
    const codes = h.app.services.models.bindCodes;
    await codes.updateOne({ code }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await h.http.post('/internal/bind').set(h.bot).set('Accept-Language', 'zh-CN').send({ code, contactId: 'wxid_late' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('绑定码无效、已使用或已过期，请在小程序内重新获取');
    expect(await h.app.services.bindCodes.sweepExpired()).toBeGreaterThanOrEqual(1);
    expect(await codes.countDocuments({ code })).toBe(0);
  });

  it('rejects a malformed code with a field message and unknown codes as invalid', async () => {
    const bad = await h.http.post('/internal/bind').set(h.bot).set('Accept-Language', 'en').send({ code: 'O0I1', contactId: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual({ code: 'A bind code is 6 letters or digits' });
    const unknown = await h.http.post('/internal/bind').set(h.bot).send({ code: 'ABCDEF', contactId: 'x' });
    expect(unknown.body.error.code).toBe('bindCodeInvalid');
  });
});

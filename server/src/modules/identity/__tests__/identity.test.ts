import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { catalogs, IDENTITY_API, type IdentityPendingDto, type IdentityProfileDto, type IdentityStartDto } from '@bay/shared';
import { startFakeIdp, type FakeIdp, type FakeIdpUser } from '../../../../../tests/fakes/oidc-provider.js';
import { startHarness, type Harness } from '../../../__tests__/harness.js';
import { randomBytes } from 'node:crypto';
import { createFieldCipher, KeyRing } from '../../../core/crypto.js';
import { rotateEncryptedFields } from '../../../core/key-rotation.js';
import { encryptedFieldTargets } from '../../../encrypted-fields.js';

const REDIRECT_URI = 'http://127.0.0.1:3999/api/identity/callback';
const H5 = 'http://h5.example.test';

const USERS: Record<string, FakeIdpUser> = {
  'hk-chan': {
    nameZh: '陳大文',
    nameEn: 'CHAN, Tai Man',
    docType: 'hkid',
    docNumber: 'A123456(3)',
    birthdate: '1985-04-12',
    address: { formatted: '香港九龍旺角彌敦道 688 號 12 樓 B 室', locality: 'Kowloon', country: 'HK' },
  },
  'mo-wong': {
    nameZh: '黃小明',
    nameEn: 'WONG, Siu Meng',
    docType: 'macao_id',
    docNumber: '1234567(8)',
    birthdate: '1992-11-03',
    address: { formatted: '澳門氹仔孫逸仙大馬路 100 號', country: 'MO' },
  },
  'hk-chan-2': { ...{} as FakeIdpUser, nameZh: '陳大文', nameEn: 'CHAN, Tai Man', docType: 'hkid', docNumber: 'A123456(3)', birthdate: '1985-04-12', address: { formatted: '香港' } },
  'hk-lee': {
    nameZh: '李嘉欣',
    nameEn: 'LEE, Ka Yan',
    docType: 'hkid',
    docNumber: 'Z683365(A)',
    birthdate: '1978-07-21',
    address: { formatted: '香港灣仔告士打道 38 號 20 樓' },
  },
};

type Session = Awaited<ReturnType<Harness['login']>>;

let idp: FakeIdp;
let h: Harness;

beforeAll(async () => {
  idp = await startFakeIdp({ users: USERS, redirectUris: [REDIRECT_URI] });
  h = await startHarness('identity', {
    IDP_ISSUER: idp.issuer,
    IDP_CLIENT_ID: idp.clientId,
    IDP_CLIENT_SECRET: idp.clientSecret,
    IDP_REDIRECT_URI: REDIRECT_URI,
    MINIAPP_H5_URL: H5,
  });
});

afterAll(async () => {
  await h?.close();
  await idp?.close();
});

async function start(s: Session): Promise<IdentityStartDto> {
  const res = await h.http.post(IDENTITY_API.start).set(s.auth).send({});
  expect(res.status).toBe(200);
  return res.body as IdentityStartDto;
}

/** The provider's redirect back to us, as the path + query the browser would request. */
const asPath = (url: URL) => url.pathname + url.search;

/** Start → provider (login + consent, over HTTP) → callback; returns the pending id. */
async function verify(s: Session, account: string): Promise<string> {
  const { authorizationUrl } = await start(s);
  const back = await idp.signIn(authorizationUrl, account);
  const res = await h.http.get(asPath(back));
  expect(res.status).toBe(302);
  const m = /^http:\/\/h5\.example\.test\/#\/packages\/me\/consent\/index\?pending=([0-9a-f]{24})$/.exec(res.headers.location ?? '');
  expect(m).not.toBeNull();
  return m![1]!;
}

async function consent(s: Session, pending: string, fields: string[]) {
  return h.http.post(IDENTITY_API.consent(pending)).set(s.auth).send({ accept: true, fields });
}

async function link(s: Session, account: string, fields = ['nameZh', 'nameEn', 'docType', 'docNumber', 'birthdate', 'address']) {
  const res = await consent(s, await verify(s, account), fields);
  expect(res.status).toBe(200);
  return res.body as IdentityProfileDto;
}

const collection = (name: string) => h.conn.collection(name);

describe('cross-border identity: OpenID Connect code flow with PKCE', () => {
  it('sends the resident to the provider with S256 PKCE, a state and a nonce, keeping the verifier server-side', async () => {
    const s = await h.login('id-start');
    const { authorizationUrl, state } = await start(s);
    const url = new URL(authorizationUrl);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('client_id')).toBe(idp.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('scope')).toBe('openid gba_identity');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toBe(state);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    const stored = await collection('identity_auth_requests').findOne({ state });
    expect(stored).toMatchObject({ userId: new Types.ObjectId(s.user.id) });
    expect(authorizationUrl).not.toContain(String(stored!.codeVerifier));
  });

  it('lands the provider claims on the consent screen, localised, with the document number masked', async () => {
    const s = await h.login('id-claims', 'resident', 'en');
    const pending = await verify(s, 'hk-chan');
    // The state is single use: it is gone once the callback used it.
    expect(await collection('identity_auth_requests').countDocuments({ userId: new Types.ObjectId(s.user.id) })).toBe(0);

    const res = await h.http.get(IDENTITY_API.pending(pending)).set(s.auth);
    expect(res.status).toBe(200);
    const dto = res.body as IdentityPendingDto;
    expect(dto.issuer).toBe(idp.issuer);
    expect(dto.fields).toEqual([
      { name: 'nameZh', label: 'Name in Chinese', value: '陳大文' },
      { name: 'nameEn', label: 'Name in English', value: 'CHAN, Tai Man' },
      { name: 'docType', label: 'Document type', value: 'Hong Kong Identity Card' },
      { name: 'docNumber', label: 'Document number', value: '****4563' },
      { name: 'birthdate', label: 'Date of birth', value: '1985-04-12' },
      { name: 'address', label: 'Address', value: '香港九龍旺角彌敦道 688 號 12 樓 B 室' },
    ]);

    // At rest, every personal value is ciphertext.
    const raw = JSON.stringify(await collection('identity_pending').findOne({ _id: new Types.ObjectId(pending) }));
    for (const plain of ['A1234563', '陳大文', 'CHAN', '1985-04-12', '彌敦道', 'hk-chan']) expect(raw).not.toContain(plain);
    expect(raw).toContain('enc:v1:');
  });

  it('labels the consent screen in the resident\'s language', async () => {
    const s = await h.login('id-hant', 'resident', 'zh-Hant');
    const res = await h.http.get(IDENTITY_API.pending(await verify(s, 'mo-wong'))).set(s.auth);
    expect((res.body as IdentityPendingDto).fields.map((f) => [f.label, f.value])).toEqual([
      ['中文姓名', '黃小明'],
      ['英文姓名', 'WONG, Siu Meng'],
      ['證件類型', catalogs['zh-Hant'].docType.macao_id],
      ['證件號碼', '****5678'],
      ['出生日期', '1992-11-03'],
      ['地址', '澳門氹仔孫逸仙大馬路 100 號'],
    ]);
  });

  it('shows a pending profile only to the resident who started the sign-in', async () => {
    const owner = await h.login('id-owner');
    const other = await h.login('id-snoop');
    const pending = await verify(owner, 'mo-wong');
    expect((await h.http.get(IDENTITY_API.pending(pending)).set(other.auth)).status).toBe(404);
    expect((await consent(other, pending, ['nameZh'])).status).toBe(404);
    expect((await h.http.get(IDENTITY_API.pending(pending))).status).toBe(401);
  });

  it('links only the consented fields, then prefills the application form and marks a matching application verified', async () => {
    const s = await h.login('id-link', 'resident', 'en');
    const pending = await verify(s, 'hk-chan');
    const res = await consent(s, pending, ['nameZh', 'docType', 'docNumber']);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ enabled: true, linked: true, issuer: idp.issuer });
    expect((res.body as IdentityProfileDto).fields!.map((f) => f.name)).toEqual(['nameZh', 'docType', 'docNumber']);
    expect(await collection('identity_pending').countDocuments({ _id: new Types.ObjectId(pending) })).toBe(0);

    const stored = await collection('identity_profiles').findOne({ userId: new Types.ObjectId(s.user.id) });
    expect(Object.keys(stored!.values as object).sort()).toEqual(['docNumber', 'docType', 'nameZh']);
    expect(String((stored!.values as { docNumber: string }).docNumber)).toMatch(/^enc:v1:/);

    const profile = await h.http.get(IDENTITY_API.profile).set(s.auth);
    expect(profile.body.fields).toContainEqual({ name: 'docNumber', label: 'Document number', value: '****4563' });

    const prefill = await h.http.get(IDENTITY_API.prefill).set(s.auth);
    expect(prefill.status).toBe(200);
    expect(prefill.body).toEqual({ name: '陳大文', docType: 'hkid', docNumber: 'A1234563', verified: true });

    const jobs = await h.app.services.models.jobs.insertMany([0, 1].map((i) => ({
      slug: `identity-job-${i}`,
      title: { 'zh-Hans': '前端工程师', 'zh-Hant': '前端工程師', en: 'Front-end engineer' },
      employer: { 'zh-Hans': '前海科技', 'zh-Hant': '前海科技', en: 'Qianhai Tech' },
      city: 'shenzhen',
      industry: 'technology',
      salaryMin: 18000,
      salaryMax: 28000,
      currency: 'CNY',
      salaryPeriod: 'month',
      description: { 'zh-Hans': '开发', 'zh-Hant': '開發', en: 'Build' },
      postedAt: new Date(),
    })));
    const body = { phone: '91234567', resume: '五年前端经验', ...prefill.body as object };
    delete (body as { verified?: boolean }).verified;
    const matching = await h.http.post('/api/applications').set(s.auth).send({ ...body, jobId: String(jobs[0]!._id), docNumber: 'A123456(3)' });
    expect(matching.status).toBe(201);
    expect(matching.body.verified).toBe(true);
    const edited = await h.http.post('/api/applications').set(s.auth).send({ ...body, jobId: String(jobs[1]!._id), name: '陳小文' });
    expect(edited.status).toBe(201);
    expect(edited.body.verified).toBeUndefined();
  });

  it('prefill is 404 until something is linked', async () => {
    const s = await h.login('id-nothing');
    const res = await h.http.get(IDENTITY_API.prefill).set(s.auth);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('identityNotLinked');
    expect((await h.http.get(IDENTITY_API.profile).set(s.auth)).body).toEqual({ enabled: true, linked: false });
  });

  it('rejects a tampered state without using up the real one', async () => {
    const s = await h.login('id-tamper');
    const { authorizationUrl, state } = await start(s);
    const back = await idp.signIn(authorizationUrl, 'hk-chan');
    const tampered = new URL(back);
    tampered.searchParams.set('state', `${state.slice(0, -2)}xx`);
    const bad = await h.http.get(asPath(tampered));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('identityStateInvalid');
    expect((await h.http.get(asPath(back))).status).toBe(302);
  });

  it('rejects a replayed callback, and a stolen code presented with another state', async () => {
    const s = await h.login('id-replay');
    const { authorizationUrl } = await start(s);
    const back = await idp.signIn(authorizationUrl, 'mo-wong');
    expect((await h.http.get(asPath(back))).status).toBe(302);
    const again = await h.http.get(asPath(back));
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('identityStateInvalid');

    // The same code with a fresh state (and so another PKCE verifier): the provider refuses it.
    const { state: fresh } = await start(s);
    const replay = new URL(back);
    replay.searchParams.set('state', fresh);
    const res = await h.http.get(asPath(replay));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('identityExchangeFailed');
  });

  it('rejects an expired state', async () => {
    const s = await h.login('id-expired');
    const { authorizationUrl, state } = await start(s);
    await collection('identity_auth_requests').updateOne({ state }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await h.http.get(asPath(await idp.signIn(authorizationUrl, 'hk-chan')));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('identityStateInvalid');
  });

  it('says so when the resident declines at the provider, and stores nothing', async () => {
    const s = await h.login('id-declined');
    const { authorizationUrl } = await start(s);
    const back = await idp.signIn(authorizationUrl, 'hk-chan', { decline: true });
    expect(back.searchParams.get('error')).toBe('access_denied');
    const res = await h.http.get(asPath(back));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('identityDenied');
    expect(await collection('identity_pending').countDocuments({ userId: new Types.ObjectId(s.user.id) })).toBe(0);
  });

  it('drops the verified data when the resident declines on the consent screen', async () => {
    const s = await h.login('id-nope');
    const pending = await verify(s, 'mo-wong');
    const res = await h.http.post(IDENTITY_API.consent(pending)).set(s.auth).send({ accept: false });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ enabled: true, linked: false });
    expect(await collection('identity_pending').countDocuments({ _id: new Types.ObjectId(pending) })).toBe(0);
  });

  it('answers 409 when the same provider identity is already linked to another account', async () => {
    const first = await h.login('id-first');
    const second = await h.login('id-second', 'resident', 'en');
    await link(first, 'mo-wong');
    const pending = await verify(second, 'mo-wong');
    const res = await consent(second, pending, ['nameEn']);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'identityAlreadyLinked', message: catalogs.en.e.identityAlreadyLinked });
    expect(await collection('identity_profiles').countDocuments({ userId: new Types.ObjectId(second.user.id) })).toBe(0);
    expect(await collection('identity_pending').countDocuments({ userId: new Types.ObjectId(second.user.id) })).toBe(0);
    // Linking the same identity again to the same account just replaces the link.
    expect((await link(first, 'mo-wong', ['nameZh'])).fields!.map((f) => f.name)).toEqual(['nameZh']);
  });

  it('unlink deletes the verified data for real: nothing of it remains in any collection', async () => {
    const s = await h.login('id-forget');
    await link(s, 'hk-lee');
    await verify(s, 'hk-lee'); // a second, unconsented pending profile
    await start(s); // and a sign-in left half-way
    const owner = new Types.ObjectId(s.user.id);
    const traces: string[] = ['Z683365A', 'Z683365', '李嘉欣', 'LEE, Ka Yan', '1978-07-21', '告士打道', 'hk-lee'];
    for (const name of ['identity_profiles', 'identity_pending', 'identity_auth_requests']) {
      for (const doc of await collection(name).find({ userId: owner }).toArray()) {
        const { _id, userId: _u, createdAt: _c, linkedAt: _l, expiresAt: _e, issuer: _i, fields: _f, ...rest } = doc;
        traces.push(String(_id));
        for (const v of Object.values(rest)) {
          if (typeof v === 'string') traces.push(v);
          else if (v && typeof v === 'object') traces.push(...Object.values(v).filter((x): x is string => typeof x === 'string' && x.length > 8));
        }
      }
    }
    expect(traces.length).toBeGreaterThan(15);

    const res = await h.http.delete(IDENTITY_API.profile).set(s.auth);
    expect(res.status).toBe(204);
    expect((await h.http.get(IDENTITY_API.profile).set(s.auth)).body).toEqual({ enabled: true, linked: false });
    expect((await h.http.get(IDENTITY_API.prefill).set(s.auth)).status).toBe(404);

    for (const { name } of await h.conn.db!.listCollections().toArray()) {
      const docs = await collection(name).find({}).toArray();
      if (name.startsWith('identity_')) expect(docs.filter((d) => String(d.userId) === s.user.id)).toEqual([]);
      const dump = JSON.stringify(docs);
      for (const trace of traces) expect({ collection: name, found: dump.includes(trace) ? trace : null }).toEqual({ collection: name, found: null });
    }
    // Deleting again is harmless.
    expect((await h.http.delete(IDENTITY_API.profile).set(s.auth)).status).toBe(204);
  });

  it('key rotation re-encrypts the verified profile, which still reads back after the old key is gone', async () => {
    const s = await h.login('id-rotate', 'resident', 'en');
    await link(s, 'hk-chan-2');
    const ring = h.config.dataEncryptionKeys;
    const newKey = randomBytes(32);
    const both = new KeyRing([{ id: 'k2', key: newKey }, { id: ring.currentId, key: ring.key(ring.currentId)! }]);
    // The same list cli/rotate-keys.ts rotates.
    const report = await rotateEncryptedFields(encryptedFieldTargets(h.app.services.models), createFieldCipher(both));
    expect(report.failures).toEqual([]);
    const stored = await collection('identity_profiles').findOne({ userId: new Types.ObjectId(s.user.id) });
    expect(String(stored!.subject)).toMatch(/^enc:v1:k2:/);
    expect(String((stored!.values as { docNumber: string }).docNumber)).toMatch(/^enc:v1:k2:/);
    const onlyNew = createFieldCipher(new KeyRing([{ id: 'k2', key: newKey }]));
    expect(onlyNew.decrypt(String((stored!.values as { docNumber: string }).docNumber))).toBe('A1234563');
    expect(stored!.values).toMatchObject({ docType: 'hkid' });
  });

  it('validates every input and needs a session everywhere but the callback', async () => {
    const s = await h.login('id-garbage');
    const pending = await verify(s, 'mo-wong');
    const bad = [
      await h.http.post(IDENTITY_API.consent(pending)).set(s.auth).send({ accept: true, fields: [] }),
      await h.http.post(IDENTITY_API.consent(pending)).set(s.auth).send({ accept: true, fields: ['password'] }),
      await h.http.post(IDENTITY_API.consent(pending)).set(s.auth).send({ accept: true, fields: ['nameZh', 'nameZh'] }),
      await h.http.post(IDENTITY_API.consent(pending)).set(s.auth).send({ accept: 'yes' }),
      await h.http.post(IDENTITY_API.consent(pending)).set(s.auth).send({ accept: false, extra: 1 }),
      await h.http.post(IDENTITY_API.consent('not-an-id')).set(s.auth).send({ accept: false }),
      await h.http.get(IDENTITY_API.pending('$where')).set(s.auth),
      await h.http.post(IDENTITY_API.start).set(s.auth).send({ issuer: 'http://evil.example' }),
      await h.http.get(IDENTITY_API.callback),
      await h.http.get(`${IDENTITY_API.callback}?state=abc`),
      await h.http.get(`${IDENTITY_API.callback}?state=abc&code=x&error=access_denied`),
      await h.http.get(`${IDENTITY_API.callback}?state=${'a'.repeat(300)}&code=x`),
      await h.http.get(`${IDENTITY_API.callback}?state=abc&code=x&foo=bar`),
      await h.http.get(`${IDENTITY_API.profile}?userId=${s.user.id}`).set(s.auth),
    ];
    expect(bad.map((r) => r.status)).toEqual(bad.map(() => 400));
    expect(bad.every((r) => r.body.error.code === 'validation')).toBe(true);

    const anonymous = [
      await h.http.post(IDENTITY_API.start).send({}),
      await h.http.get(IDENTITY_API.profile),
      await h.http.delete(IDENTITY_API.profile),
      await h.http.get(IDENTITY_API.prefill),
      await h.http.post(IDENTITY_API.consent(pending)).send({ accept: false }),
    ];
    expect(anonymous.map((r) => r.status)).toEqual(anonymous.map(() => 401));
    // A well-formed but unknown state is refused as such.
    expect((await h.http.get(`${IDENTITY_API.callback}?state=abc&code=x`)).body.error.code).toBe('identityStateInvalid');
  });
});

describe('cross-border identity when no provider is configured', () => {
  let off: Harness;
  beforeAll(async () => { off = await startHarness('identity-off'); });
  afterAll(async () => { await off?.close(); });

  it('reports the feature as off and refuses to start', async () => {
    const s = await off.login('id-off');
    expect((await off.http.get(IDENTITY_API.profile).set(s.auth)).body).toEqual({ enabled: false, linked: false });
    const res = await off.http.post(IDENTITY_API.start).set(s.auth).send({});
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('identityDisabled');
    expect((await off.http.get(`${IDENTITY_API.callback}?state=abc&code=x`)).status).toBe(404);
  });
});

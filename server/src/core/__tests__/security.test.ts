import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROLES, translator, type Role } from '@bay/shared';
import { createSessionSigner } from '../auth.js';
import { fillPath, listRoutes, type RouteInfo } from '../routes.js';
import { isForbiddenKey } from '../security.js';
import { startHarness, type Harness } from '../../__tests__/harness.js';

const en = translator('en');
const zhHant = translator('zh-Hant');
const SOME_ID = '0123456789abcdef01234567';
const concrete = (r: RouteInfo) => fillPath(r.path, () => SOME_ID);

function send(h: Harness, r: RouteInfo, headers: Record<string, string> = {}) {
  const req = h.http[r.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete'](concrete(r)).set(headers);
  return ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) ? req.send({}) : req;
}

describe('the route listing (listRoutes)', () => {
  let h: Harness;
  let routes: RouteInfo[];
  beforeAll(async () => {
    h = await startHarness('sec-routes');
    routes = listRoutes(h.app);
  });
  afterAll(async () => { await h.close(); });

  it('reaches a route whatever the case or a trailing slash of its path; another method is a 404', async () => {
    for (const path of ['/healthz', '/HealthZ/', '/api/jobs?limit=1', '/API/Jobs/?limit=1']) expect({ path, status: (await h.http.get(path)).status }).toEqual({ path, status: 200 });
    const wrongMethod = await h.http.delete('/api/jobs');
    expect([wrongMethod.status, wrongMethod.body.error?.code, wrongMethod.headers.allow]).toEqual([404, 'notFound', undefined]);
  });

  it('finds the mounted routes with their guards', () => {
    const find = (method: string, path: string) => routes.find((r) => r.method === method && r.path === path);
    expect(find('GET', '/api/jobs')).toMatchObject({ access: 'public', validated: true });
    expect(find('GET', '/api/me')).toMatchObject({ access: 'user', roles: [] });
    expect(find('POST', '/api/applications')).toMatchObject({ access: 'user', roles: ['resident'] });
    expect(find('GET', '/api/admin/applications')).toMatchObject({ access: 'user', roles: ['reviewer', 'admin'] });
    expect(find('POST', '/internal/outbox/:id/ack')).toMatchObject({ access: 'bot', paramNames: ['id'] });
    expect(routes.some((r) => r.method === 'HEAD')).toBe(false);
  });

  it('validates every route (a route without input still declares validate({}))', () => {
    expect(routes.filter((r) => !r.validated).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('has a params schema on every route with path parameters', () => {
    expect(routes.filter((r) => r.paramNames.length && !r.schemas.params).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('guards every /api/admin route with staff roles and every /internal route with the bot token', () => {
    const admin = routes.filter((r) => r.path.startsWith('/api/admin'));
    expect(admin.length).toBeGreaterThan(0);
    for (const r of admin) {
      expect({ route: `${r.method} ${r.path}`, access: r.access }).toEqual({ route: `${r.method} ${r.path}`, access: 'user' });
      expect(r.roles.length).toBeGreaterThan(0);
      expect(r.roles).not.toContain('resident');
    }
    for (const r of routes.filter((x) => x.path.startsWith('/internal'))) expect(r.access).toBe('bot');
  });
});

describe('roles on every route', () => {
  let h: Harness;
  let routes: RouteInfo[];
  const tokens: Partial<Record<Role, string>> = {};
  let forged: string;
  let expired: string;

  beforeAll(async () => {
    h = await startHarness('sec-roles');
    routes = listRoutes(h.app);
    for (const role of ROLES) tokens[role] = (await h.login(`walk-${role}`, role)).token;
    const resident = await h.login('walk-resident', 'resident');
    forged = await createSessionSigner('another-secret-of-at-least-32-characters!', 3600).sign(resident.user.id);
    expired = await createSessionSigner(h.config.sessionSecret, -60).sign(resident.user.id);
  });
  afterAll(async () => { await h.close(); });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('answers 401 to anonymous, forged and expired sessions on every signed-in route', async () => {
    const signedIn = routes.filter((r) => r.access === 'user');
    expect(signedIn.length).toBeGreaterThan(5);
    for (const r of signedIn) {
      for (const [who, headers] of [['anonymous', {}], ['forged', bearer(forged)], ['expired', bearer(expired)], ['garbage', bearer('x.y.z')]] as const) {
        const res = await send(h, r, headers);
        expect({ route: `${r.method} ${r.path}`, who, status: res.status, code: res.body.error?.code })
          .toEqual({ route: `${r.method} ${r.path}`, who, status: 401, code: 'unauthenticated' });
      }
    }
  });

  it('answers 403 to every role a staff route does not list (residents on every admin and reviewer route)', async () => {
    const restricted = routes.filter((r) => r.access === 'user' && r.roles.length > 0);
    const staffOnly = restricted.filter((r) => !r.roles.includes('resident'));
    expect(staffOnly.length).toBeGreaterThan(1);
    for (const r of restricted) {
      for (const role of ROLES.filter((x) => !r.roles.includes(x))) {
        const res = await send(h, r, bearer(tokens[role]!));
        expect({ route: `${r.method} ${r.path}`, role, status: res.status, body: res.body })
          .toEqual({ route: `${r.method} ${r.path}`, role, status: 403, body: { error: { code: 'forbidden', message: expect.any(String) } } });
      }
    }
  });

  it('lets a listed role past the guard', async () => {
    for (const r of routes.filter((x) => x.access === 'user')) {
      const role = r.roles[0] ?? 'resident';
      const res = await send(h, r, bearer(tokens[role]!));
      expect({ route: `${r.method} ${r.path}`, role, passed: ![401, 403].includes(res.status) }).toEqual({ route: `${r.method} ${r.path}`, role, passed: true });
    }
  });

  it('answers 401 on every /internal route without the bot token, with a forged one, or with a session', async () => {
    const internal = routes.filter((r) => r.path.startsWith('/internal'));
    expect(internal.length).toBeGreaterThan(0);
    for (const r of internal) {
      for (const headers of [{}, bearer('f'.repeat(48)), bearer(tokens.admin!), { Authorization: h.config.botApiToken }]) {
        const res = await send(h, r, headers);
        expect({ route: `${r.method} ${r.path}`, status: res.status, code: res.body.error?.code })
          .toEqual({ route: `${r.method} ${r.path}`, status: 401, code: 'unauthenticated' });
      }
    }
  });
});

describe('input guards', () => {
  let h: Harness;
  let auth: { Authorization: string };
  beforeAll(async () => {
    h = await startHarness('sec-input');
    auth = (await h.login('guard-resident', 'resident')).auth;
  });
  afterAll(async () => { await h.close(); });

  it('names forbidden keys', () => {
    for (const k of ['$gt', '$where', 'a.b', '__proto__', 'constructor', 'prototype', 'a\0b']) expect(isForbiddenKey(k)).toBe(true);
    for (const k of ['handle', 'gt', 'a$', 'name_1']) expect(isForbiddenKey(k)).toBe(false);
  });

  it('refuses an operator object in a field with a per-field message', async () => {
    const res = await h.http.post('/api/auth/dev-login?lang=en').send({ handle: { $gt: '' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'validation', message: en('e.validation'), fields: { 'handle.$gt': en('v.forbiddenKey') } });
  });

  it('refuses $where, dotted and prototype keys anywhere in the body', async () => {
    const res = await h.http.patch('/api/me').set(auth)
      .send({ $where: 'sleep(1000)', profile: { 'a.b': 1, deep: [{ $ne: null }] }, constructor: { prototype: {} } });
    expect(res.status).toBe(400);
    const forbidden = translator('zh-Hans')('v.forbiddenKey');
    expect(res.body.error.fields).toEqual({ $where: forbidden, 'profile.a.b': forbidden, 'profile.deep.0.$ne': forbidden, constructor: forbidden });
  });

  it('refuses a __proto__ key already in the JSON parser, at any depth and however it is escaped', async () => {
    // co-body's onProtoPoisoning default ('error', through @hapi/bourne), which @koa/bodyparser keeps.
    for (const payload of ['{"nickname":"x","__proto__":{"role":"admin"}}', '{"profile":{"a":[{"__proto__":{"role":"admin"}}]}}', '{"\\u005f_proto__":{"role":"admin"}}', '{"__pr\\u006fto__" :{}}']) {
      const res = await h.http.patch('/api/me').set(auth).set('Content-Type', 'application/json').send(payload);
      expect({ payload, status: res.status, code: res.body.error?.code }).toEqual({ payload, status: 400, code: 'badJson' });
    }
    const res = await h.http.patch('/api/me').set(auth).set('Content-Type', 'application/json; charset=utf-8').send('{"nickname":"x","__proto__":{"role":"admin"}}');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('badJson');
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    expect((await h.http.get('/api/me').set(auth)).body).toMatchObject({ role: 'resident' });
  });

  it('keeps bracket and operator query names from reaching a query', async () => {
    for (const q of ['status[$ne]=x', 'status[$gt]=', '$where=1', 'a.b=1', '__proto__[x]=1']) {
      const res = await h.http.get(`/api/applications?${q}`).set(auth).set('Accept-Language', 'en');
      expect({ q, status: res.status, code: res.body.error?.code }).toEqual({ q, status: 400, code: 'validation' });
      expect(Object.values(res.body.error.fields)).toContain(en('v.forbiddenKey'));
    }
  });

  it('refuses repeated query parameters (arrays) and unknown ones', async () => {
    const res = await h.http.get('/api/jobs?city=shenzhen&city=zhuhai&x=1&lang=en');
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual({ city: en('v.city'), x: en('v.unknownField') });
  });

  it('refuses input on a route that takes none', async () => {
    const body = await h.http.post('/api/bind-codes?lang=en').set(auth).send({ userId: SOME_ID });
    expect(body.status).toBe(400);
    expect(body.body.error.fields).toEqual({ userId: translator('zh-Hans')('v.unknownField') }); // the account's language wins over ?lang
    const query = await h.http.get('/api/me?debug=1').set(auth);
    expect(query.status).toBe(400);
    const empty = await h.http.post('/api/bind-codes').set(auth);
    expect(empty.status).toBe(201);
  });

  it('refuses bodies nested deeper than any route accepts', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { a: deep };
    const res = await h.http.patch('/api/me').set(auth).send({ nickname: deep });
    expect(res.status).toBe(400);
    expect(Object.values(res.body.error.fields)).toContain(translator('zh-Hans')('v.tooDeep'));
  });

  it('answers a body over 64 kB with 413 in the request language', async () => {
    const res = await h.http.post('/api/auth/dev-login').set('Accept-Language', 'zh-HK').set('Content-Type', 'application/json')
      .send(JSON.stringify({ handle: 'x'.repeat(100_000) }));
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: 'payloadTooLarge', message: zhHant('e.payloadTooLarge') } });
  });

  it('answers a non-JSON body with 415 in the request language', async () => {
    for (const [type, payload] of [['text/plain', 'handle=abc'], ['application/x-www-form-urlencoded', 'handle=abc'], ['multipart/form-data; boundary=x', '--x--']]) {
      const res = await h.http.post('/api/auth/dev-login?lang=en').set('Content-Type', type!).send(payload);
      expect({ type, status: res.status, body: res.body })
        .toEqual({ type, status: 415, body: { error: { code: 'unsupportedMediaType', message: en('e.unsupportedMediaType') } } });
    }
    const noType = await h.http.post('/internal/bind').set(h.bot).set('Content-Type', '').send(Buffer.from('{"code":"ABCDEF"}'));
    expect(noType.status).toBe(415);
  });

  it('answers malformed JSON with 400 badJson', async () => {
    for (const payload of ['{"handle":', '{"a":1}}', "{'a':1}", '"just a string"', 'null', '\u0000']) {
      const res = await h.http.post('/api/auth/dev-login').set('Content-Type', 'application/json').send(payload);
      expect({ payload, status: res.status, code: res.body.error?.code }).toEqual({ payload, status: 400, code: 'badJson' });
    }
  });
});

describe('rate limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('sec-rate', {
      TRUST_PROXY: 'true',
      RATE_LIMIT_WINDOW_SECONDS: '60',
      RATE_LIMIT_PER_IP: '8',
      RATE_LIMIT_AUTH_PER_IP: '3',
      RATE_LIMIT_PER_ACCOUNT: '6',
      RATE_LIMIT_BIND_CODES_PER_ACCOUNT: '2',
      RATE_LIMIT_INTERNAL: '12',
    });
  });
  afterAll(async () => { await h.close(); });

  const from = (ip: string) => ({ 'X-Forwarded-For': ip });

  it('answers 429 with Retry-After and the localised error once an address used its requests', async () => {
    for (let i = 0; i < 8; i++) expect((await h.http.get('/api/jobs').set(from('203.0.113.1'))).status).toBe(200);
    const res = await h.http.get('/api/jobs').set(from('203.0.113.1')).set('Accept-Language', 'zh-HK');
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(res.body).toEqual({ error: { code: 'rateLimited', message: zhHant('e.rateLimited') } });
    expect((await h.http.get('/api/jobs').set(from('203.0.113.2'))).status).toBe(200);
  });

  it('takes the address the trusted proxy appended, not one the client wrote', async () => {
    for (let i = 0; i < 8; i++) await h.http.get('/api/jobs').set(from(`10.9.9.${i}, 203.0.113.3`));
    expect((await h.http.get('/api/jobs').set(from('10.9.9.99, 203.0.113.3'))).status).toBe(429);
  });

  it('is stricter on sign-in routes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.http.post('/api/auth/dev-login').set(from('203.0.113.4')).send({ handle: `rate-${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await h.http.get('/api/jobs').set(from('203.0.113.4'))).status).toBe(200);
  });

  it('limits one account across addresses, and bind codes more tightly', async () => {
    const login = await h.http.post('/api/auth/dev-login').set(from('203.0.113.5')).send({ handle: 'rate-account' });
    const auth = { Authorization: `Bearer ${login.body.token}` };
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await h.http.post('/api/bind-codes').set(auth).set(from(`198.51.100.${i}`))).status);
    expect(codes).toEqual([201, 201, 429]);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.http.get('/api/me').set(auth).set(from(`198.51.100.${10 + i}`))).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('exempts the bot from per-address limits but gives it its own bucket; forged tokens count per address', async () => {
    const claim = () => h.http.post('/internal/outbox/claim').set(h.bot).set(from('203.0.113.6')).send({ workerId: 'w1' });
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) statuses.push((await claim()).status);
    expect(statuses.slice(0, 12).every((s) => s === 200)).toBe(true);
    expect(statuses[12]).toBe(429);
    const forged: number[] = [];
    for (let i = 0; i < 9; i++) {
      forged.push((await h.http.post('/internal/outbox/claim').set({ Authorization: 'Bearer nope' }).set(from('203.0.113.7')).send({ workerId: 'w1' })).status);
    }
    expect(forged).toEqual([...Array(8).fill(401), 429]);
  });
});

describe('client addresses without TRUST_PROXY', () => {
  it('ignores X-Forwarded-For, so a client cannot pick a fresh address per request', async () => {
    const h = await startHarness('sec-noproxy', { RATE_LIMIT_PER_IP: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await h.http.get('/api/jobs').set('X-Forwarded-For', `192.0.2.${i}`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await h.close();
    }
  });
});

describe('headers and CORS', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness('sec-headers', { CORS_ORIGINS: 'https://h5.example.org, http://127.0.0.1:10086' }); });
  afterAll(async () => { await h.close(); });

  it('sets security headers on answers and errors alike, without HSTS outside production', async () => {
    for (const res of [await h.http.get('/api/jobs'), await h.http.get('/api/nope'), await h.http.post('/api/auth/dev-login').send({})]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('varies every answer on Origin, with or without one (@koa/cors)', async () => {
    for (const res of [await h.http.get('/api/jobs'), await h.http.get('/api/nope'), await h.http.get('/api/jobs').set('Origin', 'https://h5.example.org'), await h.http.get('/api/jobs').set('Origin', 'https://evil.example.com')]) {
      expect(res.headers.vary).toMatch(/\bOrigin\b/);
      expect(res.headers.vary?.match(/Origin/g)).toHaveLength(1);
    }
  });

  it('sends Access-Control-Allow-Origin to an allowed origin only', async () => {
    const ok = await h.http.get('/api/jobs').set('Origin', 'https://h5.example.org');
    expect(ok.headers['access-control-allow-origin']).toBe('https://h5.example.org');
    const bad = await h.http.get('/api/jobs').set('Origin', 'https://evil.example.com');
    expect(bad.headers['access-control-allow-origin']).toBeUndefined();
    const error = await h.http.get('/api/me').set('Origin', 'https://h5.example.org');
    expect(error.status).toBe(401);
    expect(error.headers['access-control-allow-origin']).toBe('https://h5.example.org');
  });

  it('answers a preflight from an allowed origin and not from others', async () => {
    const ok = await h.http.options('/api/applications').set('Origin', 'http://127.0.0.1:10086')
      .set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('http://127.0.0.1:10086');
    expect(ok.headers['access-control-allow-methods']).toContain('POST');
    expect(ok.headers['access-control-allow-headers']).toMatch(/Authorization/);
    const bad = await h.http.options('/api/applications').set('Origin', 'https://evil.example.com').set('Access-Control-Request-Method', 'POST');
    expect(bad.headers['access-control-allow-origin']).toBeUndefined();
    expect(bad.headers['access-control-allow-methods']).toBeUndefined();
  });
});

describe('in production', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness('sec-prod', { NODE_ENV: 'production', CORS_ORIGINS: '' }); });
  afterAll(async () => { await h.close(); });

  it('answers an internal error with the generic localised message only', async () => {
    const jobs = h.app.services.jobs as unknown as Record<string, unknown>;
    // GET /api/jobs answers through the job search service (modules/jobs).
    const original = jobs.searchBody;
    jobs.searchBody = async () => {
      const err = new Error('MongoServerError: E11000 duplicate key error collection: bay.jobs index: secret_1 at /srv/app/node_modules/mongodb/lib/x.js:12');
      err.name = 'MongoServerError';
      throw err;
    };
    try {
      for (const [lang, t] of [['en', en], ['zh-Hant', zhHant]] as const) {
        const res = await h.http.get(`/api/jobs?lang=${lang}`);
        expect(res.status).toBe(500);
        expect(res.body).toEqual({ error: { code: 'internal', message: t('e.internal') } });
        expect(res.text).not.toMatch(/Mongo|E11000|stack|node_modules|at \//);
      }
    } finally {
      jobs.searchBody = original;
    }
  });

  it('sends HSTS and hides the development sign-in', async () => {
    const res = await h.http.post('/api/auth/dev-login').send({ handle: 'prod-user' });
    expect(res.status).toBe(404);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+; includeSubDomains/);
  });
});

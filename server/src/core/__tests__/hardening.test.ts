/**
 * Holes found from outside (hardening issue), each with the request that opened it:
 * rate limits escaped by a path's case or a trailing slash, a body declared compressed that is not
 * (500), bind codes guessed through the bot's one bucket, slow bodies holding a connection, and a
 * session token without `exp`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { SignJWT } from 'jose';
import { translator } from '@bay/shared';
import { createHttpServer } from '../http.js';
import { canonicalPath } from '../security.js';
import { startHarness, type Harness } from '../../__tests__/harness.js';
import { startTestServer, type TestServer } from '../../testing.js';

const en = translator('en');

describe('canonicalPath', () => {
  it('folds case, repeated slashes and a trailing slash, as the router matches', () => {
    expect(canonicalPath('/api/Auth/dev-login')).toBe('/api/auth/dev-login');
    expect(canonicalPath('/API//BIND-CODES/')).toBe('/api/bind-codes');
    expect(canonicalPath('/')).toBe('/');
  });
});

describe('rate-limited paths in any case or with a trailing slash', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('hard-case', {
      TRUST_PROXY: 'true', RATE_LIMIT_AUTH_PER_IP: '3', RATE_LIMIT_BIND_CODES_PER_ACCOUNT: '2', RATE_LIMIT_PER_IP: '1000',
    });
  });
  afterAll(async () => { await h.close(); });

  it('counts every spelling of a sign-in path against one bucket', async () => {
    const ip = { 'X-Forwarded-For': '203.0.113.20' };
    const spellings = ['/api/auth/dev-login', '/api/Auth/dev-login', '/API/AUTH/DEV-LOGIN/', '/api/auth/dev-login/', '/Api/Auth/Dev-Login'];
    const statuses: number[] = [];
    for (const [i, path] of spellings.entries()) statuses.push((await h.http.post(path).set(ip).send({ handle: `case-${i}` })).status);
    // The router answers every spelling (so each must be counted): three sign-ins, then 429s.
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('counts every spelling of bind-code creation against the account', async () => {
    const { auth } = await h.login('case-binder');
    const statuses: number[] = [];
    for (const path of ['/api/bind-codes', '/api/Bind-Codes', '/api/BIND-CODES', '/api/bind-codes/']) {
      statuses.push((await h.http.post(path).set(auth).set('X-Forwarded-For', '203.0.113.21')).status);
    }
    expect(statuses).toEqual([201, 201, 429, 429]);
    expect(await h.app.services.models.bindCodes.countDocuments({})).toBe(2);
  });

  it('loads the session on an upper-case /API path like on /api', async () => {
    const { auth } = await h.login('case-me');
    const res = await h.http.get('/API/ME').set(auth).set('X-Forwarded-For', '203.0.113.22');
    expect(res.status).toBe(200);
  });
});

describe('a body whose Content-Encoding does not match', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness('hard-enc'); });
  afterAll(async () => { await h.close(); });
  const body = JSON.stringify({ handle: 'enc-user' });

  for (const encoding of ['gzip', 'deflate', 'br']) {
    it(`answers 400 badEncoding for a plain body declared ${encoding}, in the request language`, async () => {
      const res = await h.http.post('/api/auth/dev-login').set('Content-Type', 'application/json').set('Content-Encoding', encoding)
        .set('Accept-Language', 'en').send(body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: { code: 'badEncoding', message: en('e.badEncoding') } });
      expect(await h.app.services.models.users.countDocuments({})).toBe(0);
    });
  }

  it('still takes a body that is compressed as declared', async () => {
    // Through fetch: supertest would serialise a Buffer as JSON under a JSON content type.
    const server = createHttpServer(h.app.callback(), h.config.connections);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    for (const [encoding, packed] of [['gzip', gzipSync(body)], ['deflate', deflateSync(body)], ['br', brotliCompressSync(body)]] as const) {
      const res = await fetch(`http://127.0.0.1:${port}/api/auth/dev-login`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body: packed,
      });
      expect({ encoding, status: res.status }).toEqual({ encoding, status: 200 });
    }
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers an unknown encoding with 415', async () => {
    const res = await h.http.post('/api/auth/dev-login').set('Content-Type', 'application/json').set('Content-Encoding', 'zstd-nope').send(body);
    expect(res.status).toBe(415);
  });
});

describe('binding through the bot', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('hard-bind', {
      RATE_LIMIT_BIND_PER_CONTACT: '3', RATE_LIMIT_BIND_PER_CODE: '4', RATE_LIMIT_BIND_TOTAL: '12', RATE_LIMIT_INTERNAL: '50',
    });
  });
  afterAll(async () => { await h.close(); });
  const bind = (code: string, contactId: string) => h.http.post('/internal/bind').set(h.bot).send({ code, contactId });

  it('limits attempts per contact, per code and in total, apart from delivery', async () => {
    // One contact guessing: three attempts, then 429 even with another code.
    const one: number[] = [];
    for (const code of ['AAAAA2', 'AAAAA3', 'AAAAA4', 'AAAAA5']) one.push((await bind(code, 'guesser-1')).status);
    expect(one).toEqual([400, 400, 400, 429]);

    // One code tried by many contacts: four attempts, then 429.
    const shared: number[] = [];
    for (let i = 0; i < 5; i++) shared.push((await bind('BBBBB2', `contact-${i}`)).status);
    expect(shared).toEqual([400, 400, 400, 400, 429]);

    // All contacts together: 12 attempts in the window; 4 + 5 were used above (the 429s count too).
    const spread: number[] = [];
    for (let i = 0; i < 5; i++) spread.push((await bind(`CCCC${'23456789'[i]}2`, `spread-${i}`)).status);
    expect(spread.slice(0, 3)).toEqual([400, 400, 400]);
    expect(spread.slice(3)).toEqual([429, 429]);

    // The bot's delivery calls have their own bucket: still answered.
    const claim = await h.http.post('/internal/outbox/claim').set(h.bot).send({ workerId: 'w-hard' });
    expect(claim.status).toBe(200);
  });

  it('still binds a real code for a contact within its attempts', async () => {
    const h2 = await startHarness('hard-bind-ok', { RATE_LIMIT_BIND_PER_CONTACT: '3' });
    try {
      const { auth } = await h2.login('real-binder');
      const { code } = (await h2.http.post('/api/bind-codes').set(auth)).body as { code: string };
      expect((await h2.http.post('/internal/bind').set(h2.bot).send({ code: 'ZZZZZ2', contactId: 'real' })).status).toBe(400);
      expect((await h2.http.post('/internal/bind').set(h2.bot).send({ code, contactId: 'real' })).status).toBe(200);
    } finally {
      await h2.close();
    }
  });
});

describe('session tokens', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness('hard-jwt'); });
  afterAll(async () => { await h.close(); });

  it('refuses a token signed with the real secret but without exp', async () => {
    const { user } = await h.login('no-exp');
    const key = new TextEncoder().encode(h.config.sessionSecret);
    const forever = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setIssuedAt().sign(key);
    expect((await h.http.get('/api/me').set('Authorization', `Bearer ${forever}`)).status).toBe(401);
    const dated = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setIssuedAt().setExpirationTime('1h').sign(key);
    expect((await h.http.get('/api/me').set('Authorization', `Bearer ${dated}`)).status).toBe(200);
  });
});

/** Opens a raw connection; resolves with what the server wrote and when it closed (ms after open). */
function rawConnection(port: number): { socket: Socket; closed: Promise<{ text: string; afterMs: number }> } {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => { text += chunk; });
  socket.on('error', () => undefined);
  const closed = new Promise<{ text: string; afterMs: number }>((resolve) => socket.on('close', () => resolve({ text, afterMs: Date.now() - started })));
  return { socket, closed };
}

describe('slow clients and many connections (the server main.ts runs)', () => {
  let server: TestServer;
  let port: number;
  beforeAll(async () => {
    server = await startTestServer({
      env: { REQUEST_TIMEOUT_MS: '1500', HEADERS_TIMEOUT_MS: '1000', RATE_LIMIT_AUTH_PER_IP: '1' },
    });
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => { await server.close(); });

  it('closes a connection whose body trickles in slower than the request deadline', async () => {
    const { socket, closed } = rawConnection(port);
    socket.write('POST /api/enquiries/answer HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
    const drip = setInterval(() => { if (!socket.destroyed) socket.write(' '); }, 200);
    const { text, afterMs } = await closed;
    clearInterval(drip);
    expect(afterMs).toBeLessThan(6000);
    expect(text).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection whose headers never end', async () => {
    const { socket, closed } = rawConnection(port);
    socket.write('GET /api/jobs HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => { if (!socket.destroyed) socket.write('X-Slow: 1\r\n'); }, 200);
    const { afterMs } = await closed;
    clearInterval(drip);
    expect(afterMs).toBeLessThan(6000);
  });

  it('answers a rate-limited request at once and closes it instead of reading the rest of its body', async () => {
    await fetch(`${server.url}/api/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"handle":"slow-1"}' });
    const { socket, closed } = rawConnection(port);
    socket.write('POST /api/auth/dev-login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"handle":');
    const drip = setInterval(() => { if (!socket.destroyed) socket.write(' '); }, 100);
    const { text, afterMs } = await closed;
    clearInterval(drip);
    expect(text).toMatch(/^HTTP\/1\.1 429/);
    expect(text.toLowerCase()).toContain('connection: close');
    expect(afterMs).toBeLessThan(1000);
  });

  it('closes connections from one address beyond the cap', async () => {
    // A server of its own: the other tests' keep-alive connections would count against the cap.
    const capped = await startTestServer({ env: { CONNECTIONS_PER_ADDRESS: '4' } });
    try {
      const cappedPort = Number(new URL(capped.url).port);
      const open = Array.from({ length: 4 }, () => rawConnection(cappedPort));
      await new Promise((r) => setTimeout(r, 200));
      const extra = rawConnection(cappedPort);
      const { afterMs } = await extra.closed;
      expect(afterMs).toBeLessThan(1000);
      expect(open.every((c) => !c.socket.destroyed)).toBe(true);
      for (const c of open) c.socket.destroy();
      await Promise.all(open.map((c) => c.closed));
      // Closed connections are no longer counted.
      const res = await fetch(`${capped.url}/healthz`, { headers: { connection: 'close' } });
      expect(res.status).toBe(200);
    } finally {
      await capped.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Koa from 'koa';
import { pino } from 'pino';
import supertest from 'supertest';
import { Writable } from 'node:stream';
import { Types, type Connection } from 'mongoose';
import { createApp } from '../../app.js';
import { loadConfig } from '../config.js';
import { connectDb, ensureIndexes } from '../db.js';
import { errorMiddleware, requestLogMiddleware } from '../errors.js';
import { seedDemoData } from '../../seed/seed.js';
import { HKID_OK, testEnv } from '../../__tests__/harness.js';
import { freshTestDatabaseUri as testDatabaseUri } from '../../testing.js';

function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

describe('logging', () => {
  const { lines, logger } = captureLogger();
  let http: ReturnType<typeof supertest>;
  let close: () => Promise<void>;
  let conn: Connection;
  let botToken: string;

  beforeAll(async () => {
    const config = loadConfig(testEnv({ MONGODB_URI: testDatabaseUri('logs') }));
    botToken = config.botApiToken;
    conn = await connectDb(config.mongoUri);
    const app = createApp(config, { conn, logger });
    await ensureIndexes(app.services.models);
    await seedDemoData(conn);
    http = supertest(app.callback());
    close = async () => { await conn.dropDatabase(); await conn.close(); };
  });
  afterAll(async () => { await close(); });

  it('writes one request line per request and never tokens, phones or document numbers', async () => {
    const session = (await http.post('/api/auth/dev-login').send({ handle: 'log-user' })).body as { token: string };
    const jobId = (await http.get('/api/jobs').query({ limit: 1 })).body.items[0].id as string;
    const res = await http.post('/api/applications').set('Authorization', `Bearer ${session.token}`)
      .send({ jobId, name: 'Log Test', phone: '+852 9876 5432', docType: 'hkid', docNumber: HKID_OK, resume: 'r' });
    expect(res.status).toBe(201);
    await http.post('/api/applications').set('Authorization', `Bearer ${session.token}`)
      .send({ jobId, name: 'Log Test', phone: '98765432', docType: 'hkid', docNumber: 'A123456(4)', resume: 'r' });
    const all = lines.join('');
    expect(all).not.toContain(session.token);
    expect(all).not.toContain('98765432');
    expect(all).not.toMatch(/A123456/);
    const requests = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
    expect(requests.at(-2)).toMatchObject({ method: 'POST', path: '/api/applications', status: 201, ms: expect.any(Number) });
    expect(requests.at(-1)).toMatchObject({ status: 400 });
  });

  it('logs the bot workers\' polling and health checks at debug, and their failures at info', async () => {
    const before = lines.length;
    const poll = await http.post('/internal/outbox/claim').set('Authorization', `Bearer ${botToken}`).send({ workerId: 'log-worker', limit: 1, leaseMs: 1000, waitMs: 0 });
    expect(poll.status).toBe(200);
    expect((await http.get('/healthz')).status).toBe(200);
    expect((await http.post('/internal/outbox/claim').set('Authorization', 'Bearer wrong-token-wrong-token-wrong-token').send({})).status).toBe(401);
    expect((await http.get('/api/jobs').query({ limit: 1 })).status).toBe(200);
    const requests = lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
    expect(requests.map((r) => [r.path, r.status])).toEqual([['/internal/outbox/claim', 401], ['/api/jobs', 200]]);

    const debugLines: string[] = [];
    const debugLogger = pino({ level: 'debug' }, new Writable({ write(chunk, _enc, cb) { debugLines.push(String(chunk)); cb(); } }));
    const koa = new Koa();
    koa.use(requestLogMiddleware(debugLogger));
    koa.use((ctx) => { ctx.body = 'ok'; });
    await supertest(koa.callback()).post('/internal/outbox/claim');
    expect(JSON.parse(debugLines[0]!)).toMatchObject({ level: 20, path: '/internal/outbox/claim', status: 200, msg: 'request' });
  });

  it('never logs the values on the decrypt paths: masked reads, the admin reveal, a value that fails to decrypt', async () => {
    const resident = (await http.post('/api/auth/dev-login').send({ handle: 'log-reveal-res' })).body as { token: string };
    const reviewer = (await http.post('/api/auth/dev-login').send({ handle: 'log-reveal-rev', role: 'reviewer' })).body as { token: string };
    const jobId = (await http.get('/api/jobs').query({ limit: 2 })).body.items[1].id as string;
    const created = await http.post('/api/applications').set('Authorization', `Bearer ${resident.token}`)
      .send({ jobId, name: 'Log Reveal', phone: '+853 6612 3456', docType: 'macao_id', docNumber: '1234567(8)', resume: 'r' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const staff = { Authorization: `Bearer ${reviewer.token}` };
    expect((await http.get(`/api/applications/${id}`).set(staff)).status).toBe(200);
    expect((await http.get('/api/admin/applications').set(staff)).status).toBe(200);
    const revealed = await http.post(`/api/admin/applications/${id}/reveal`).set(staff).send({ reason: 'Logging check', fields: ['phone', 'docNumber'] });
    expect(revealed.body).toMatchObject({ phone: '+85366123456', docNumber: '12345678' });

    // A stored value altered behind the server's back: the read fails loudly (500, logged) without the value.
    const stored = await conn.db!.collection('applications').findOne({ _id: new Types.ObjectId(id) });
    const altered = `${String(stored!.docNumber).slice(0, -2)}AA`;
    await conn.db!.collection('applications').updateOne({ _id: stored!._id }, { $set: { docNumber: altered } });
    const failed = await http.get(`/api/applications/${id}`).set(staff);
    expect(failed.status).toBe(500);
    expect(failed.text).not.toMatch(/enc:v1|12345678|66123456/);

    const all = lines.join('');
    expect(all).toContain('failed authentication');
    for (const secret of ['66123456', '6612 3456', '12345678', '1234567(8)', String(stored!.phone), String(stored!.docNumber), altered, reviewer.token]) {
      expect(all).not.toContain(secret);
    }
    expect(all).not.toContain('Logging check');
    const requests = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');
    expect(requests.some((r) => r.path === `/api/admin/applications/${id}/reveal` && r.status === 200)).toBe(true);
  });
});

describe('unexpected errors', () => {
  it('answer 500 internal without leaking the message or stack, and are logged', async () => {
    const { lines, logger } = captureLogger();
    const app = new Koa();
    app.silent = true;
    app.use(errorMiddleware(logger));
    app.use(() => { throw new Error('secret internals at /srv/db.ts:42'); });
    const res = await supertest(app.callback()).get('/x').set('Accept-Language', 'en');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'Something went wrong. Please try again later.' } });
    expect(res.text).not.toContain('secret internals');
    expect(lines.join('')).toContain('secret internals');
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Koa from 'koa';
import { pino } from 'pino';
import supertest from 'supertest';
import { Writable } from 'node:stream';
import { createApp } from '../../app.js';
import { loadConfig } from '../config.js';
import { connectDb, ensureIndexes } from '../db.js';
import { errorMiddleware } from '../errors.js';
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

  beforeAll(async () => {
    const config = loadConfig(testEnv({ MONGODB_URI: testDatabaseUri('logs') }));
    const conn = await connectDb(config.mongoUri);
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

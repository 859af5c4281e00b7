import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import supertest from 'supertest';
import { createApp } from '../../app.js';
import { loadConfig } from '../config.js';
import { openConnection } from '../db.js';
import { createLogger } from '../logger.js';
import { startHarness, testEnv, type Harness } from '../../__tests__/harness.js';

describe('HTTP basics', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness('http'); });
  afterAll(async () => { await h.close(); });

  it('answers an unknown route with 404 in the requested language', async () => {
    const res = await h.http.get('/api/nothing-here').set('Accept-Language', 'en-GB,en;q=0.8');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'notFound', message: 'Not found' } });
    const zh = await h.http.get('/nope?lang=zh-Hant');
    expect(zh.body.error.message).toBe('找不到相關內容');
  });

  it('rejects malformed JSON with 400 badJson', async () => {
    const res = await h.http.post('/api/auth/dev-login').set('Content-Type', 'application/json').send('{"handle": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('badJson');
  });

  it('rejects a body over 64 kB with 413', async () => {
    const res = await h.http.post('/api/auth/dev-login').set('Content-Type', 'application/json')
      .send(JSON.stringify({ handle: 'x'.repeat(70_000) }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payloadTooLarge');
  });

  it('reports the database up on /healthz', async () => {
    const res = await h.http.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, db: 'up' });
  });

  it('translates zod built-in messages and unknown keys', async () => {
    const res = await h.http.post('/api/auth/dev-login?lang=en').send({ handle: 'Bad Handle!', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'validation',
      message: 'Some fields need your attention',
      fields: { handle: 'Lower-case letters, digits and hyphens only (3–40 characters)', extra: 'Field not allowed' },
    });
  });
});

describe('when the database is unreachable', () => {
  it('answers 503 unavailable quickly instead of hanging or 500', async () => {
    const config = loadConfig(testEnv({ MONGODB_URI: 'mongodb://127.0.0.1:1/none' }));
    const conn = openConnection(config.mongoUri);
    conn.asPromise().catch(() => undefined);
    const app = createApp(config, { conn, logger: createLogger('silent') });
    const http = supertest(app.callback());
    try {
      const started = Date.now();
      const jobs = await http.get('/api/jobs').set('Accept-Language', 'en');
      expect(jobs.status).toBe(503);
      expect(jobs.body.error).toEqual({ code: 'unavailable', message: 'The service is temporarily unavailable. Please try again later.' });
      const health = await http.get('/healthz');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ ok: false, db: 'down' });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await conn.close().catch(() => undefined);
    }
  });
});

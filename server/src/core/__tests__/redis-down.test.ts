/**
 * Redis (REDIS_URL) unreachable: what docs/deployment.md promises. Reads go on; rate limits hold
 * per instance (rate-limiter-flexible's insurance limiter in memory); a write that needs a lock
 * shared across instances (on FerretDB, every write section) answers 503 `unavailable` at once,
 * localised, instead of hanging through the client's reconnect attempts and ending in a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { translator } from '@bay/shared';
import { startHarness, type Harness } from '../../__tests__/harness.js';

describe('with Redis unreachable', () => {
  let h: Harness;
  // Nothing listens on port 1.
  beforeAll(async () => { h = await startHarness('redis-down', { REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_AUTH_PER_IP: '3', RATE_LIMIT_PER_IP: '1000' }); });
  afterAll(async () => { await h.close(); });

  it('still answers reads', async () => {
    const res = await h.http.get('/api/jobs');
    expect(res.status).toBe(200);
  });

  it('answers a write that needs a shared lock with a quick localised 503, and still rate-limits', async () => {
    const answers: { status: number; code: string; ms: number }[] = [];
    for (let i = 0; i < 4; i++) {
      const t0 = Date.now();
      const res = await h.http.post('/api/auth/dev-login').set('Accept-Language', 'zh-HK').send({ handle: `redis-down-${i}` });
      answers.push({ status: res.status, code: res.body.error?.code, ms: Date.now() - t0 });
      if (res.status === 503) expect(res.body.error.message).toBe(translator('zh-Hant')('e.unavailable'));
    }
    expect(answers.map((a) => [a.status, a.code])).toEqual([[503, 'unavailable'], [503, 'unavailable'], [503, 'unavailable'], [429, 'rateLimited']]);
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(2000);
    expect(await h.app.services.models.users.countDocuments({})).toBe(0);
  });

  it('says where its shared state is', async () => {
    expect(await h.app.services.shared.describe()).toMatchObject({ engine: 'ferretdb', shared: 'redis redis://127.0.0.1:1', locks: 'Redis lock shared by all instances' });
  });
});

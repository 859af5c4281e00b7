import { describe, expect, it } from '@jest/globals';
import { startTestServer } from '../testing.js';

describe('startTestServer', () => {
  it('serves the API on a free port with dev login and the bot token', async () => {
    const server = await startTestServer({ seed: true });
    try {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true, db: 'up' });
      const session = await server.devLogin('tester-one', 'reviewer', 'en');
      expect(session.user).toMatchObject({ role: 'reviewer', lang: 'en', botBound: false });
      const jobs = await (await fetch(`${server.url}/api/jobs?limit=5`)).json() as { items: unknown[] };
      expect(jobs.items).toHaveLength(5);
      const claim = await fetch(`${server.url}/internal/outbox/claim`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.botToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ workerId: 'w1' }),
      });
      expect(claim.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

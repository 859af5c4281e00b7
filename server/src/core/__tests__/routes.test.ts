import { describe, expect, it } from '@jest/globals';
import Koa from 'koa';
import { Router } from '@koa/router';
import request from 'supertest';
import { listRoutes, tagMiddleware } from '../routes.js';

/** Module routers mounted the way createApp mounts them: each router's routes(), then a 404. */
function app(...routers: Router[]) {
  const koa = new Koa();
  for (const r of routers) koa.use(r.routes());
  koa.use((ctx) => {
    ctx.status = 404;
    ctx.body = 'fell through';
  });
  return { koa, http: request(koa.callback()) };
}

function modules(): Router[] {
  const jobs = new Router();
  jobs.get('/api/jobs', (ctx) => { ctx.body = 'list'; });
  jobs.get('/api/jobs/:id', (ctx) => { ctx.body = `job ${String(ctx.params.id)}`; });
  jobs.put('/api/me/saved/:id', (ctx) => { ctx.body = 'saved'; });
  const health = new Router();
  health.get('/healthz', (ctx) => { ctx.body = 'ok'; });
  return [health, jobs];
}

describe('module routers mounted as they are', () => {
  // canonicalPath (core/security.ts) relies on this: the router ignores case and a trailing slash.
  it('answers whatever the case or a trailing slash of the path, with params, HEAD for GET, and 404 for the rest', async () => {
    const { http } = app(...modules());
    expect((await http.get('/api/jobs')).text).toBe('list');
    expect((await http.get('/API/Jobs/')).text).toBe('list');
    expect((await http.get('/api/jobs/42')).text).toBe('job 42');
    expect((await http.get('/healthz/')).text).toBe('ok');
    expect((await http.put('/api/me/saved/7')).text).toBe('saved');
    expect((await http.head('/api/jobs')).status).toBe(200);
    for (const path of ['/api/jobz', '/api/jobs/1/2', '/healthz/extra', '/', '//api//jobs']) {
      const res = await http.get(path);
      expect([res.status, res.text]).toEqual([404, 'fell through']);
    }
    // No allowedMethods(): a known path with another method is a 404 like any other, not a 405.
    const wrongMethod = await http.post('/api/jobs');
    expect([wrongMethod.status, wrongMethod.text, wrongMethod.headers.allow]).toEqual([404, 'fell through', undefined]);
  });
});

describe('listRoutes', () => {
  it('lists every route of every mounted router with the guards tagged on it, router-level ones included', () => {
    const guard = tagMiddleware(async (_ctx: Koa.Context, next: Koa.Next) => next(), { access: { kind: 'bot' } });
    const internal = new Router();
    internal.use(guard);
    internal.post('/internal/things/:id', (ctx) => { ctx.body = 'ok'; });
    const { koa } = app(...modules(), internal);
    expect(listRoutes(koa).map((r) => `${r.method} ${r.path} ${r.access}`).sort()).toEqual([
      'GET /api/jobs public', 'GET /api/jobs/:id public', 'GET /healthz public', 'POST /internal/things/:id bot', 'PUT /api/me/saved/:id public',
    ]);
    expect(listRoutes(koa).find((r) => r.method === 'POST')?.paramNames).toEqual(['id']);
  });
});

import { describe, expect, it } from '@jest/globals';
import Koa from 'koa';
import { Router } from '@koa/router';
import request from 'supertest';
import { listRoutes, routeByPrefix } from '../routes.js';

/** routeByPrefix: the same answers as the whole router, with each request tested against its prefix's routes only. */
function app(root: Router) {
  const koa = new Koa();
  const dispatch = routeByPrefix(root);
  koa.use(dispatch);
  koa.use((ctx) => {
    ctx.status = 404;
    ctx.body = 'fell through';
  });
  return { koa, dispatch, http: request(koa.callback()) };
}

function sample(extra?: (r: Router) => void): Router {
  const jobs = new Router();
  jobs.get('/api/jobs', (ctx) => { ctx.body = 'list'; });
  jobs.get('/api/jobs/:id', (ctx) => { ctx.body = `job ${String(ctx.params.id)}`; });
  jobs.put('/api/me/saved/:id', (ctx) => { ctx.body = 'saved'; });
  const health = new Router();
  health.get('/healthz', (ctx) => { ctx.body = 'ok'; });
  const root = new Router();
  root.use(health.routes());
  root.use(jobs.routes());
  extra?.(root);
  return root;
}

describe('routeByPrefix', () => {
  it('groups routes by their first two segments and answers as @koa/router would (case, trailing slash, params, methods)', async () => {
    const { dispatch, http } = app(sample());
    expect(dispatch.groups).toBe(3); // /healthz, /api/jobs, /api/me
    expect((await http.get('/api/jobs')).text).toBe('list');
    expect((await http.get('/API/Jobs/')).text).toBe('list');
    expect((await http.get('/api/jobs/42')).text).toBe('job 42');
    expect((await http.get('/healthz/')).text).toBe('ok');
    expect((await http.put('/api/me/saved/7')).text).toBe('saved');
    expect((await http.head('/api/jobs')).status).toBe(200);
    // No route: the next middleware answers, as after the whole router.
    for (const path of ['/api/jobz', '/api/jobs/1/2', '/healthz/extra', '/', '//api//jobs']) {
      const res = await http.get(path);
      expect([res.status, res.text]).toEqual([404, 'fell through']);
    }
    expect((await http.post('/api/jobs')).text).toBe('fell through'); // wrong method
  });

  it('keeps the whole router when a prefix is not fixed, and lists every route either way', async () => {
    const root = sample((r) => r.get('/files/meta/:name', (ctx) => { ctx.body = 'meta'; }));
    const params = sample((r) => r.get('/:lang/help', (ctx) => { ctx.body = `help ${String(ctx.params.lang)}`; }));
    const fixedApp = app(root);
    const paramApp = app(params);
    expect(fixedApp.dispatch.groups).toBe(4);
    expect((await fixedApp.http.get('/files/meta/a.txt')).text).toBe('meta');
    expect(paramApp.dispatch.groups).toBe(0);
    expect((await paramApp.http.get('/en/help')).text).toBe('help en');
    expect((await paramApp.http.get('/api/jobs/3')).text).toBe('job 3');
    expect(listRoutes(fixedApp.koa).map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      ['GET /api/jobs', 'GET /api/jobs/:id', 'GET /files/meta/:name', 'GET /healthz', 'PUT /api/me/saved/:id'],
    );
  });
});

// scratch: rps of stack variants (not committed)
import Koa from 'koa';
import { Router } from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import cors from '@koa/cors';
import autocannon from 'autocannon';
import { createServer } from 'node:http';
import { fork } from 'node:child_process';
import { EnquiryAnswerBody } from '@bay/shared';
import { errorMiddleware, requestLogMiddleware } from '../server/src/core/errors.js';
import { createLogger } from '../server/src/core/logger.js';
import { rateLimits, rejectOperatorKeys, requireJsonBody, securityHeaders } from '../server/src/core/security.js';
import { validate } from '../server/src/core/validate.js';

const variant = process.env.VARIANT;
if (variant !== undefined) {
  const off = new Set(variant.split(',').filter(Boolean));
  const logger = createLogger('warn');
  const koa = new Koa();
  koa.silent = true;
  const limits = rateLimits({ rateLimits: { windowSeconds: 60, perIp: 1e9, authPerIp: 1e9, internal: 1e9, perAccount: 1e9, bindCodesPerAccount: 1e9 }, botApiToken: 'x'.repeat(40) } as never);
  if (!off.has('log')) koa.use(requestLogMiddleware(logger));
  if (!off.has('err')) koa.use(errorMiddleware(logger));
  if (!off.has('helmet')) koa.use(securityHeaders({ env: 'development' }));
  if (!off.has('cors')) koa.use(cors({ origin: (ctx) => (['http://a'].includes(ctx.get('origin')) ? ctx.get('origin') : ''), allowMethods: ['GET', 'POST'], maxAge: 600 }));
  if (!off.has('limit')) koa.use(limits.limitByClient);
  if (!off.has('guard')) koa.use(async (ctx, next) => { if (ctx.path === 'x') throw new Error(); await next(); });
  if (!off.has('415')) koa.use(requireJsonBody());
  if (!off.has('body')) koa.use(bodyParser({ enableTypes: ['json'], jsonLimit: '64kb', encoding: 'utf-8' }));
  if (!off.has('keys')) koa.use(rejectOperatorKeys());
  if (!off.has('session')) koa.use(async (ctx, next) => { if (ctx.path.startsWith('/api/') && /^Bearer\s+(.+)$/i.exec(ctx.get('authorization'))) throw new Error(); await next(); });
  if (!off.has('account')) koa.use(limits.limitByAccount);
  const router = new Router();
  const v = off.has('validate') ? [] : [validate({ body: EnquiryAnswerBody })];
  router.post('/api/enquiries/answer', ...v, async (ctx) => { ctx.body = { answer: 'hi', lang: 'en', intent: 'greeting', confidence: 1, sources: [] }; });
  koa.use(router.routes());
  process.on('message', () => process.send!(process.cpuUsage()));
  if (off.has('NOOP10')) { koa.middleware.length = 0; for (let i = 0; i < 10; i++) koa.use(async (ctx, next) => { if (ctx.path === 'x') throw new Error(); await next(); }); }
  if (off.has('ALL')) { koa.middleware.length = 0; koa.use((ctx) => { if (ctx.path === '/api/enquiries/answer') ctx.body = { ok: true }; }); }
  if (off.has('BODY')) { koa.middleware.length = 0; koa.use(bodyParser({ enableTypes: ['json'], jsonLimit: '64kb', encoding: 'utf-8' })); koa.use((ctx) => { if (ctx.path === '/api/enquiries/answer') ctx.body = { ok: true }; }); }
  if (off.has('READ')) { koa.middleware.length = 0; koa.use(async (ctx, next) => { const chunks: Buffer[] = []; for await (const c of ctx.req) chunks.push(c as Buffer); (ctx.request as any).body = JSON.parse(Buffer.concat(chunks).toString()); await next(); }); koa.use((ctx) => { if (ctx.path === '/api/enquiries/answer') ctx.body = { ok: true }; }); }
  if (off.has('READ2')) { koa.middleware.length = 0; koa.use(async (ctx, next) => { const s = await new Promise<string>((res, rej) => { let str = ''; ctx.req.setEncoding('utf8'); ctx.req.on('data', (c: string) => { str += c; }); ctx.req.on('end', () => res(str)); ctx.req.on('error', rej); }); (ctx.request as any).body = JSON.parse(s); await next(); }); koa.use((ctx) => { if (ctx.path === '/api/enquiries/answer') ctx.body = { ok: true }; }); }
  createServer(koa.callback()).listen(Number(process.env.PORT), '127.0.0.1', () => process.send!('up'));
} else {
  const variants = (process.argv[2] ?? ',body,helmet,validate,limit').split(';');
  const rows = [];
  for (const round of [1, 2]) {
    for (const v of variants) {
      const port = 46000 + Math.floor(Math.random() * 1000);
      const child = fork(new URL(import.meta.url).pathname, [], { env: { ...process.env, VARIANT: v, PORT: String(port) }, execArgv: ['--conditions=development', '--import', 'tsx'] });
      await new Promise((r) => child.once('message', r));
      const cpu = () => { child.send('cpu'); return new Promise<NodeJS.CpuUsage>((r) => child.once('message', (m) => r(m as NodeJS.CpuUsage))); };
      const c0 = await cpu();
      const get = v.includes('GET');
      const r = await autocannon({ url: `http://127.0.0.1:${port}/api/enquiries/answer`, connections: 20, duration: 4, ...(get ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"hello"}' }) });
      const c1 = await cpu();
      const us = (c1.user + c1.system - c0.user - c0.system) / (r.requests.total || 1);
      rows.push({ round, off: v || '(none)', rps: Math.round(r.requests.average), p99: r.latency.p99, non2xx: r.non2xx, 'cpu µs/req': Math.round(us) });
      child.kill();
    }
  }
  console.table(rows);
  process.exit(0);
}

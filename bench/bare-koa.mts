// The baseline: a bare Koa endpoint, run as its own process like the real server (same `koa`
// package, the workspace's one copy).
//
// `GET /bare` answers { ok: true }; `GET /bare?bytes=N` answers a JSON body of about N bytes (a
// prebuilt string), to tell the cost of a larger response apart from the cost of the server's own
// stack.
//
// `POST /bare` is the like-for-like counterpart of POST /api/enquiries/answer. Two middlewares:
//  1. a JSON body reader (plain 'data'/'end' events and JSON.parse, for `application/json` POSTs;
//     the server reads the same requests with @koa/bodyparser, core/body.ts), then
//  2. the handler, which reads `question` from the parsed body and answers a JSON object that Koa
//     serialises per request (`application/json; charset=utf-8`): with BARE_RESPONSE set (the
//     enquiry bench passes a real answer of median size, so the bytes sent are those of a typical
//     answer) that object, else { ok: true }.
// Not included, on purpose (they are what the comparison measures): the server's security
// headers, CORS, rate limiter, database guard, content-type check, operator-key scan, session,
// validation, access log, error shaping, routing and the body parser library.
import Koa from 'koa';
const app = new Koa();
const bodies = new Map<number, string>();
const answer: unknown = process.env.BARE_RESPONSE ? JSON.parse(process.env.BARE_RESPONSE) : null;
// Plain 'data'/'end' events (cheaper than an async iterator over the stream).
function readJson(req: NodeJS.ReadableStream): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        resolve(JSON.parse((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8')));
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}
app.use(async (ctx, next) => {
  if (ctx.method === 'POST' && ctx.req.headers['content-type'] === 'application/json') {
    (ctx.request as { body?: unknown }).body = await readJson(ctx.req);
  }
  await next();
});
app.use(async (ctx) => {
  if (ctx.path !== '/bare') return;
  if (ctx.method === 'POST') {
    const { question } = ((ctx.request as { body?: { question?: unknown } }).body ?? {});
    if (typeof question !== 'string') ctx.throw(400);
    ctx.body = answer ?? { ok: true };
    return;
  }
  const bytes = Number(ctx.query.bytes ?? 0);
  if (!bytes) {
    ctx.body = { ok: true };
    return;
  }
  let body = bodies.get(bytes);
  if (body === undefined) bodies.set(bytes, (body = JSON.stringify({ ok: true, pad: 'x'.repeat(Math.max(0, bytes - 22)) })));
  ctx.type = 'application/json';
  ctx.body = body;
});
app.listen(Number(process.env.PORT), '127.0.0.1');

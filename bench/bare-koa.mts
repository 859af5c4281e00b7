// The baseline: a bare Koa endpoint, run as its own process like the real server.
// `GET /bare` answers { ok: true }; `GET /bare?bytes=N` answers a JSON body of about N bytes (a
// prebuilt string), to tell the cost of a larger response apart from the cost of the server's own
// stack; `POST /bare` reads and parses the JSON request body first (the same request shape as a
// question to the enquiry endpoint) and answers { ok: true }.
import Koa from 'koa';
const app = new Koa();
const bodies = new Map<number, string>();
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
app.use(async (ctx) => {
  if (ctx.path !== '/bare') return;
  if (ctx.method === 'POST') {
    await readJson(ctx.req);
    ctx.body = { ok: true };
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

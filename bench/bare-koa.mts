// The baseline: a bare Koa endpoint, run as its own process like the real server.
// `GET /bare` answers { ok: true }; `GET /bare?bytes=N` answers a JSON body of about N bytes (a
// prebuilt string), to tell the cost of a larger response apart from the cost of the server's own
// stack; `POST /bare` reads and parses the JSON request body first (the same request shape as a
// question to the enquiry endpoint) and answers { ok: true }.
import Koa from 'koa';
const app = new Koa();
const bodies = new Map<number, string>();
async function readJson(req: NodeJS.ReadableStream): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
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

// The baseline: a bare Koa endpoint, run as its own process like the real server.
// `/bare` answers { ok: true }; `/bare?bytes=N` answers a JSON body of about N bytes (a prebuilt
// string), to tell the cost of a larger response apart from the cost of the server's own stack.
import Koa from 'koa';
const app = new Koa();
const bodies = new Map<number, string>();
app.use((ctx) => {
  if (ctx.path !== '/bare') return;
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

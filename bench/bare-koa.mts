// The baseline: a bare Koa endpoint, run as its own process like the real server.
import Koa from 'koa';
const app = new Koa();
app.use((ctx) => { if (ctx.path === '/bare') ctx.body = { ok: true }; });
app.listen(Number(process.env.PORT), '127.0.0.1');

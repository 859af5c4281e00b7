import { createApp } from './app.js';
import { connectDb, ensureIndexes } from './core/db.js';
import { runMigrations } from './migrations.js';
import { createHttpServer } from './core/http.js';
import { readConfigOrExit } from './core/env.js';
import { createLogger } from './core/logger.js';

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger(config.logLevel);
  const conn = await connectDb(config.mongoUri, logger);
  const app = createApp(config, { conn, logger });
  // Where counters, wake-ups and locks live: a second instance without Redis would not share them.
  logger.info(await app.services.shared.describe(), 'shared state');
  await ensureIndexes(app.services.models);
  await runMigrations(app.services.models, logger);
  // The enquiry index is built from the database copy of the knowledge base before listening.
  const kbIndex = await app.services.enquiries.ready();
  if (!kbIndex.size) logger.warn('the knowledge base is empty: run `npm run seed -w @bay/server`');
  app.startBackground({ subscribeIntervalMs: config.subscribeWorkerIntervalMs });

  const server = createHttpServer(app.callback(), config.connections, logger);
  server.listen(config.port, config.host, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    logger.info({ url: `http://${config.host}:${port}`, env: config.env, devLogin: config.devLoginEnabled }, 'server listening');
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.stopBackground();
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(() => {
      void app.services.shared.close().finally(() => conn.close()).finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`server failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

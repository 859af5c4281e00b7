import { execFileSync } from 'node:child_process';

export default async function globalTeardown() {
  await globalThis.__BAY_ENGINE__?.stop();
  const pgDb = globalThis.__BAY_ENGINE_PG_DB__;
  if (pgDb) execFileSync('dropdb', ['-h', process.env.BAY_TEST_PG_HOST ?? '127.0.0.1', '-U', process.env.BAY_TEST_PG_USER ?? 'postgres', '--if-exists', pgDb]);
}

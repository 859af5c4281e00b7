// One FerretDB for the whole jest run; every test file uses its own database (see db.ts).
// Backend: FerretDB's PostgreSQL backend on the local PostgreSQL (a fresh database per run, dropped
// at teardown) by default. It pushes equality filters down to PostgreSQL, where the SQLite backend
// scans every collection inside FerretDB for anything but an _id lookup, which made the
// delivery fault tests crawl. BAY_TEST_ENGINE_BACKEND=sqlite picks SQLite files; when PostgreSQL
// cannot be reached, SQLite is used with a warning.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startEngine } from './engine.mjs';

const PG_HOST = process.env.BAY_TEST_PG_HOST ?? '127.0.0.1';
const PG_USER = process.env.BAY_TEST_PG_USER ?? 'postgres';

function createPgDatabase() {
  const name = `bay_test_${randomBytes(4).toString('hex')}`;
  try {
    execFileSync('createdb', ['-h', PG_HOST, '-U', PG_USER, name], { stdio: ['ignore', 'ignore', 'pipe'] });
    return name;
  } catch (err) {
    console.warn(`\n[global-setup] PostgreSQL at ${PG_HOST} not usable (${String(err.stderr ?? err.message).trim()}); testing on FerretDB's SQLite backend`);
    return null;
  }
}

export default async function globalSetup() {
  const pgDb = process.env.BAY_TEST_ENGINE_BACKEND === 'sqlite' ? null : createPgDatabase();
  const engine = await startEngine(pgDb
    ? { handler: 'postgresql', postgresqlUrl: `postgres://${PG_USER}@${PG_HOST}:5432/${pgDb}` }
    : { handler: 'sqlite' });
  globalThis.__BAY_ENGINE__ = engine;
  globalThis.__BAY_ENGINE_PG_DB__ = pgDb;
  process.env.BAY_TEST_ENGINE_URI = engine.uri;
}

import { randomBytes } from 'node:crypto';

/**
 * A fresh database on the jest run's engine for one test file.
 * The engine itself is started by global-setup.mjs.
 */
export function testDatabaseUri(label = 'test'): string {
  const base = process.env.BAY_TEST_ENGINE_URI;
  if (!base) throw new Error('BAY_TEST_ENGINE_URI is not set: run tests through jest (global-setup starts the engine)');
  const name = `bay_${label.replace(/[^a-z0-9]/gi, '_').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  return `${base}/${name}`;
}

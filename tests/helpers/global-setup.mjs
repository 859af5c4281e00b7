// One FerretDB for the whole jest run; every test file uses its own database (see db.ts).
import { startEngine } from './engine.mjs';

export default async function globalSetup() {
  const engine = await startEngine();
  globalThis.__BAY_ENGINE__ = engine;
  process.env.BAY_TEST_ENGINE_URI = engine.uri;
}

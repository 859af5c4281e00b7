import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from './config.js';

/** Loads .env from the working directory, else the repository root, if present (real env wins). */
export function loadEnvFile(): void {
  const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  for (const file of [join(process.cwd(), '.env'), join(repoRoot, '.env')]) {
    if (existsSync(file)) {
      process.loadEnvFile(file);
      return;
    }
  }
}

/** For the entry points: .env, then validated config, or exit 78 (EX_CONFIG) naming each bad variable. */
export function readConfigOrExit(): Config {
  loadEnvFile();
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
}

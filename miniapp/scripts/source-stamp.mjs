// What a mini-program build was made from: one hash over every input file (the mini-program's
// source and config, the shared package's source, the lockfile) and the build settings. A build
// writes it beside its output; `npm start` rebuilds the H5 preview when it no longer matches, so a
// `git pull` that changed the mini-program never leaves a stale preview behind.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const miniappRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(miniappRoot, '..');
export const STAMP_FILE = '.bay-source-hash';

const INPUTS = [
  'miniapp/src', 'miniapp/config', 'miniapp/babel.config.js', 'miniapp/package.json', 'miniapp/tsconfig.json',
  'miniapp/project.config.json', 'shared/src', 'shared/package.json', 'package-lock.json',
];

function* files(path) {
  if (!existsSync(path)) return;
  if (!statSync(path).isDirectory()) { yield path; return; }
  for (const name of readdirSync(path).sort()) {
    if (name === '__tests__' || name === 'node_modules' || name.startsWith('.')) continue;
    yield* files(join(path, name));
  }
}

/** The folder a build of `type` writes to (TARO_OUTPUT_ROOT overrides, as in config/index.ts). */
export function outputDir(type, env = process.env) {
  return env.TARO_OUTPUT_ROOT ? resolve(miniappRoot, env.TARO_OUTPUT_ROOT) : join(miniappRoot, 'dist', type);
}

/** Hash of everything a `type` build (weapp | h5) is made from, in production mode. */
export function sourceHash(type, { root = repoRoot, env = process.env } = {}) {
  const hash = createHash('sha256');
  hash.update(`type=${type}\nmode=production\n`);
  // Baked into the weapp bundle (the H5 build calls its own origin).
  if (type === 'weapp') hash.update(`TARO_APP_API_BASE=${env.TARO_APP_API_BASE || ''}\n`);
  for (const input of INPUTS) {
    for (const file of files(join(root, input))) {
      hash.update(`${relative(root, file)}\n`);
      hash.update(readFileSync(file));
      hash.update('\n');
    }
  }
  return hash.digest('hex');
}

/** True when `dir` holds a finished build made from exactly the current inputs. */
export function isBuildCurrent(dir, type, opts = {}) {
  const stamp = join(dir, STAMP_FILE);
  if (!existsSync(stamp)) return false;
  return readFileSync(stamp, 'utf8').trim() === sourceHash(type, opts);
}

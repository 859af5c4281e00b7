// `npm run build:h5` / `npm run build:weapp`: a production build, whatever NODE_ENV the caller has.
// (A development .env exported NODE_ENV=development into `npm start`, and Taro then built the H5
// preview with React Refresh hooks and no refresh runtime: a blank page.) `taro build --watch`
// (npm run dev:*) is the development build. On success the source hash is written beside the
// output, so `npm start` can tell a current build from a stale one.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STAMP_FILE, miniappRoot, outputDir, sourceHash } from './source-stamp.mjs';

const type = process.argv[2];
if (type !== 'h5' && type !== 'weapp') {
  console.error('usage: node scripts/build.mjs <h5|weapp>');
  process.exit(2);
}
const env = { ...process.env, NODE_ENV: 'production' };
const dir = outputDir(type, env);
// Hash the inputs before building: an edit made during the build must count as a change.
const hash = sourceHash(type, { env });
rmSync(join(dir, STAMP_FILE), { force: true });
const taro = spawnSync('npx', ['taro', 'build', '--type', type], { cwd: miniappRoot, env, stdio: 'inherit' });
if (taro.status !== 0) process.exit(taro.status ?? 1);
writeFileSync(join(dir, STAMP_FILE), `${hash}\n`);

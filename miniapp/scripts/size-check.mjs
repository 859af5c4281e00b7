#!/usr/bin/env node
// Measures the weapp build: the main package is every file outside the subpackage roots in
// app.json; each subpackage is measured alone. Source maps do not ship, so they are skipped.
// Exits 1 when a package is over WeChat's limit (or our tighter main-package budget).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Main-package budget (issue 4): home and shell only; scenarios live in subpackages. */
export const MAIN_PACKAGE_LIMIT_BYTES = 1 * 1024 * 1024;
/** WeChat's hard limit per subpackage. */
export const SUBPACKAGE_LIMIT_BYTES = 2 * 1024 * 1024;

const here = path.dirname(fileURLToPath(import.meta.url));
const distDir = path.resolve(process.argv[2] ?? path.join(here, '..', 'dist', 'weapp'));
const appJsonPath = path.join(distDir, 'app.json');
if (!fs.existsSync(appJsonPath)) {
  console.error(`size-check: ${appJsonPath} not found; run \`npx taro build --type weapp\` in miniapp/ first.`);
  process.exit(2);
}
const appJson = JSON.parse(fs.readFileSync(appJsonPath, 'utf8'));
const roots = [...(appJson.subPackages ?? []), ...(appJson.subpackages ?? [])].map((p) => p.root.replace(/^\/+|\/+$/g, ''));

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (!entry.name.endsWith('.map')) yield full;
  }
}

const sizes = new Map([['main', 0], ...roots.map((r) => [r, 0])]);
for (const file of files(distDir)) {
  const rel = path.relative(distDir, file).split(path.sep).join('/');
  const owner = roots.find((r) => rel === r || rel.startsWith(`${r}/`)) ?? 'main';
  sizes.set(owner, sizes.get(owner) + fs.statSync(file).size);
}

const kb = (n) => (n / 1024).toFixed(1);
const rows = [...sizes].map(([name, bytes]) => {
  const limit = name === 'main' ? MAIN_PACKAGE_LIMIT_BYTES : SUBPACKAGE_LIMIT_BYTES;
  return { name: name === 'main' ? 'main package' : name, bytes, limit, ok: bytes <= limit };
});
const total = rows.reduce((sum, r) => sum + r.bytes, 0);
const width = Math.max(...rows.map((r) => r.name.length), 'total'.length);
console.log(`${'package'.padEnd(width)}  ${'KB'.padStart(9)}  ${'limit KB'.padStart(9)}`);
for (const r of rows) {
  console.log(`${r.name.padEnd(width)}  ${kb(r.bytes).padStart(9)}  ${kb(r.limit).padStart(9)}${r.ok ? '' : '  OVER'}`);
}
console.log(`${'total'.padEnd(width)}  ${kb(total).padStart(9)}`);

const over = rows.filter((r) => !r.ok);
if (over.length) {
  console.error(`size-check: over the limit: ${over.map((r) => r.name).join(', ')}`);
  process.exit(1);
}

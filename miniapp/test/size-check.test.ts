/** @jest-environment node */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const script = join(__dirname, '..', 'scripts', 'size-check.mjs');
const MB = 1024 * 1024;

/** A fake weapp build: app.json naming one subpackage, a main file and a subpackage file of the given sizes. */
function fakeBuild(mainBytes: number, subBytes: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'size-check-'));
  writeFileSync(join(dir, 'app.json'), JSON.stringify({ pages: ['pages/index/index'], subPackages: [{ root: 'packages/travel', pages: ['index/index'] }] }));
  writeFileSync(join(dir, 'app.js'), Buffer.alloc(mainBytes));
  writeFileSync(join(dir, 'app.js.map'), Buffer.alloc(3 * MB)); // source maps do not ship
  mkdirSync(join(dir, 'packages', 'travel', 'index'), { recursive: true });
  writeFileSync(join(dir, 'packages', 'travel', 'index', 'index.js'), Buffer.alloc(subBytes));
  return dir;
}

function run(dir: string) {
  const res = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  return res;
}

describe('scripts/size-check.mjs', () => {
  it('passes and prints every package when the main package is within 1 MB and subpackages within 2 MB', () => {
    const res = run(fakeBuild(MB - 10_000, 2 * MB - 10_000));
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/main package\s+101\d\.\d\s+1024\.0\n/);
    expect(res.stdout).toMatch(/packages\/travel\s+2038\.2\s+2048\.0/);
  });

  it('fails when the main package is over 1 MB', () => {
    const res = run(fakeBuild(MB + 10_000, 1000));
    expect(res.status).toBe(1);
    expect(res.stdout).toMatch(/main package.*OVER/);
  });

  it('fails when a subpackage is over 2 MB', () => {
    const res = run(fakeBuild(1000, 2 * MB + 10_000));
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('packages/travel');
  });
});

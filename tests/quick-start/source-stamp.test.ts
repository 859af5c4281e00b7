import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STAMP_FILE, isBuildCurrent, sourceHash } from '../../miniapp/scripts/source-stamp.mjs';

/** A checkout in miniature: the inputs the stamp reads. */
function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'bay-stamp-'));
  mkdirSync(join(root, 'miniapp', 'src', 'pages', '__tests__'), { recursive: true });
  mkdirSync(join(root, 'shared', 'src'), { recursive: true });
  writeFileSync(join(root, 'miniapp', 'src', 'pages', 'home.tsx'), 'export const a = 1;\n');
  writeFileSync(join(root, 'miniapp', 'src', 'pages', '__tests__', 'home.test.tsx'), 'test\n');
  writeFileSync(join(root, 'shared', 'src', 'messages.ts'), 'export const m = {};\n');
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  return root;
}

describe('the mini-program build stamp', () => {
  const roots: string[] = [];
  afterAll(() => { for (const r of roots) rmSync(r, { recursive: true, force: true }); });

  it('changes when a mini-program or shared source file, or the lockfile, changes; not for tests', () => {
    const root = checkout();
    roots.push(root);
    const before = sourceHash('h5', { root, env: {} });
    expect(sourceHash('h5', { root, env: {} })).toBe(before);

    writeFileSync(join(root, 'miniapp', 'src', 'pages', '__tests__', 'home.test.tsx'), 'another test\n');
    expect(sourceHash('h5', { root, env: {} })).toBe(before);

    for (const [file, text] of [['miniapp/src/pages/home.tsx', 'export const a = 2;\n'], ['shared/src/messages.ts', 'export const m = { x: 1 };\n'], ['package-lock.json', '{"v":2}\n']] as const) {
      const previous = sourceHash('h5', { root, env: {} });
      writeFileSync(join(root, file), text);
      expect(sourceHash('h5', { root, env: {} })).not.toBe(previous);
    }
    writeFileSync(join(root, 'miniapp', 'src', 'pages', 'new-page.tsx'), 'export {};\n');
    expect(sourceHash('h5', { root, env: {} })).not.toBe(before);
  });

  it('tells a current build from a stale or an unfinished one', () => {
    const root = checkout();
    roots.push(root);
    const dist = join(root, 'dist');
    mkdirSync(dist);
    expect(isBuildCurrent(dist, 'h5', { root, env: {} })).toBe(false); // no stamp: unfinished or never built
    writeFileSync(join(dist, STAMP_FILE), `${sourceHash('h5', { root, env: {} })}\n`);
    expect(isBuildCurrent(dist, 'h5', { root, env: {} })).toBe(true);
    expect(isBuildCurrent(dist, 'weapp', { root, env: {} })).toBe(false);
    writeFileSync(join(root, 'miniapp', 'src', 'pages', 'home.tsx'), 'export const a = 3;\n'); // a git pull
    expect(isBuildCurrent(dist, 'h5', { root, env: {} })).toBe(false);
  });

  it('counts the API base baked into the weapp build', () => {
    const root = checkout();
    roots.push(root);
    expect(sourceHash('weapp', { root, env: { TARO_APP_API_BASE: 'https://api.example.org' } }))
      .not.toBe(sourceHash('weapp', { root, env: { TARO_APP_API_BASE: 'http://127.0.0.1:3000' } }));
  });
});

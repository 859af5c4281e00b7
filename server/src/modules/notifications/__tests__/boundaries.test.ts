import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Notifications own delivery (issue 17): the outbox is the only writer of `notifications`, and it
 * knows nothing of its senders. These read the source, so a change that reaches around the
 * outbox fails here rather than in a race later.
 */
const modulesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
  const path = join(dir, e.name);
  if (e.isDirectory()) return e.name === '__tests__' ? [] : sources(path);
  return e.name.endsWith('.ts') ? [path] : [];
});
const WRITES = /\bnotifications\s*\.\s*(?:collection\b|updateOne|updateMany|insertMany|create|bulkWrite|deleteOne|deleteMany|findOneAndUpdate|findByIdAndUpdate|replaceOne)\b/;

describe('notifications module boundaries', () => {
  it('has no module but notifications write the notifications collection', () => {
    const writers = sources(modulesDir)
      .filter((f) => !relative(modulesDir, f).startsWith('notifications'))
      .filter((f) => WRITES.test(readFileSync(f, 'utf8')) || /collection\(\s*['"]notifications['"]/.test(readFileSync(f, 'utf8')));
    expect(writers.map((f) => relative(modulesDir, f))).toEqual([]);
  });

  it('keeps the outbox free of its senders: no application or broadcast model, no raw collection reads', () => {
    for (const file of ['outbox.service.ts', 'outbox.broadcasts.ts']) {
      const outbox = readFileSync(join(modulesDir, 'notifications', file), 'utf8');
      expect(outbox).not.toMatch(/from '\.\.\/(applications|broadcasts|jobs|enquiries)\//);
      expect(outbox).not.toMatch(/\.db\.collection\(/);
      expect(outbox).not.toMatch(/as unknown as/);
    }
  });
});

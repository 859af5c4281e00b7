import { afterEach, describe, expect, it } from '@jest/globals';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryJournal } from '../journal.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bay-journal-'));
  dirs.push(dir);
  return join(dir, 'nested', 'state');
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('DeliveryJournal', () => {
  it('remembers delivered keys across a restart', async () => {
    const dir = await tempDir();
    const first = new DeliveryJournal(dir);
    await first.open();
    expect(first.has('application:a:under_review')).toBe(false);
    await first.add('application:a:under_review', { id: 'n1' });
    await first.add('application:a:interview');
    expect(first.has('application:a:under_review')).toBe(true);
    await first.close();

    const second = new DeliveryJournal(dir);
    await second.open();
    expect(second.has('application:a:under_review')).toBe(true);
    expect(second.has('application:a:interview')).toBe(true);
    expect(second.has('application:a:offered')).toBe(false);
    await second.close();
  });

  it('skips a line torn by a crash and rewrites the file without it', async () => {
    const dir = await tempDir();
    const journal = new DeliveryJournal(dir);
    await journal.open();
    await journal.add('k1');
    await journal.close();
    await appendFile(journal.file, '{"key":"k2","a');

    const reopened = new DeliveryJournal(dir);
    await reopened.open();
    expect(reopened.has('k1')).toBe(true);
    expect(reopened.has('k2')).toBe(false);
    await reopened.add('k3');
    await reopened.close();
    const lines = (await readFile(journal.file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).key);
    expect(lines).toEqual(['k1', 'k3']);
  });

  it('keeps only the newest keys once the file grows past its bound', async () => {
    const dir = await tempDir();
    const journal = new DeliveryJournal(dir, 4);
    await journal.open();
    for (const key of ['k1', 'k2', 'k3', 'k4', 'k5']) await journal.add(key);
    await journal.close();

    const reopened = new DeliveryJournal(dir, 4);
    await reopened.open();
    expect(reopened.size).toBe(2);
    expect(reopened.has('k5')).toBe(true);
    expect(reopened.has('k1')).toBe(false);
    await reopened.close();
  });

  it('handles concurrent writes without losing a key', async () => {
    const dir = await tempDir();
    const journal = new DeliveryJournal(dir);
    await journal.open();
    await Promise.all(Array.from({ length: 20 }, (_, i) => journal.add(`k${i}`)));
    await journal.close();
    const reopened = new DeliveryJournal(dir);
    await reopened.open();
    expect(reopened.size).toBe(20);
    await reopened.close();
  });
});

import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ContentError, loadContent } from '../content.js';
import { CUSTOMS_CONTENT_DIR, readCustomsContent } from '../../modules/customs/customs.content.js';
import { KB_DIR, loadKbFiles } from '../../modules/enquiries/kb.loader.js';
import { LIFE_CONTENT_DIR, readLifeContent } from '../../modules/life/life.content.js';
import { PAYMENT_CONTENT_DIR, loadPaymentContent } from '../../modules/payment/payment.seed.js';
import { TRAVEL_CONTENT_DIR, loadTravelContent } from '../../modules/travel/travel.loader.js';
import { SEED_JOBS_FILE, readSeedJobs } from '../../seed/jobs.js';

const Item = z.object({ id: z.string().regex(/^[a-z-]+$/, 'v.id'), n: z.number() }).strict();

const tempDir = (files: Record<string, unknown>) => {
  const dir = mkdtempSync(join(tmpdir(), 'content-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), typeof data === 'string' ? data : JSON.stringify(data));
  return dir;
};
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>[];
/** The loader's error, which must be a ContentError. */
const errorOf = (load: () => unknown): ContentError => {
  try { load(); } catch (err) { expect(err).toBeInstanceOf(ContentError); return err as ContentError; }
  throw new Error('expected a ContentError');
};

describe('loadContent', () => {
  it('reads a file or every *.json of a directory, in name order, with the file and index of each entry', () => {
    const dir = tempDir({ 'b.json': [{ id: 'b', n: 2 }], 'a.json': [{ id: 'a', n: 1 }], 'notes.txt': 'not content', 'skip.json': [{ id: 'skip', n: 0 }] });
    const { all, one } = loadContent({
      all: { from: dir, schema: Item, match: (name) => name !== 'skip.json' },
      one: { from: join(dir, 'skip.json'), schema: Item },
    });
    expect(all).toEqual([{ file: join(dir, 'a.json'), index: 0, entry: { id: 'a', n: 1 } }, { file: join(dir, 'b.json'), index: 0, entry: { id: 'b', n: 2 } }]);
    expect(one.map((x) => x.entry.id)).toEqual(['skip']);
  });

  it('collects every problem of every set into one error naming file, index, id and field', () => {
    const dir = tempDir({
      'a.json': [{ id: 'one', n: 1 }, { id: 'Two', n: 'x' }, { n: 3, extra: true }],
      'b.json': [{ id: 'one', n: 4 }],
      'broken.json': '[{',
      'object.json': { id: 'one' },
    });
    const err = errorOf(() => loadContent({
      items: { from: dir, schema: Item },
      missing: { from: join(dir, 'nowhere.json'), schema: Item },
    }));
    expect(err.message.split('\n')[0]).toBe('seed content is invalid:');
    expect(err.problems).toEqual([
      `${dir}/a.json[1] (id "Two"): id: v.id; n: ${Item.shape.n.safeParse('x').error!.issues[0]!.message}`,
      expect.stringMatching(new RegExp(`^${dir}/a\\.json\\[2\\]: (id: .+; )?\\(entry\\): .*extra`)),
      `${dir}/b.json[0] (id "one"): duplicate id "one" (first at ${dir}/a.json[0])`,
      expect.stringMatching(new RegExp(`^${dir}/broken\\.json: not valid JSON`)),
      `${dir}/object.json: must be a JSON array of entries`,
      expect.stringMatching(new RegExp(`^${dir}/nowhere\\.json: cannot be read \\(ENOENT`)),
    ]);
    for (const p of err.problems) expect(err.message).toContain(`  - ${p}`);
  });

  it('checks uniqueness on the key it is given, runs the extra check, and reads a missing optional directory as empty', () => {
    const dir = tempDir({ 'k.json': [{ key: 'k', v: 1 }, { key: 'k', v: 2 }, { key: 'z', v: -1 }] });
    const Keyed = z.object({ key: z.string(), v: z.number() });
    expect(errorOf(() => loadContent({ k: { from: dir, schema: Keyed, key: 'key', check: (e) => (e.v < 0 ? 'v: below zero' : undefined) } })).problems).toEqual([
      `${dir}/k.json[1] (key "k"): duplicate key "k" (first at ${dir}/k.json[0])`,
      `${dir}/k.json[2] (key "z"): v: below zero`,
    ]);
    expect(loadContent({ none: { from: join(dir, 'absent'), schema: Keyed, optional: true } })).toEqual({ none: [] });
  });
});

describe('every seed loader reports a bad entry the same way (file, index, id, field)', () => {
  it('customs: guide.json', () => {
    const guide = readJson(join(CUSTOMS_CONTENT_DIR, 'guide.json'));
    const dir = tempDir({ 'ports.json': readJson(join(CUSTOMS_CONTENT_DIR, 'ports.json')), 'guide.json': [guide[0], { ...guide[1], asOf: 'soon' }] });
    expect(errorOf(() => readCustomsContent(dir)).problems).toEqual([expect.stringMatching(new RegExp(`^${dir}/guide\\.json\\[1\\] \\(id "${guide[1]!.id}"\\): asOf: `))]);
  });

  it('travel: options.json, entries named by key', () => {
    const options = readJson(join(TRAVEL_CONTENT_DIR, 'options.json'));
    const dir = tempDir({ 'northbound.json': readJson(join(TRAVEL_CONTENT_DIR, 'northbound.json')), 'options.json': [{ ...options[0], asOf: 'soon' }] });
    expect(errorOf(() => loadTravelContent(dir)).problems).toEqual([expect.stringMatching(new RegExp(`^${dir}/options\\.json\\[0\\] \\(key "${options[0]!.key}"\\): asOf: `))]);
  });

  it('payment: rates.json', () => {
    const dir = tempDir({ 'rates.json': [{ ...readJson(join(PAYMENT_CONTENT_DIR, 'rates.json'))[0], asOf: 'soon' }] });
    expect(errorOf(() => loadPaymentContent(dir)).problems).toEqual([expect.stringMatching(new RegExp(`^${dir}/rates\\.json\\[0\\]: asOf: `))]);
  });

  it('knowledge base: an entry, and an id used in two files', () => {
    const entries = readJson(join(KB_DIR, 'travel.json'));
    const dir = tempDir({ 'a.json': [entries[0], { ...entries[1], lastVerified: 'soon' }], 'b.json': [entries[0]] });
    expect(errorOf(() => loadKbFiles(dir)).problems).toEqual([
      expect.stringMatching(new RegExp(`^${dir}/a\\.json\\[1\\] \\(id "${entries[1]!.id}"\\): lastVerified: `)),
      `${dir}/b.json[0] (id "${entries[0]!.id}"): duplicate id "${entries[0]!.id}" (first at ${dir}/a.json[0])`,
    ]);
  });

  it('life: an entry in the wrong scenario file', () => {
    const [first] = readJson(join(LIFE_CONTENT_DIR, 'health.json'));
    const dir = tempDir({ 'telecom.json': [first] });
    expect(errorOf(() => readLifeContent('telecom', dir)).problems).toEqual([`${dir}/telecom.json[0] (id "${first!.id}"): scenario: health in the telecom file`]);
  });

  it('demo jobs: the admin jobs API rules (salary order) and unique slugs', () => {
    const [first, second] = readJson(SEED_JOBS_FILE);
    expect(readSeedJobs(SEED_JOBS_FILE).length).toBeGreaterThan(50);
    const dir = tempDir({ 'jobs.json': [{ ...first, salaryMin: 9, salaryMax: 1 }, second, { ...second }] });
    expect(errorOf(() => readSeedJobs(join(dir, 'jobs.json'))).problems).toEqual([
      `${dir}/jobs.json[0] (slug "${String(first!.slug)}"): salaryMax: v.salaryOrder`,
      `${dir}/jobs.json[2] (slug "${String(second!.slug)}"): duplicate slug "${String(second!.slug)}" (first at ${dir}/jobs.json[1])`,
    ]);
  });
});

import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex } from '../enquiry.index.js';
import { evaluate, loadFrozenSet } from '../evaluate.js';
import { FIXTURE_ENTRIES } from './fixtures.js';

const index = buildIndex(FIXTURE_ENTRIES);

describe('the evaluation measures what the resident gets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bay-frozen-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts direct-and-right, direct-but-wrong and gaps by what the service would do', () => {
    const report = evaluate([
      { q: '回乡证过期了怎么办', lang: 'zh-Hans', expect: 'hrp-renew' },
      { q: 'lo wu open time', lang: 'en', expect: 'octopus-mainland' }, // answered, but not with this entry
      { q: 'lo wu open time', lang: 'en', expect: 'octopus-mainland', accept: ['lowu-hours'] }, // either is right
      { q: '深圳哪里有好吃的火锅', lang: 'zh-Hans', expect: null, gap: 'restaurants' }, // in scope, no entry
    ], index);
    const e = report.experience.overall;
    expect(e.n).toBe(4);
    expect(e.directCorrect).toBe(2);
    expect(e.directWrong).toBe(1);
    expect(e.askedBackRight).toBe(0);
    expect(e.askedBackWithout + e.unknown + e.directWrong).toBe(2); // the gap can never count as right
    expect(report.experience.byLang.en).toMatchObject({ n: 2, directCorrect: 1, directWrong: 1 });
  });

  it('reads a frozen set with its labels: several right entries, gaps, out of scope, unlabelled questions', () => {
    writeFileSync(join(dir, 'zh-Hans.json'), JSON.stringify([
      { q: '回乡证过期了怎么办', lang: 'zh-Hans', topic: 'permits', scope: 'in' },
      { q: '大湾区有哪些城市', lang: 'zh-Hans', topic: 'general', scope: 'in' },
      { q: '讲个笑话', lang: 'zh-Hans', topic: 'out-of-scope', scope: 'out' },
      { q: '没有标注的问题', lang: 'zh-Hans', topic: 'general', scope: 'in' },
    ]));
    writeFileSync(join(dir, 'zh-Hant.json'), '[]');
    writeFileSync(join(dir, 'en.json'), '[]');
    writeFileSync(join(dir, 'labels.json'), JSON.stringify([
      { q: '回乡证过期了怎么办', lang: 'zh-Hans', expect: ['hrp-renew', 'hrp-lost'] },
      { q: '大湾区有哪些城市', lang: 'zh-Hans', expect: [], gap: 'GBA cities' },
      { q: '讲个笑话', lang: 'zh-Hans', expect: [] },
    ]));
    const { questions, unlabelled } = loadFrozenSet(dir);
    expect(unlabelled).toEqual(['zh-Hans: 没有标注的问题']);
    expect(questions).toEqual([
      { q: '回乡证过期了怎么办', lang: 'zh-Hans', expect: 'hrp-renew', accept: ['hrp-lost'], file: 'zh-Hans.json' },
      { q: '大湾区有哪些城市', lang: 'zh-Hans', expect: null, gap: 'GBA cities', file: 'zh-Hans.json' },
      { q: '讲个笑话', lang: 'zh-Hans', expect: null, file: 'zh-Hans.json' },
    ]);
  });
});

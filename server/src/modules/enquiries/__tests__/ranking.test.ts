import { describe, expect, it } from '@jest/globals';
import { defaultAnswerConfidence } from '../calibration.js';
import { buildIndex, decideIntent } from '../enquiry.index.js';
import { FIXTURE_ENTRIES } from './fixtures.js';

const index = buildIndex(FIXTURE_ENTRIES);
const top = (q: string) => index.search(q).ranked[0]?.entry.id;

describe('knowledge-base ranking (MiniSearch over normalised terms)', () => {
  it.each([
    ['回乡证过期了怎么办', 'hrp-renew'],
    ['回鄉證過期點算', 'hrp-renew'],
    ['我嘅回鄉證過期咗點算', 'hrp-renew'],
    ['HRP expired', 'hrp-renew'],
    ['how to renew home return permit', 'hrp-renew'],
    ['港澳居民来往内地通行证到期', 'hrp-renew'],
    ['羅湖幾點開', 'lowu-hours'],
    ['lo wu open time', 'lowu-hours'],
    ['港車北上要買咩保險', 'northbound-insurance'],
    ['insurance for northbound travel', 'northbound-insurance'],
    ['八達通喺深圳用唔用得', 'octopus-mainland'],
    ['octopus shenzhen', 'octopus-mainland'],
    ['醫保點樣報銷', 'medical-insurance-claim'],
  ])('%s → %s', (q, id) => {
    expect(top(q)).toBe(id);
  });

  it('tolerates Chinese homophone typos and Cantonese mixed with English', () => {
    expect(top('回香证过期了怎么办')).toBe('hrp-renew');
    expect(top('回鄉證 expired 點算')).toBe('hrp-renew');
  });

  it('does not answer questions the knowledge base does not cover directly', () => {
    const answered = ['今天深圳天气怎么样', 'recommend a good gym near mong kok', '六合彩幾時攪珠']
      .filter((q) => decideIntent(index.search(q), defaultAnswerConfidence()) === 'faq');
    expect(answered).toEqual([]);
  });

  it('tolerates English typos', () => {
    expect(top('home retrun permitt expird')).toBe('hrp-renew');
    expect(top('octopuss in shenzen')).toBe('octopus-mainland');
  });

  it('is confident when one entry clearly wins, less so when two are close', () => {
    const clear = index.search('罗湖口岸几点开门');
    expect(clear.confidence).toBeGreaterThan(0.6);
    const vague = index.search('医保');
    expect(vague.ranked.map((r) => r.entry.id).slice(0, 2).sort()).toEqual(['medical-insurance-claim', 'medical-insurance-join']);
    expect(vague.confidence).toBeLessThan(clear.confidence);
    // Confidence is a calibrated probability now: what matters is that a vague word is asked back.
    expect(decideIntent(vague, defaultAnswerConfidence())).toBe('clarify');
  });

  it('finds nothing for unrelated questions', () => {
    const r = index.search('量子色动力学');
    expect(r.ranked[0]?.coverage ?? 0).toBeLessThan(0.2);
  });

  it('returns at most the asked number of candidates, best first', () => {
    const r = index.search('港澳 保险 医保 八达通', 3);
    expect(r.ranked.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < r.ranked.length; i++) expect(r.ranked[i - 1]!.score).toBeGreaterThanOrEqual(r.ranked[i]!.score);
  });

  // Build time is a speed goal: bench/enquiry-eval.mts prints it (docs/enquiries.md), no timed test.
  it('indexes every entry and records its build time', () => {
    expect(index.size).toBe(FIXTURE_ENTRIES.length);
    expect(index.buildMs).toBeGreaterThan(0);
  });
});

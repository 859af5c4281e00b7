import { describe, expect, it } from '@jest/globals';
import { LANGS } from '@bay/shared';
import { buildIndex, decideIntent } from '../enquiry.index.js';
import { KB_DIR, loadKbFiles } from '../kb.loader.js';

const entries = loadKbFiles(KB_DIR).map((f) => f.entry);
const index = buildIndex(entries);

describe('a question that is one of an entry\'s own variants', () => {
  it('is answered directly with that entry, for every variant in the knowledge base', () => {
    const wrong: string[] = [];
    let answered = 0;
    for (const e of entries) {
      for (const variant of LANGS.flatMap((l) => e.questions[l])) {
        const outcome = index.search(variant);
        if (!outcome.exact) continue; // a wording two entries share: ranked as usual
        answered++;
        if (outcome.ranked[0]?.entry.id !== e.id || decideIntent(outcome, 0.4) !== 'faq') wrong.push(`${variant} → ${outcome.ranked[0]?.entry.id}`);
      }
    }
    expect(wrong).toEqual([]);
    // Nearly every variant is its entry's alone.
    expect(answered).toBeGreaterThan(entries.length * 3);
  });

  it.each([
    ['港车北上怎么申请', 'travel-northbound-application'],
    ['港車北上怎麼申請呢？', 'travel-northbound-application'],
    ['  港车北上，怎么申请!! ', 'travel-northbound-application'],
  ])('%s → %s directly, whatever the script, punctuation and particles', (q, id) => {
    const outcome = index.search(q);
    expect(outcome).toMatchObject({ exact: true, confidence: 1 });
    expect(outcome.ranked[0]?.entry.id).toBe(id);
    expect(decideIntent(outcome, 0.4)).toBe('faq');
  });

  it('is not claimed by a question that only shares some of its words', () => {
    expect(index.search('港车北上怎么申请续期保险').exact).toBeUndefined();
  });
});

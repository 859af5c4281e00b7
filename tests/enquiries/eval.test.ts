/**
 * Retrieval accuracy on the evaluation questions (tests/enquiries/eval/*.json: [{ q, lang, expect }]),
 * in-process, with the index built from the seed files. The product aims at 90% top-1; the test
 * leaves a little room (top-1 ≥ 0.85, top-3 ≥ 0.95), overall and for each question file (part-c is
 * the held-out set written before its misses were studied). Questions with `expect: null` are out of
 * scope: at least 90% of them must be asked back or answered "unknown", not answered with an entry.
 * `bench/enquiry-eval.mts` prints the misses.
 */
import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { evaluateSeedFiles } from '../../server/src/modules/enquiries/evaluate.js';

const EVAL_DIR = fileURLToPath(new URL('./eval/', import.meta.url));

describe('enquiry evaluation set', () => {
  const report = evaluateSeedFiles(EVAL_DIR);
  const summary = `top-1 ${(report.overall.top1 * 100).toFixed(1)}%, top-3 ${(report.overall.top3 * 100).toFixed(1)}% over ${report.overall.n} questions`;

  it('every expected entry exists in the knowledge base', () => {
    expect(report.unknownExpectations.map((m) => `${m.file}: ${m.expect} ← ${m.q}`)).toEqual([]);
  });

  it(`reaches top-1 ≥ 0.85 and top-3 ≥ 0.95 (${summary})`, () => {
    if (report.overall.n === 0) {
      process.stdout.write('enquiry eval: no questions yet in tests/enquiries/eval\n');
      return;
    }
    const misses = report.misses.slice(0, 30).map((m) => `[${m.lang}] ${m.q} → ${m.got[0] ?? '-'} (want ${m.expect})`);
    expect({ top1: report.overall.top1 >= 0.85, top3: report.overall.top3 >= 0.95, summary, misses: report.overall.top1 >= 0.85 ? [] : misses })
      .toEqual({ top1: true, top3: true, summary, misses: [] });
  });

  // A file of out-of-scope questions only (part-e) has no ranking to score.
  it.each(Object.keys(report.byFile).filter((file) => report.byFile[file]!.n > 0))('%s alone reaches top-1 ≥ 0.85 and top-3 ≥ 0.95', (file) => {
    const a = report.byFile[file]!;
    expect({ file, top1: a.top1 >= 0.85, top3: a.top3 >= 0.95 }).toEqual({ file, top1: true, top3: true });
  });

  it('does not answer out-of-scope questions with an entry (≥ 90% asked back or unknown)', () => {
    if (!report.outOfScope.n) return;
    const answered = report.outOfScopeMisses.map((m) => `${m.q} → ${m.got[0]} (${m.confidence})`);
    expect({ handled: report.outOfScope.handled >= 0.9, answered: report.outOfScope.handled >= 0.9 ? [] : answered })
      .toEqual({ handled: true, answered: [] });
  });

  // The index build time (target < 2 s) is measured by bench/enquiry-eval.mts, not asserted here:
  // a timed test on a shared 2-core machine flakes.
});

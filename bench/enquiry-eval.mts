/**
 * Enquiry evaluation: every question in tests/enquiries/eval/*.json ({ q, lang, expect }) through
 * the engine in-process (index built from the seed files, no HTTP, no database). Prints top-1 and
 * top-3 accuracy overall and per language, the share answered without asking back, and the misses.
 *
 *   node --conditions=development --import tsx bench/enquiry-eval.mts [--dir tests/enquiries/eval] [--misses 200]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateSeedFiles } from '../server/src/modules/enquiries/evaluate.js';
import { repoRoot } from '../tests/helpers/engine.mjs';

const { values: opts } = parseArgs({ options: { dir: { type: 'string' }, misses: { type: 'string', default: '200' }, confidence: { type: 'string' } } });
const dir = opts.dir ?? join(repoRoot, 'tests/enquiries/eval');
const started = performance.now();
const report = evaluateSeedFiles(dir, undefined, opts.confidence ? Number(opts.confidence) : undefined);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

console.log(`knowledge base: ${report.entries} entries, index built in ${report.indexMs.toFixed(0)} ms (process total ${(performance.now() - started).toFixed(0)} ms incl. dictionary loads)`);
console.log(`questions: ${report.questions} from ${dir}, ${report.msPerQuestion.toFixed(2)} ms each\n`);
console.table({
  overall: { n: report.overall.n, 'top-1': pct(report.overall.top1), 'top-3': pct(report.overall.top3) },
  ...Object.fromEntries(Object.entries(report.byLang).map(([l, a]) => [l, { n: a.n, 'top-1': pct(a.top1), 'top-3': pct(a.top3) }])),
});
console.log(`answered directly (no ask-back): ${pct(report.answeredDirectly)}; of those correct: ${pct(report.directPrecision)}`);
if (report.unknownExpectations.length) {
  console.log(`\n${report.unknownExpectations.length} questions expect an id that is not in the knowledge base:`);
  for (const m of report.unknownExpectations) console.log(`  [${m.file}] ${m.expect} ← ${m.q}`);
}
if (report.takenAsCommands.length) {
  console.log(`\n${report.takenAsCommands.length} questions are taken as commands (greeting, handoff, personal):`);
  for (const q of report.takenAsCommands) console.log(`  [${q.file}] ${q.q}`);
}
const shown = report.misses.slice(0, Number(opts.misses));
console.log(`\nmisses (top-1 ≠ expected): ${report.misses.length}`);
for (const m of shown) console.log(`  [${m.lang}] ${m.q}\n      expected ${m.expect}; got ${m.got.join(', ') || '(nothing)'}${m.got.includes(m.expect) ? '  (in top 3)' : ''}`);

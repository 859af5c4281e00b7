/**
 * Enquiry evaluation: every question in tests/enquiries/eval/*.json ({ q, lang, expect }) through
 * the engine in-process (index built from the seed files, no HTTP, no database). Prints top-1 and
 * top-3 accuracy overall, per language and per question file (in-scope questions), the share
 * answered without asking back, how out-of-scope questions (`expect: null`) were handled (asked
 * back or "unknown" = handled; answered with an entry = miss), and the misses.
 *
 *   node --conditions=development --import tsx bench/enquiry-eval.mts [--dir tests/enquiries/eval] [--only part-c] [--misses 200]
 *
 * First, the headline: what a resident gets (answered directly and right, directly but wrong, asked
 * back with / without the right entry among the options, "unknown"), per language and per file,
 * for the tuning sets and, separately, for the frozen set (--frozen, default
 * tests/enquiries/eval/frozen-2026-12-06: written before any tuning, never tuned on).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LANGS } from '@bay/shared';
import { existsSync } from 'node:fs';
import { buildIndex } from '../server/src/modules/enquiries/enquiry.index.js';
import { evaluate, evaluateSeedFiles, loadFrozenSet, type Accuracy, type EvalReport, type Experience } from '../server/src/modules/enquiries/evaluate.js';
import { loadKbFiles } from '../server/src/modules/enquiries/kb.loader.js';
import { repoRoot } from '../tests/helpers/engine.mjs';

const { values: opts } = parseArgs({
  options: { dir: { type: 'string' }, only: { type: 'string' }, misses: { type: 'string', default: '200' }, confidence: { type: 'string' }, frozen: { type: 'string' } },
});
const dir = opts.dir ?? join(repoRoot, 'tests/enquiries/eval');
const started = performance.now();
const only = opts.only ? (name: string) => name.includes(opts.only!) : undefined;
const report = evaluateSeedFiles(dir, undefined, opts.confidence ? Number(opts.confidence) : undefined, only);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const row = (a: Accuracy) => ({ n: a.n, 'top-1': pct(a.top1), 'top-3': pct(a.top3) });

const share = (k: number, n: number) => (n ? pct(k / n) : '-');
const experienceRow = (e: Experience) => ({
  n: e.n, 'direct & right': share(e.directCorrect, e.n), 'direct but wrong': share(e.directWrong, e.n),
  'asked back, right among options': share(e.askedBackRight, e.n), 'asked back without it': share(e.askedBackWithout, e.n), unknown: share(e.unknown, e.n),
});
function printExperience(title: string, r: EvalReport) {
  console.log(`${title}: what the resident gets (in-scope questions)`);
  console.table({
    overall: experienceRow(r.experience.overall),
    ...Object.fromEntries(LANGS.map((l) => [l, experienceRow(r.experience.byLang[l])])),
    ...Object.fromEntries(Object.entries(r.experience.byFile).map(([f, e]) => [f, experienceRow(e)])),
  });
  if (r.outOfScope.n) console.log(`out-of-scope handled (not answered with an entry): ${pct(r.outOfScope.handled)} of ${r.outOfScope.n}\n`);
}
printExperience('tuning sets', report);
const frozenDir = opts.frozen ?? join(repoRoot, 'tests/enquiries/eval/frozen-2026-12-06');
if (existsSync(join(frozenDir, 'labels.json'))) {
  const frozen = loadFrozenSet(frozenDir);
  const frozenReport = evaluate(frozen.questions, buildIndex(loadKbFiles().map((f) => f.entry)), opts.confidence ? Number(opts.confidence) : undefined);
  printExperience(`FROZEN set ${frozenDir} (${frozen.questions.length} labelled questions${frozen.unlabelled.length ? `, ${frozen.unlabelled.length} unlabelled` : ''})`, frozenReport);
} else {
  console.log(`(frozen set at ${frozenDir}: no labels.json yet, not scored)\n`);
}

console.log(`knowledge base: ${report.entries} entries, index built in ${report.indexMs.toFixed(0)} ms (process total ${(performance.now() - started).toFixed(0)} ms incl. dictionary loads)`);
console.log(`questions: ${report.questions} from ${dir}${opts.only ? ` (files matching "${opts.only}")` : ''}, ${report.msPerQuestion.toFixed(2)} ms each\n`);
console.log('in-scope questions:');
console.table({
  overall: row(report.overall),
  ...Object.fromEntries(Object.entries(report.byLang).map(([l, a]) => [l, row(a)])),
});
console.log('per question file:');
console.table(Object.fromEntries(Object.entries(report.byFile).flatMap(([file, a]) => [
  [file, row(a)],
  ...LANGS.map((l) => [`  ${file} ${l}`, row(report.byFileLang[file]![l])]),
])));
console.log(`answered directly (no ask-back): ${pct(report.answeredDirectly)}; of those correct: ${pct(report.directPrecision)}`);
if (report.outOfScope.n) {
  const perFile = Object.entries(report.outOfScopeByFile).map(([f, o]) => `${f} ${pct(o.handled)} of ${o.n}`).join('; ');
  console.log(`out-of-scope handled (asked back or unknown, not answered): ${pct(report.outOfScope.handled)} of ${report.outOfScope.n} (${perFile})`);
}
if (report.unknownExpectations.length) {
  console.log(`\n${report.unknownExpectations.length} questions expect an id that is not in the knowledge base:`);
  for (const m of report.unknownExpectations) console.log(`  [${m.file}] ${m.expect} ← ${m.q}`);
}
if (report.takenAsCommands.length) {
  console.log(`\n${report.takenAsCommands.length} questions are taken as commands (greeting, handoff, personal):`);
  for (const q of report.takenAsCommands) console.log(`  [${q.file}] ${q.q}`);
}
const limit = Number(opts.misses);
if (report.outOfScopeMisses.length) {
  console.log(`\nout-of-scope questions answered with an entry: ${report.outOfScopeMisses.length}`);
  for (const m of report.outOfScopeMisses.slice(0, limit)) console.log(`  [${m.file} ${m.lang}] ${m.q}\n      answered ${m.got[0]} (confidence ${m.confidence})`);
}
console.log(`\nmisses (top-1 ≠ expected): ${report.misses.length}`);
for (const m of report.misses.slice(0, limit)) {
  console.log(`  [${m.file} ${m.lang}] ${m.q}\n      expected ${m.expect}; got ${m.got.join(', ') || '(nothing)'} (confidence ${m.confidence})${m.got.includes(m.expect!) ? '  (in top 3)' : ''}`);
}

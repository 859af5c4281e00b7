/**
 * Fits the enquiry answer calibration (server/src/modules/enquiries/calibration.json) on the older
 * tuning sets, tests/enquiries/eval/part-*.json: never on a frozen set. Prints the fit's
 * reliability on its own samples and, file by file, when fitted on the other files only (the
 * honest figure), then the resident's experience on each tuning file at the cost-derived threshold.
 *
 *   node --conditions=development --import tsx scripts/calibrate-enquiries.mts [--dry-run]
 *
 * Run it after changing the knowledge base or the ranking, and commit the new calibration.json.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { answerThreshold, CALIBRATION_FILE, COSTS, fitCalibration, probability, reliability, SIGNALS, type Calibration } from '../server/src/modules/enquiries/calibration.js';
import { buildIndex } from '../server/src/modules/enquiries/enquiry.index.js';
import { calibrationSamples, evaluate, loadEvalQuestions } from '../server/src/modules/enquiries/evaluate.js';
import { loadKbFiles } from '../server/src/modules/enquiries/kb.loader.js';

const { values: opts } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } } });
const evalDir = fileURLToPath(new URL('../tests/enquiries/eval/', import.meta.url));
const tuning = (name: string) => /^part-.*\.json$/.test(name);
const questions = loadEvalQuestions(evalDir, tuning);
const entries = loadKbFiles().map((f) => f.entry);
const uncalibrated = buildIndex(entries, { calibration: null });
const samples = calibrationSamples(questions, uncalibrated);
const files = [...new Set(samples.map((s) => s.file!))].sort();
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

console.log(`${samples.length} samples (${samples.filter((s) => s.right).length} right) from ${files.join(', ')}; signals ${SIGNALS.join(', ')}`);
for (const file of files) {
  const held = samples.filter((s) => s.file === file);
  const model = fitCalibration(samples.filter((s) => s.file !== file));
  const r = reliability(held.map((s) => ({ p: probability(model, s.signals), right: s.right })));
  console.log(`  held out ${file}: ECE ${r.ece.toFixed(3)}, Brier ${r.brier.toFixed(3)} (${held.length} samples)`);
}
const model = fitCalibration(samples);
const self = reliability(samples.map((s) => ({ p: probability(model, s.signals), right: s.right })));
const calibration: Calibration = {
  signals: [...SIGNALS],
  ...model,
  fittedOn: files.map((f) => `tests/enquiries/eval/${f}`),
  fittedAt: new Date().toISOString().slice(0, 10),
  samples: samples.length,
  costs: COSTS,
  threshold: answerThreshold(COSTS),
  ece: Math.round(self.ece * 1000) / 1000,
  brier: Math.round(self.brier * 1000) / 1000,
};
console.log(`all files: ECE ${self.ece.toFixed(3)}, Brier ${self.brier.toFixed(3)}; threshold ${calibration.threshold} (costs: ask-back ${COSTS.askBack}, wrong answer ${COSTS.wrong})`);
for (const b of self.bins) if (b.n) console.log(`  p ${b.from.toFixed(1)}–${(b.from + 0.1).toFixed(1)}: ${String(b.n).padStart(4)} samples, predicted ${pct(b.predicted)}, observed ${pct(b.observed)}`);
console.log('weights (standardised):', Object.fromEntries(SIGNALS.map((s, i) => [s, Math.round(model.weights[i]! * 1000) / 1000])), 'bias', model.bias.toFixed(3));

const calibrated = buildIndex(entries, { calibration });
const report = evaluate(questions, calibrated, calibration.threshold);
for (const [file, e] of Object.entries(report.experience.byFile)) {
  console.log(`  ${file}: direct & right ${pct(e.directCorrect / e.n)}, direct but wrong ${pct(e.directWrong / e.n)}, asked back with it ${pct(e.askedBackRight / e.n)}, without ${pct(e.askedBackWithout / e.n)}, unknown ${pct(e.unknown / e.n)} (${e.n})`);
}
console.log(`  out of scope handled: ${pct(report.outOfScope.handled)} of ${report.outOfScope.n}`);

if (!opts['dry-run']) {
  writeFileSync(CALIBRATION_FILE, `${JSON.stringify(calibration, null, 2)}\n`);
  console.log(`wrote ${join('server/src/modules/enquiries', 'calibration.json')}`);
}

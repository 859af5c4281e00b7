import { readFileSync } from 'node:fs';

/**
 * Calibrated answer decision. The index's ranking signals (its heuristic confidence, the top
 * entry's coverage, its lead over the second, whether the second covers as much, one-word
 * questions, question length, raw score) are mapped by a logistic model to P(the top entry is the
 * right answer). The model is fitted by scripts/calibrate-enquiries.mts on the older, tuning
 * question sets (tests/enquiries/eval/part-*.json, out-of-scope questions counting as "top entry
 * wrong"), never on a frozen set, and shipped as calibration.json.
 *
 * `coverageShortfall` (how far the top entry's coverage is under one half) lets the linear model
 * see what the samples show: below about 0.4 coverage the top entry is mostly wrong, above it
 * coverage tells little more.
 *
 * The decision then follows from what each outcome costs the resident: an ask-back costs one
 * round trip (ASK_BACK), a wrong direct answer costs more (WRONG: they read wrong facts, may act on
 * them, and must ask again). Answering has expected cost (1 − p) × WRONG, asking back ASK_BACK, so
 * the service answers directly when p ≥ 1 − ASK_BACK / WRONG.
 */
// No "one word" signal: the heuristic already carries it (× ONE_WORD_FACTOR), and almost no fitted
// question has it (one-word questions are mostly exact variants), so its standardised weight was
// decided by a single sample (one right answer made every one-word question 0.99 sure).
export const SIGNALS = ['heuristic', 'coverage', 'coverageShortfall', 'margin', 'secondCovers', 'logTerms', 'logScore'] as const;
export type SignalName = (typeof SIGNALS)[number];
export type Signals = Record<SignalName, number>;

export interface Costs {
  /** An ask-back: one more round trip for the resident. */
  askBack: number;
  /** A direct answer with the wrong facts. */
  wrong: number;
}
export const COSTS: Costs = { askBack: 1, wrong: 4 };

export interface Calibration {
  signals: SignalName[];
  weights: number[];
  bias: number;
  /** Feature scaling used in the fit (x' = (x − mean) / sd). */
  mean: number[];
  sd: number[];
  fittedOn: string[];
  fittedAt: string;
  samples: number;
  costs: Costs;
  /** P(right) at or above which the service answers directly: 1 − askBack / wrong. */
  threshold: number;
  /** Reliability of the fit on its own samples: expected calibration error over 10 bins, Brier score. */
  ece: number;
  brier: number;
}

export const CALIBRATION_FILE = new URL('./calibration.json', import.meta.url);

export function answerThreshold(costs: Costs = COSTS): number {
  return Math.round((1 - costs.askBack / costs.wrong) * 1000) / 1000;
}

export function loadCalibration(file: URL | string = CALIBRATION_FILE): Calibration {
  const cal = JSON.parse(readFileSync(file, 'utf8')) as Calibration;
  if (cal.signals.join() !== SIGNALS.join() || cal.weights.length !== SIGNALS.length) {
    throw new Error(`${String(file)}: fitted on signals ${cal.signals.join(', ')}, the index gives ${SIGNALS.join(', ')}; run scripts/calibrate-enquiries.mts`);
  }
  return cal;
}

/** The threshold the service uses when ENQUIRY_ANSWER_CONFIDENCE is unset: the shipped calibration's. */
export function defaultAnswerConfidence(): number {
  return loadCalibration().threshold;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const vector = (s: Signals): number[] => SIGNALS.map((name) => s[name]);

/** P(the top-ranked entry answers the question), 0..1. */
export function probability(cal: Pick<Calibration, 'weights' | 'bias' | 'mean' | 'sd'>, signals: Signals): number {
  const x = vector(signals);
  let z = cal.bias;
  for (let i = 0; i < x.length; i++) z += cal.weights[i]! * ((x[i]! - cal.mean[i]!) / cal.sd[i]!);
  return sigmoid(z);
}

export interface Sample { signals: Signals; right: boolean }

/**
 * L2-regularised logistic regression by Newton's method (IRLS) on standardised signals: a handful
 * of features and a few thousand samples, so a closed loop of 7×7 solves converges in ~10 steps.
 */
export function fitCalibration(samples: readonly Sample[], l2 = 1): Pick<Calibration, 'weights' | 'bias' | 'mean' | 'sd'> {
  const k = SIGNALS.length;
  const raw = samples.map((s) => vector(s.signals));
  const mean = Array.from({ length: k }, (_, j) => raw.reduce((sum, x) => sum + x[j]!, 0) / Math.max(1, raw.length));
  const sd = Array.from({ length: k }, (_, j) => {
    const v = raw.reduce((sum, x) => sum + (x[j]! - mean[j]!) ** 2, 0) / Math.max(1, raw.length);
    return Math.sqrt(v) || 1;
  });
  // Design matrix with a leading 1 for the bias.
  const X = raw.map((x) => [1, ...x.map((v, j) => (v - mean[j]!) / sd[j]!)]);
  const y = samples.map((s) => (s.right ? 1 : 0));
  let w = new Array<number>(k + 1).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Array<number>(k + 1).fill(0);
    const H = Array.from({ length: k + 1 }, () => new Array<number>(k + 1).fill(0));
    X.forEach((row, i) => {
      const p = sigmoid(row.reduce((z, v, j) => z + v * w[j]!, 0));
      const r = p * (1 - p);
      for (let a = 0; a <= k; a++) {
        grad[a]! += (p - y[i]!) * row[a]!;
        for (let b = 0; b <= k; b++) H[a]![b]! += r * row[a]! * row[b]!;
      }
    });
    for (let a = 1; a <= k; a++) { grad[a]! += l2 * w[a]!; H[a]![a]! += l2; }
    const step = solve(H, grad);
    w = w.map((v, j) => v - step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return { bias: w[0]!, weights: w.slice(1), mean, sd };
}

/** Gaussian elimination with partial pivoting: A x = b. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[pivot]![c]!)) pivot = r;
    [M[c], M[pivot]] = [M[pivot]!, M[c]!];
    const d = M[c]![c]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / d;
      for (let j = c; j <= n; j++) M[r]![j]! -= f * M[c]![j]!;
    }
  }
  return M.map((row, i) => row[n]! / (M[i]![i]! || 1e-12));
}

/** Expected calibration error (10 equal-width bins) and Brier score of predictions against outcomes. */
export function reliability(pairs: readonly { p: number; right: boolean }[]): { ece: number; brier: number; bins: { from: number; n: number; predicted: number; observed: number }[] } {
  const bins = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, n: 0, predicted: 0, observed: 0 }));
  let brier = 0;
  for (const { p, right } of pairs) {
    const bin = bins[Math.min(9, Math.floor(p * 10))]!;
    bin.n++;
    bin.predicted += p;
    bin.observed += right ? 1 : 0;
    brier += (p - (right ? 1 : 0)) ** 2;
  }
  const n = Math.max(1, pairs.length);
  const ece = bins.reduce((sum, b) => sum + (b.n ? Math.abs(b.predicted - b.observed) : 0), 0) / n;
  return {
    ece,
    brier: brier / n,
    bins: bins.map((b) => ({ from: b.from, n: b.n, predicted: b.n ? b.predicted / b.n : 0, observed: b.n ? b.observed / b.n : 0 })),
  };
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGS, type Lang } from '@bay/shared';
import { defaultAnswerConfidence, type Sample } from './calibration.js';
import { buildIndex, decideIntent, type KbIndex } from './enquiry.index.js';
import { loadKbFiles, KB_DIR } from './kb.loader.js';
import { detectCommand } from './nlp/intents.js';

/**
 * Evaluation of the retrieval engine on question sets (tests/enquiries/eval/*.json, each an array
 * of { q, lang, expect }), in-process (no HTTP, no database): the index is built from the seed
 * files exactly as the server builds it from their database copy. Used by bench/enquiry-eval.mts
 * (prints) and tests/enquiries/eval.test.ts (asserts).
 *
 * `expect` is an entry id, or null for a question the knowledge base does not cover (out of
 * scope). In-scope questions count towards top-1/top-3. An out-of-scope question is *handled* when
 * the service would not answer it with an entry: intent `clarify` (confidence below the answer
 * threshold, three numbered options) or `unknown`; answering it directly is a miss.
 */
export interface EvalQuestion {
  q: string;
  lang: Lang;
  /** The entry that answers it; null: out of scope. */
  expect: string | null;
  /** Other entries whose answer is also right (a general and a specific one). */
  accept?: string[];
  /** In scope, but no entry answers it (a gap in the knowledge base): it cannot be answered right. */
  gap?: string;
  file?: string;
}

/**
 * What the resident experiences, the headline measure: an answer given directly and right; a
 * direct answer that is wrong (the worst: it costs more than a round trip); an ask-back whose
 * options include the right entry (one round trip); an ask-back without it, or "unknown".
 */
export interface Experience {
  n: number;
  directCorrect: number;
  directWrong: number;
  askedBackRight: number;
  askedBackWithout: number;
  unknown: number;
}

export interface EvalMiss { q: string; lang: Lang; expect: string | null; got: string[]; confidence?: number; file?: string }

export interface Accuracy { n: number; top1: number; top3: number }

export interface OutOfScope {
  n: number;
  /** Share not answered directly (intent clarify or unknown). */
  handled: number;
}

export interface EvalReport {
  entries: number;
  indexMs: number;
  /** In-scope questions only. */
  overall: Accuracy;
  byLang: Record<Lang, Accuracy>;
  /** Per question file (in-scope questions), e.g. { 'part-a.json': {...} }. */
  byFile: Record<string, Accuracy>;
  /** Per question file and language. */
  byFileLang: Record<string, Record<Lang, Accuracy>>;
  /** Share of in-scope questions the service would answer directly (confidence ≥ threshold) rather than ask back. */
  answeredDirectly: number;
  /** Of the directly answered, the share whose answer is the expected entry. */
  directPrecision: number;
  /** Questions with `expect: null`. */
  outOfScope: OutOfScope;
  outOfScopeByFile: Record<string, OutOfScope>;
  misses: EvalMiss[];
  /** Out-of-scope questions answered directly with an entry. */
  outOfScopeMisses: EvalMiss[];
  /** Expected ids that are not in the knowledge base (question-set errors). */
  unknownExpectations: EvalMiss[];
  /** Questions the engine takes as commands (greeting, handoff…) instead of searching. */
  takenAsCommands: EvalQuestion[];
  /** In-scope questions (incl. gaps) by what the resident gets: overall, per language, per file. */
  experience: { overall: Experience; byLang: Record<Lang, Experience>; byFile: Record<string, Experience> };
  msPerQuestion: number;
}

export function loadEvalQuestions(dir: string, only?: (name: string) => boolean): EvalQuestion[] {
  let names: string[];
  try { names = readdirSync(dir).filter((n) => n.endsWith('.json') && (!only || only(n))).sort(); } catch { return []; }
  return names.flatMap((name) => {
    const data = JSON.parse(readFileSync(join(dir, name), 'utf8')) as EvalQuestion[];
    if (!Array.isArray(data)) throw new Error(`${name}: must be a JSON array of { q, lang, expect }`);
    return data.map((d) => ({ ...d, expect: d.expect ?? null, file: name }));
  });
}

const experienceCounter = (): Experience => ({ n: 0, directCorrect: 0, directWrong: 0, askedBackRight: 0, askedBackWithout: 0, unknown: 0 });

function classify(intent: 'faq' | 'clarify' | 'unknown', got: readonly string[], right: ReadonlySet<string>): Exclude<keyof Experience, 'n'> {
  if (intent === 'faq') return right.has(got[0]!) ? 'directCorrect' : 'directWrong';
  if (intent === 'clarify') return got.some((id) => right.has(id)) ? 'askedBackRight' : 'askedBackWithout';
  return 'unknown';
}

type Counter = { n: number; hit1: number; hit3: number };
const counter = (): Counter => ({ n: 0, hit1: 0, hit3: 0 });
const finish = (a: Counter): Accuracy => ({ n: a.n, top1: a.n ? a.hit1 / a.n : 0, top3: a.n ? a.hit3 / a.n : 0 });
const byLangCounters = () => Object.fromEntries(LANGS.map((l) => [l, counter()])) as Record<Lang, Counter>;

/**
 * Samples to fit the calibration on: every question the index ranks something for (not exact
 * variants, which are answered with confidence 1), labelled right when the top entry is one of its
 * right entries; out-of-scope questions and gaps are never right.
 */
export function calibrationSamples(questions: readonly EvalQuestion[], index: KbIndex): (Sample & { q: string; file?: string })[] {
  const out: (Sample & { q: string; file?: string })[] = [];
  for (const question of questions) {
    const outcome = index.search(question.q, 3);
    if (!outcome.signals || outcome.exact) continue;
    const right = new Set([...(question.expect === null ? [] : [question.expect]), ...(question.accept ?? [])]);
    out.push({ q: question.q, ...(question.file ? { file: question.file } : {}), signals: outcome.signals, right: !question.gap && right.has(outcome.ranked[0]!.entry.id) });
  }
  return out;
}

export function evaluate(questions: readonly EvalQuestion[], index: KbIndex, answerConfidence = defaultAnswerConfidence()): EvalReport {
  const started = performance.now();
  const overall = counter();
  const byLang = byLangCounters();
  const byFile = new Map<string, { all: Counter; lang: Record<Lang, Counter>; oos: { n: number; handled: number } }>();
  const oos = { n: 0, handled: 0 };
  const misses: EvalMiss[] = [];
  const outOfScopeMisses: EvalMiss[] = [];
  const unknownExpectations: EvalMiss[] = [];
  const takenAsCommands: EvalQuestion[] = [];
  let direct = 0;
  let directRight = 0;
  const experience = { overall: experienceCounter(), byLang: Object.fromEntries(LANGS.map((l) => [l, experienceCounter()])) as Record<Lang, Experience>, byFile: {} as Record<string, Experience> };
  for (const question of questions) {
    const { q, lang, expect } = question;
    const file = question.file ?? '(inline)';
    const fileOnly = question.file ? { file: question.file } : {};
    const rightIds = [...(expect === null ? [] : [expect]), ...(question.accept ?? [])];
    const unknownId = rightIds.find((id) => !index.get(id));
    if (unknownId) { unknownExpectations.push({ q, lang, expect: unknownId, got: [], ...fileOnly }); continue; }
    if (detectCommand(q)) takenAsCommands.push(question);
    const outcome = index.search(q, 3);
    const got = outcome.ranked.map((r) => r.entry.id);
    const intent = decideIntent(outcome, answerConfidence);
    if (!byFile.has(file)) byFile.set(file, { all: counter(), lang: byLangCounters(), oos: { n: 0, handled: 0 } });
    const f = byFile.get(file)!;
    if (expect !== null || question.gap) {
      const kind = classify(intent, got, new Set(rightIds));
      experience.byFile[file] ??= experienceCounter();
      for (const e of [experience.overall, experience.byLang[lang] ?? experience.byLang['zh-Hans'], experience.byFile[file]]) { e.n++; e[kind]++; }
    }
    if (question.gap) continue; // no entry to rank
    if (expect === null) {
      for (const o of [oos, f.oos]) { o.n++; if (intent !== 'faq') o.handled++; }
      if (intent === 'faq') outOfScopeMisses.push({ q, lang, expect, got, confidence: outcome.confidence, ...fileOnly });
      continue;
    }
    for (const a of [overall, byLang[lang] ?? byLang['zh-Hans'], f.all, f.lang[lang] ?? f.lang['zh-Hans']]) {
      a.n++;
      if (got[0] === expect) a.hit1++;
      if (got.includes(expect)) a.hit3++;
    }
    if (intent === 'faq') {
      direct++;
      if (got[0] === expect) directRight++;
    }
    if (got[0] !== expect) misses.push({ q, lang, expect, got, confidence: outcome.confidence, ...fileOnly });
  }
  const files = [...byFile.keys()].sort();
  return {
    entries: index.size,
    indexMs: index.buildMs,
    overall: finish(overall),
    byLang: Object.fromEntries(LANGS.map((l) => [l, finish(byLang[l])])) as Record<Lang, Accuracy>,
    byFile: Object.fromEntries(files.map((name) => [name, finish(byFile.get(name)!.all)])),
    byFileLang: Object.fromEntries(files.map((name) => [name, Object.fromEntries(LANGS.map((l) => [l, finish(byFile.get(name)!.lang[l])])) as Record<Lang, Accuracy>])),
    answeredDirectly: overall.n ? direct / overall.n : 0,
    directPrecision: direct ? directRight / direct : 0,
    outOfScope: { n: oos.n, handled: oos.n ? oos.handled / oos.n : 0 },
    outOfScopeByFile: Object.fromEntries(files.filter((name) => byFile.get(name)!.oos.n).map((name) => {
      const o = byFile.get(name)!.oos;
      return [name, { n: o.n, handled: o.handled / o.n }];
    })),
    misses,
    outOfScopeMisses,
    unknownExpectations,
    takenAsCommands,
    experience,
    msPerQuestion: questions.length ? (performance.now() - started) / questions.length : 0,
  };
}

/**
 * A frozen set (tests/enquiries/eval/frozen-<date>/): questions in <lang>.json ({ q, lang, topic,
 * scope }) written before any tuning, and labels.json ({ q, lang, expect: ids, gap? }) naming the
 * entries whose answer is right, labelled afterwards by someone else. A question without a label
 * is reported, not guessed.
 */
export function loadFrozenSet(dir: string): { questions: EvalQuestion[]; unlabelled: string[] } {
  const labels = new Map<string, { expect: string[]; gap?: string }>();
  for (const l of JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as { q: string; lang: Lang; expect: string[]; gap?: string }[]) {
    labels.set(`${l.lang}\u0000${l.q}`, l);
  }
  const questions: EvalQuestion[] = [];
  const unlabelled: string[] = [];
  for (const lang of LANGS) {
    const set = JSON.parse(readFileSync(join(dir, `${lang}.json`), 'utf8')) as { q: string; lang: Lang; scope: 'in' | 'out' }[];
    for (const item of set) {
      const label = labels.get(`${item.lang}\u0000${item.q}`);
      if (!label) { unlabelled.push(`${item.lang}: ${item.q}`); continue; }
      const [first, ...rest] = label.expect;
      const gap = item.scope === 'in' && !first ? (label.gap ?? 'no entry answers it') : undefined;
      questions.push({ q: item.q, lang: item.lang, expect: first ?? null, ...(rest.length ? { accept: rest } : {}), ...(gap ? { gap } : {}), file: `${lang}.json` });
    }
  }
  return { questions, unlabelled };
}

/**
 * Builds the index from the seed files and evaluates every question set in `evalDir` (or those
 * whose file name `only` accepts).
 */
export function evaluateSeedFiles(
  evalDir: string,
  kbDir = KB_DIR,
  answerConfidence?: number,
  only?: (name: string) => boolean,
): EvalReport & { questions: number } {
  const index = buildIndex(loadKbFiles(kbDir).map((f) => f.entry));
  const questions = loadEvalQuestions(evalDir, only);
  return { ...evaluate(questions, index, answerConfidence), questions: questions.length };
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGS, type Lang } from '@bay/shared';
import { buildIndex, type KbIndex } from './enquiry.index.js';
import { loadKbFiles, KB_DIR } from './kb.loader.js';
import { detectCommand } from './nlp/intents.js';

/**
 * Evaluation of the retrieval engine on question sets (tests/enquiries/eval/*.json, each an array
 * of { q, lang, expect: <entry id> }), in-process (no HTTP, no database): the index is built from
 * the seed files exactly as the server builds it from their database copy. Used by
 * bench/enquiry-eval.mts (prints) and tests/enquiries/eval.test.ts (asserts).
 */
export interface EvalQuestion { q: string; lang: Lang; expect: string; file?: string }

export interface EvalMiss { q: string; lang: Lang; expect: string; got: string[]; file?: string }

export interface Accuracy { n: number; top1: number; top3: number }

export interface EvalReport {
  entries: number;
  indexMs: number;
  overall: Accuracy;
  byLang: Record<Lang, Accuracy>;
  /** Share of questions the service would answer directly (confidence ≥ threshold) rather than ask back. */
  answeredDirectly: number;
  /** Of the directly answered, the share whose answer is the expected entry. */
  directPrecision: number;
  misses: EvalMiss[];
  /** Expected ids that are not in the knowledge base (question-set errors). */
  unknownExpectations: EvalMiss[];
  /** Questions the engine takes as commands (greeting, handoff…) instead of searching. */
  takenAsCommands: EvalQuestion[];
  msPerQuestion: number;
}

export function loadEvalQuestions(dir: string): EvalQuestion[] {
  let names: string[];
  try { names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort(); } catch { return []; }
  return names.flatMap((name) => {
    const data = JSON.parse(readFileSync(join(dir, name), 'utf8')) as EvalQuestion[];
    if (!Array.isArray(data)) throw new Error(`${name}: must be a JSON array of { q, lang, expect }`);
    return data.map((d) => ({ ...d, file: name }));
  });
}

export function evaluate(questions: readonly EvalQuestion[], index: KbIndex, answerConfidence = 0.4): EvalReport {
  const started = performance.now();
  const acc = (): Accuracy & { hit1: number; hit3: number } => ({ n: 0, top1: 0, top3: 0, hit1: 0, hit3: 0 });
  const overall = acc();
  const byLang = Object.fromEntries(LANGS.map((l) => [l, acc()])) as Record<Lang, ReturnType<typeof acc>>;
  const misses: EvalMiss[] = [];
  const unknownExpectations: EvalMiss[] = [];
  const takenAsCommands: EvalQuestion[] = [];
  let direct = 0;
  let directRight = 0;
  for (const question of questions) {
    const { q, lang, expect } = question;
    if (!index.get(expect)) { unknownExpectations.push({ q, lang, expect, got: [], ...(question.file ? { file: question.file } : {}) }); continue; }
    if (detectCommand(q)) takenAsCommands.push(question);
    const outcome = index.search(q, 3);
    const got = outcome.ranked.map((r) => r.entry.id);
    const bucket = byLang[lang] ?? byLang['zh-Hans'];
    for (const a of [overall, bucket]) {
      a.n++;
      if (got[0] === expect) a.hit1++;
      if (got.includes(expect)) a.hit3++;
    }
    if (outcome.confidence >= answerConfidence || got.length === 1) {
      direct++;
      if (got[0] === expect) directRight++;
    }
    if (got[0] !== expect) misses.push({ q, lang, expect, got, ...(question.file ? { file: question.file } : {}) });
  }
  const finish = (a: ReturnType<typeof acc>): Accuracy => ({ n: a.n, top1: a.n ? a.hit1 / a.n : 0, top3: a.n ? a.hit3 / a.n : 0 });
  return {
    entries: index.size,
    indexMs: index.buildMs,
    overall: finish(overall),
    byLang: Object.fromEntries(LANGS.map((l) => [l, finish(byLang[l])])) as Record<Lang, Accuracy>,
    answeredDirectly: overall.n ? direct / overall.n : 0,
    directPrecision: direct ? directRight / direct : 0,
    misses,
    unknownExpectations,
    takenAsCommands,
    msPerQuestion: questions.length ? (performance.now() - started) / questions.length : 0,
  };
}

/** Builds the index from the seed files and evaluates every question set in `evalDir`. */
export function evaluateSeedFiles(evalDir: string, kbDir = KB_DIR, answerConfidence?: number): EvalReport & { questions: number } {
  const index = buildIndex(loadKbFiles(kbDir).map((f) => f.entry));
  const questions = loadEvalQuestions(evalDir);
  return { ...evaluate(questions, index, answerConfidence), questions: questions.length };
}

import MiniSearch, { type SearchResult } from 'minisearch';
import { LANGS, type KbEntry } from '@bay/shared';
import { loadCalibration, probability, type Calibration, type Signals } from './calibration.js';
import { addKnownText, analyseQuestion, isAliasToken, isHan, primeSegmenter, searchTerms } from '../../text/tokenise.js';

/**
 * The in-memory search index over knowledge-base entries, ranked by MiniSearch (BM25+).
 *
 * Documents: one per question variant (every language, normalised: a Traditional and a Simplified
 * variant that normalise alike count once) with field `q`, and one per entry with its `tags` and
 * `answer` (all three languages). An entry's score is its best variant's score plus its tags/answer
 * document's score, so many near-identical variants do not outweigh one precise match.
 *
 * Terms come from text/tokenise.ts (normalised, segmented, alias tokens added) and are passed to
 * MiniSearch as they are. Typo tolerance: fuzzy matching (max edits 20% of the length) for Latin
 * terms of 4+ letters, prefix matching for Latin terms of 3+ letters and Chinese terms of 2+
 * characters; Chinese otherwise relies on the segmenter's sub-words. Alias tokens match exactly.
 *
 * Confidence (0..1) = coverage × (0.25 + 0.75 × min(1, margin / MARGIN_FULL)), where
 *   coverage = the share of the question's distinct terms the top entry matched at all, and
 *   margin   = (top score − second score) / top score, halved when the second entry matched at
 *              least as many of the question's terms (then the lead comes only from term
 *              frequency and length, e.g. a one-word question "医保" that several entries share).
 * and multiplied by ONE_WORD_FACTOR (0.8) when the question has a single content term.
 * A question whose terms all hit one entry far ahead of the rest scores 1; two entries tied on a
 * question that only half matches score 0.125. That heuristic is not a probability: it is one of
 * the signals (with coverage, margin, …) that calibration.ts maps to P(the top entry is right),
 * which is the outcome's `confidence`. The service answers at or above its threshold (derived from
 * the costs of an ask-back and of a wrong answer; ENQUIRY_ANSWER_CONFIDENCE overrides it), asks
 * back with the top three below it, and answers "unknown" when nothing matches or the coverage is
 * under MIN_COVERAGE. A question that is one of an entry's own variants has confidence 1.
 */
export const FIELD_BOOST = { q: 2, tags: 1.5, answer: 1 } as const;
export const MARGIN_FULL = 0.5;
export const MIN_COVERAGE = 0.2;
/**
 * A direct answer needs the top entry to match at least this share of the question's telling
 * terms (exact variants aside): a lone match on one place name ("深圳" in a weather question) can
 * lead by a mile and still be the wrong subject. The calibration sees few such questions.
 */
export const DIRECT_MIN_COVERAGE = 0.4;
export const ONE_WORD_FACTOR = 0.8;
export const TERM_IDF_POWER = 1;
/** Weight of a broader alias token a question implies (深圳 → §gba) beside the terms it has. */
export const IMPLIED_WEIGHT = 0.5;
/** Entry score × coverage^COVERAGE_GAMMA: an entry that matches the telling terms beats one that matches many common ones. */
export const COVERAGE_GAMMA = 0.5;
/** Extra weight of a direction token (text/direction.ts): it alone tells "into Hong Kong" from "into the mainland". */
export const DIRECTION_BOOST = 2;
const DIRECTION_PREFIX = '§to_';

interface IndexedDoc {
  id: string;
  entry: string;
  q?: string;
  tags?: string;
  answer?: string;
}

export interface RankedEntry {
  entry: KbEntry;
  score: number;
  /** Share of the question's distinct terms this entry matched (weighted by how telling each term is). */
  coverage: number;
  /** The question's terms this entry matched (diagnostics). */
  matched: string[];
}

export interface SearchOutcome {
  /** Best first; at most `limit`. */
  ranked: RankedEntry[];
  /** P(the top entry is the right answer), calibrated (see calibration.ts); 1 for an exact variant. */
  confidence: number;
  /** The ranking signals the calibration reads (absent when nothing matched or the match is exact). */
  signals?: Signals;
  /** The question's search terms (after normalisation, segmentation and alias expansion). */
  terms: string[];
  /** The question is, once normalised, one of the top entry's own question variants. */
  exact?: boolean;
}

export interface KbIndex {
  readonly size: number;
  readonly buildMs: number;
  get(id: string): KbEntry | undefined;
  search(question: string, limit?: number): SearchOutcome;
}

const LATIN = /^[a-z]/;

function fuzzyFor(term: string): number | false {
  return LATIN.test(term) && term.length >= 4 ? 0.2 : false;
}
function prefixFor(term: string): boolean {
  if (isAliasToken(term)) return false;
  return (LATIN.test(term) && term.length >= 3) || (isHan(term) && term.length >= 2);
}

/**
 * What the service (and the evaluator) does with a search outcome: no hit or
 * top coverage under MIN_COVERAGE → `unknown`; confidence at or above the threshold, or a single
 * candidate → `faq` (answer directly); otherwise `clarify` (ask back with the top three).
 */
export function decideIntent(outcome: Pick<SearchOutcome, 'ranked' | 'confidence'>, answerConfidence: number): 'faq' | 'clarify' | 'unknown' {
  const top = outcome.ranked[0];
  if (!top || top.coverage < MIN_COVERAGE) return 'unknown';
  if (outcome.confidence >= 1) return 'faq';
  if (top.coverage < DIRECT_MIN_COVERAGE) return 'clarify';
  if (outcome.confidence >= answerConfidence || outcome.ranked.length === 1) return 'faq';
  return 'clarify';
}

export interface IndexTuning {
  boost?: { q: number; tags: number; answer: number };
  /** Exponent of the entry-level IDF weight given to each query term (0: every term weighs 1). */
  idfPower?: number;
  /** Undo MiniSearch's multiplication of a document's score by its number of matched query terms. */
  plainSum?: boolean;
  /** Weight of the entry's tags/answer document beside its best question variant. */
  metaWeight?: number;
  bm25?: { k: number; b: number; d: number };
  /** Coverage weighted by term weight (fuzzy-only matches count half), instead of a plain share of terms. */
  weightedCoverage?: boolean;
  /** Replace MiniSearch's "× matched query terms" by "× summed weight of the matched terms". */
  weightedQuality?: boolean;
  /** Entry score × coverage^coverageGamma. */
  coverageGamma?: number;
  /** Extra weight of direction tokens (§to_hongkong…). */
  directionBoost?: number;
  marginFull?: number;
  /** The calibration mapping signals to confidence; null: confidence is the uncalibrated heuristic (used to fit one). */
  calibration?: Calibration | null;
}

function variantKey(terms: readonly string[]): string {
  return [...new Set(terms)].sort().join(' ');
}

export function buildIndex(entries: readonly KbEntry[], tuning: IndexTuning = {}): KbIndex {
  const started = performance.now();
  const idfPower = tuning.idfPower ?? TERM_IDF_POWER;
  const calibration = tuning.calibration === undefined ? loadCalibration() : tuning.calibration;
  const metaWeight = tuning.metaWeight ?? 1;
  primeSegmenter(entries.flatMap((e) => e.tags));
  addKnownText(entries.flatMap((e) => [...LANGS.flatMap((l) => e.questions[l]), e.answer.en, ...e.tags]));
  const byId = new Map(entries.map((e) => [e.id, e]));
  const docs: IndexedDoc[] = [];
  /** In how many entries each term occurs (any field). */
  const entryFreq = new Map<string, number>();
  for (const e of entries) {
    const seen = new Set<string>();
    const entryTerms = new Set<string>();
    let n = 0;
    for (const lang of LANGS) {
      for (const variant of e.questions[lang]) {
        const terms = searchTerms(variant);
        const q = terms.join(' ');
        if (!q || seen.has(q)) continue;
        seen.add(q);
        for (const t of terms) entryTerms.add(t);
        docs.push({ id: `${e.id}#q${n++}`, entry: e.id, q });
      }
    }
    const tagTerms = e.tags.flatMap((t) => searchTerms(t));
    const answerTerms = LANGS.flatMap((l) => searchTerms(e.answer[l]));
    for (const t of tagTerms) entryTerms.add(t);
    for (const t of answerTerms) entryTerms.add(t);
    for (const t of entryTerms) entryFreq.set(t, (entryFreq.get(t) ?? 0) + 1);
    docs.push({ id: `${e.id}#m`, entry: e.id, tags: tagTerms.join(' '), answer: answerTerms.join(' ') });
  }
  // An entry's own question variants, keyed by their set of terms (简繁 folded, punctuation,
  // particles and stop words gone, any order): a question that is one of them is answered with
  // that entry directly. A key two entries share is ambiguous and left out.
  const exactKeys = new Map<string, string | null>();
  for (const e of entries) {
    for (const variant of LANGS.flatMap((l) => e.questions[l])) {
      const key = variantKey(analyseQuestion(variant).terms);
      if (!key) continue;
      const owner = exactKeys.get(key);
      if (owner === undefined) exactKeys.set(key, e.id);
      else if (owner !== e.id) exactKeys.set(key, null);
    }
  }
  const indexedTerms = new Set<string>();
  for (const doc of docs) for (const field of [doc.q, doc.tags, doc.answer]) if (field) for (const t of field.split(' ')) indexedTerms.add(t);
  const idfScale = Math.log(1 + 2 * Math.max(1, entries.length));
  /** 0..1: how much a term tells entries apart (1 for a term no entry has). */
  const termWeight = (term: string): number => {
    const df = entryFreq.get(term) ?? 0;
    return df ? Math.log(1 + entries.length / (df + 0.5)) / idfScale : 1;
  };
  const mini = new MiniSearch<IndexedDoc>({
    fields: ['q', 'tags', 'answer'],
    storeFields: ['entry'],
    // Terms are prepared by searchTerms(); MiniSearch only splits them back apart.
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term || null,
    searchOptions: {
      boost: { ...(tuning.boost ?? FIELD_BOOST) },
      // A Latin word the index has as it is needs no typo search (the costliest part of a search).
      fuzzy: (term) => (indexedTerms.has(term) ? false : fuzzyFor(term)),
      prefix: (term) => prefixFor(term),
      ...(idfPower ? { boostTerm: (term: string) => termWeight(term) ** idfPower } : {}),
      ...(tuning.bm25 ? { bm25: tuning.bm25 } : {}),
      combineWith: 'OR',
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term || null,
    },
  });
  mini.addAll(docs);
  const buildMs = performance.now() - started;

  function search(question: string, limit = 3): SearchOutcome {
    const { terms, implied } = analyseQuestion(question);
    if (!terms.length || !byId.size) return { ranked: [], confidence: 0, terms };
    const impliedSet = new Set(implied);
    const hits = mini.search([...terms, ...implied].join(' '), {
      boostTerm: (term: string) => (idfPower ? termWeight(term) ** idfPower : 1) * (impliedSet.has(term) ? IMPLIED_WEIGHT : 1)
        * (term.startsWith(DIRECTION_PREFIX) ? (tuning.directionBoost ?? DIRECTION_BOOST) : 1),
    });
    const perEntry = new Map<string, { best: number; meta: number; matched: Map<string, number> }>();
    for (const hit of hits as (SearchResult & { entry: string })[]) {
      const agg = perEntry.get(hit.entry) ?? { best: 0, meta: 0, matched: new Map<string, number>() };
      const n = Math.max(1, hit.queryTerms.length);
      const score = tuning.plainSum ? hit.score / n
        : tuning.weightedQuality ? (hit.score / n) * hit.queryTerms.reduce((sum, t) => sum + (impliedSet.has(t) ? IMPLIED_WEIGHT : 1) * termWeight(t), 0)
        : hit.score;
      if (String(hit.id).endsWith('#m')) agg.meta = score;
      else agg.best = Math.max(agg.best, score);
      for (const t of hit.queryTerms) {
        if (impliedSet.has(t)) continue;
        // Exact (or prefix: 罗湖 → 罗湖口岸) matches count fully, fuzzy-only ones half.
        const exact = t in hit.match || !LATIN.test(t) || Object.keys(hit.match).some((m) => m.startsWith(t));
        agg.matched.set(t, Math.max(agg.matched.get(t) ?? 0, exact ? 1 : 0.5));
      }
      perEntry.set(hit.entry, agg);
    }
    const totalWeight = terms.reduce((sum, t) => sum + termWeight(t), 0);
    const coverageOf = (matched: Map<string, number>): number => {
      if (tuning.weightedCoverage === false) return matched.size / terms.length;
      let w = 0;
      for (const [t, m] of matched) w += termWeight(t) * m;
      return totalWeight ? w / totalWeight : 0;
    };
    const ranked = [...perEntry.entries()]
      .map(([id, a]) => {
        const coverage = coverageOf(a.matched);
        return { entry: byId.get(id)!, score: (a.best + metaWeight * a.meta) * coverage ** (tuning.coverageGamma ?? COVERAGE_GAMMA), coverage, matched: [...a.matched.keys()] };
      })
      .sort((x, y) => y.score - x.score || x.entry.id.localeCompare(y.entry.id));
    const exactId = exactKeys.get(variantKey(terms));
    if (exactId) {
      const at = ranked.findIndex((r) => r.entry.id === exactId);
      const hit = at >= 0 ? ranked.splice(at, 1)[0]! : { entry: byId.get(exactId)!, score: 0, coverage: 1, matched: terms };
      return { ranked: [hit, ...ranked].slice(0, limit), confidence: 1, terms, exact: true };
    }
    const top = ranked[0];
    if (!top) return { ranked: [], confidence: 0, terms };
    const second = ranked[1];
    let margin = top.score > 0 ? (top.score - (second?.score ?? 0)) / top.score : 0;
    if (second && second.coverage >= top.coverage) margin /= 2;
    let heuristic = Math.min(1, top.coverage) * (0.25 + 0.75 * Math.min(1, margin / (tuning.marginFull ?? MARGIN_FULL)));
    // One word ("医保", "octopus") is little evidence, however clearly it ranks.
    const contentTerms = terms.filter((term) => !isAliasToken(term)).length;
    if (contentTerms <= 1) heuristic *= ONE_WORD_FACTOR;
    const signals: Signals = {
      heuristic,
      coverage: Math.min(1, top.coverage),
      coverageShortfall: Math.max(0, 0.5 - top.coverage),
      margin,
      secondCovers: second && second.coverage >= top.coverage ? 1 : 0,
      logTerms: Math.log1p(terms.length),
      logScore: Math.log1p(top.score),
    };
    const confidence = calibration ? probability(calibration, signals) : heuristic;
    return { ranked: ranked.slice(0, limit), confidence: Math.round(confidence * 100) / 100, signals, terms };
  }

  return { size: byId.size, buildMs, get: (id) => byId.get(id), search };
}

import MiniSearch, { type SearchResult } from 'minisearch';
import { LANGS, type KbEntry } from '@bay/shared';
import { isAliasToken, isHan, primeSegmenter, searchTerms } from './nlp/tokenise.js';

/**
 * The in-memory search index over knowledge-base entries, ranked by MiniSearch (BM25+).
 *
 * Documents: one per question variant (every language, normalised: a Traditional and a Simplified
 * variant that normalise alike count once) with field `q`, and one per entry with its `tags` and
 * `answer` (all three languages). An entry's score is its best variant's score plus its tags/answer
 * document's score, so many near-identical variants do not outweigh one precise match.
 *
 * Terms come from nlp/tokenise.ts (normalised, segmented, alias tokens added) and are passed to
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
 * question that only half matches score 0.125. The service answers at or above its threshold
 * (ENQUIRY_ANSWER_CONFIDENCE), asks back with the top three below it, and answers "unknown" when
 * nothing matches or the coverage is under MIN_COVERAGE.
 */
export const FIELD_BOOST = { q: 2, tags: 1.5, answer: 1 } as const;
export const MARGIN_FULL = 0.4;
export const MIN_COVERAGE = 0.2;
export const ONE_WORD_FACTOR = 0.8;

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
  /** Share of the question's distinct terms this entry matched. */
  coverage: number;
}

export interface SearchOutcome {
  /** Best first; at most `limit`. */
  ranked: RankedEntry[];
  confidence: number;
  /** The question's search terms (after normalisation, segmentation and alias expansion). */
  terms: string[];
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
 * What the service does with a search outcome (enquiry.service.ts applies the same rule): no hit or
 * top coverage under MIN_COVERAGE → `unknown`; confidence at or above the threshold, or a single
 * candidate → `faq` (answer directly); otherwise `clarify` (ask back with the top three).
 */
export function decideIntent(outcome: Pick<SearchOutcome, 'ranked' | 'confidence'>, answerConfidence: number): 'faq' | 'clarify' | 'unknown' {
  const top = outcome.ranked[0];
  if (!top || top.coverage < MIN_COVERAGE) return 'unknown';
  if (outcome.confidence >= answerConfidence || outcome.ranked.length === 1) return 'faq';
  return 'clarify';
}

export interface IndexTuning { boost?: { q: number; tags: number; answer: number } }

export function buildIndex(entries: readonly KbEntry[], tuning: IndexTuning = {}): KbIndex {
  const started = performance.now();
  primeSegmenter(entries.flatMap((e) => e.tags));
  const byId = new Map(entries.map((e) => [e.id, e]));
  const mini = new MiniSearch<IndexedDoc>({
    fields: ['q', 'tags', 'answer'],
    storeFields: ['entry'],
    // Terms are prepared by searchTerms(); MiniSearch only splits them back apart.
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term || null,
    searchOptions: {
      boost: { ...(tuning.boost ?? FIELD_BOOST) },
      fuzzy: (term) => fuzzyFor(term),
      prefix: (term) => prefixFor(term),
      combineWith: 'OR',
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term || null,
    },
  });
  const docs: IndexedDoc[] = [];
  for (const e of entries) {
    const seen = new Set<string>();
    let n = 0;
    for (const lang of LANGS) {
      for (const variant of e.questions[lang]) {
        const q = searchTerms(variant).join(' ');
        if (!q || seen.has(q)) continue;
        seen.add(q);
        docs.push({ id: `${e.id}#q${n++}`, entry: e.id, q });
      }
    }
    const tags = e.tags.flatMap((t) => searchTerms(t)).join(' ');
    const answer = LANGS.flatMap((l) => searchTerms(e.answer[l])).join(' ');
    docs.push({ id: `${e.id}#m`, entry: e.id, tags, answer });
  }
  mini.addAll(docs);
  const buildMs = performance.now() - started;

  function search(question: string, limit = 3): SearchOutcome {
    const terms = [...new Set(searchTerms(question))];
    if (!terms.length || !byId.size) return { ranked: [], confidence: 0, terms };
    const hits = mini.search(terms.join(' '));
    const perEntry = new Map<string, { best: number; meta: number; matched: Set<string> }>();
    for (const hit of hits as (SearchResult & { entry: string })[]) {
      const agg = perEntry.get(hit.entry) ?? { best: 0, meta: 0, matched: new Set<string>() };
      if (String(hit.id).endsWith('#m')) agg.meta = hit.score;
      else agg.best = Math.max(agg.best, hit.score);
      for (const t of hit.queryTerms) agg.matched.add(t);
      perEntry.set(hit.entry, agg);
    }
    const ranked = [...perEntry.entries()]
      .map(([id, a]) => ({ entry: byId.get(id)!, score: a.best + a.meta, coverage: a.matched.size / terms.length }))
      .sort((x, y) => y.score - x.score || x.entry.id.localeCompare(y.entry.id));
    const top = ranked[0];
    if (!top) return { ranked: [], confidence: 0, terms };
    const second = ranked[1];
    let margin = top.score > 0 ? (top.score - (second?.score ?? 0)) / top.score : 0;
    if (second && second.coverage >= top.coverage) margin /= 2;
    let confidence = Math.min(1, top.coverage) * (0.25 + 0.75 * Math.min(1, margin / MARGIN_FULL));
    // One word ("医保", "octopus") is little evidence, however clearly it ranks.
    if (terms.filter((term) => !isAliasToken(term)).length <= 1) confidence *= ONE_WORD_FACTOR;
    return { ranked: ranked.slice(0, limit), confidence: Math.round(confidence * 100) / 100, terms };
  }

  return { size: byId.size, buildMs, get: (id) => byId.get(id), search };
}

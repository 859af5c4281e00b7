import MiniSearch from 'minisearch';
import { JOB_LANGUAGE_WORDS, type City, type Industry, type JobLanguage, type JobSort, type JobSummaryDto } from '@bay/shared';
import { segmenter } from '../enquiries/nlp/chinese.js';
import { normalise } from '../enquiries/nlp/normalise.js';
import { stem } from '../enquiries/nlp/aliases.js';
import { toJobSummaryDto, type JobDoc } from './job.model.js';

/**
 * The in-memory job search index of one server instance.
 *
 * Text: a job's Simplified Chinese and English title (boost 3) and employer (boost 1), segmented
 * with jieba's search mode (whole words and their dictionary sub-words, so 前端开发工程师 is found
 * by 前端, 开发 or 工程师) and ranked by MiniSearch (BM25+). A query is normalised first (opencc
 * 繁→简, Cantonese forms, full-width, lower case: nlp/normalise.ts), cut into words with jieba's
 * precise mode, and every word must match (AND); Latin words of 3+ letters also match as prefixes,
 * of 5+ letters with one typo in five letters. The zh-Hant title is not indexed: a 繁體 query is
 * converted to 简体 and meets the Simplified text. Descriptions are not indexed (memory: 100,000
 * jobs must fit well under 300 MB with the rest of the server).
 *
 * Orders: relevance (score, then newest), newest (postedAt, then id), salary (salaryMax, then
 * salaryMin, then id), all descending; the id makes every order total, so a cursor (the last item's
 * sort key) is stable under ties. Result lists are cached per query and filters (LRU) until the
 * index changes.
 */
export interface JobFilters {
  q?: string | undefined;
  city?: City | undefined;
  industry?: Industry | undefined;
  salaryMin?: number | undefined;
  salaryMax?: number | undefined;
  language?: JobLanguage | undefined;
  openToHkMo?: boolean | undefined;
}

export interface JobSearchOptions extends JobFilters {
  sort?: JobSort | undefined;
  cursor?: string | undefined;
  limit: number;
}

export interface Entry {
  id: string;
  summary: JobSummaryDto;
  city: City;
  industry: Industry;
  salaryMin: number;
  salaryMax: number;
  languages: readonly string[];
  openToHkMo: boolean;
  posted: number;
}

interface Ranked {
  entry: Entry;
  score: number;
}

export class CursorError extends Error {}

const HAN = /\p{Script=Han}/u;
const WORD = /^[\p{Script=Han}a-z0-9][\p{Script=Han}a-z0-9&+#.-]*$/u;
const STOP = new Set(['的', '和', '与', '及', '或', 'a', 'an', 'the', 'and', 'of', 'in', 'at', 'for', 'to', 'with', 'job', 'jobs', '职位', '工作', '招聘']);
const CACHE_SIZE = 200;

function termOf(raw: string): string | null {
  const token = raw.trim().replace(/^[.-]+|[.-]+$/g, '');
  if (!token || !WORD.test(token)) return null;
  const term = HAN.test(token) ? token : stem(token);
  return STOP.has(term) ? null : term;
}

/** Index terms of a stored text (already Simplified or English): search-mode segmentation. */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  for (const raw of segmenter().cutForSearch(text.normalize('NFKC').toLowerCase(), true)) {
    const term = termOf(raw);
    if (term) out.push(term);
  }
  return out;
}

/** The words of a query (any script): normalised to Simplified, precise-mode segmentation, distinct. */
export function queryWords(q: string): string[] {
  const out = new Set<string>();
  for (const raw of segmenter().cut(normalise(q), true)) {
    const term = termOf(raw);
    if (term) out.add(term);
  }
  return [...out];
}

const LATIN = /^[a-z]/;

type SummarySource = Omit<JobDoc, 'description'>;

export function createJobSearchIndex() {
  let entries = new Map<string, Entry>();
  let mini = newMini();
  let version = 0;
  let byNewest: Entry[] | null = null;
  let bySalary: Entry[] | null = null;
  const cache = new Map<string, Ranked[]>();
  const rawCache = new Map<string, Ranked[]>();
  /** Serialised pages of cached lists, by list and `start:limit` (a cached page costs no JSON work). */
  let pageJson = new WeakMap<Ranked[], Map<string, string>>();

  function newMini() {
    return new MiniSearch<{ id: string; title: string; employer: string }>({
      fields: ['title', 'employer'],
      tokenize: (text) => text.split(' ').filter(Boolean),
      processTerm: (term) => term,
      searchOptions: {
        boost: { title: 3, employer: 1 },
        combineWith: 'AND',
        prefix: (term) => LATIN.test(term) && term.length >= 3,
        fuzzy: (term) => (LATIN.test(term) && term.length >= 5 ? 0.2 : false),
      },
    });
  }

  function changed() {
    version++;
    byNewest = null;
    bySalary = null;
    cache.clear();
    rawCache.clear();
    pageJson = new WeakMap();
  }

  function textDoc(doc: SummarySource) {
    return {
      id: String(doc._id),
      title: indexTerms(`${doc.title['zh-Hans']} ${doc.title.en}`).join(' '),
      employer: indexTerms(`${doc.employer['zh-Hans']} ${doc.employer.en}`).join(' '),
    };
  }

  function entryOf(doc: SummarySource): Entry {
    return {
      id: String(doc._id),
      summary: toJobSummaryDto(doc),
      city: doc.city,
      industry: doc.industry,
      salaryMin: doc.salaryMin,
      salaryMax: doc.salaryMax,
      languages: doc.languages ?? [],
      openToHkMo: doc.openToHkMo,
      posted: new Date(doc.postedAt).getTime(),
    };
  }

  /** Adds, replaces or (when deleted) removes one job. */
  function apply(doc: SummarySource): void {
    const id = String(doc._id);
    if (entries.has(id)) {
      mini.discard(id);
      entries.delete(id);
    }
    if (!doc.deletedAt) {
      entries.set(id, entryOf(doc));
      mini.add(textDoc(doc));
    }
    changed();
  }

  /** Replaces everything (start-up). */
  function load(docs: Iterable<SummarySource>): void {
    entries.clear();
    mini = newMini();
    for (const doc of docs) addLoaded(doc);
    changed();
  }

  /**
   * Replaces everything from a stream (start-up: a database cursor), so the documents are never all
   * in memory at once; only the entries and the MiniSearch index stay. The new index is swapped in
   * at the end: searches meanwhile see the old one.
   */
  async function loadStream(docs: AsyncIterable<SummarySource>): Promise<void> {
    const nextEntries = new Map<string, Entry>();
    const nextMini = newMini();
    for await (const doc of docs) {
      if (doc.deletedAt) continue;
      nextEntries.set(String(doc._id), entryOf(doc));
      nextMini.add(textDoc(doc));
    }
    entries = nextEntries;
    mini = nextMini;
    changed();
  }

  function addLoaded(doc: SummarySource): void {
    if (doc.deletedAt) return;
    entries.set(String(doc._id), entryOf(doc));
    mini.add(textDoc(doc));
  }

  function matches(e: Entry, f: JobFilters): boolean {
    if (f.city && e.city !== f.city) return false;
    if (f.industry && e.industry !== f.industry) return false;
    // Salary range overlap: the job's [min, max] meets the wanted [min, max].
    if (f.salaryMin !== undefined && e.salaryMax < f.salaryMin) return false;
    if (f.salaryMax !== undefined && e.salaryMin > f.salaryMax) return false;
    if (f.language && !e.languages.includes(JOB_LANGUAGE_WORDS[f.language])) return false;
    if (f.openToHkMo !== undefined && e.openToHkMo !== f.openToHkMo) return false;
    return true;
  }

  const compareNewest = (a: Entry, b: Entry) => b.posted - a.posted || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  const compareSalary = (a: Entry, b: Entry) => b.salaryMax - a.salaryMax || b.salaryMin - a.salaryMin || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  const compareRelevance = (a: Ranked, b: Ranked) => b.score - a.score || compareNewest(a.entry, b.entry);

  function ranked(f: JobFilters, sort: JobSort): Ranked[] {
    // The query as typed first (no segmentation for a repeated query), then its words (繁/简 spellings meet).
    const rawKey = JSON.stringify([f.q ?? '', sort, f.city, f.industry, f.salaryMin, f.salaryMax, f.language, f.openToHkMo]);
    const raw = rawCache.get(rawKey);
    if (raw) return raw;
    const list = rankedByWords(f, sort);
    rawCache.set(rawKey, list);
    if (rawCache.size > CACHE_SIZE) rawCache.delete(rawCache.keys().next().value!);
    return list;
  }

  function rankedByWords(f: JobFilters, sort: JobSort): Ranked[] {
    const words = f.q ? queryWords(f.q) : [];
    const key = JSON.stringify([words, sort, f.city, f.industry, f.salaryMin, f.salaryMax, f.language, f.openToHkMo]);
    const hit = cache.get(key);
    if (hit) {
      // LRU: move to the back.
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    let list: Ranked[];
    if (words.length) {
      list = [];
      for (const r of mini.search({ combineWith: 'AND', queries: words })) {
        const entry = entries.get(r.id as string);
        if (entry && matches(entry, f)) list.push({ entry, score: r.score });
      }
      if (sort === 'relevance') list.sort(compareRelevance);
      else {
        const cmp = sort === 'salary' ? compareSalary : compareNewest;
        list.sort((a, b) => cmp(a.entry, b.entry));
      }
    } else if (f.q && !words.length) {
      list = []; // only stop words or punctuation: nothing to look for
    } else {
      const base = sort === 'salary' ? (bySalary ??= [...entries.values()].sort(compareSalary)) : (byNewest ??= [...entries.values()].sort(compareNewest));
      list = [];
      for (const entry of base) if (matches(entry, f)) list.push({ entry, score: 0 });
    }
    cache.set(key, list);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return list;
  }

  /** A page of results; `nextCursor` encodes the last item's sort key. Throws CursorError for a cursor from another order. */
  function search(opts: JobSearchOptions): { items: JobSummaryDto[]; nextCursor: string | null; total: number } {
    const sort: JobSort = opts.sort ?? (opts.q?.trim() ? 'relevance' : 'newest');
    const effective: JobSort = sort === 'relevance' && !opts.q?.trim() ? 'newest' : sort;
    const list = ranked(opts, effective);
    let start = 0;
    if (opts.cursor) {
      const after = decodeCursor(opts.cursor, effective);
      start = firstAfter(list, after, effective);
    }
    const page = list.slice(start, start + opts.limit);
    const more = start + opts.limit < list.length;
    const last = page[page.length - 1];
    return { items: page.map((r) => r.entry.summary), nextCursor: more && last ? encodeCursor(last, effective) : null, total: list.length };
  }

  /** As search, serialised; pages of cached lists are serialised once. */
  function searchJson(opts: JobSearchOptions): string {
    const sort: JobSort = opts.sort ?? (opts.q?.trim() ? 'relevance' : 'newest');
    const effective: JobSort = sort === 'relevance' && !opts.q?.trim() ? 'newest' : sort;
    const list = ranked(opts, effective);
    const start = opts.cursor ? firstAfter(list, decodeCursor(opts.cursor, effective), effective) : 0;
    let pages = pageJson.get(list);
    if (!pages) pageJson.set(list, (pages = new Map()));
    const key = `${start}:${opts.limit}`;
    let json = pages.get(key);
    if (json === undefined) {
      const page = list.slice(start, start + opts.limit);
      const last = page[page.length - 1];
      const more = start + opts.limit < list.length;
      json = JSON.stringify({ items: page.map((r) => r.entry.summary), nextCursor: more && last ? encodeCursor(last, effective) : null, total: list.length });
      if (pages.size < 50) pages.set(key, json);
    }
    return json;
  }

  /** Index of the first item strictly after the cursor's key (binary search: the list is sorted by that key). */
  function firstAfter(list: Ranked[], after: Ranked, sort: JobSort): number {
    const cmp = sort === 'relevance' ? compareRelevance : sort === 'salary' ? (a: Ranked, b: Ranked) => compareSalary(a.entry, b.entry) : (a: Ranked, b: Ranked) => compareNewest(a.entry, b.entry);
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(list[mid]!, after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  return {
    load,
    loadStream,
    apply,
    search,
    searchJson,
    matches,
    get: (id: string) => entries.get(id),
    get size() { return entries.size; },
    get version() { return version; },
  };
}
export type JobSearchIndex = ReturnType<typeof createJobSearchIndex>;

/** The sort key of the last item: [sort, score, posted, salaryMax, salaryMin, id], base64url JSON. */
function encodeCursor(r: Ranked, sort: JobSort): string {
  const e = r.entry;
  return Buffer.from(JSON.stringify([sort, r.score, e.posted, e.salaryMax, e.salaryMin, e.id])).toString('base64url');
}

function decodeCursor(cursor: string, sort: JobSort): Ranked {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('cursor');
  }
  if (!Array.isArray(parsed) || parsed.length !== 6 || parsed[0] !== sort) throw new CursorError('cursor');
  const [, score, posted, salaryMax, salaryMin, id] = parsed as unknown[];
  if (![score, posted, salaryMax, salaryMin].every((n) => typeof n === 'number' && Number.isFinite(n)) || typeof id !== 'string' || !/^[0-9a-f]{24}$/.test(id)) {
    throw new CursorError('cursor');
  }
  const entry = { id, posted, salaryMax, salaryMin } as Entry;
  return { entry, score: score as number };
}

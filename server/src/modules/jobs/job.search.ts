import { LRUCache } from 'lru-cache';
import SearchableMap from 'minisearch/SearchableMap';
import { CITIES, INDUSTRIES, JOB_LANGUAGE_WORDS, type JobSort, type JobSummaryDto } from '@bay/shared';
import { indexTerms, LATIN, queryWords, type JobFilters } from './job.terms.js';
import { isListed, copyLocalised, type JobDoc } from './job.model.js';

/**
 * The in-memory job search index of one server instance, laid out in columns so that 100,000 jobs
 * fit in tens of megabytes (the whole server must stay under 300 MB).
 *
 * Text: a job's Simplified Chinese and English title (boost 3) and employer (boost 1), segmented
 * with jieba's search mode (whole words and their dictionary sub-words, so 前端开发工程师 is found
 * by 前端, 开发 or 工程师). A query is normalised first (opencc 繁→简, Cantonese forms,
 * full-width, lower case: text/normalise.ts), cut into words with jieba's precise mode, and every
 * word must match (AND); Latin words of 3+ letters also match as prefixes, of 5+ letters with one
 * typo in five letters. The zh-Hant title is not indexed: a 繁體 query is converted to 简体 and
 * meets the Simplified text. Descriptions are not indexed.
 *
 * Ranking is BM25+ per field with MiniSearch's parameters and weights (k 1.2, b 0.7, d 0.5; prefix
 * matches weighted 0.375 and typo matches 0.45, falling with the distance); Latin terms are also
 * kept in MiniSearch's radix tree (SearchableMap) for the prefix and typo look-ups, and the postings
 * are packed integers per term rather than nested Maps per document.
 *
 * Per job the index keeps: the id, numeric columns (posted time, salary, city, industry, language
 * bits, HK/Macao suitability, field lengths) in typed arrays, and the rest of the list item as
 * references into a table of JSON fragments held once each, as UTF-8 in one byte arena: the localised title, the localised
 * employer, and district / currency / period / languages (employers post many jobs and titles
 * repeat, so the table is far smaller than the jobs). A removed or replaced job is marked dead and
 * skipped; when the dead outnumber the living (and at least 10,000) the columns, fragments and
 * postings are compacted in place, without segmenting anything again.
 *
 * Orders: relevance (score, then newest), newest (postedAt, then id), salary (salaryMax, then
 * salaryMin, then id), all descending; the id makes every order total, so a cursor (the last item's
 * sort key) is stable under ties. Result lists and serialised pages are cached (LRU, bounded by
 * bytes) until the index changes.
 */
export type { JobFilters } from './job.terms.js';

export interface JobSearchOptions extends JobFilters {
  sort?: JobSort | undefined;
  cursor?: string | undefined;
  limit: number;
}

export class CursorError extends Error {}

/** Postings of a term kept in a plain array up to this many, then in a typed array. */
const SHORT_POSTINGS = 32;

type SummarySource = Omit<JobDoc, 'description'>;

// --- BM25+ as MiniSearch computes it ------------------------------------------------------------
const K = 1.2;
const B = 0.7;
const D = 0.5;
const TITLE_BOOST = 3;
const EMPLOYER_BOOST = 1;
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
const MAX_FUZZY = 6;

const idf = (df: number, n: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
const bm25 = (tf: number, idfValue: number, len: number, avg: number) => idfValue * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * len) / avg)));

const LANGUAGE_BITS = Object.values(JOB_LANGUAGE_WORDS);
const cityCode = new Map<string, number>(CITIES.map((c, i) => [c, i]));
const industryCode = new Map<string, number>(INDUSTRIES.map((c, i) => [c, i]));

type Growable = Float64Array | Int32Array | Uint32Array | Uint8Array;
function grown<T extends Growable>(arr: T, need: number): T {
  if (need <= arr.length) return arr;
  const next = new (arr.constructor as new (n: number) => T)(Math.max(need, arr.length * 2, 16));
  next.set(arr);
  return next;
}

/** 32-bit FNV-1a of some bytes. */
function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

/**
 * Distinct text fragments, each stored once as UTF-8 in one byte arena (not as V8 strings: those
 * take two bytes a character once a string holds any Chinese) and found again by a hash of its bytes.
 */
class FragmentTable {
  private arena = Buffer.allocUnsafeSlow(1 << 16);
  private used = 0;
  private start = new Uint32Array(1024);
  private end = new Uint32Array(1024);
  private readonly byHash = new Map<number, number | number[]>();
  count = 0;

  add(text: string): number {
    return this.addBytes(Buffer.from(text, 'utf8'));
  }

  addBytes(bytes: Uint8Array): number {
    const hash = fnv1a(bytes);
    const known = this.byHash.get(hash);
    if (known !== undefined) {
      for (const id of typeof known === 'number' ? [known] : known) if (this.holds(id, bytes)) return id;
    }
    const id = this.count++;
    this.start = grown(this.start, id + 1);
    this.end = grown(this.end, id + 1);
    if (this.used + bytes.length > this.arena.length) {
      // Not zero-filled: the pages past `used` stay untouched, so they cost no resident memory.
      const next = Buffer.allocUnsafeSlow(Math.max(this.arena.length * 2, this.used + bytes.length));
      this.arena.copy(next, 0, 0, this.used);
      this.arena = next;
    }
    this.arena.set(bytes, this.used);
    this.start[id] = this.used;
    this.used += bytes.length;
    this.end[id] = this.used;
    if (known === undefined) this.byHash.set(hash, id);
    else if (typeof known === 'number') this.byHash.set(hash, [known, id]);
    else known.push(id);
    return id;
  }

  text(id: number): string {
    return this.arena.toString('utf8', this.start[id], this.end[id]);
  }

  bytes(id: number): Uint8Array {
    return this.arena.subarray(this.start[id], this.end[id]);
  }

  get byteLength(): number {
    return this.used;
  }

  private holds(id: number, bytes: Uint8Array): boolean {
    const start = this.start[id]!;
    const end = this.end[id]!;
    return end - start === bytes.length && this.arena.compare(bytes, 0, bytes.length, start, end) === 0;
  }
}

const tfPair = (tfTitle: number, tfEmployer: number) => (Math.min(tfTitle, 15) << 4) | Math.min(tfEmployer, 15);

/**
 * The columns, fragments and postings. Jobs are numbered by `ord` in the order they were added; a
 * posting is `ord << 8 | min(tfTitle, 15) << 4 | min(tfEmployer, 15)`, ascending by ord.
 */
class JobStore {
  constructor(private readonly compactAfterDead: number) {}
  ids: string[] = [];
  ordOf = new Map<string, number>();
  count = 0; // ords handed out
  living = 0;
  dead = 0;
  alive = new Uint8Array(1024);
  posted = new Float64Array(1024);
  salaryMin = new Float64Array(1024);
  salaryMax = new Float64Array(1024);
  city = new Uint8Array(1024);
  industry = new Uint8Array(1024);
  languages = new Uint8Array(1024);
  open = new Uint8Array(1024);
  titleLen = new Uint8Array(1024);
  employerLen = new Uint8Array(1024);
  sumTitleLen = 0;
  sumEmployerLen = 0;
  /** JSON fragments, each held once: `{"zh-Hans":…}` texts, and `"currency":…,"languages":[…]` tails. */
  fragments = new FragmentTable();
  titleRef = new Uint32Array(1024);
  employerRef = new Uint32Array(1024);
  tailRef = new Uint32Array(1024);
  /** Every term's id. */
  termIds = new Map<string, number>();
  /** Terms starting with a Latin letter, again, in a radix tree for prefix and typo look-ups (Chinese words get neither). */
  latinTerms = new SearchableMap<number>();
  /** A term's postings: a plain array while short (most terms are rare; a typed array costs ~200 bytes of its own), then a typed array. */
  postings: (number[] | Int32Array)[] = [];
  postingCount: number[] = [];
  dfTitle: number[] = [];
  dfEmployer: number[] = [];

  /** Adds a job (the caller has removed any earlier version). */
  add(doc: SummarySource): void {
    const ord = this.count++;
    this.ensure(ord + 1);
    const id = String(doc._id);
    this.ids[ord] = id;
    this.ordOf.set(id, ord);
    this.alive[ord] = 1;
    this.living++;
    this.posted[ord] = new Date(doc.postedAt).getTime();
    this.salaryMin[ord] = doc.salaryMin;
    this.salaryMax[ord] = doc.salaryMax;
    this.city[ord] = cityCode.get(doc.city) ?? 255;
    this.industry[ord] = industryCode.get(doc.industry) ?? 255;
    let bits = 0;
    for (const l of doc.languages ?? []) {
      const bit = LANGUAGE_BITS.indexOf(l);
      if (bit >= 0) bits |= 1 << bit;
    }
    this.languages[ord] = bits;
    this.open[ord] = doc.openToHkMo ? 1 : 0;
    const rest = { title: copyLocalised(doc.title), employer: copyLocalised(doc.employer) };
    this.titleRef[ord] = this.fragments.add(JSON.stringify(rest.title));
    this.employerRef[ord] = this.fragments.add(JSON.stringify(rest.employer));
    const tail = { ...(doc.district ? { district: doc.district } : {}), currency: doc.currency, salaryPeriod: doc.salaryPeriod, languages: doc.languages ?? [] };
    this.tailRef[ord] = this.fragments.add(JSON.stringify(tail).slice(1, -1));

    const { title, employer } = fieldTerms(rest);
    // A field's length is its number of distinct terms (as MiniSearch counts it).
    this.titleLen[ord] = Math.min(new Set(title).size, 255);
    this.employerLen[ord] = Math.min(new Set(employer).size, 255);
    this.sumTitleLen += this.titleLen[ord]!;
    this.sumEmployerLen += this.employerLen[ord]!;
    for (const [term, [tfT, tfE]] of termFrequencies(title, employer)) {
      let termId = this.termIds.get(term);
      if (termId === undefined) {
        termId = this.termIds.size;
        this.termIds.set(term, termId);
        if (LATIN.test(term)) this.latinTerms.set(term, termId);
        this.postings.push([]);
        this.postingCount.push(0);
        this.dfTitle.push(0);
        this.dfEmployer.push(0);
      }
      const n = this.postingCount[termId]!;
      const posting = (ord << 8) | tfPair(tfT, tfE);
      const list = this.postings[termId]!;
      if (!Array.isArray(list)) (this.postings[termId] = grown(list, n + 1))[n] = posting;
      else if (n < SHORT_POSTINGS) list.push(posting);
      else {
        const long = new Int32Array(n * 2);
        long.set(list);
        long[n] = posting;
        this.postings[termId] = long;
      }
      this.postingCount[termId] = n + 1;
      if (tfT) this.dfTitle[termId]!++;
      if (tfE) this.dfEmployer[termId]!++;
    }
  }

  /** Gives back the postings' growth room (after a bulk load). */
  trim(): void {
    for (let t = 0; t < this.postings.length; t++) {
      const list = this.postings[t]!;
      if (!Array.isArray(list)) this.postings[t] = list.slice(0, this.postingCount[t]);
    }
  }

  /** Marks a job dead: it stays in the postings until compaction, and is skipped. */
  remove(id: string): boolean {
    const ord = this.ordOf.get(id);
    if (ord === undefined) return false;
    this.ordOf.delete(id);
    this.alive[ord] = 0;
    this.living--;
    this.dead++;
    this.sumTitleLen -= this.titleLen[ord]!;
    this.sumEmployerLen -= this.employerLen[ord]!;
    // Document frequencies count living jobs only: segment the removed job's text again (rare: admin edits).
    const { title, employer } = fieldTerms(this.rest(ord));
    for (const [term, [tfT, tfE]] of termFrequencies(title, employer)) {
      const termId = this.termIds.get(term);
      if (termId === undefined) continue;
      if (tfT) this.dfTitle[termId]!--;
      if (tfE) this.dfEmployer[termId]!--;
    }
    if (this.dead >= this.compactAfterDead && this.dead > this.living) this.compact();
    return true;
  }

  rest(ord: number): { title: JobSummaryDto['title']; employer: JobSummaryDto['employer'] } {
    return { title: JSON.parse(this.fragments.text(this.titleRef[ord]!)) as JobSummaryDto['title'], employer: JSON.parse(this.fragments.text(this.employerRef[ord]!)) as JobSummaryDto['employer'] };
  }

  /** The list item of a job, serialised. */
  itemJson(ord: number): string {
    return `{"id":"${this.ids[ord]}","city":"${CITIES[this.city[ord]!]}","industry":"${INDUSTRIES[this.industry[ord]!]}","salaryMin":${this.salaryMin[ord]},"salaryMax":${this.salaryMax[ord]},"openToHkMo":${this.open[ord] === 1},"postedAt":"${new Date(this.posted[ord]!).toISOString()}","title":${this.fragments.text(this.titleRef[ord]!)},"employer":${this.fragments.text(this.employerRef[ord]!)},${this.fragments.text(this.tailRef[ord]!)}}`;
  }

  private ensure(n: number): void {
    if (n <= this.alive.length) return;
    this.alive = grown(this.alive, n);
    this.posted = grown(this.posted, n);
    this.salaryMin = grown(this.salaryMin, n);
    this.salaryMax = grown(this.salaryMax, n);
    this.city = grown(this.city, n);
    this.industry = grown(this.industry, n);
    this.languages = grown(this.languages, n);
    this.open = grown(this.open, n);
    this.titleLen = grown(this.titleLen, n);
    this.employerLen = grown(this.employerLen, n);
    this.titleRef = grown(this.titleRef, n);
    this.employerRef = grown(this.employerRef, n);
    this.tailRef = grown(this.tailRef, n);
  }

  /** Drops dead jobs: renumbers the living in order, so postings stay ascending. */
  compact(): void {
    const newOrd = new Int32Array(this.count).fill(-1);
    let next = 0;
    const fragments = this.fragments;
    const moved = new Int32Array(fragments.count).fill(-1);
    this.fragments = new FragmentTable();
    for (let ord = 0; ord < this.count; ord++) {
      if (!this.alive[ord]) continue;
      const to = next++;
      newOrd[ord] = to;
      for (const refs of [this.titleRef, this.employerRef, this.tailRef]) {
        const old = refs[ord]!;
        if (moved[old]! < 0) moved[old] = this.fragments.addBytes(fragments.bytes(old));
        refs[to] = moved[old]!;
      }
      this.ids[to] = this.ids[ord]!;
      this.ordOf.set(this.ids[to], to);
      for (const col of [this.alive, this.posted, this.salaryMin, this.salaryMax, this.city, this.industry, this.languages, this.open, this.titleLen, this.employerLen]) col[to] = col[ord]!;
    }
    this.ids.length = next;
    this.alive.fill(0, next);
    this.count = next;
    this.dead = 0;
    for (let t = 0; t < this.postings.length; t++) {
      const list = this.postings[t]!;
      let kept = 0;
      for (let i = 0; i < this.postingCount[t]!; i++) {
        const to = newOrd[list[i]! >>> 8]!;
        if (to >= 0) list[kept++] = (to << 8) | (list[i]! & 0xff);
      }
      if (Array.isArray(list)) list.length = kept;
      this.postingCount[t] = kept;
    }
  }
}

function fieldTerms(rest: { title: JobSummaryDto['title']; employer: JobSummaryDto['employer'] }) {
  return { title: indexTerms(`${rest.title['zh-Hans']} ${rest.title.en}`), employer: indexTerms(`${rest.employer['zh-Hans']} ${rest.employer.en}`) };
}

function termFrequencies(title: string[], employer: string[]): Map<string, [number, number]> {
  const tf = new Map<string, [number, number]>();
  for (const t of title) {
    const e = tf.get(t);
    if (e) e[0]++;
    else tf.set(t, [1, 0]);
  }
  for (const t of employer) {
    const e = tf.get(t);
    if (e) e[1]++;
    else tf.set(t, [0, 1]);
  }
  return tf;
}

/** A result list: ords in order, with their scores for relevance order. */
interface Ranked {
  ords: Int32Array;
  scores: Float64Array | null;
}

/** A cursor's sort key. */
interface SortKey {
  score: number;
  posted: number;
  salaryMax: number;
  salaryMin: number;
  id: string;
}

const EMPTY: Ranked = { ords: new Int32Array(0), scores: null };

/** The filters' values in a fixed order, for cache keys. */
const filterValues = (f: JobFilters) => [f.city, f.industry, f.salaryMin, f.salaryMax, f.language, f.openToHkMo];

/** `compactAfterDead`: removed jobs kept as dead slots before compaction may run (tests lower it). */
export function createJobSearchIndex({ compactAfterDead = 10_000 }: { compactAfterDead?: number } = {}) {
  let store = new JobStore(compactAfterDead);
  let version = 0;
  let byNewest: Int32Array | null = null;
  let bySalary: Int32Array | null = null;
  // Scratch space for the AND counting of one query (reset after each).
  let hits = new Uint8Array(0);
  let scores = new Float64Array(0);
  /** Result lists by query words and filters, bounded by their bytes. */
  const lists = new LRUCache<string, Ranked>({ maxSize: 8 << 20, sizeCalculation: (r) => r.ords.byteLength + (r.scores?.byteLength ?? 0) + 64 });
  /** The words-and-filters key of a query as typed (a repeated query is not segmented again). */
  const keysByRaw = new LRUCache<string, string>({ max: 2000 });
  /** Serialised pages (UTF-8 bodies) by request, bounded by their bytes. */
  const pages = new LRUCache<string, Buffer>({ maxSize: 8 << 20, sizeCalculation: (b) => b.length + 128 });

  function changed() {
    version++;
    byNewest = null;
    bySalary = null;
    lists.clear();
    keysByRaw.clear();
    pages.clear();
  }

  /** Adds, replaces or (when deleted or no longer listed) removes one job. */
  function apply(doc: SummarySource): void {
    store.remove(String(doc._id));
    if (isListed(doc)) store.add(doc);
    changed();
  }

  /** Replaces everything (start-up). */
  function load(docs: Iterable<SummarySource>): void {
    const next = new JobStore(compactAfterDead);
    for (const doc of docs) if (isListed(doc)) next.add(doc);
    swapIn(next);
  }

  /**
   * Replaces everything from a stream (start-up: a database cursor), so the documents are never all
   * in memory at once. The new index is swapped in at the end: searches meanwhile see the old one.
   */
  async function loadStream(docs: AsyncIterable<SummarySource>): Promise<void> {
    const next = new JobStore(compactAfterDead);
    for await (const doc of docs) if (isListed(doc)) next.add(doc);
    swapIn(next);
  }

  function swapIn(next: JobStore): void {
    next.trim();
    store = next;
    changed();
  }

  function filterOf(f: JobFilters): ((ord: number) => boolean) | null {
    const s = store;
    const city = f.city ? (cityCode.get(f.city) ?? -1) : null;
    const industry = f.industry ? (industryCode.get(f.industry) ?? -1) : null;
    const bit = f.language ? 1 << LANGUAGE_BITS.indexOf(JOB_LANGUAGE_WORDS[f.language]) : 0;
    const open = f.openToHkMo === undefined ? null : f.openToHkMo ? 1 : 0;
    const { salaryMin, salaryMax } = f;
    if (city === null && industry === null && !bit && open === null && salaryMin === undefined && salaryMax === undefined) return null;
    return (ord) =>
      (city === null || s.city[ord] === city) &&
      (industry === null || s.industry[ord] === industry) &&
      (salaryMin === undefined || s.salaryMax[ord]! >= salaryMin) &&
      (salaryMax === undefined || s.salaryMin[ord]! <= salaryMax) &&
      (!bit || (s.languages[ord]! & bit) !== 0) &&
      (open === null || s.open[ord] === open);
  }

  const compareId = (a: number, b: number) => {
    const x = store.ids[a]!;
    const y = store.ids[b]!;
    return x < y ? 1 : x > y ? -1 : 0;
  };
  const compareNewest = (a: number, b: number) => store.posted[b]! - store.posted[a]! || compareId(a, b);
  const compareSalary = (a: number, b: number) => store.salaryMax[b]! - store.salaryMax[a]! || store.salaryMin[b]! - store.salaryMin[a]! || compareId(a, b);

  /** Ords of living jobs having every word (exact, or for Latin words a prefix or a near spelling), with their summed scores. */
  function matchWords(words: string[]): { ords: number[]; scores: Float64Array } {
    const s = store;
    if (hits.length < s.count) {
      hits = new Uint8Array(s.alive.length);
      scores = new Float64Array(s.alive.length);
    }
    const n = s.living;
    const avgTitle = s.sumTitleLen / Math.max(n, 1) || 1;
    const avgEmployer = s.sumEmployerLen / Math.max(n, 1) || 1;
    // Each word's terms with their weights; the rarest word first keeps the candidate list short.
    const plans = words.map((word) => {
      const derived: [number, number][] = [];
      const exact = s.termIds.get(word);
      if (exact !== undefined) derived.push([exact, 1]);
      const latin = LATIN.test(word);
      const prefixed = new Set<string>();
      if (latin && word.length >= 3) {
        for (const [term, termId] of s.latinTerms.atPrefix(word)) {
          const distance = term.length - word.length;
          if (!distance) continue;
          prefixed.add(term);
          derived.push([termId, (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance)]);
        }
      }
      const maxDistance = latin && word.length >= 5 ? Math.min(MAX_FUZZY, Math.round(word.length * 0.2)) : 0;
      if (maxDistance) {
        for (const [term, [termId, distance]] of s.latinTerms.fuzzyGet(word, maxDistance)) {
          if (!distance || prefixed.has(term)) continue;
          derived.push([termId, (FUZZY_WEIGHT * term.length) / (term.length + distance)]);
        }
      }
      const size = derived.reduce((sum, [t]) => sum + s.postingCount[t]!, 0);
      return { derived, size };
    });
    plans.sort((a, b) => a.size - b.size);
    const touched: number[] = [];
    for (let w = 0; w < plans.length; w++) {
      for (const [termId, weight] of plans[w]!.derived) {
        const list = s.postings[termId]!;
        const count = s.postingCount[termId]!;
        const idfT = idf(s.dfTitle[termId]!, n);
        const idfE = idf(s.dfEmployer[termId]!, n);
        for (let i = 0; i < count; i++) {
          const p = list[i]!;
          const ord = p >>> 8;
          const h = hits[ord]!;
          if (h !== w && h !== w + 1) continue; // missed an earlier word
          if (!s.alive[ord]) continue;
          if (h === w) {
            hits[ord] = w + 1;
            if (w === 0) touched.push(ord);
          }
          const tfT = (p >>> 4) & 15;
          const tfE = p & 15;
          let score = 0;
          if (tfT) score += TITLE_BOOST * bm25(tfT, idfT, s.titleLen[ord]!, avgTitle);
          if (tfE) score += EMPLOYER_BOOST * bm25(tfE, idfE, s.employerLen[ord]!, avgEmployer);
          scores[ord]! += weight * score;
        }
      }
    }
    const ords: number[] = [];
    const out = new Float64Array(s.count);
    for (const ord of touched) {
      if (hits[ord] === plans.length) {
        ords.push(ord);
        out[ord] = scores[ord]!;
      }
      hits[ord] = 0;
      scores[ord] = 0;
    }
    return { ords, scores: out };
  }

  /** The list for query words and filters; `key` names them in the list cache. */
  function rankedByWords(key: string, words: string[], f: JobFilters, sort: JobSort): Ranked {
    const hit = lists.get(key);
    if (hit) return hit;
    const keep = filterOf(f);
    let result: Ranked;
    if (f.q && !words.length) {
      result = EMPTY; // only stop words or punctuation: nothing to look for
    } else if (words.length) {
      const matched = matchWords(words);
      const ords = keep ? matched.ords.filter(keep) : matched.ords;
      const all = matched.scores;
      if (sort === 'relevance') ords.sort((a, b) => all[b]! - all[a]! || compareNewest(a, b));
      else ords.sort(sort === 'salary' ? compareSalary : compareNewest);
      result = { ords: Int32Array.from(ords), scores: sort === 'relevance' ? Float64Array.from(ords, (o) => all[o]!) : null };
    } else {
      const base = sort === 'salary' ? (bySalary ??= sortedLiving(compareSalary)) : (byNewest ??= sortedLiving(compareNewest));
      result = { ords: keep ? base.filter(keep) : base, scores: null };
    }
    lists.set(key, result);
    return result;
  }

  function sortedLiving(cmp: (a: number, b: number) => number): Int32Array {
    const ords = new Int32Array(store.living);
    let i = 0;
    for (let ord = 0; ord < store.count; ord++) if (store.alive[ord]) ords[i++] = ord;
    return ords.sort(cmp);
  }

  function ranked(f: JobFilters, sort: JobSort): Ranked {
    const rawKey = JSON.stringify([f.q ?? '', sort, ...filterValues(f)]);
    const known = keysByRaw.get(rawKey);
    const cached = known === undefined ? undefined : lists.get(known);
    if (cached) return cached;
    const words = f.q ? queryWords(f.q) : [];
    const key = JSON.stringify([words, sort, ...filterValues(f)]);
    keysByRaw.set(rawKey, key);
    return rankedByWords(key, words, f, sort);
  }

  function sortOf(opts: JobSearchOptions): JobSort {
    const sort: JobSort = opts.sort ?? (opts.q?.trim() ? 'relevance' : 'newest');
    return sort === 'relevance' && !opts.q?.trim() ? 'newest' : sort;
  }

  /**
   * A page as the UTF-8 JSON body the route sends. Pages are cached by the request as asked (query
   * as typed, filters, cursor, limit) until the index changes, so a repeated request costs one
   * look-up. Throws CursorError for a cursor from another order.
   */
  function searchBody(opts: JobSearchOptions): Buffer {
    const requestKey = JSON.stringify([opts.q ?? '', opts.sort, ...filterValues(opts), opts.cursor, opts.limit]);
    let body = pages.get(requestKey);
    if (body === undefined) {
      const sort = sortOf(opts);
      const list = ranked(opts, sort);
      const start = opts.cursor ? firstAfter(list, decodeCursor(opts.cursor, sort), sort) : 0;
      const end = Math.min(start + opts.limit, list.ords.length);
      const items: string[] = [];
      for (let i = start; i < end; i++) items.push(store.itemJson(list.ords[i]!));
      const more = end < list.ords.length;
      const nextCursor = more && end > start ? JSON.stringify(encodeCursor(list, end - 1, sort)) : 'null';
      body = Buffer.from(`{"items":[${items.join(',')}],"nextCursor":${nextCursor},"total":${list.ords.length}}`, 'utf8');
      pages.set(requestKey, body);
    }
    return body;
  }

  /** A page of results; `nextCursor` encodes the last item's sort key. */
  function search(opts: JobSearchOptions): { items: JobSummaryDto[]; nextCursor: string | null; total: number } {
    return JSON.parse(searchBody(opts).toString('utf8')) as { items: JobSummaryDto[]; nextCursor: string | null; total: number };
  }

  function keyAt(list: Ranked, i: number): SortKey {
    const ord = list.ords[i]!;
    return { score: list.scores?.[i] ?? 0, posted: store.posted[ord]!, salaryMax: store.salaryMax[ord]!, salaryMin: store.salaryMin[ord]!, id: store.ids[ord]! };
  }

  function encodeCursor(list: Ranked, i: number, sort: JobSort): string {
    const k = keyAt(list, i);
    return Buffer.from(JSON.stringify([sort, k.score, k.posted, k.salaryMax, k.salaryMin, k.id])).toString('base64url');
  }

  /** Index of the first item strictly after the cursor's key (binary search: the list is sorted by that key). */
  function firstAfter(list: Ranked, after: SortKey, sort: JobSort): number {
    const cmp = sort === 'relevance' ? compareKeysRelevance : sort === 'salary' ? compareKeysSalary : compareKeysNewest;
    let lo = 0;
    let hi = list.ords.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(keyAt(list, mid), after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** A job's list item, or undefined when the index does not hold it (deleted). */
  function summary(id: string): JobSummaryDto | undefined {
    const ord = store.ordOf.get(id);
    return ord === undefined ? undefined : (JSON.parse(store.itemJson(ord)) as JobSummaryDto);
  }

  return {
    load,
    loadStream,
    apply,
    search,
    searchBody,
    summary,
    get size() { return store.living; },
    get version() { return version; },
    /** For tests and benchmarks: slots handed out, and how many of them hold removed jobs. */
    get slots() { return { used: store.count, dead: store.dead }; },
    /** Sizes for the operator's log: terms, postings (used / allocated), distinct list-item fragments and their UTF-8 bytes. */
    get stats() {
      let used = 0;
      let allocated = 0;
      for (let t = 0; t < store.postings.length; t++) {
        used += store.postingCount[t]!;
        allocated += store.postings[t]!.length;
      }
      return { terms: store.termIds.size, postings: used, postingSlots: allocated, fragments: store.fragments.count, fragmentBytes: store.fragments.byteLength };
    },
  };
}
export type JobSearchIndex = ReturnType<typeof createJobSearchIndex>;

const compareKeyIds = (a: SortKey, b: SortKey) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
const compareKeysNewest = (a: SortKey, b: SortKey) => b.posted - a.posted || compareKeyIds(a, b);
const compareKeysSalary = (a: SortKey, b: SortKey) => b.salaryMax - a.salaryMax || b.salaryMin - a.salaryMin || compareKeyIds(a, b);
const compareKeysRelevance = (a: SortKey, b: SortKey) => b.score - a.score || compareKeysNewest(a, b);

function decodeCursor(cursor: string, sort: JobSort): SortKey {
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
  return { score: score as number, posted: posted as number, salaryMax: salaryMax as number, salaryMin: salaryMin as number, id };
}

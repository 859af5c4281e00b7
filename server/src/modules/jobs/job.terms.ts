import { JOB_LANGUAGE_WORDS, type City, type Industry, type JobLanguage } from '@bay/shared';
import { segmenter } from '../../text/chinese.js';
import { primeSegmenter } from '../../text/tokenise.js';
import { normalise } from '../../text/normalise.js';
import { stem } from '../../text/aliases.js';

/**
 * The words of jobs and of job queries, and the filters a job meets: shared by the search index
 * (job.search.ts) and by job alerts (job.service.ts), so both cut and filter the same way.
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

const HAN = /\p{Script=Han}/u;
const WORD = /^[\p{Script=Han}a-z0-9][\p{Script=Han}a-z0-9&+#.-]*$/u;
const STOP = new Set(['的', '和', '与', '及', '或', 'a', 'an', 'the', 'and', 'of', 'in', 'at', 'for', 'to', 'with', 'job', 'jobs', '职位', '工作', '招聘']);
/** A Latin term (prefix and typo matching apply to these). */
export const LATIN = /^[a-z]/;
/** A query keeps at most this many words (the AND counters are bytes). */
const MAX_WORDS = 32;

function termOf(raw: string): string | null {
  const token = raw.trim().replace(/^[.-]+|[.-]+$/g, '');
  if (!token || !WORD.test(token)) return null;
  const term = HAN.test(token) ? token : stem(token);
  return STOP.has(term) ? null : term;
}

let primed = false;
/**
 * The process-wide jieba segmenter with the alias words taught (text/tokenise.ts), so a job is cut
 * the same way whether it is indexed before or after the enquiry module first runs.
 */
function jobSegmenter() {
  if (!primed) {
    primeSegmenter();
    primed = true;
  }
  return segmenter();
}

/** Index terms of a stored text (already Simplified or English): search-mode segmentation. */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  for (const raw of jobSegmenter().cutForSearch(text.normalize('NFKC').toLowerCase(), true)) {
    const term = termOf(raw);
    if (term) out.push(term);
  }
  return out;
}

/** The words of a query (any script): normalised to Simplified, precise-mode segmentation, distinct. */
export function queryWords(q: string): string[] {
  const out = new Set<string>();
  for (const raw of jobSegmenter().cut(normalise(q), true)) {
    const term = termOf(raw);
    if (term) out.add(term);
  }
  return [...out].slice(0, MAX_WORDS);
}

/** What the filters look at, for a job that is not (or not yet) in an index. */
export interface JobFacts {
  city: City;
  industry: Industry;
  salaryMin: number;
  salaryMax: number;
  languages?: readonly string[] | undefined;
  openToHkMo: boolean;
}

/** Does a job meet the filters (the keywords aside)? The index applies the same rules to its columns. */
export function jobMatches(job: JobFacts, f: JobFilters): boolean {
  if (f.city && job.city !== f.city) return false;
  if (f.industry && job.industry !== f.industry) return false;
  // Salary range overlap: the job's [min, max] meets the wanted [min, max].
  if (f.salaryMin !== undefined && job.salaryMax < f.salaryMin) return false;
  if (f.salaryMax !== undefined && job.salaryMin > f.salaryMax) return false;
  if (f.language && !(job.languages ?? []).includes(JOB_LANGUAGE_WORDS[f.language])) return false;
  if (f.openToHkMo !== undefined && job.openToHkMo !== f.openToHkMo) return false;
  return true;
}

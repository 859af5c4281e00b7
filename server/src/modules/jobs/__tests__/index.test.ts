import { describe, expect, it } from '@jest/globals';
import MiniSearch from 'minisearch';
import { Types } from 'mongoose';
import type { JobSummaryDto } from '@bay/shared';
import { SEED_JOBS } from '../../../seed/jobs.js';
import { toJobSummaryDto, type JobDoc } from '../job.model.js';
import { createJobSearchIndex } from '../job.search.js';
import { indexTerms, jobMatches, queryWords, type JobFilters } from '../job.terms.js';

/**
 * The compact job index on its own (no server): its ranking against MiniSearch's BM25+ over the same
 * terms (the library it replaced, kept as the reference), the AND rule, prefix and typo matches,
 * filters against `jobMatches`, removal and compaction, and paging by cursor.
 */
type Source = Omit<JobDoc, 'description'>;

const base = Date.UTC(2026, 10, 1);
function docs(): Source[] {
  const out: Source[] = [];
  // The demo jobs, then variants of them (other levels and days), so terms repeat with different frequencies.
  const levels: [string, string][] = [['', ''], ['高级', 'Senior '], ['初级', 'Junior ']];
  levels.forEach(([zh, en], level) => {
    SEED_JOBS.forEach((j, i) => {
      const n = level * SEED_JOBS.length + i;
      const { description: _description, ...rest } = j;
      out.push({
        ...rest,
        _id: new Types.ObjectId(n.toString(16).padStart(24, '0')),
        slug: `${j.slug}-${level}`,
        title: { 'zh-Hans': `${zh}${j.title['zh-Hans']}`, 'zh-Hant': j.title['zh-Hant'], en: `${en}${j.title.en}` },
        openToHkMo: level === 2 ? false : j.openToHkMo,
        demo: true,
        postedAt: new Date(base + (n % 17) * 3_600_000),
        createdAt: new Date(base),
        updatedAt: new Date(base),
        deletedAt: null,
      });
    });
  });
  return out;
}

/** MiniSearch configured as the index ranks: title ×3, employer ×1, AND, Latin prefixes from 3 letters, typos from 5. */
function reference(all: Source[]) {
  const mini = new MiniSearch<{ id: string; title: string; employer: string }>({
    fields: ['title', 'employer'],
    tokenize: (text) => text.split(' ').filter(Boolean),
    processTerm: (term) => term,
    searchOptions: {
      boost: { title: 3, employer: 1 },
      combineWith: 'AND',
      prefix: (term) => /^[a-z]/.test(term) && term.length >= 3,
      fuzzy: (term) => (/^[a-z]/.test(term) && term.length >= 5 ? 0.2 : false),
    },
  });
  for (const d of all) {
    mini.add({ id: String(d._id), title: indexTerms(`${d.title['zh-Hans']} ${d.title.en}`).join(' '), employer: indexTerms(`${d.employer['zh-Hans']} ${d.employer.en}`).join(' ') });
  }
  return mini;
}

function allPages(index: ReturnType<typeof createJobSearchIndex>, opts: JobFilters & { sort?: 'relevance' | 'newest' | 'salary' }, limit: number): JobSummaryDto[] {
  const out: JobSummaryDto[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = index.search({ ...opts, limit, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

describe('compact job index', () => {
  const all = docs();

  it('ranks as MiniSearch BM25+ does over the same terms, for Chinese, English, prefix and typo queries', () => {
    const index = createJobSearchIndex();
    index.load(all);
    const mini = reference(all);
    const queries = ['工程师', '前端開發', 'engineer', 'engin', 'enginere', 'nurse', '高级 工程师', 'senior nurse', '跨境', '香港 会计', 'teacher'];
    let compared = 0;
    for (const q of queries) {
      const words = queryWords(q);
      const expected = mini.search({ combineWith: 'AND', queries: words } as never);
      const got = index.search({ q, sort: 'relevance', limit: 1000 });
      expect(got.total).toBe(expected.length);
      const scoreOf = new Map(expected.map((r) => [r.id as string, r.score]));
      // Same set; the order follows the reference's scores (ties broken by newest, then id).
      expect(new Set(got.items.map((j) => j.id))).toEqual(new Set(scoreOf.keys()));
      const scores = got.items.map((j) => scoreOf.get(j.id)!);
      for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeLessThanOrEqual(scores[i - 1]! + 1e-9);
      compared += got.total;
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('needs every word, and finds Latin words by prefix and by a near spelling', () => {
    const index = createJobSearchIndex();
    index.load(all);
    const both = index.search({ q: '高级 护士', limit: 100 }).items;
    expect(both.length).toBeGreaterThan(0);
    expect(both.every((j) => j.title['zh-Hans'].includes('高级') && j.title['zh-Hans'].includes('护士'))).toBe(true);
    expect(index.search({ q: '护士 zzzxqv', limit: 10 }).total).toBe(0);
    const prefix = index.search({ q: 'pharm', limit: 100 }).items; // pharmacist, pharmacy, pharmaceutical
    expect(prefix.length).toBeGreaterThan(0);
    expect(prefix.every((j) => /pharmac/i.test(j.title.en) || /pharmac/i.test(j.employer.en))).toBe(true);
    // A typo is allowed from 5 letters (one per five), not below.
    const technicians = index.search({ q: 'technician', limit: 100 }).items.map((j) => j.id);
    expect(technicians.length).toBeGreaterThan(0);
    expect(index.search({ q: 'technicain', limit: 100 }).items.map((j) => j.id).sort()).toEqual([...technicians].sort());
    expect(index.search({ q: 'nuse', limit: 100 }).total).toBe(0); // 4 letters: neither a typo nor a prefix of nurse
  });

  it('filters exactly as jobMatches does, and serves the summary each job had', () => {
    const index = createJobSearchIndex();
    index.load(all);
    const filters: JobFilters[] = [
      { city: 'hongkong' }, { industry: 'finance', salaryMin: 15000 }, { salaryMin: 8000, salaryMax: 9000 },
      { language: 'portuguese' }, { language: 'english', openToHkMo: false }, { city: 'shenzhen', industry: 'technology', language: 'english' },
    ];
    for (const f of filters) {
      const expected = all.filter((d) => jobMatches(d, f)).map((d) => String(d._id)).sort();
      expect(expected.length).toBeGreaterThan(0);
      const got = allPages(index, f, 7).map((j) => j.id).sort();
      expect(got).toEqual(expected);
    }
    const one = all[5]!;
    expect(index.summary(String(one._id))).toEqual(toJobSummaryDto(one));
    expect(index.search({ q: one.title['zh-Hans'], limit: 100 }).items.find((j) => j.id === String(one._id))).toEqual(toJobSummaryDto(one));
  });

  it('pages every order by cursor without gaps or repeats', () => {
    const index = createJobSearchIndex();
    index.load(all);
    for (const sort of ['newest', 'salary', 'relevance'] as const) {
      const q = sort === 'relevance' ? '工程师' : undefined;
      const whole = index.search({ ...(q ? { q } : {}), sort, limit: 1000 }).items.map((j) => j.id);
      expect(allPages(index, { ...(q ? { q } : {}), sort }, 4).map((j) => j.id)).toEqual(whole);
    }
  });

  it('removes and replaces jobs, keeps document frequencies right, and compacts dead slots', () => {
    const index = createJobSearchIndex({ compactAfterDead: 20 });
    index.load(all);
    const nurseTotal = index.search({ q: 'nurse', limit: 1 }).total;
    const nurses = allPages(index, { q: 'nurse' }, 50).map((j) => all.find((d) => String(d._id) === j.id)!);
    expect(nurses.length).toBeGreaterThan(1);
    // Delete one nurse job, rename another.
    index.apply({ ...nurses[0]!, deletedAt: new Date() });
    index.apply({ ...nurses[1]!, title: { 'zh-Hans': '潜水教练', 'zh-Hant': '潛水教練', en: 'Diving Instructor' } });
    expect(index.search({ q: 'nurse', limit: 1 }).total).toBe(nurseTotal - 2);
    expect(index.search({ q: '潛水', limit: 5 }).items.map((j) => j.id)).toEqual([String(nurses[1]!._id)]);
    expect(index.summary(String(nurses[0]!._id))).toBeUndefined();

    // Scores after removals equal a fresh index of what is left (df and lengths count the living only).
    const left = all.filter((d) => String(d._id) !== String(nurses[0]!._id)).map((d) => (String(d._id) === String(nurses[1]!._id) ? { ...d, title: { 'zh-Hans': '潜水教练', 'zh-Hant': '潛水教練', en: 'Diving Instructor' } } : d));
    const fresh = createJobSearchIndex();
    fresh.load(left);
    for (const q of ['工程师', 'engineer', '会计']) expect(index.search({ q, limit: 1000 })).toEqual(fresh.search({ q, limit: 1000 }));

    // Remove most jobs: the dead outnumber the living, so the slots are compacted.
    const removed = all.slice(0, Math.floor(all.length * 0.7)).filter((d) => String(d._id) !== String(nurses[0]!._id));
    for (const d of removed) index.apply({ ...d, deletedAt: new Date() });
    const { used, dead } = index.slots;
    expect(dead).toBeLessThanOrEqual(index.size); // compacted whenever the dead outnumbered the living
    expect(used).toBe(index.size + dead);
    expect(used).toBeLessThan(all.length);
    expect(index.size).toBe(left.length - removed.length);
    const kept = left.filter((d) => !removed.some((r) => String(r._id) === String(d._id)));
    const fresh2 = createJobSearchIndex();
    fresh2.load(kept);
    for (const q of ['工程师', 'senior', '香港']) expect(index.search({ q, limit: 1000 })).toEqual(fresh2.search({ q, limit: 1000 }));
    expect(allPages(index, { sort: 'salary' }, 9)).toEqual(allPages(fresh2, { sort: 'salary' }, 9));
  });

  it('rejects a cursor from another order', () => {
    const index = createJobSearchIndex();
    index.load(all);
    const page = index.search({ sort: 'newest', limit: 3 });
    expect(() => index.search({ sort: 'salary', limit: 3, cursor: page.nextCursor! })).toThrow('cursor');
    expect(() => index.search({ sort: 'newest', limit: 3, cursor: 'not-a-cursor' })).toThrow('cursor');
  });
});

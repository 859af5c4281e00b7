import {
  ENQUIRY_DEFAULT_PAGE, LANGS, SEARCH_GROUPS, translator,
  type Lang, type SearchGroup, type SearchGroupDto, type SearchHitDto, type SearchResultDto, pageLinks,
} from '@bay/shared';
import type { Logger } from '../../core/logger.js';
import type { EnquiryService } from '../enquiries/enquiry.service.js';
import { MIN_COVERAGE } from '../enquiries/enquiry.index.js';
import type { JobService } from '../jobs/job.service.js';

/** Scenario modules other issues add to `services`; searched only when they are there. */
export const OPTIONAL_SCENARIOS = ['travel', 'customs', 'payment', 'life'] as const satisfies readonly SearchGroup[];
type OptionalScenario = (typeof OPTIONAL_SCENARIOS)[number];

export interface SearchDeps {
  enquiries: EnquiryService;
  jobs: JobService;
  /**
   * The whole services object, read at call time: `travel`, `customs` and `payment` are used
   * when present and exposing `search` or `list` (their shapes belong to their own modules).
   */
  services: object;
  logger: Logger;
}

const SUBTITLE_CHARS = 60;

const lower = (s: string) => s.toLocaleLowerCase('en');
/** Query words: whitespace-separated; Chinese text is usually one word (substring matching copes). */
const words = (q: string) => lower(q).split(/\s+/).filter(Boolean);
const clip = (s: string) => (s.length > SUBTITLE_CHARS ? `${s.slice(0, SUBTITLE_CHARS - 1)}…` : s);

type Localised = Partial<Record<Lang, string>>;
const isLocalised = (v: unknown): v is Localised =>
  typeof v === 'object' && v !== null && LANGS.some((l) => typeof (v as Record<string, unknown>)[l] === 'string');

/** The text in `lang`, else the other Chinese, else English, else any. */
function pick(v: unknown, lang: Lang): string | undefined {
  if (typeof v === 'string') return v;
  if (!isLocalised(v)) return undefined;
  const order: Lang[] = lang === 'en' ? ['en', 'zh-Hans', 'zh-Hant'] : lang === 'zh-Hant' ? ['zh-Hant', 'zh-Hans', 'en'] : ['zh-Hans', 'zh-Hant', 'en'];
  for (const l of order) if (v[l]) return v[l];
  return undefined;
}

/** Every string inside a plain value, two levels deep (localised texts, tag lists). */
function strings(v: unknown, depth = 2): string[] {
  if (typeof v === 'string') return [v];
  if (depth < 0 || typeof v !== 'object' || v === null) return [];
  return Object.values(v as Record<string, unknown>).flatMap((x) => strings(x, depth - 1));
}

/** 0 when some word is missing; else 2 per word found in the title, 1 elsewhere. */
function score(ws: string[], title: string[], rest: string[]): number {
  const t = lower(title.join('\n'));
  const r = lower(rest.join('\n'));
  let total = 0;
  for (const w of ws) {
    if (t.includes(w)) total += 2;
    else if (r.includes(w)) total += 1;
    else return 0;
  }
  return total;
}

function best<T>(scored: { item: T; score: number }[], limit: number): T[] {
  return scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score).slice(0, limit).map((s) => s.item);
}

export function createSearchService(deps: SearchDeps) {
  const { enquiries, jobs, logger } = deps;

  async function searchKb(q: string, lang: Lang, limit: number): Promise<SearchHitDto[]> {
    const index = await enquiries.ready();
    return index.search(q, limit).ranked
      .filter((r) => r.coverage >= MIN_COVERAGE)
      .map(({ entry }) => ({
        id: entry.id,
        title: entry.questions[lang][0]!,
        subtitle: clip(entry.answer[lang]),
        link: entry.link ?? `${ENQUIRY_DEFAULT_PAGE}?entry=${entry.id}`,
      }));
  }

  /** The jobs module's own search (its segmented, 简繁-folded index), best match first. */
  async function searchJobs(q: string, lang: Lang, limit: number): Promise<SearchHitDto[]> {
    const t = translator(lang);
    const page = await jobs.search({ q, limit });
    return page.items.map((job) => ({
      id: job.id,
      title: pick(job.title, lang)!,
      subtitle: `${pick(job.employer, lang)!} · ${t(`city.${job.city}`)}`,
      link: pageLinks.job(job.id),
    }));
  }

  /**
   * A scenario module's items: its `search(...)` results as given, or its `list(...)` filtered
   * here. Items are read defensively (id/slug, name/title, link/page); the module owns the shape.
   */
  async function searchScenario(name: OptionalScenario, q: string, lang: Lang, limit: number): Promise<SearchHitDto[] | null> {
    const svc = (deps.services as Record<string, unknown>)[name] as Record<string, unknown> | undefined;
    if (!svc || typeof svc !== 'object') return null;
    const search = typeof svc.search === 'function' ? (svc.search as (arg: unknown) => unknown) : undefined;
    const list = typeof svc.list === 'function' ? (svc.list as (arg: unknown) => unknown) : undefined;
    if (!search && !list) return null;
    let raw: unknown;
    try {
      raw = search ? await search.call(svc, { q, lang, limit }) : await list!.call(svc, { lang, limit: 200 });
    } catch (err) {
      logger.warn({ err: err instanceof Error ? { name: err.name, message: err.message } : err, scenario: name }, 'scenario search failed; left out');
      return null;
    }
    const items = Array.isArray(raw) ? raw : Array.isArray((raw as { items?: unknown })?.items) ? (raw as { items: unknown[] }).items : [];
    const ws = words(q);
    const scored = items.flatMap((it) => {
      if (typeof it !== 'object' || it === null) return [];
      const item = it as Record<string, unknown>;
      const titleValue = item.name ?? item.title;
      const title = pick(titleValue, lang);
      const id = item.id ?? item.slug ?? item._id;
      if (!title || id === undefined) return [];
      const hit: SearchHitDto = {
        id: String(id),
        title,
        link: typeof item.link === 'string' ? item.link.replace(/^\/+/, '') : typeof item.page === 'string' ? item.page.replace(/^\/+/, '') : `packages/${name}/index/index`,
      };
      const subtitle = pick(item.summary ?? item.description ?? item.subtitle, lang);
      if (subtitle) hit.subtitle = clip(subtitle);
      return [{ item: hit, score: search ? 1 : score(ws, strings(titleValue), strings(item)) }];
    });
    return best(scored, limit);
  }

  /** Grouped hits for one query; a group with no hits is left out. */
  async function search(q: string, lang: Lang, limit: number): Promise<SearchResultDto> {
    const found = new Map<SearchGroup, SearchHitDto[]>();
    const [kb, jobHits, ...scenarios] = await Promise.all([
      searchKb(q, lang, limit),
      searchJobs(q, lang, limit),
      ...OPTIONAL_SCENARIOS.map((s) => searchScenario(s, q, lang, limit)),
    ]);
    found.set('kb', kb);
    found.set('jobs', jobHits);
    OPTIONAL_SCENARIOS.forEach((s, i) => found.set(s, scenarios[i] ?? []));
    const groups: SearchGroupDto[] = SEARCH_GROUPS.flatMap((group) => {
      const hits = found.get(group) ?? [];
      return hits.length ? [{ group, hits }] : [];
    });
    return { q, lang, groups };
  }

  return { search };
}
export type SearchService = ReturnType<typeof createSearchService>;

import { ENQUIRY_DEFAULT_PAGE, pageLinks, textIn, translator, type Lang, type MaybeLocalised, type SearchGroup, type SearchHitDto } from '@bay/shared';
import type { CustomsService } from '../customs/customs.service.js';
import { MIN_COVERAGE } from '../enquiries/enquiry.index.js';
import type { EnquiryService } from '../enquiries/enquiry.service.js';
import type { JobService } from '../jobs/job.service.js';
import type { LifeService } from '../life/life.service.js';
import type { PaymentService } from '../payment/payment.service.js';
import type { TravelService } from '../travel/travel.service.js';
import type { SearchProvider } from './search.service.js';

/**
 * The search providers of each scenario, built from its service. Each takes only the method it
 * calls, so a test can hand it a stand-in; the method is looked up at call time.
 */

const SUBTITLE_CHARS = 60;
/** How many items of a listing-only scenario (payment) are matched here. */
const LISTED_ITEMS = 200;

const lower = (s: string) => s.toLocaleLowerCase('en');
/** Query words: whitespace-separated; Chinese text is usually one word (substring matching copes). */
const words = (q: string) => lower(q).split(/\s+/).filter(Boolean);
const clip = (s: string) => (s.length > SUBTITLE_CHARS ? `${s.slice(0, SUBTITLE_CHARS - 1)}…` : s);

/** Every string inside a plain value, two levels deep (localised texts, tag lists). */
function strings(v: unknown, depth = 2): string[] {
  if (typeof v === 'string') return [v];
  if (depth < 0 || typeof v !== 'object' || v === null) return [];
  return Object.values(v).flatMap((x) => strings(x, depth - 1));
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

/** What a scenario item shows as a hit: its id, title, one line of context and page. */
interface ScenarioItem {
  id: string;
  title: MaybeLocalised | string;
  subtitle?: MaybeLocalised | string;
  /** A page path, with or without its leading slash. */
  link: string;
}

/** The hit in `lang`; null when the item has no title in any language. */
function hitOf({ id, title, subtitle, link }: ScenarioItem, lang: Lang): SearchHitDto | null {
  const shown = textIn(title, lang);
  if (!shown) return null;
  const hit: SearchHitDto = { id, title: shown, link: link.replace(/^\/+/, '') };
  const context = textIn(subtitle, lang);
  if (context) hit.subtitle = clip(context);
  return hit;
}

/** A scenario that searches itself: its results as given, in its order. */
export function foundProvider<T>(
  group: SearchGroup,
  find: (q: string, lang: Lang, limit: number) => Promise<T[]>,
  read: (item: T) => ScenarioItem,
): SearchProvider {
  return {
    group,
    async search(q, lang, limit) {
      const hits = (await find(q, lang, limit)).flatMap((item) => hitOf(read(item), lang) ?? []);
      return hits.slice(0, limit);
    },
  };
}

/**
 * A scenario that only lists its items: matched here, every query word in the title (2) or in
 * any of the item's strings (1), best first.
 */
export function listedProvider<T>(
  group: SearchGroup,
  list: (lang: Lang) => Promise<T[]>,
  read: (item: T) => ScenarioItem,
): SearchProvider {
  return {
    group,
    async search(q, lang, limit) {
      const ws = words(q);
      const scored = (await list(lang)).flatMap((item) => {
        const shown = read(item);
        const hit = hitOf(shown, lang);
        return hit ? [{ hit, score: score(ws, strings(shown.title), strings(item)) }] : [];
      });
      return scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score).slice(0, limit).map((s) => s.hit);
    },
  };
}

/** Knowledge-base entries the index covers well enough to answer, linking to their page. */
export function kbProvider(enquiries: Pick<EnquiryService, 'ready'>): SearchProvider {
  return {
    group: 'kb',
    required: true,
    async search(q, lang, limit) {
      const index = await enquiries.ready();
      return index.search(q, limit).ranked
        .filter((r) => r.coverage >= MIN_COVERAGE)
        .map(({ entry }) => ({
          id: entry.id,
          title: entry.questions[lang][0]!,
          subtitle: clip(entry.answer[lang]),
          link: entry.link ?? `${ENQUIRY_DEFAULT_PAGE}?entry=${entry.id}`,
        }));
    },
  };
}

/** The jobs module's own search (its segmented, 简繁-folded index), best match first. */
export function jobsProvider(jobs: Pick<JobService, 'search'>): SearchProvider {
  return {
    group: 'jobs',
    required: true,
    async search(q, lang, limit) {
      const t = translator(lang);
      const page = await jobs.search({ q, limit });
      return page.items.map((job) => ({
        id: job.id,
        title: textIn(job.title, lang),
        subtitle: `${textIn(job.employer, lang)} · ${t(`city.${job.city}`)}`,
        link: pageLinks.job(job.id),
      }));
    },
  };
}

/** Travel options (one direction each), matched here on their route, mode, operator and times. */
export const travelProvider = (travel: Pick<TravelService, 'list'>): SearchProvider =>
  listedProvider('travel', (lang) => travel.list({ lang }), (o) => ({ id: o.id, title: o.title, subtitle: o.summary, link: o.link }));

/** Ports and guide items, from the customs module's own search. */
export const customsProvider = (customs: Pick<CustomsService, 'search'>): SearchProvider =>
  foundProvider('customs', (q, lang, limit) => customs.search({ q, lang, limit }), (i) => ({ id: i.id, title: i.name, subtitle: i.description, link: i.link }));

/** Payment methods, matched here on their name and summary. */
export const paymentProvider = (payment: Pick<PaymentService, 'list'>): SearchProvider =>
  listedProvider('payment', (lang) => payment.list({ lang, limit: LISTED_ITEMS }), (m) => ({ id: m.id, title: m.name, subtitle: m.summary, link: m.link }));

/** Life entries, from the life module's own search. */
export const lifeProvider = (life: Pick<LifeService, 'search'>): SearchProvider =>
  foundProvider('life', (q, lang, limit) => life.search({ q, lang, limit }), (e) => ({ id: e.id, title: e.name, subtitle: e.description, link: e.link }));

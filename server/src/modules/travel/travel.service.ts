import {
  RANKING_HKD_PER_UNIT, TRANSFER_MINUTES, translator,
  type Lang, type LocalisedText, type NorthboundEligibilityDto, type NorthboundRequirement, type NorthboundRules,
  type NorthboundRulesDto, type NorthboundScheme, type TravelLegDto, type TravelOption, type TravelPlace, type TravelRouteDto,
  type TravelRoutesDto, type TravelSort, textIn, pageLinks,
} from '@bay/shared';
import { AppError, notFound } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { NorthboundRulesDoc, NorthboundRulesModel, TravelOptionDoc, TravelOptionModel } from './travel.model.js';

/** One direction of an option: `reversed` when it is the way back of a `bothWays` option. */
interface Leg {
  option: TravelOption;
  reversed: boolean;
  from: TravelPlace;
  to: TravelPlace;
  approxMin: number;
  approxMax: number;
}

interface Graph {
  byFrom: Map<TravelPlace, Leg[]>;
  options: Map<string, TravelOption>;
  rules: Map<NorthboundScheme, NorthboundRules>;
  loadedAt: number;
}

/** At most this many routes per answer; two-leg combinations are added when fewer direct options exist. */
const MAX_ROUTES = 10;
const MIN_DIRECT_BEFORE_COMBINING = 3;

interface Deps {
  travelOptions: TravelOptionModel;
  travelRules: NorthboundRulesModel;
  logger: Logger;
  /** Other server instances' admin edits show up after this long at most (default 60 s). */
  maxAgeMs?: number;
}

const strip = <T extends { _id?: unknown; origin?: unknown; createdAt?: unknown; updatedAt?: unknown; __v?: unknown }>(d: T) => {
  const { _id, origin, createdAt, updatedAt, __v, ...rest } = d;
  return rest;
};

function buildGraph(options: TravelOption[], rules: NorthboundRules[]): Graph {
  const byFrom = new Map<TravelPlace, Leg[]>();
  const add = (leg: Leg) => {
    const list = byFrom.get(leg.from) ?? [];
    list.push(leg);
    byFrom.set(leg.from, list);
  };
  for (const option of options) {
    const rate = RANKING_HKD_PER_UNIT[option.fare.currency];
    const approx = { approxMin: option.fare.min * rate, approxMax: option.fare.max * rate };
    add({ option, reversed: false, from: option.from, to: option.to, ...approx });
    if (option.bothWays) add({ option, reversed: true, from: option.to, to: option.from, ...approx });
  }
  return {
    byFrom,
    options: new Map(options.map((o) => [o.key, o])),
    rules: new Map(rules.map((r) => [r.key, r])),
    loadedAt: Date.now(),
  };
}

const pick = (t: LocalisedText, lang: Lang) => textIn(t, lang);

function legDto(leg: Leg, lang: Lang): TravelLegDto {
  const o = leg.option;
  return {
    key: o.key,
    mode: o.mode,
    from: leg.from,
    to: leg.to,
    operator: pick(o.operator, lang),
    departure: pick(leg.reversed ? o.arrival : o.departure, lang),
    arrival: pick(leg.reversed ? o.departure : o.arrival, lang),
    port: pick(o.port, lang),
    minutes: o.minutes,
    fare: { ...o.fare },
    firstDeparture: o.firstDeparture,
    lastDeparture: o.lastDeparture,
    allDay: o.allDay,
    hours: pick(o.hours, lang),
    howToBuy: pick(o.howToBuy, lang),
    note: pick(o.note, lang),
    source: { name: pick(o.source.name, lang), url: o.source.url },
    asOf: o.asOf,
    confidence: o.confidence,
  };
}

interface Candidate { legs: Leg[]; minutes: number; approxMin: number; approxMax: number }

const legId = (l: Leg) => `${l.option.key}${l.reversed ? '<' : '>'}`;

/** Today in Hong Kong / Beijing time (UTC+8, no daylight saving), YYYY-MM-DD. */
const todayUtc8 = (now = Date.now()) => new Date(now + 8 * 3600_000).toISOString().slice(0, 10);

export function createTravelService({ travelOptions, travelRules, logger, maxAgeMs = 60_000 }: Deps) {
  let graph: Graph | undefined;
  let loading: Promise<Graph> | undefined;
  /** Answers per from|to|sort|lang; at most 12 × 12 × 2 × 3 entries, dropped on every reload. */
  let answers = new Map<string, TravelRoutesDto>();

  async function load(): Promise<Graph> {
    const [options, rules] = await Promise.all([
      travelOptions.find({}).lean<TravelOptionDoc[]>(),
      travelRules.find({}).lean<NorthboundRulesDoc[]>(),
    ]);
    const next = buildGraph(options.map((o) => strip(o) as TravelOption), rules.map((r) => strip(r) as NorthboundRules));
    graph = next;
    answers = new Map();
    return next;
  }

  function reload(): Promise<Graph> {
    loading ??= load().finally(() => { loading = undefined; });
    return loading;
  }

  /** The in-memory graph; a stale one is served while a fresh one loads in the background. */
  async function current(): Promise<Graph> {
    if (!graph) return reload();
    if (Date.now() - graph.loadedAt > maxAgeMs) {
      reload().catch((err: unknown) => logger.warn({ err: err instanceof Error ? err.message : err }, 'travel content reload failed'));
    }
    return graph;
  }

  function rank(from: TravelPlace, to: TravelPlace, sort: TravelSort, g: Graph): Candidate[] {
    const out: Candidate[] = [];
    const first = g.byFrom.get(from) ?? [];
    for (const leg of first) {
      if (leg.to === to) out.push({ legs: [leg], minutes: leg.option.minutes, approxMin: leg.approxMin, approxMax: leg.approxMax });
    }
    if (out.length < MIN_DIRECT_BEFORE_COMBINING) {
      for (const a of first) {
        if (a.to === to) continue;
        for (const b of g.byFrom.get(a.to) ?? []) {
          if (b.to !== to || b.option.key === a.option.key) continue;
          out.push({
            legs: [a, b],
            minutes: a.option.minutes + b.option.minutes + TRANSFER_MINUTES,
            approxMin: a.approxMin + b.approxMin,
            approxMax: a.approxMax + b.approxMax,
          });
        }
      }
    }
    const byTime = (x: Candidate, y: Candidate) => x.minutes - y.minutes || x.approxMin - y.approxMin;
    const byPrice = (x: Candidate, y: Candidate) => x.approxMin - y.approxMin || x.approxMax - y.approxMax || x.minutes - y.minutes;
    // Direct options before combinations with the same score; stable sort keeps content order otherwise.
    out.sort((x, y) => (sort === 'price' ? byPrice(x, y) : byTime(x, y)) || x.legs.length - y.legs.length);
    return out.slice(0, MAX_ROUTES);
  }

  function rulesOf(g: Graph, scheme: NorthboundScheme): NorthboundRules {
    const rules = g.rules.get(scheme);
    if (!rules) throw notFound();
    return rules;
  }

  return {
    async routes(from: TravelPlace, to: TravelPlace, sort: TravelSort, lang: Lang): Promise<TravelRoutesDto> {
      const g = await current();
      const cacheKey = `${from}|${to}|${sort}|${lang}`;
      const cached = answers.get(cacheKey);
      if (cached) return cached;
      const routes: TravelRouteDto[] = rank(from, to, sort, g).map((c) => ({
        id: c.legs.map(legId).join('+'),
        legs: c.legs.map((l) => legDto(l, lang)),
        minutes: c.minutes,
        approxHkd: { min: Math.round(c.approxMin), max: Math.round(c.approxMax) },
        unverified: c.legs.some((l) => l.option.confidence !== 'verified'),
      }));
      const dto: TravelRoutesDto = { from, to, sort, lang, routes };
      answers.set(cacheKey, dto);
      return dto;
    },

    async option(key: string, lang: Lang): Promise<TravelLegDto> {
      const g = await current();
      const option = g.options.get(key);
      if (!option) throw notFound();
      return legDto({ option, reversed: false, from: option.from, to: option.to, approxMin: 0, approxMax: 0 }, lang);
    },

    async northbound(scheme: NorthboundScheme, lang: Lang, now = Date.now()): Promise<NorthboundRulesDto> {
      const r = rulesOf(await current(), scheme);
      const today = todayUtc8(now);
      return {
        scheme,
        title: pick(r.title, lang),
        summary: pick(r.summary, lang),
        requirements: r.requirements.map((q) => ({ key: q.key, label: pick(q.label, lang), required: q.required })),
        documents: r.documents.map((d) => pick(d, lang)),
        bookingRules: r.bookingRules
          .filter((b) => b.effectiveFrom <= today && (!b.effectiveTo || b.effectiveTo >= today))
          .map((b) => ({ key: b.key, text: pick(b.text, lang), effectiveFrom: b.effectiveFrom, effectiveTo: b.effectiveTo, confidence: b.confidence })),
        source: { name: pick(r.source.name, lang), url: r.source.url },
        asOf: r.asOf,
        confidence: r.confidence,
      };
    },

    /** Eligible when every requirement the scheme's rules mark required is answered yes. */
    async eligibility(scheme: NorthboundScheme, given: Record<NorthboundRequirement, boolean>, lang: Lang): Promise<NorthboundEligibilityDto> {
      const r = rulesOf(await current(), scheme);
      const missing = r.requirements.filter((q) => q.required && !given[q.key]).map((q) => ({ key: q.key, label: pick(q.label, lang) }));
      return { scheme, eligible: missing.length === 0, missing };
    },

    /** The application title kept on the application (and sent in status pushes), in three languages. */
    async applicationTitle(scheme: NorthboundScheme, plate: string): Promise<LocalisedText> {
      const r = rulesOf(await current(), scheme);
      return { 'zh-Hans': `${r.title['zh-Hans']} · ${plate}`, 'zh-Hant': `${r.title['zh-Hant']} · ${plate}`, en: `${r.title.en} · ${plate}` };
    },

    /**
     * Every option (one direction) as search items for the home's cross-scenario search
     * (modules/search reads id, title, summary and link, and matches the query on every string).
     */
    async list({ lang }: { lang: Lang }) {
      const g = await current();
      const t = translator(lang);
      const place = (p: TravelPlace) => (p === 'hkairport' ? t('travel.place.hkairport') : t(`city.${p}`));
      return [...g.options.values()].map((o) => ({
        id: o.key,
        title: `${place(o.from)} → ${place(o.to)} · ${t(`travel.mode.${o.mode}`)}`,
        summary: `${pick(o.operator, lang)} · ${pick(o.departure, lang)} → ${pick(o.arrival, lang)}`,
        port: pick(o.port, lang),
        link: pageLinks.travelRoute(o.from, o.to),
      }));
    },

    /* Admin: raw content for editing; every write reloads the graph of this instance at once. */
    async listOptions(): Promise<TravelOptionDoc[]> {
      return travelOptions.find({}).sort({ key: 1 }).lean<TravelOptionDoc[]>();
    },
    async upsertOption(option: TravelOption): Promise<{ created: boolean; option: TravelOption }> {
      const res = await travelOptions.replaceOne({ key: option.key }, { ...option, origin: 'admin' }, { upsert: true });
      await reload();
      return { created: res.upsertedCount > 0, option };
    },
    async removeOption(key: string): Promise<void> {
      const res = await travelOptions.deleteOne({ key });
      if (res.deletedCount === 0) throw notFound();
      await reload();
    },
    async listRules(): Promise<NorthboundRulesDoc[]> {
      return travelRules.find({}).sort({ key: 1 }).lean<NorthboundRulesDoc[]>();
    },
    async upsertRules(rules: NorthboundRules): Promise<{ created: boolean; rules: NorthboundRules }> {
      const res = await travelRules.replaceOne({ key: rules.key }, { ...rules, origin: 'admin' }, { upsert: true });
      await reload();
      return { created: res.upsertedCount > 0, rules };
    },
    /** Drops the in-memory graph (after a seed run in the same process). */
    reload,
    keyMismatch: () => new AppError(400, 'validation', 'e.travelKeyMismatch', { key: 'v.travelKey' }),
  };
}
export type TravelService = ReturnType<typeof createTravelService>;

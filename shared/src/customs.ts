import { z } from 'zod';
import type { LocalisedText } from './dto.js';
import { asOfDate, CONFIDENCES, contentAliases, contentSlug, localisedText, officialSource, type Confidence } from './content.js';

/*
 * Issue 4, customs scenario (通关): ports between the mainland and Hong Kong / Macao, wait times
 * (official feed, resident reports, day-of-week × hour estimates) and the customs guide with the
 * "can I bring X?" lookup. Messages are i18n keys (v.*, e.*, customs.*).
 */

/** How a port can be crossed. `e-channel`: self-service gates. */
export const PORT_MODES = ['pedestrian', 'vehicle', 'cargo', 'e-channel', 'rail', 'ferry'] as const;
export type PortMode = (typeof PORT_MODES)[number];

/** The kind of crossing, for grouping the list. */
export const PORT_KINDS = ['land', 'bridge', 'rail', 'ferry', 'airport'] as const;
export type PortKind = (typeof PORT_KINDS)[number];

/** Which border the port is on. */
export const PORT_BORDERS = ['hk-mainland', 'mo-mainland', 'hk-mo', 'hk-mo-mainland'] as const;
export type PortBorder = (typeof PORT_BORDERS)[number];

/** Wait times: `northbound` = entering the mainland, `southbound` = entering Hong Kong or Macao. */
export const WAIT_DIRECTIONS = ['northbound', 'southbound'] as const;
export type WaitDirection = (typeof WAIT_DIRECTIONS)[number];
export const WAIT_MODES = ['pedestrian', 'vehicle', 'e-channel'] as const;
export type WaitMode = (typeof WAIT_MODES)[number];
/** Observed waits outside [0, MAX] minutes are refused (400). */
export const WAIT_MAX_MINUTES = 300;
/** A wait observed longer ago than this is not "current": an estimate is answered instead. */
export const WAIT_FRESH_MINUTES = 30;
/** One report per resident per port within this many minutes (else 429). */
export const WAIT_REPORT_INTERVAL_MINUTES = 10;

/** Where a current wait figure comes from. `history`: estimate from the same weekday and hour. */
export const WAIT_SOURCES = ['feed', 'reports', 'history', 'none'] as const;
export type WaitSource = (typeof WAIT_SOURCES)[number];

/**
 * Colour bands for a wait, as the Hong Kong Immigration Department's control-point waiting-time
 * service shows its queue level: Normal (generally under 15 minutes, green), Busy (generally under
 * 30 minutes, amber), Very busy (30 minutes or more, red). The same limits are applied to every
 * port, on both sides of the border, so the list reads one way. `WAIT_BAND_SOURCE` names the page.
 */
export const WAIT_BANDS = ['normal', 'busy', 'very-busy'] as const;
export type WaitBand = (typeof WAIT_BANDS)[number];
export const WAIT_BAND_LIMITS = { busyFrom: 15, veryBusyFrom: 30 } as const;
export const WAIT_BAND_SOURCE = {
  name: { 'zh-Hans': '香港入境事务处 · 管制站轮候时间', 'zh-Hant': '香港入境事務處 · 管制站輪候時間', en: 'Hong Kong Immigration Department · control point waiting time' },
  url: 'https://www.immd.gov.hk/',
  asOf: '2026-12',
} as const;

/** The band of a wait in minutes; null without a figure. */
export function waitBand(minutes: number | null | undefined): WaitBand | null {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return null;
  if (minutes >= WAIT_BAND_LIMITS.veryBusyFrom) return 'very-busy';
  if (minutes >= WAIT_BAND_LIMITS.busyFrom) return 'busy';
  return 'normal';
}

const HK_OFFSET_MINUTES = 8 * 60;
const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether a port's passenger hall is open at `at` (Hong Kong / Beijing time, no daylight saving).
 * 24-hour ports are always open; hours across midnight (e.g. 06:30–01:00) wrap; a port without
 * known hours answers null (the list says "check the notice" instead of guessing).
 */
export function isOpenAt(hours: { open24h: boolean; from?: string; to?: string }, at: Date): boolean | null {
  if (hours.open24h) return true;
  if (!hours.from || !hours.to) return null;
  const local = (Math.floor(at.getTime() / 60_000) + HK_OFFSET_MINUTES) % (24 * 60);
  const from = toMinutes(hours.from);
  const to = toMinutes(hours.to);
  return from <= to ? local >= from && local < to : local >= from || local < to;
}

/** At a glance (GET CUSTOMS_API.waits): every port's current waits in one call, for the list and the home. */
export interface PortGlanceDto {
  portId: string;
  name: LocalisedText;
  /** null when the port's hours are not known. */
  openNow: boolean | null;
  /** One per direction × wait mode the port has (same rules as PortWaitDto). */
  items: WaitDto[];
}
export interface PortsGlanceDto {
  at: string;
  items: PortGlanceDto[];
}

/** Guide directions: into which side the traveller carries the item. */
export const GUIDE_DIRECTIONS = ['into-hk', 'into-mainland', 'into-macao', 'leaving-hk'] as const;
export type GuideDirection = (typeof GUIDE_DIRECTIONS)[number];
/** allowed: no limit for personal use · limited: a duty-free quantity · declare: declare / permit needed · prohibited. */
export const GUIDE_VERDICTS = ['allowed', 'limited', 'declare', 'prohibited'] as const;
export type GuideVerdict = (typeof GUIDE_VERDICTS)[number];
export const GUIDE_CATEGORIES = ['allowance', 'prohibited', 'restricted', 'cash', 'channel', 'personal'] as const;
export type GuideCategory = (typeof GUIDE_CATEGORIES)[number];

const text = localisedText;
const slug = contentSlug;
const asOf = asOfDate;
const source = officialSource;
const hhmm = z.string().regex(/^([01][0-9]|2[0-4]):[0-5][0-9]$/, { error: 'v.time' });

export const PortIdParams = z.strictObject({ id: slug });

/** A port as seeded (server/src/seed/content/customs/ports.json) and as admins upsert it. */
export const PortBody = z.strictObject({
  id: slug,
  name: text(80),
  kind: z.enum(PORT_KINDS, { error: 'v.invalid' }),
  border: z.enum(PORT_BORDERS, { error: 'v.invalid' }),
  /** Sort position in the list (lower first). */
  order: z.number({ error: 'v.number' }).int().min(0, { error: 'v.range' }).max(10_000, { error: 'v.range' }).default(100),
  city: text(40),
  address: text(200),
  lat: z.number({ error: 'v.number' }).min(-90, { error: 'v.range' }).max(90, { error: 'v.range' }).optional(),
  lng: z.number({ error: 'v.number' }).min(-180, { error: 'v.range' }).max(180, { error: 'v.range' }).optional(),
  hours: z.strictObject({
    /** True when passengers can cross at any hour. */
    open24h: z.boolean({ error: 'v.invalid' }),
    /** Passenger hours, Hong Kong / Beijing time (same zone); `to` 24:00 = midnight. */
    from: hhmm.optional(),
    to: hhmm.optional(),
    note: text(300),
  }),
  modes: z.array(z.enum(PORT_MODES, { error: 'v.invalid' })).min(1, { error: 'v.required' }).max(PORT_MODES.length),
  facilities: z.array(text(100)).max(20, { error: 'v.range' }).default([]),
  /** How people get there / which transport uses it. */
  transport: text(500),
  source,
  asOf,
  confidence: z.enum(CONFIDENCES, { error: 'v.invalid' }),
});
export type PortInput = z.input<typeof PortBody>;
export type PortData = z.output<typeof PortBody>;

export interface PortDto {
  id: string;
  name: LocalisedText;
  kind: PortKind;
  border: PortBorder;
  order: number;
  city: LocalisedText;
  address: LocalisedText;
  lat?: number;
  lng?: number;
  hours: { open24h: boolean; from?: string; to?: string; note: LocalisedText };
  modes: PortMode[];
  facilities: LocalisedText[];
  transport: LocalisedText;
  source: { name: LocalisedText; url: string };
  asOf: string;
  confidence: Confidence;
}

/** Resident report (POST CUSTOMS_API.waitReports). */
export const WaitReportBody = z.strictObject({
  direction: z.enum(WAIT_DIRECTIONS, { error: 'v.invalid' }),
  mode: z.enum(WAIT_MODES, { error: 'v.invalid' }),
  minutes: z.number({ error: 'v.number' }).int({ error: 'v.number' }).min(0, { error: 'v.waitRange' }).max(WAIT_MAX_MINUTES, { error: 'v.waitRange' }),
});

/** Official / operator feed (admin): may carry the observation time (not in the future, at most a day old). */
export const WaitFeedBody = WaitReportBody.extend({
  observedAt: z.iso.datetime({ offset: true, error: 'v.datetime' }).optional(),
});

export const WaitQuery = z.strictObject({
  direction: z.enum(WAIT_DIRECTIONS, { error: 'v.invalid' }).optional(),
  mode: z.enum(WAIT_MODES, { error: 'v.invalid' }).optional(),
});

export interface WaitDto {
  direction: WaitDirection;
  mode: WaitMode;
  /** null when there is neither fresh data nor history. */
  minutes: number | null;
  /** Minutes since the figure was observed (newest observation used); null for estimates. */
  ageMinutes: number | null;
  observedAt: string | null;
  source: WaitSource;
  /** True when no fresh observation exists and the figure comes from the weekday × hour history (or nothing). */
  estimate: boolean;
  /** Observations the figure is based on. */
  samples: number;
}

export interface PortWaitDto {
  portId: string;
  items: WaitDto[];
}

export interface WaitReportResultDto {
  /** False when the value was stored but left out (far from the recent median). */
  counted: boolean;
  wait: WaitDto;
}

export const GuideRule = z.strictObject({
  direction: z.enum(GUIDE_DIRECTIONS, { error: 'v.invalid' }),
  verdict: z.enum(GUIDE_VERDICTS, { error: 'v.invalid' }),
  text: text(600),
});

/** A guide item as seeded (server/src/seed/content/customs/guide.json) and as admins upsert it. */
export const GuideItemBody = z.strictObject({
  id: slug,
  category: z.enum(GUIDE_CATEGORIES, { error: 'v.invalid' }),
  name: text(60),
  /** Words residents type for this item (any script); matched by the lookup. */
  aliases: contentAliases,
  rules: z.array(GuideRule).min(1, { error: 'v.required' }).max(GUIDE_DIRECTIONS.length),
  source: source,
  /** Further official sources (e.g. the other side's customs). */
  moreSources: z.array(source).max(5).default([]),
  asOf,
  confidence: z.enum(CONFIDENCES, { error: 'v.invalid' }),
});
export type GuideItemInput = z.input<typeof GuideItemBody>;
export type GuideItemData = z.output<typeof GuideItemBody>;

export interface GuideItemDto {
  id: string;
  category: GuideCategory;
  name: LocalisedText;
  aliases: Record<'zh-Hans' | 'zh-Hant' | 'en', string[]>;
  rules: { direction: GuideDirection; verdict: GuideVerdict; text: LocalisedText }[];
  source: { name: LocalisedText; url: string };
  moreSources: { name: LocalisedText; url: string }[];
  asOf: string;
  confidence: Confidence;
}

export const GuideQuery = z.strictObject({
  category: z.enum(GUIDE_CATEGORIES, { error: 'v.invalid' }).optional(),
});

export const LookupQuery = z.strictObject({
  q: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(60, { error: 'v.tooLong' }),
});

export interface LookupDto {
  q: string;
  /** Best match first; empty when nothing matched (the client shows the official sources). */
  items: GuideItemDto[];
}

/** The ports a resident starred (PUT CUSTOMS_API.stars): known port ids, no repeats, in the resident's order. */
export const PORT_STARS_MAX = 30;
export const PortStarsBody = z.strictObject({
  portIds: z.array(slug, { error: 'v.invalid' }).max(PORT_STARS_MAX, { error: 'v.portStarsTooMany' })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'v.portStarsDuplicate' }),
});
export interface PortStarsDto {
  portIds: string[];
}

export const CUSTOMS_API = {
  ports: '/api/customs/ports',
  port: (id: string) => `/api/customs/ports/${id}`,
  portWait: (id: string) => `/api/customs/ports/${id}/wait`,
  waits: '/api/customs/waits',
  stars: '/api/me/customs/stars',
  waitReports: (id: string) => `/api/customs/ports/${id}/wait/reports`,
  guide: '/api/customs/guide',
  lookup: '/api/customs/lookup',
  adminPorts: '/api/admin/customs/ports',
  adminPort: (id: string) => `/api/admin/customs/ports/${id}`,
  adminWaitFeed: (id: string) => `/api/admin/customs/ports/${id}/wait`,
  adminGuide: '/api/admin/customs/guide',
  adminGuideItem: (id: string) => `/api/admin/customs/guide/${id}`,
} as const;

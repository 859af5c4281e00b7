import { z } from 'zod';
import { CITIES, DOC_TYPES, type Lang } from './enums.js';
import { DOC_VALIDATORS, isValidPhone, normaliseDocNumber, normalisePhone } from './documents.js';

/*
 * Travel (出行): cross-border transport options between the GBA cities and Hong Kong International
 * Airport, the route finder, and Northbound Travel for Hong Kong / Macao vehicles (港车北上 /
 * 澳车北上). Content is versioned in server/src/seed/content/travel/*.json and edited by admins.
 */

/** Route finder places: the eleven cities plus Hong Kong International Airport. */
export const TRAVEL_PLACES = [...CITIES, 'hkairport'] as const;
export type TravelPlace = (typeof TRAVEL_PLACES)[number];

export const TRAVEL_MODES = ['coach', 'hzmb_shuttle', 'rail', 'metro', 'ferry', 'bus', 'walk'] as const;
export type TravelMode = (typeof TRAVEL_MODES)[number];

export const TRAVEL_SORTS = ['time', 'price'] as const;
export type TravelSort = (typeof TRAVEL_SORTS)[number];

export const TRAVEL_CURRENCIES = ['HKD', 'MOP', 'CNY'] as const;
export type TravelCurrency = (typeof TRAVEL_CURRENCIES)[number];

/**
 * Rough HKD value of one unit, used ONLY to rank mixed-currency fares when sorting by price; the
 * fares shown are always the operator's own currency.
 */
export const RANKING_HKD_PER_UNIT: Record<TravelCurrency, number> = { HKD: 1, MOP: 0.97, CNY: 1.08 };

/** verified: checked against the source on `asOf`; unverified: indicative, the text says what to check. */
export const TRAVEL_CONFIDENCE = ['verified', 'unverified'] as const;
export type TravelConfidence = (typeof TRAVEL_CONFIDENCE)[number];

export const TRAVEL_API = {
  routes: '/api/travel/routes',
  option: (key: string) => `/api/travel/options/${key}`,
  northbound: '/api/travel/northbound',
  northboundEligibility: '/api/travel/northbound/eligibility',
  northboundApplications: '/api/applications/northbound',
  adminOptions: '/api/admin/travel/options',
  adminOption: (key: string) => `/api/admin/travel/options/${key}`,
  adminRules: '/api/admin/travel/rules',
  adminRule: (key: string) => `/api/admin/travel/rules/${key}`,
} as const;

const ltext = (max: number) => z.strictObject({
  'zh-Hans': z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(max, { error: 'v.tooLong' }),
  'zh-Hant': z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(max, { error: 'v.tooLong' }),
  en: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(max * 2, { error: 'v.tooLong' }),
}, { error: 'v.localised' });

export const TravelKey = z.string({ error: 'v.required' }).regex(/^[a-z0-9][a-z0-9-]{1,79}$/, { error: 'v.travelKey' });
export const TravelKeyParams = z.strictObject({ key: TravelKey });

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'v.time' });
const place = z.enum(TRAVEL_PLACES, { error: 'v.travelPlace' });
const asOf = z.string({ error: 'v.required' }).regex(/^20\d\d-(0[1-9]|1[0-2])(-\d\d)?$/, { error: 'v.asOf' });
const source = z.strictObject({ name: ltext(120), url: z.url({ protocol: /^https$/, error: 'v.url' }).max(300, { error: 'v.tooLong' }) });

/** One transport option as stored and edited (PUT /api/admin/travel/options/:key). */
export const TravelOptionSchema = z.strictObject({
  key: TravelKey,
  mode: z.enum(TRAVEL_MODES, { error: 'v.travelMode' }),
  from: place,
  to: place,
  /** Also runs the other way (departure and arrival swap). */
  bothWays: z.boolean().default(true),
  operator: ltext(120),
  departure: ltext(160),
  arrival: ltext(160),
  /** The boundary control point it crosses (or "none – within the mainland"). */
  port: ltext(160),
  /** Typical door-to-door time of this leg, in minutes, without queues at the border. */
  minutes: z.number({ error: 'v.number' }).int({ error: 'v.number' }).min(1, { error: 'v.range' }).max(600, { error: 'v.range' }),
  fare: z.strictObject({
    min: z.number({ error: 'v.number' }).min(0, { error: 'v.range' }).max(10_000, { error: 'v.range' }),
    max: z.number({ error: 'v.number' }).min(0, { error: 'v.range' }).max(10_000, { error: 'v.range' }),
    currency: z.enum(TRAVEL_CURRENCIES, { error: 'v.currency' }),
  }).refine((f) => f.max >= f.min, { error: 'v.range', path: ['max'] }),
  /** First and last departures (HH:MM) where known; null when it varies (see `hours`). */
  firstDeparture: hhmm.nullable(),
  lastDeparture: hhmm.nullable(),
  allDay: z.boolean().default(false),
  hours: ltext(300),
  howToBuy: ltext(400),
  note: ltext(600),
  source,
  asOf,
  confidence: z.enum(TRAVEL_CONFIDENCE, { error: 'v.confidence' }),
}).refine((o) => o.from !== o.to, { error: 'v.travelSamePlace', path: ['to'] });
export type TravelOption = z.output<typeof TravelOptionSchema>;
export type TravelOptionInput = z.input<typeof TravelOptionSchema>;

/** GET /api/travel/routes */
export const TravelRoutesQuery = z.strictObject({
  from: place,
  to: place,
  sort: z.enum(TRAVEL_SORTS, { error: 'v.travelSort' }).default('time'),
}).refine((q) => q.from !== q.to, { error: 'v.travelSamePlace', path: ['to'] });

/** One leg, localized to the request's language. */
export interface TravelLegDto {
  key: string;
  mode: TravelMode;
  from: TravelPlace;
  to: TravelPlace;
  operator: string;
  departure: string;
  arrival: string;
  port: string;
  minutes: number;
  fare: { min: number; max: number; currency: TravelCurrency };
  firstDeparture: string | null;
  lastDeparture: string | null;
  allDay: boolean;
  hours: string;
  howToBuy: string;
  note: string;
  source: { name: string; url: string };
  asOf: string;
  confidence: TravelConfidence;
}

export interface TravelRouteDto {
  /** Leg keys joined with "+", direction included: "hzmb-shuttle-hk-zhuhai>" etc. */
  id: string;
  legs: TravelLegDto[];
  /** Sum of the legs plus TRANSFER_MINUTES per change. */
  minutes: number;
  /** For ranking only (RANKING_HKD_PER_UNIT); show the legs' own fares. */
  approxHkd: { min: number; max: number };
  /** Some leg is unverified. */
  unverified: boolean;
}

export interface TravelRoutesDto {
  from: TravelPlace;
  to: TravelPlace;
  sort: TravelSort;
  lang: Lang;
  routes: TravelRouteDto[];
}

/** Minutes allowed for changing between two legs (walking, queues not included). */
export const TRANSFER_MINUTES = 20;

/* ---------------- Northbound Travel for Hong Kong / Macao vehicles ---------------- */

export const NORTHBOUND_SCHEMES = ['hk', 'macao'] as const;
export type NorthboundScheme = (typeof NORTHBOUND_SCHEMES)[number];

/** What the eligibility check asks; the rules data says which are required for a scheme. */
export const NORTHBOUND_REQUIREMENTS = [
  'resident', 'homeReturnPermit', 'vehicleRegistered', 'vehicleOwner', 'localLicence', 'mainlandLicence', 'insurance',
] as const;
export type NorthboundRequirement = (typeof NORTHBOUND_REQUIREMENTS)[number];

const answers = z.strictObject(
  Object.fromEntries(NORTHBOUND_REQUIREMENTS.map((k) => [k, z.boolean({ error: 'v.boolean' })])) as Record<NorthboundRequirement, z.ZodBoolean>,
);

/** POST /api/travel/northbound/eligibility (public). */
export const NorthboundEligibilityBody = z.strictObject({
  scheme: z.enum(NORTHBOUND_SCHEMES, { error: 'v.northboundScheme' }),
  answers,
});
export type NorthboundEligibilityRequest = z.input<typeof NorthboundEligibilityBody>;

export interface NorthboundEligibilityDto {
  scheme: NorthboundScheme;
  eligible: boolean;
  missing: { key: NorthboundRequirement; label: string }[];
}

/** GET /api/travel/northbound?scheme= */
export const NorthboundQuery = z.strictObject({ scheme: z.enum(NORTHBOUND_SCHEMES, { error: 'v.northboundScheme' }).default('hk') });

const dateOnly = z.string().regex(/^20\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { error: 'v.date' });

/** The rules of one scheme as stored and edited (PUT /api/admin/travel/rules/:key, key = scheme). */
export const NorthboundRulesSchema = z.strictObject({
  key: z.enum(NORTHBOUND_SCHEMES, { error: 'v.northboundScheme' }),
  title: ltext(80),
  summary: ltext(600),
  requirements: z.array(z.strictObject({
    key: z.enum(NORTHBOUND_REQUIREMENTS, { error: 'v.invalid' }),
    label: ltext(200),
    required: z.boolean(),
  })).min(1, { error: 'v.required' }).max(NORTHBOUND_REQUIREMENTS.length, { error: 'v.range' }),
  documents: z.array(ltext(300)).min(1, { error: 'v.required' }).max(30, { error: 'v.range' }),
  bookingRules: z.array(z.strictObject({
    key: TravelKey,
    text: ltext(600),
    effectiveFrom: dateOnly,
    effectiveTo: dateOnly.nullable(),
    confidence: z.enum(TRAVEL_CONFIDENCE, { error: 'v.confidence' }),
  })).max(40, { error: 'v.range' }),
  source: source,
  asOf,
  confidence: z.enum(TRAVEL_CONFIDENCE, { error: 'v.confidence' }),
});
export type NorthboundRules = z.output<typeof NorthboundRulesSchema>;

export interface NorthboundRulesDto {
  scheme: NorthboundScheme;
  title: string;
  summary: string;
  requirements: { key: NorthboundRequirement; label: string; required: boolean }[];
  documents: string[];
  /** Only rules in effect today (effectiveFrom ≤ today ≤ effectiveTo). */
  bookingRules: { key: string; text: string; effectiveFrom: string; effectiveTo: string | null; confidence: TravelConfidence }[];
  source: { name: string; url: string };
  asOf: string;
  confidence: TravelConfidence;
}

/** Hong Kong plates: up to 8 letters/digits (personalised plates included); Macao: MA-12-34 style. */
const plate = z.string({ error: 'v.required' }).trim().toUpperCase().transform((s) => s.replace(/\s+/g, ' '))
  .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9 -]{0,9}$/, { error: 'v.plate' }));

/** POST /api/applications/northbound (resident): a Northbound Travel application, tracked like a job application. */
export const NorthboundApplicationBody = z
  .strictObject({
    scheme: z.enum(NORTHBOUND_SCHEMES, { error: 'v.northboundScheme' }),
    name: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(60, { error: 'v.tooLong' }),
    phone: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(20, { error: 'v.tooLong' })
      .refine(isValidPhone, { error: 'v.phone' }).transform(normalisePhone),
    docType: z.enum(DOC_TYPES, { error: 'v.docType' }),
    docNumber: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(24, { error: 'v.tooLong' })
      .transform(normaliseDocNumber),
    plate,
    answers,
  })
  .superRefine((value, ctx) => {
    const valid = DOC_VALIDATORS[value.docType];
    if (valid && value.docNumber && !valid(value.docNumber)) {
      ctx.addIssue({ code: 'custom', path: ['docNumber'], message: `v.docNumber.${value.docType}` });
    }
  });
export type NorthboundApplicationCreate = z.input<typeof NorthboundApplicationBody>;

/** Application kinds sharing one status machine, timeline, outbox and "My applications". */
export const APPLICATION_TYPES = ['job', 'northbound'] as const;
export type ApplicationType = (typeof APPLICATION_TYPES)[number];

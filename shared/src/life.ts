import { z } from 'zod';
import type { LocalisedText } from './dto.js';
import { asOfDate, CONFIDENCES, contentAliases, contentSlug, localisedText, officialSource, type Confidence } from './content.js';

/*
 * Issue 16, the four life scenarios: 通讯 (telecom), 医疗 (health), 教育 (education) and
 * 吃住游 (stay: eat, stay, visit). Each is a list of sourced entries in sections, seeded from
 * server/src/seed/content/life/<scenario>.json and editable by admins; one module serves all four
 * (server/src/modules/life), one page component shows any of them (miniapp/src/components/life).
 */

export const LIFE_SCENARIOS = ['telecom', 'health', 'education', 'stay'] as const;
export type LifeScenario = (typeof LIFE_SCENARIOS)[number];

/** The sections of each scenario, in display order. */
export const LIFE_SECTIONS = {
  /** Cross-border SIM / eSIM plans and roaming; real-name registration per side; apps that need a mainland number. */
  telecom: ['plans', 'real-name', 'apps'],
  /** Elderly Health Care Voucher GBA points; hospitals for HK/Macao patients; mainland medical insurance; emergency numbers. */
  health: ['voucher', 'hospitals', 'insurance', 'emergency'],
  /** School places per mainland city; cross-boundary students; university admission routes. */
  education: ['schools', 'cross-boundary', 'university'],
  /** Events and attractions; hotel registration per permit; payment and booking apps for visitors. */
  stay: ['events', 'hotels', 'apps'],
} as const satisfies Record<LifeScenario, readonly string[]>;
export type LifeSection = (typeof LIFE_SECTIONS)[LifeScenario][number];
export const ALL_LIFE_SECTIONS = [...new Set(Object.values(LIFE_SECTIONS).flat())] as LifeSection[];

/** Which place an entry is about or applies in. */
export const LIFE_PLACES = ['hk', 'macao', 'mainland'] as const;
export type LifePlace = (typeof LIFE_PLACES)[number];

const day = z.string().regex(/^20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, { error: 'v.date' });

/** An entry as seeded (server/src/seed/content/life/<scenario>.json) and as admins upsert it. */
export const LifeEntryBody = z.strictObject({
  id: contentSlug,
  scenario: z.enum(LIFE_SCENARIOS, { error: 'v.invalid' }),
  section: z.enum(ALL_LIFE_SECTIONS as [LifeSection, ...LifeSection[]], { error: 'v.invalid' }),
  /** Sort position within its section (lower first). */
  order: z.number({ error: 'v.number' }).int().min(0, { error: 'v.range' }).max(10_000, { error: 'v.range' }).default(100),
  places: z.array(z.enum(LIFE_PLACES, { error: 'v.invalid' })).min(1, { error: 'v.required' }).max(LIFE_PLACES.length),
  /** A city, where the entry is about one (a hospital, a city's school admission rules). */
  city: localisedText(40).optional(),
  title: localisedText(80),
  summary: localisedText(300),
  /** Paragraphs or points, shown in order. */
  details: z.array(localisedText(600)).max(12, { error: 'v.range' }).default([]),
  /** Short labelled facts: a phone number, a price, opening hours. */
  facts: z.array(z.strictObject({ label: localisedText(40), value: localisedText(200) })).max(12, { error: 'v.range' }).default([]),
  /** Dates of an event or of a time-limited scheme (Beijing time). */
  period: z.strictObject({ from: day, to: day.optional() }).optional(),
  aliases: contentAliases.default({ 'zh-Hans': [], 'zh-Hant': [], en: [] }),
  source: officialSource,
  moreSources: z.array(officialSource).max(5, { error: 'v.range' }).default([]),
  asOf: asOfDate,
  confidence: z.enum(CONFIDENCES, { error: 'v.invalid' }),
}).superRefine((entry, ctx) => {
  if (!(LIFE_SECTIONS[entry.scenario] as readonly string[]).includes(entry.section)) ctx.addIssue({ code: 'custom', path: ['section'], message: 'v.invalid' });
  if (entry.period?.to && entry.period.to < entry.period.from) ctx.addIssue({ code: 'custom', path: ['period', 'to'], message: 'v.range' });
});
export type LifeEntryInput = z.input<typeof LifeEntryBody>;
export type LifeEntryData = z.output<typeof LifeEntryBody>;

export interface LifeEntryDto {
  id: string;
  scenario: LifeScenario;
  section: LifeSection;
  order: number;
  places: LifePlace[];
  city?: LocalisedText;
  title: LocalisedText;
  summary: LocalisedText;
  details: LocalisedText[];
  facts: { label: LocalisedText; value: LocalisedText }[];
  period?: { from: string; to?: string };
  aliases: Record<'zh-Hans' | 'zh-Hant' | 'en', string[]>;
  source: { name: LocalisedText; url: string };
  moreSources: { name: LocalisedText; url: string }[];
  asOf: string;
  confidence: Confidence;
}

/** A scenario's page: its sections in order, each with its entries in order. */
export interface LifeScenarioDto {
  scenario: LifeScenario;
  sections: { section: LifeSection; items: LifeEntryDto[] }[];
}

export const LifeScenarioParams = z.strictObject({ scenario: z.enum(LIFE_SCENARIOS, { error: 'v.invalid' }) });
export const LifeEntryParams = z.strictObject({ scenario: z.enum(LIFE_SCENARIOS, { error: 'v.invalid' }), id: contentSlug });
export const LifeListQuery = z.strictObject({
  place: z.enum(LIFE_PLACES, { error: 'v.invalid' }).optional(),
  section: z.enum(ALL_LIFE_SECTIONS as [LifeSection, ...LifeSection[]], { error: 'v.invalid' }).optional(),
});

export const LIFE_API = {
  scenario: (s: string) => `/api/life/${s}`,
  entry: (s: string, id: string) => `/api/life/${s}/${id}`,
  adminEntry: (s: string, id: string) => `/api/admin/life/${s}/${id}`,
} as const;

/** The mini-program page of each scenario (home tiles, search results and enquiry answers link here). */
export const LIFE_PAGES: Record<LifeScenario, string> = {
  telecom: '/packages/telecom/index/index',
  health: '/packages/health/index/index',
  education: '/packages/education/index/index',
  stay: '/packages/stay/index/index',
};
export const lifeEntryPage = (s: LifeScenario, id: string) => `${LIFE_PAGES[s]}?id=${encodeURIComponent(id)}`;

/** The life scenarios' labels (`life.*` in the shared catalogs). */
export const LIFE_UI = {
  'zh-Hans': {
    scenario: { telecom: '通讯', health: '医疗', education: '教育', stay: '吃住游' },
    scenarioDesc: { telecom: '手机卡、漫游与实名登记', health: '医疗券、就医、医保与急救', education: '入学、跨境学童与升学', stay: '活动景点、住宿登记与常用应用' },
    section: {
      plans: '跨境手机卡与漫游', 'real-name': '实名登记', apps: '常用应用', voucher: '长者医疗券（大湾区）', hospitals: '医院与就医',
      insurance: '内地医保', emergency: '紧急求助', schools: '内地城市入学', 'cross-boundary': '跨境学童', university: '升读大学',
      events: '活动与景点', hotels: '住宿登记',
    },
    place: { all: '全部', hk: '香港', macao: '澳门', mainland: '内地' },
    details: '详细说明', less: '收起', period: '日期：{{from}} 至 {{to}}', periodFrom: '日期：{{from}} 起',
    source: '来源', moreSources: '其他来源', asOf: '核实于 {{date}}', unverified: '资料未完全核实，请以官方最新公布为准',
    empty: '这个地区暂时没有资料', loadFailed: '资料载入失败，请稍后再试', retry: '重试',
  },
  'zh-Hant': {
    scenario: { telecom: '通訊', health: '醫療', education: '教育', stay: '吃住遊' },
    scenarioDesc: { telecom: '電話卡、漫遊與實名登記', health: '醫療券、求診、醫保與急救', education: '入學、跨境學童與升學', stay: '活動景點、住宿登記與常用應用' },
    section: {
      plans: '跨境電話卡與漫遊', 'real-name': '實名登記', apps: '常用應用', voucher: '長者醫療券（大灣區）', hospitals: '醫院與求診',
      insurance: '內地醫保', emergency: '緊急求助', schools: '內地城市入學', 'cross-boundary': '跨境學童', university: '升讀大學',
      events: '活動與景點', hotels: '住宿登記',
    },
    place: { all: '全部', hk: '香港', macao: '澳門', mainland: '內地' },
    details: '詳細說明', less: '收起', period: '日期：{{from}} 至 {{to}}', periodFrom: '日期：{{from}} 起',
    source: '來源', moreSources: '其他來源', asOf: '核實於 {{date}}', unverified: '資料未完全核實，請以官方最新公佈為準',
    empty: '這個地區暫時沒有資料', loadFailed: '資料載入失敗，請稍後再試', retry: '重試',
  },
  en: {
    scenario: { telecom: 'Phone & data', health: 'Healthcare', education: 'Education', stay: 'Eat, stay, visit' },
    scenarioDesc: { telecom: 'SIM cards, roaming, real-name rules', health: 'Vouchers, hospitals, insurance, emergencies', education: 'School places, cross-boundary pupils, university', stay: 'Events, hotel registration, apps to have' },
    section: {
      plans: 'Cross-border SIMs and roaming', 'real-name': 'Real-name registration', apps: 'Apps you need', voucher: 'Elderly Health Care Vouchers (GBA)', hospitals: 'Hospitals and seeing a doctor',
      insurance: 'Mainland medical insurance', emergency: 'Emergencies', schools: 'School places in mainland cities', 'cross-boundary': 'Cross-boundary students', university: 'Going to university',
      events: 'Events and attractions', hotels: 'Hotel registration',
    },
    place: { all: 'All', hk: 'Hong Kong', macao: 'Macao', mainland: 'Mainland' },
    details: 'Details', less: 'Less', period: 'Dates: {{from}} to {{to}}', periodFrom: 'Dates: from {{from}}',
    source: 'Source', moreSources: 'More sources', asOf: 'checked {{date}}', unverified: 'Not fully verified: check the latest official notice',
    empty: 'Nothing here for this place yet', loadFailed: 'Could not load this page. Please try again.', retry: 'Try again',
  },
};

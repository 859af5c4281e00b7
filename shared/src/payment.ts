import { z } from 'zod';
import type { Lang } from './enums.js';
import type { LocalisedText } from './dto.js';

/*
 * Issue 4, the payment scenario: exchange rates between CNY, HKD and MOP (admin-updated, dated,
 * with their source), a converter, and a payment-method advisor. Messages are i18n keys.
 */

export const CURRENCIES = ['CNY', 'HKD', 'MOP'] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Which side of the border a payment happens on. */
export const PAYMENT_SIDES = ['mainland', 'hk', 'macao'] as const;
export type PaymentSide = (typeof PAYMENT_SIDES)[number];

/** What the payment is for. `remittance` = sending money across the border. */
export const PAYMENT_SITUATIONS = ['shop', 'transport', 'online', 'topup', 'remittance'] as const;
export type PaymentSituation = (typeof PAYMENT_SITUATIONS)[number];

/** How well a method fits a situation on one side, best first. */
export const PAYMENT_FITS = ['best', 'good', 'limited'] as const;
export type PaymentFit = (typeof PAYMENT_FITS)[number];

/** `checked`: read from the source on asOf; `unverified`: believed right, not confirmed at the source. */
export const PAYMENT_CONFIDENCES = ['checked', 'unverified'] as const;
export type PaymentConfidence = (typeof PAYMENT_CONFIDENCES)[number];

/**
 * Any rate between these three currencies outside 0.5–2 is a typing mistake (e.g. a USD rate
 * such as 7.8 typed in): they have stayed within about 15% of each other for decades.
 */
export const RATE_BOUNDS = { min: 0.5, max: 2 } as const;
/** The converter's largest amount: well above any personal payment, below float trouble. */
export const MAX_CONVERT_AMOUNT = 1_000_000_000;
/** A rate older than this is shown with a warning. */
export const RATE_STALE_AFTER_MS = 24 * 3600_000;

export const PAYMENT_API = {
  rates: '/api/payment/rates',
  convert: '/api/payment/convert',
  advice: '/api/payment/advice',
  methods: '/api/payment/methods',
  adminRate: (base: string, quote: string) => `/api/admin/payment/rates/${base}/${quote}`,
  adminMethods: '/api/admin/payment/methods',
  adminMethod: (id: string) => `/api/admin/payment/methods/${id}`,
} as const;

const currency = z.enum(CURRENCIES, { error: 'v.currency' });
const slug = z.string({ error: 'v.paymentMethod' }).regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: 'v.paymentMethod' });
const isoMonthOrDate = z.string({ error: 'v.asOf' }).regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, { error: 'v.asOf' });
const text = (max: number) => z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(max, { error: 'v.tooLong' });
const localised = (max: number) => z.strictObject({ 'zh-Hans': text(max), 'zh-Hant': text(max), en: text(max * 2) }, { error: 'v.required' });
export const PaymentSource = z.strictObject({
  name: text(120),
  url: z.url({ protocol: /^https$/, error: 'v.url' }).max(300, { error: 'v.tooLong' }),
});
export type PaymentSourceDto = z.infer<typeof PaymentSource>;

/**
 * An amount as typed: digits with at most two decimals, positive, at most MAX_CONVERT_AMOUNT.
 * Each failure has its own message so the resident knows what to fix.
 */
export const Amount = z.string({ error: 'v.required' }).trim().superRefine((s, ctx) => {
  if (!/^-?\d+(\.\d+)?$/.test(s)) ctx.addIssue({ code: 'custom', message: 'v.number' });
  else if (s.startsWith('-') || Number(s) <= 0) ctx.addIssue({ code: 'custom', message: 'v.amountPositive' });
  else if (/\.\d{3,}$/.test(s)) ctx.addIssue({ code: 'custom', message: 'v.amountDecimals' });
  else if (Number(s) > MAX_CONVERT_AMOUNT) ctx.addIssue({ code: 'custom', message: 'v.amountTooLarge' });
}).transform(Number);

/** GET /api/payment/convert?from=HKD&to=CNY&amount=100 */
export const ConvertQuery = z.strictObject({ from: currency, to: currency, amount: Amount });

export const RatePairParams = z.strictObject({ base: currency, quote: currency })
  .refine((p) => p.base !== p.quote, { error: 'v.currencyPair', path: ['quote'] });

/** PUT /api/admin/payment/rates/:base/:quote — 1 base = `rate` quote. */
export const RateUpdateBody = z.strictObject({
  rate: z.number({ error: 'v.number' }).positive({ error: 'v.rateRange' })
    .min(RATE_BOUNDS.min, { error: 'v.rateRange' }).max(RATE_BOUNDS.max, { error: 'v.rateRange' }),
  /** When the rate was read at its source (ISO 8601); not in the future. Absent = now. */
  asOf: z.iso.datetime({ offset: true, error: 'v.datetime' })
    .refine((s) => Date.parse(s) <= Date.now() + 5 * 60_000, { error: 'v.datetimeFuture' }).optional(),
  source: PaymentSource,
  kind: z.enum(['peg', 'market', 'reference'], { error: 'v.invalid' }),
  note: localised(200).optional(),
});
export type RateUpdateRequest = z.input<typeof RateUpdateBody>;

export interface RateDto {
  base: Currency;
  quote: Currency;
  /** 1 base = rate quote. */
  rate: number;
  asOf: string;
  source: PaymentSourceDto;
  /** peg: an official peg (HKD–MOP); market: a live rate an admin entered; reference: an example, update before use. */
  kind: 'peg' | 'market' | 'reference';
  note?: LocalisedText;
  updatedAt: string;
}

export interface ConvertDto {
  from: Currency;
  to: Currency;
  amount: number;
  /** Rounded to 2 decimals. */
  result: number;
  /** 1 from = rate to (the product of the legs, 6 significant decimals). */
  rate: number;
  /** direct: a stored pair; inverse: a stored pair read backwards; via: through the third currency; same: from = to. */
  method: 'same' | 'direct' | 'inverse' | 'via';
  via?: Currency;
  /** The rates used, in order. */
  legs: RateDto[];
  /** The oldest leg's time, and its age in seconds when answered. */
  asOf: string;
  ageSeconds: number;
  stale: boolean;
  /** True when any leg is a `reference` rate (an example, not a live rate). */
  reference: boolean;
}

const use = z.strictObject({
  side: z.enum(PAYMENT_SIDES, { error: 'v.side' }),
  situation: z.enum(PAYMENT_SITUATIONS, { error: 'v.situation' }),
  fit: z.enum(PAYMENT_FITS, { error: 'v.invalid' }),
  note: localised(300),
});

/** A payment method as stored (seed files server/src/seed/content/payment/*.json, admin-editable). */
export const PaymentMethodBody = z.strictObject({
  id: slug,
  name: localised(60),
  /** Where it is issued / whose residents typically hold it. */
  home: z.enum([...PAYMENT_SIDES, 'any'], { error: 'v.side' }),
  kind: z.enum(['wallet', 'card', 'prepaid', 'cash', 'transfer', 'cbdc'], { error: 'v.invalid' }),
  summary: localised(300),
  /** Who can get it (account, phone number, card). */
  requires: localised(300),
  /** Fees and FX markups, conservatively ("check the provider's current fee schedule"). */
  costs: localised(400),
  uses: z.array(use).max(30, { error: 'v.range' }),
  caveats: z.array(localised(300)).max(10, { error: 'v.range' }).default([]),
  source: PaymentSource,
  moreSources: z.array(PaymentSource).max(5, { error: 'v.range' }).default([]),
  asOf: isoMonthOrDate,
  confidence: z.enum(PAYMENT_CONFIDENCES, { error: 'v.invalid' }),
});
export type PaymentMethodInput = z.input<typeof PaymentMethodBody>;
export type PaymentMethodDto = z.output<typeof PaymentMethodBody> & { updatedAt: string; editedByAdmin: boolean };

export const MethodIdParams = z.strictObject({ id: slug });

/** GET /api/payment/advice?side=mainland&situation=transport&have=alipay-hk,octopus */
export const AdviceQuery = z.strictObject({
  side: z.enum(PAYMENT_SIDES, { error: 'v.side' }),
  situation: z.enum(PAYMENT_SITUATIONS, { error: 'v.situation' }),
  have: z.string({ error: 'v.paymentMethod' }).max(400, { error: 'v.tooLong' })
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(slug).max(15, { error: 'v.range' }))
    .optional(),
});

export interface AdviceSuggestionDto {
  id: string;
  /** Already in the request's language. */
  name: string;
  fit: PaymentFit;
  /** The resident said they have it. */
  have: boolean;
  reasons: string[];
  caveats: string[];
  costs: string;
  source: PaymentSourceDto;
  asOf: string;
  confidence: PaymentConfidence;
}

export interface AdviceDto {
  side: PaymentSide;
  situation: PaymentSituation;
  /** Best first: fit, then whether the resident has it. */
  suggestions: AdviceSuggestionDto[];
  /** Methods the resident has that do not fit this side and situation, with why. */
  notHere: { id: string; name: string; reason: string }[];
}

/*
 * Message-catalog parts for the payment scenario, spread into shared/src/messages.ts:
 * field-validation keys (v.*) and the mini-program's payment strings (payment.*).
 */
type PaymentV = Record<'currency' | 'currencyPair' | 'amountPositive' | 'amountDecimals' | 'amountTooLarge' | 'rateRange' | 'side' | 'situation' | 'paymentMethod' | 'asOf' | 'datetime' | 'datetimeFuture', string>;

export const PAYMENT_V: Record<Lang, PaymentV> = {
  'zh-Hans': {
    currency: '请选择人民币（CNY）、港币（HKD）或澳门币（MOP）',
    currencyPair: '请选择两种不同的货币',
    amountPositive: '金额必须大于 0',
    amountDecimals: '金额最多保留两位小数',
    amountTooLarge: '金额过大（最多 10 亿）',
    rateRange: '汇率必须在 0.5 至 2 之间（这三种货币的比价不会超出这个范围）',
    side: '请选择内地、香港或澳门',
    situation: '请选择使用场景',
    paymentMethod: '支付方式编号无效',
    asOf: '日期格式应为 YYYY-MM 或 YYYY-MM-DD',
    datetime: '时间格式有误（ISO 8601，例如 2026-11-29T10:00:00+08:00）',
    datetimeFuture: '时间不能晚于现在',
  },
  'zh-Hant': {
    currency: '請選擇人民幣（CNY）、港幣（HKD）或澳門幣（MOP）',
    currencyPair: '請選擇兩種不同的貨幣',
    amountPositive: '金額必須大於 0',
    amountDecimals: '金額最多保留兩位小數',
    amountTooLarge: '金額過大（最多 10 億）',
    rateRange: '匯率必須在 0.5 至 2 之間（這三種貨幣的比價不會超出這個範圍）',
    side: '請選擇內地、香港或澳門',
    situation: '請選擇使用場景',
    paymentMethod: '支付方式編號無效',
    asOf: '日期格式應為 YYYY-MM 或 YYYY-MM-DD',
    datetime: '時間格式有誤（ISO 8601，例如 2026-11-29T10:00:00+08:00）',
    datetimeFuture: '時間不能晚於現在',
  },
  en: {
    currency: 'Choose CNY, HKD or MOP',
    currencyPair: 'Choose two different currencies',
    amountPositive: 'The amount must be more than 0',
    amountDecimals: 'Use at most two decimal places',
    amountTooLarge: 'The amount is too large (at most 1 billion)',
    rateRange: 'The rate must be between 0.5 and 2 (these three currencies never differ more than that)',
    side: 'Choose mainland, Hong Kong or Macao',
    situation: 'Choose what you are paying for',
    paymentMethod: 'Unknown payment method id',
    asOf: 'Use the date format YYYY-MM or YYYY-MM-DD',
    datetime: 'Use an ISO 8601 time, e.g. 2026-11-29T10:00:00+08:00',
    datetimeFuture: 'The time cannot be in the future',
  },
};

const zhHansUi = {
  title: '支付与汇率',
  converterTitle: '汇率换算',
  advisorTitle: '用什么付款',
  entryDesc: '人民币、港币、澳门币换算；各地支付方式建议',
  amount: '金额',
  from: '从',
  to: '换成',
  swap: '对调',
  convert: '换算',
  result: '{{amount}} {{from}} ≈ {{result}} {{to}}',
  rateLine: '1 {{from}} = {{rate}} {{to}}',
  via: '经 {{via}} 换算',
  age: {
    justNow: '汇率更新于刚才',
    minutes: '汇率来自 {{count}} 分钟前',
    hours: '汇率来自 {{count}} 小时前',
    days: '汇率来自 {{count}} 天前',
  },
  stale: '这个汇率已超过一天，实际汇率可能不同，付款前请向银行或钱包核实。',
  reference: '这是参考汇率（示例），不是实时汇率，使用前请更新或核实。',
  peg: '联系汇率（官方挂钩）',
  source: '来源：{{name}}',
  asOf: '资料日期：{{date}}',
  side: '在哪里付款',
  situation: '付什么',
  have: '我有的支付方式（可选）',
  ask: '查看建议',
  empty: '暂时没有适合这个场景的建议',
  notHere: '你有的以下方式在这里不太适用',
  fit: { best: '首选', good: '可用', limited: '有限制' },
  youHave: '你已有',
  haveReason: '你已经有这个支付方式，不用另外开通',
  notHereSide: '在{{side}}基本不能用',
  notHereSituation: '在{{side}}可以用，但不适合{{situation}}',
  costs: '费用',
  caveats: '注意',
  unverified: '未经核实：请以服务商最新公告为准',
  sides: { mainland: '内地', hk: '香港', macao: '澳门' },
  situations: { shop: '购物餐饮', transport: '交通', online: '网购', topup: '充值', remittance: '跨境汇款' },
  currencies: { CNY: '人民币', HKD: '港币', MOP: '澳门币' },
  disclaimer: '内容仅供参考，费用与规则以服务商公布为准。',
};
type PaymentUi = typeof zhHansUi;

export const PAYMENT_UI: Record<Lang, PaymentUi> = {
  'zh-Hans': zhHansUi,
  'zh-Hant': {
    title: '支付與匯率',
    converterTitle: '匯率換算',
    advisorTitle: '用甚麼付款',
    entryDesc: '人民幣、港幣、澳門幣換算；各地支付方式建議',
    amount: '金額',
    from: '從',
    to: '換成',
    swap: '對調',
    convert: '換算',
    result: '{{amount}} {{from}} ≈ {{result}} {{to}}',
    rateLine: '1 {{from}} = {{rate}} {{to}}',
    via: '經 {{via}} 換算',
    age: {
      justNow: '匯率更新於剛才',
      minutes: '匯率來自 {{count}} 分鐘前',
      hours: '匯率來自 {{count}} 小時前',
      days: '匯率來自 {{count}} 天前',
    },
    stale: '這個匯率已超過一天，實際匯率可能不同，付款前請向銀行或錢包核實。',
    reference: '這是參考匯率（示例），不是實時匯率，使用前請更新或核實。',
    peg: '聯繫匯率（官方掛鈎）',
    source: '來源：{{name}}',
    asOf: '資料日期：{{date}}',
    side: '在哪裏付款',
    situation: '付甚麼',
    have: '我有的支付方式（可選）',
    ask: '查看建議',
    empty: '暫時沒有適合這個場景的建議',
    notHere: '你有的以下方式在這裏不太適用',
    fit: { best: '首選', good: '可用', limited: '有限制' },
    youHave: '你已有',
    haveReason: '你已經有這個支付方式，不用另外開通',
    notHereSide: '在{{side}}基本不能用',
    notHereSituation: '在{{side}}可以用，但不適合{{situation}}',
    costs: '費用',
    caveats: '注意',
    unverified: '未經核實：請以服務商最新公告為準',
    sides: { mainland: '內地', hk: '香港', macao: '澳門' },
    situations: { shop: '購物餐飲', transport: '交通', online: '網購', topup: '增值', remittance: '跨境匯款' },
    currencies: { CNY: '人民幣', HKD: '港幣', MOP: '澳門幣' },
    disclaimer: '內容僅供參考，費用與規則以服務商公佈為準。',
  },
  en: {
    title: 'Payments & rates',
    converterTitle: 'Currency converter',
    advisorTitle: 'How to pay',
    entryDesc: 'Convert CNY, HKD and MOP; which payment methods work where',
    amount: 'Amount',
    from: 'From',
    to: 'To',
    swap: 'Swap',
    convert: 'Convert',
    result: '{{amount}} {{from}} ≈ {{result}} {{to}}',
    rateLine: '1 {{from}} = {{rate}} {{to}}',
    via: 'via {{via}}',
    age: {
      justNow: 'Rate updated just now',
      minutes: 'Rate from {{count}} minutes ago',
      hours: 'Rate from {{count}} hours ago',
      days: 'Rate from {{count}} days ago',
    },
    stale: 'This rate is more than a day old; the real rate may differ. Check with your bank or wallet before paying.',
    reference: 'This is a reference (example) rate, not a live one: update or check it before use.',
    peg: 'Linked rate (official peg)',
    source: 'Source: {{name}}',
    asOf: 'As of {{date}}',
    side: 'Where are you paying',
    situation: 'What for',
    have: 'What I have (optional)',
    ask: 'Show suggestions',
    empty: 'No suggestions for this situation yet',
    notHere: 'These methods you have do not fit well here',
    fit: { best: 'Best', good: 'Works', limited: 'Limited' },
    youHave: 'You have it',
    haveReason: 'You already have it: nothing new to set up',
    notHereSide: 'Generally not accepted in {{side}}',
    notHereSituation: 'Works in {{side}}, but not for {{situation}}',
    costs: 'Costs',
    caveats: 'Watch out',
    unverified: 'Not verified: follow the provider’s latest notice',
    sides: { mainland: 'Mainland', hk: 'Hong Kong', macao: 'Macao' },
    situations: { shop: 'Shops & dining', transport: 'Transport', online: 'Online', topup: 'Top-up', remittance: 'Cross-border transfer' },
    currencies: { CNY: 'Renminbi', HKD: 'Hong Kong dollar', MOP: 'Macao pataca' },
    disclaimer: 'For reference only; fees and rules are set by each provider.',
  },
};

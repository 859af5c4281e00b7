import {
  PAYMENT_FITS, RATE_STALE_AFTER_MS, translator,
  type AdviceDto, type AdviceSuggestionDto, type ConvertDto, type Currency, type Lang, type PaymentFit, type PaymentMethodDto,
  type PaymentSide, type PaymentSituation, type RateDto, type RateUpdateBody, PaymentMethodBody, pageLinks,
} from '@bay/shared';
import type { z } from 'zod';
import { AppError, notFound } from '../../core/errors.js';
import type { MethodDoc, MethodModel, RateDoc, RateModel } from './payment.model.js';

interface Deps {
  rates: RateModel;
  methods: MethodModel;
  now?: () => number;
}

type RateUpdate = z.output<typeof RateUpdateBody>;
type MethodInput = z.output<typeof PaymentMethodBody>;

function toRateDto(r: Pick<RateDoc, 'base' | 'quote' | 'rate' | 'asOf' | 'source' | 'kind' | 'note' | 'updatedAt'>): RateDto {
  return {
    base: r.base, quote: r.quote, rate: r.rate, asOf: r.asOf.toISOString(),
    source: { name: r.source.name, url: r.source.url }, kind: r.kind,
    ...(r.note ? { note: { 'zh-Hans': r.note['zh-Hans'], 'zh-Hant': r.note['zh-Hant'], en: r.note.en } } : {}),
    updatedAt: (r.updatedAt ?? r.asOf).toISOString(),
  };
}

function toMethodDto(m: MethodDoc): PaymentMethodDto {
  const loc = (t: { 'zh-Hans': string; 'zh-Hant': string; en: string }) => ({ 'zh-Hans': t['zh-Hans'], 'zh-Hant': t['zh-Hant'], en: t.en });
  const src = (s: { name: string; url: string }) => ({ name: s.name, url: s.url });
  return {
    id: m.methodId, name: loc(m.name), home: m.home, kind: m.kind as MethodInput['kind'],
    summary: loc(m.summary), requires: loc(m.requires), costs: loc(m.costs),
    uses: m.uses.map((u) => ({ side: u.side, situation: u.situation, fit: u.fit, note: loc(u.note) })),
    caveats: m.caveats.map(loc), source: src(m.source), moreSources: m.moreSources.map(src),
    asOf: m.asOf, confidence: m.confidence, updatedAt: m.updatedAt.toISOString(), editedByAdmin: m.editedByAdmin,
  };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const FIT_WEIGHT: Record<PaymentFit, number> = { best: 6, good: 4, limited: 2 };

/**
 * Ranking: a method that fits and that the resident already has moves up one step (it needs no
 * setup), but a `limited` one never rises above a method that works well.
 */
function score(fit: PaymentFit, have: boolean): number {
  if (!have) return FIT_WEIGHT[fit];
  return FIT_WEIGHT[fit] + (fit === 'limited' ? 1 : 3);
}

export function createPaymentService({ rates, methods, now = Date.now }: Deps) {
  async function listRates(): Promise<RateDto[]> {
    const docs = await rates.find({}).lean<RateDoc[]>();
    return docs.sort((a, b) => a.pair.localeCompare(b.pair)).map(toRateDto);
  }

  /** The stored rate a→b, read directly or backwards; null when neither is stored. */
  function leg(stored: Map<string, RateDoc>, a: Currency, b: Currency): { rate: number; doc: RateDoc; inverse: boolean } | null {
    const direct = stored.get(`${a}-${b}`);
    if (direct) return { rate: direct.rate, doc: direct, inverse: false };
    const back = stored.get(`${b}-${a}`);
    if (back) return { rate: 1 / back.rate, doc: back, inverse: true };
    return null;
  }

  async function convert(from: Currency, to: Currency, amount: number): Promise<ConvertDto> {
    const at = now();
    if (from === to) {
      const iso = new Date(at).toISOString();
      return { from, to, amount, result: round(amount, 2), rate: 1, method: 'same', legs: [], asOf: iso, ageSeconds: 0, stale: false, reference: false };
    }
    const docs = await rates.find({}).lean<RateDoc[]>();
    const stored = new Map(docs.map((d) => [d.pair, d]));
    let legs: { rate: number; doc: RateDoc; inverse: boolean }[] = [];
    let method: ConvertDto['method'];
    let via: Currency | undefined;
    const one = leg(stored, from, to);
    if (one) {
      legs = [one];
      method = one.inverse ? 'inverse' : 'direct';
    } else {
      const third = (['CNY', 'HKD', 'MOP'] as const).find((c) => c !== from && c !== to)!;
      const first = leg(stored, from, third);
      const second = leg(stored, third, to);
      // No rate at all between these currencies: the service has not been given one yet.
      if (!first || !second) throw new AppError(503, 'rateUnavailable');
      legs = [first, second];
      method = 'via';
      via = third;
    }
    const rate = legs.reduce((r, l) => r * l.rate, 1);
    const oldest = Math.min(...legs.map((l) => l.doc.asOf.getTime()));
    const ageSeconds = Math.max(0, Math.floor((at - oldest) / 1000));
    return {
      from, to, amount, result: round(amount * rate, 2), rate: round(rate, 6), method, ...(via ? { via } : {}),
      legs: legs.map((l) => toRateDto(l.doc)),
      asOf: new Date(oldest).toISOString(), ageSeconds, stale: ageSeconds * 1000 > RATE_STALE_AFTER_MS,
      reference: legs.some((l) => l.doc.kind === 'reference'),
    };
  }

  /** Stores 1 base = rate quote and removes the inverse pair, so each pair has one truth. */
  async function updateRate(base: Currency, quote: Currency, body: RateUpdate): Promise<RateDto> {
    const asOf = body.asOf ? new Date(body.asOf) : new Date(now());
    const doc = await rates.findOneAndUpdate(
      { pair: `${base}-${quote}` },
      {
        $set: { base, quote, rate: body.rate, asOf, source: body.source, kind: body.kind, seeded: false, ...(body.note ? { note: body.note } : {}) },
        ...(body.note ? {} : { $unset: { note: 1 } }),
        $setOnInsert: { pair: `${base}-${quote}` },
      },
      { upsert: true, returnDocument: 'after' },
    ).lean<RateDoc>();
    await rates.deleteOne({ pair: `${quote}-${base}` });
    return toRateDto(doc!);
  }

  async function listMethods(): Promise<PaymentMethodDto[]> {
    const docs = await methods.find({}).lean<MethodDoc[]>();
    return docs.sort((a, b) => a.methodId.localeCompare(b.methodId)).map(toMethodDto);
  }

  async function getMethod(id: string): Promise<PaymentMethodDto> {
    const doc = await methods.findOne({ methodId: id }).lean<MethodDoc>();
    if (!doc) throw notFound();
    return toMethodDto(doc);
  }

  async function upsertMethod(input: MethodInput): Promise<{ method: PaymentMethodDto; created: boolean }> {
    const { id, ...rest } = input;
    const existed = await methods.exists({ methodId: id });
    await methods.updateOne({ methodId: id }, { $set: { ...rest, methodId: id, editedByAdmin: true } }, { upsert: true });
    return { method: await getMethod(id), created: !existed };
  }

  async function deleteMethod(id: string): Promise<void> {
    const res = await methods.deleteOne({ methodId: id });
    if (!res.deletedCount) throw notFound();
  }

  async function advise(lang: Lang, side: PaymentSide, situation: PaymentSituation, have: string[] = []): Promise<AdviceDto> {
    const t = translator(lang);
    const docs = await methods.find({}).lean<MethodDoc[]>();
    const known = new Set(docs.map((d) => d.methodId));
    const unknown = have.filter((h) => !known.has(h));
    if (unknown.length) throw new AppError(400, 'validation', 'e.validation', { have: 'v.paymentMethod' });
    const mine = new Set(have);
    const suggestions: (AdviceSuggestionDto & { score: number })[] = [];
    const notHere: AdviceDto['notHere'] = [];
    for (const m of docs) {
      const use = m.uses.find((u) => u.side === side && u.situation === situation);
      const has = mine.has(m.methodId);
      if (!use) {
        if (has) {
          const worksOnSide = m.uses.some((u) => u.side === side);
          notHere.push({
            id: m.methodId, name: m.name[lang],
            reason: worksOnSide
              ? t('payment.notHereSituation', { side: t(`payment.sides.${side}`), situation: t(`payment.situations.${situation}`) })
              : t('payment.notHereSide', { side: t(`payment.sides.${side}`) }),
          });
        }
        continue;
      }
      suggestions.push({
        id: m.methodId, name: m.name[lang], fit: use.fit, have: has,
        reasons: [use.note[lang], ...(has ? [t('payment.haveReason')] : [])],
        caveats: m.caveats.map((c) => c[lang]),
        costs: m.costs[lang],
        source: { name: m.source.name, url: m.source.url }, asOf: m.asOf, confidence: m.confidence,
        score: score(use.fit, has),
      });
    }
    suggestions.sort((a, b) => b.score - a.score || PAYMENT_FITS.indexOf(a.fit) - PAYMENT_FITS.indexOf(b.fit) || a.id.localeCompare(b.id));
    return { side, situation, suggestions: suggestions.map(({ score: _s, ...s }) => s), notHere };
  }

  /** For the cross-scenario search (modules/search): every method, linking to the advisor. */
  async function list({ limit }: { lang?: Lang; limit?: number } = {}) {
    const docs = await methods.find({}).lean<MethodDoc[]>();
    return docs.slice(0, limit ?? docs.length).map((m) => ({
      id: m.methodId, name: m.name, summary: m.summary, link: pageLinks.paymentAdvisor(m.methodId),
    }));
  }

  return { listRates, convert, updateRate, listMethods, getMethod, upsertMethod, deleteMethod, advise, list };
}

export type PaymentService = ReturnType<typeof createPaymentService>;

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CURRENCIES, PaymentMethodBody, RateUpdateBody, type PaymentMethodInput } from '@bay/shared';
import { z } from 'zod';
import type { MethodModel, RateModel } from './payment.model.js';

/** Versioned seed content: rates.json (an array of rates) and methods-*.json (arrays of methods). */
export const PAYMENT_CONTENT_DIR = fileURLToPath(new URL('../../seed/content/payment/', import.meta.url));

export const SeedRate = RateUpdateBody.extend({
  base: z.enum(CURRENCIES),
  quote: z.enum(CURRENCIES),
  asOf: z.iso.datetime({ offset: true }),
});
export type SeedRate = z.output<typeof SeedRate>;

export interface PaymentContent {
  rates: SeedRate[];
  methods: z.output<typeof PaymentMethodBody>[];
}

/** Reads and validates the seed files; throws naming the file, the entry and each problem. */
export function loadPaymentContent(dir = PAYMENT_CONTENT_DIR): PaymentContent {
  const problems: string[] = [];
  const read = (name: string): unknown[] => {
    const data: unknown = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    if (!Array.isArray(data)) throw new Error(`payment/${name}: must be a JSON array`);
    return data;
  };
  const parse = <S extends z.ZodType>(schema: S, name: string, raw: unknown, i: number): z.output<S> | undefined => {
    const r = schema.safeParse(raw);
    if (r.success) return r.data;
    problems.push(`payment/${name} entry #${i}: ${r.error.issues.map((x) => `${x.path.join('.') || '(entry)'}: ${x.message}`).join('; ')}`);
    return undefined;
  };
  const rates = read('rates.json').map((raw, i) => parse(SeedRate, 'rates.json', raw, i)).filter((r): r is SeedRate => !!r);
  const methods: PaymentContent['methods'] = [];
  const seen = new Set<string>();
  for (const name of readdirSync(dir).filter((n) => n.startsWith('methods') && n.endsWith('.json')).sort()) {
    read(name).forEach((raw, i) => {
      const m = parse(PaymentMethodBody, name, raw as PaymentMethodInput, i);
      if (!m) return;
      if (seen.has(m.id)) problems.push(`payment/${name} entry #${i}: id "${m.id}" used twice`);
      seen.add(m.id);
      methods.push(m);
    });
  }
  if (problems.length) throw new Error(`payment seed content is invalid:\n${problems.join('\n')}`);
  return { rates, methods };
}

export interface PaymentSeedResult {
  rates: number;
  methods: number;
  keptAdminChanges: number;
}

/**
 * Idempotent. A rate is inserted only when its pair (or the inverse pair) is not stored yet, so an
 * admin's newer rate is never replaced by the dated seed; methods are refreshed from the files
 * unless an admin has edited them.
 */
export async function seedPayment(models: { paymentRates: RateModel; paymentMethods: MethodModel }, content = loadPaymentContent()): Promise<PaymentSeedResult> {
  await models.paymentRates.createIndexes();
  await models.paymentMethods.createIndexes();
  let rates = 0;
  for (const r of content.rates) {
    if (await models.paymentRates.exists({ pair: `${r.quote}-${r.base}` })) continue;
    const res = await models.paymentRates.updateOne(
      { pair: `${r.base}-${r.quote}` },
      { $setOnInsert: { pair: `${r.base}-${r.quote}`, base: r.base, quote: r.quote, rate: r.rate, asOf: new Date(r.asOf), source: r.source, kind: r.kind, ...(r.note ? { note: r.note } : {}), seeded: true } },
      { upsert: true },
    );
    rates += res.upsertedCount;
  }
  let kept = 0;
  for (const m of content.methods) {
    const { id, ...rest } = m;
    const res = await models.paymentMethods.updateOne(
      { methodId: id, editedByAdmin: { $ne: true } },
      { $set: { ...rest, methodId: id, editedByAdmin: false } },
    );
    if (res.matchedCount) continue;
    if (await models.paymentMethods.exists({ methodId: id })) { kept += 1; continue; }
    await models.paymentMethods.create({ ...rest, methodId: id, editedByAdmin: false });
  }
  return { rates, methods: content.methods.length, keptAdminChanges: kept };
}

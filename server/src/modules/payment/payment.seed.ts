import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CURRENCIES, PaymentMethodBody, RateUpdateBody } from '@bay/shared';
import { z } from 'zod';
import { entriesOf, loadContent } from '../../core/content.js';
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

/** Reads and validates the seed files (core/content.ts: one ContentError naming every bad entry). */
export function loadPaymentContent(dir = PAYMENT_CONTENT_DIR): PaymentContent {
  const { rates, methods } = loadContent({
    rates: { from: join(dir, 'rates.json'), schema: SeedRate },
    methods: { from: dir, match: (name) => name.startsWith('methods'), schema: PaymentMethodBody },
  });
  return { rates: entriesOf(rates), methods: entriesOf(methods) };
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

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NorthboundRulesSchema, TravelOptionSchema, type NorthboundRules, type TravelOption } from '@bay/shared';
import { entriesOf, loadContent } from '../../core/content.js';
import type { NorthboundRulesModel, TravelOptionModel } from './travel.model.js';

/** Versioned seed content: options.json (an array of TravelOption), northbound.json (an array of NorthboundRules). */
export const TRAVEL_CONTENT_DIR = fileURLToPath(new URL('../../seed/content/travel/', import.meta.url));

export function loadTravelContent(dir = TRAVEL_CONTENT_DIR): { options: TravelOption[]; rules: NorthboundRules[] } {
  const { options, rules } = loadContent({
    options: { from: join(dir, 'options.json'), schema: TravelOptionSchema, key: 'key' },
    rules: { from: join(dir, 'northbound.json'), schema: NorthboundRulesSchema, key: 'key' },
  });
  return { options: entriesOf(options), rules: entriesOf(rules) };
}

export interface TravelSeedResult {
  options: number;
  rules: number;
  /** Entries an admin edited (origin admin): the seed leaves them alone. */
  keptAdminChanges: number;
}

/** Idempotent: upserts every seed entry by key, except those an admin has edited. */
export async function seedTravelContent(models: { travelOptions: TravelOptionModel; travelRules: NorthboundRulesModel }): Promise<TravelSeedResult> {
  const { options, rules } = loadTravelContent();
  await models.travelOptions.createIndexes();
  await models.travelRules.createIndexes();
  let kept = 0;
  const adminOptions = new Set((await models.travelOptions.find({ origin: 'admin' }, { key: 1 }).lean()).map((d) => d.key));
  for (const o of options) {
    if (adminOptions.has(o.key)) { kept++; continue; }
    await models.travelOptions.replaceOne({ key: o.key }, { ...o, origin: 'seed' }, { upsert: true });
  }
  const adminRules = new Set((await models.travelRules.find({ origin: 'admin' }, { key: 1 }).lean()).map((d) => d.key));
  for (const r of rules) {
    if (adminRules.has(r.key)) { kept++; continue; }
    await models.travelRules.replaceOne({ key: r.key }, { ...r, origin: 'seed' }, { upsert: true });
  }
  return { options: options.length, rules: rules.length, keptAdminChanges: kept };
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NorthboundRulesSchema, TravelOptionSchema, type NorthboundRules, type TravelOption } from '@bay/shared';
import type { z } from 'zod';
import type { NorthboundRulesModel, TravelOptionModel } from './travel.model.js';

/** Versioned seed content: options.json (an array of TravelOption), northbound.json (an array of NorthboundRules). */
export const TRAVEL_CONTENT_DIR = fileURLToPath(new URL('../../seed/content/travel/', import.meta.url));

export class TravelContentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TravelContentError';
  }
}

function readArray<S extends z.ZodType>(file: string, schema: S, keyOf: (v: z.output<S>) => string): z.output<S>[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new TravelContentError(`${file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(data)) throw new TravelContentError(`${file}: must be a JSON array`);
  const problems: string[] = [];
  const out: z.output<S>[] = [];
  const seen = new Set<string>();
  data.forEach((raw: unknown, i) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      problems.push(`#${i} (${(raw as { key?: string })?.key ?? '?'}): ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      return;
    }
    const key = keyOf(parsed.data);
    if (seen.has(key)) problems.push(`#${i}: key "${key}" used twice`);
    seen.add(key);
    out.push(parsed.data);
  });
  if (problems.length) throw new TravelContentError(`${file} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return out;
}

export function loadTravelContent(dir = TRAVEL_CONTENT_DIR): { options: TravelOption[]; rules: NorthboundRules[] } {
  return {
    options: readArray(`${dir}options.json`, TravelOptionSchema, (o) => o.key),
    rules: readArray(`${dir}northbound.json`, NorthboundRulesSchema, (r) => r.key),
  };
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

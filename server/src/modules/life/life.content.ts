import { fileURLToPath } from 'node:url';
import { LIFE_SCENARIOS, LifeEntryBody, type LifeEntryData, type LifeScenario } from '@bay/shared';
import { ContentError, readContentList } from '../../core/content.js';

/** Seed content under version control: one file per scenario, `<scenario>.json`. */
export const LIFE_CONTENT_DIR = fileURLToPath(new URL('../../seed/content/life/', import.meta.url));

/** A scenario's seeded entries, validated; every entry must belong to the file's scenario. */
export function readLifeContent(scenario: LifeScenario, dir = LIFE_CONTENT_DIR): LifeEntryData[] {
  const file = `${dir}${scenario}.json`;
  const entries = readContentList(file, LifeEntryBody);
  entries.forEach((e, i) => { if (e.scenario !== scenario) throw new ContentError(file, i, `scenario ${e.scenario} in the ${scenario} file`); });
  return entries;
}

/** Every scenario's entries; ids are unique across scenarios (they are the documents' _id). */
export function readAllLifeContent(dir = LIFE_CONTENT_DIR): LifeEntryData[] {
  const all = LIFE_SCENARIOS.flatMap((s) => readLifeContent(s, dir));
  const seen = new Set<string>();
  for (const e of all) {
    if (seen.has(e.id)) throw new ContentError(dir, -1, `id ${e.id} is used in more than one scenario`);
    seen.add(e.id);
  }
  return all;
}

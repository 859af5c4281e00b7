import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIFE_SCENARIOS, LifeEntryBody, type LifeEntryData, type LifeScenario } from '@bay/shared';
import { entriesOf, loadContent } from '../../core/content.js';

/** Seed content under version control: one file per scenario, `<scenario>.json`. */
export const LIFE_CONTENT_DIR = fileURLToPath(new URL('../../seed/content/life/', import.meta.url));

/** The scenarios' entries, validated; each entry belongs to its file's scenario, ids are unique across them (they are the documents' _id). */
function readScenarios(scenarios: readonly LifeScenario[], dir: string): LifeEntryData[] {
  const { life } = loadContent({
    life: {
      from: scenarios.map((s) => join(dir, `${s}.json`)),
      schema: LifeEntryBody,
      check: (e, file) => (basename(file) === `${e.scenario}.json` ? undefined : `scenario: ${e.scenario} in the ${basename(file, '.json')} file`),
    },
  });
  return entriesOf(life);
}

/** A scenario's seeded entries. */
export const readLifeContent = (scenario: LifeScenario, dir = LIFE_CONTENT_DIR) => readScenarios([scenario], dir);

/** Every scenario's entries. */
export const readAllLifeContent = (dir = LIFE_CONTENT_DIR) => readScenarios(LIFE_SCENARIOS, dir);

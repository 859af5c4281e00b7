import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GuideItemBody, PortBody, type GuideItemData, type PortData } from '@bay/shared';
import { entriesOf, loadContent } from '../../core/content.js';
import type { CustomsModels } from './customs.model.js';

/** Seed content under version control: ports.json and guide.json. */
export const CUSTOMS_CONTENT_DIR = fileURLToPath(new URL('../../seed/content/customs/', import.meta.url));

export function readCustomsContent(dir = CUSTOMS_CONTENT_DIR): { ports: PortData[]; guide: GuideItemData[] } {
  const { ports, guide } = loadContent({
    ports: { from: join(dir, 'ports.json'), schema: PortBody },
    guide: { from: join(dir, 'guide.json'), schema: GuideItemBody },
  });
  return { ports: entriesOf(ports), guide: entriesOf(guide) };
}

export interface CustomsSeedResult { ports: number; guide: number; keptAdminChanges: number }

/** Idempotent: replaces each seeded document by id unless an admin has edited it since. */
export async function seedCustomsContent(models: CustomsModels, dir = CUSTOMS_CONTENT_DIR): Promise<CustomsSeedResult> {
  const { ports, guide } = readCustomsContent(dir);
  let kept = 0;
  const edited = async (model: CustomsModels['customsPorts'] | CustomsModels['customsGuide'], id: string) =>
    (await (model as CustomsModels['customsPorts']).countDocuments({ _id: id, editedByAdmin: true })) > 0;
  for (const { id, ...content } of ports) {
    if (await edited(models.customsPorts, id)) { kept++; continue; }
    await models.customsPorts.replaceOne({ _id: id }, { _id: id, ...content, editedByAdmin: false }, { upsert: true });
  }
  for (const { id, ...content } of guide) {
    if (await edited(models.customsGuide, id)) { kept++; continue; }
    await models.customsGuide.replaceOne({ _id: id }, { _id: id, ...content, editedByAdmin: false }, { upsert: true });
  }
  return { ports: ports.length, guide: guide.length, keptAdminChanges: kept };
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GuideItemBody, PortBody, type GuideItemData, type PortData } from '@bay/shared';
import type { z } from 'zod';
import type { CustomsModels } from './customs.model.js';

/** Seed content under version control: ports.json and guide.json. */
export const CUSTOMS_CONTENT_DIR = fileURLToPath(new URL('../../seed/content/customs/', import.meta.url));

export class CustomsContentError extends Error {
  constructor(file: string, index: number, detail: string) {
    super(`${file}[${index}]: ${detail}`);
    this.name = 'CustomsContentError';
  }
}

function readList<T>(file: string, schema: z.ZodType<T>, dir: string): T[] {
  const raw: unknown = JSON.parse(readFileSync(dir + file, 'utf8'));
  if (!Array.isArray(raw)) throw new CustomsContentError(file, -1, 'expected an array');
  const seen = new Set<string>();
  return raw.map((entry, i) => {
    const parsed = schema.safeParse(entry);
    if (!parsed.success) throw new CustomsContentError(file, i, parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; '));
    const id = (parsed.data as { id: string }).id;
    if (seen.has(id)) throw new CustomsContentError(file, i, `duplicate id ${id}`);
    seen.add(id);
    return parsed.data;
  });
}

export function readCustomsContent(dir = CUSTOMS_CONTENT_DIR): { ports: PortData[]; guide: GuideItemData[] } {
  return { ports: readList('ports.json', PortBody, dir), guide: readList('guide.json', GuideItemBody, dir) };
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

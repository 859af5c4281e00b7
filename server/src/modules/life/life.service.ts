import {
  LANGS, LIFE_SECTIONS, lifeEntryPage,
  type Lang, type LifeEntryData, type LifeEntryDto, type LifePlace, type LifeScenario, type LifeScenarioDto, type LifeSection,
} from '@bay/shared';
import { notFound } from '../../core/errors.js';
import { readAllLifeContent } from './life.content.js';
import { toLifeEntryDto, type LifeModels } from './life.model.js';

const fold = (s: string) => s.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();

/**
 * The four life scenarios (通讯, 医疗, 教育, 吃住游): sourced entries in sections, read by
 * residents, edited by admins, found by the home search. A scenario holds tens of entries, so
 * lists and searches read the scenario's documents and order and match them here.
 */
export function createLifeService(models: LifeModels) {
  const { lifeEntries } = models;

  async function entriesOf(scenario?: LifeScenario): Promise<LifeEntryDto[]> {
    const docs = await lifeEntries.find(scenario ? { scenario } : {}).lean();
    return docs.map(toLifeEntryDto);
  }

  /** The scenario's sections in their fixed order, entries by `order` then id; empty sections left out. */
  async function scenario(name: LifeScenario, filter: { place?: LifePlace; section?: LifeSection } = {}): Promise<LifeScenarioDto> {
    const items = (await entriesOf(name)).filter((e) => (!filter.place || e.places.includes(filter.place)) && (!filter.section || e.section === filter.section));
    const sections = (LIFE_SECTIONS[name] as readonly LifeSection[]).flatMap((section) => {
      const inSection = items.filter((e) => e.section === section).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
      return inSection.length ? [{ section, items: inSection }] : [];
    });
    return { scenario: name, sections };
  }

  async function get(name: LifeScenario, id: string): Promise<LifeEntryDto> {
    const doc = await lifeEntries.findOne({ _id: id }).lean();
    if (!doc || doc.scenario !== name) throw notFound();
    return toLifeEntryDto(doc);
  }

  async function upsert(data: LifeEntryData, byAdmin: boolean): Promise<LifeEntryDto> {
    const { id, ...content } = data;
    const doc = await lifeEntries.findOneAndReplace({ _id: id }, { _id: id, ...content, editedByAdmin: byAdmin }, { upsert: true, new: true }).lean();
    return toLifeEntryDto(doc!);
  }

  async function remove(name: LifeScenario, id: string): Promise<{ deleted: true }> {
    const res = await lifeEntries.deleteOne({ _id: id, scenario: name });
    if (res.deletedCount === 0) throw notFound();
    return { deleted: true };
  }

  /**
   * The home's cross-scenario search: entries whose title, aliases or summary (in any language)
   * contain every word of the query; title and alias hits first. Links open the entry's page.
   */
  async function search({ q, limit }: { q: string; lang?: Lang; limit?: number }) {
    const words = fold(q).split(' ').filter(Boolean);
    if (!words.length) return [];
    const scored = (await entriesOf()).flatMap((e) => {
      const strong = fold([...LANGS.map((l) => e.title[l]), ...LANGS.flatMap((l) => e.aliases[l])].join('\n'));
      const weak = fold(LANGS.map((l) => e.summary[l]).join('\n'));
      let score = 0;
      for (const w of words) {
        if (strong.includes(w)) score += 2;
        else if (weak.includes(w)) score += 1;
        else return [];
      }
      return [{ e, score }];
    });
    return scored.sort((a, b) => b.score - a.score || a.e.order - b.e.order).slice(0, limit ?? 5)
      .map(({ e }) => ({ id: e.id, name: e.title, description: e.summary, link: lifeEntryPage(e.scenario, e.id).replace(/^\//, '') }));
  }

  return { scenario, get, upsert, remove, search };
}
export type LifeService = ReturnType<typeof createLifeService>;

export interface LifeSeedResult { entries: number; keptAdminChanges: number; removed: number }

/**
 * Idempotent: replaces each seeded entry by id unless an admin edited it since, and removes
 * seeded entries that left the content files (never an admin's own).
 */
export async function seedLifeContent(models: LifeModels, dir?: string): Promise<LifeSeedResult> {
  const entries = readAllLifeContent(dir);
  let kept = 0;
  for (const { id, ...content } of entries) {
    if ((await models.lifeEntries.countDocuments({ _id: id, editedByAdmin: true })) > 0) { kept++; continue; }
    await models.lifeEntries.replaceOne({ _id: id }, { _id: id, ...content, editedByAdmin: false }, { upsert: true });
  }
  const ids = new Set(entries.map((e) => e.id));
  const stale = (await models.lifeEntries.find({ editedByAdmin: false }, { _id: 1 }).lean()).filter((d) => !ids.has(d._id)).map((d) => d._id);
  if (stale.length) await models.lifeEntries.deleteMany({ _id: { $in: stale } });
  return { entries: entries.length, keptAdminChanges: kept, removed: stale.length };
}

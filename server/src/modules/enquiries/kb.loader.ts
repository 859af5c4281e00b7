import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KbEntrySchema, type KbEntry } from '@bay/shared';
import { loadContent } from '../../core/content.js';
import type { KbModel } from './kb.model.js';

/** The versioned seed files: server/src/seed/content/kb/<topic>.json, each an array of KbEntry (beside the other scenarios' seed content). */
export const KB_DIR = fileURLToPath(new URL('../../seed/content/kb/', import.meta.url));

export interface KbFileEntry {
  /** `kb/<topic>.json` */
  file: string;
  entry: KbEntry;
}

/**
 * Reads and validates every kb/*.json (core/content.ts: a bad file throws one ContentError naming
 * the file, the entry's index and id and each problem; an id used in two files names both). A
 * missing directory is an empty knowledge base.
 */
export function loadKbFiles(dir = KB_DIR): KbFileEntry[] {
  const { kb } = loadContent({ kb: { from: dir, schema: KbEntrySchema, optional: true } });
  return kb.map(({ file, entry }) => ({ file: `kb/${basename(file)}`, entry }));
}

export const entryHash = (e: KbEntry) => createHash('sha256').update(JSON.stringify(e)).digest('hex');

export interface KbSeedResult {
  files: number;
  entries: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Edited or deleted by an admin: left as the admin left them. */
  keptAdminChanges: number;
}

/**
 * Upserts the seed files into `kb_entries` by id. Entries an admin edited or deleted through the
 * admin API are left alone (the admin's change wins until it is removed from the database); entries
 * whose file content did not change since the last seed are not rewritten. Idempotent.
 */
export async function seedKnowledgeBase(kb: KbModel, dir = KB_DIR): Promise<KbSeedResult> {
  const fileEntries = loadKbFiles(dir);
  const existing = new Map(
    (await kb.find({}, { _id: 1, origin: 1, seedHash: 1, deletedAt: 1 }).lean<{ _id: string; origin: string; seedHash?: string | null; deletedAt?: Date | null }[]>())
      .map((d) => [d._id, d]),
  );
  const result: KbSeedResult = { files: new Set(fileEntries.map((f) => f.file)).size, entries: fileEntries.length, inserted: 0, updated: 0, unchanged: 0, keptAdminChanges: 0 };
  const ops: Parameters<KbModel['bulkWrite']>[0] = [];
  for (const { entry } of fileEntries) {
    const current = existing.get(entry.id);
    if (current && (current.origin === 'admin' || current.deletedAt)) { result.keptAdminChanges++; continue; }
    const hash = entryHash(entry);
    if (current?.seedHash === hash) { result.unchanged++; continue; }
    const { id, ...content } = entry;
    ops.push({ updateOne: {
      filter: { _id: id },
      update: { $set: { ...content, origin: 'seed', seedHash: hash, deletedAt: null }, ...(content.link ? {} : { $unset: { link: 1 } }) },
      upsert: true,
    } });
    if (current) result.updated++; else result.inserted++;
  }
  // One round trip per 100 entries rather than one per entry.
  for (let i = 0; i < ops.length; i += 100) await kb.bulkWrite(ops.slice(i, i + 100), { ordered: false });
  return result;
}

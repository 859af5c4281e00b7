import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KbEntrySchema, type KbEntry } from '@bay/shared';
import type { KbModel } from './kb.model.js';

/** The versioned seed files: server/src/modules/enquiries/kb/<topic>.json, each an array of KbEntry. */
export const KB_DIR = fileURLToPath(new URL('./kb/', import.meta.url));

export class KbFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KbFileError';
  }
}

export interface KbFileEntry {
  file: string;
  entry: KbEntry;
}

/**
 * Reads and validates every kb/*.json. Throws KbFileError naming the file, the entry (index and
 * id) and each problem: malformed JSON, not an array, an entry that fails KbEntrySchema, or an id
 * used twice (in which files).
 */
export function loadKbFiles(dir = KB_DIR): KbFileEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: KbFileEntry[] = [];
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const label = `kb/${basename(file)}`;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push(`${label}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    if (!Array.isArray(data)) {
      problems.push(`${label}: must be a JSON array of entries`);
      continue;
    }
    data.forEach((raw: unknown, i) => {
      const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : '?';
      const parsed = KbEntrySchema.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((iss) => `${iss.path.join('.') || '(entry)'}: ${iss.message}`).join('; ');
        problems.push(`${label} entry #${i} (id "${id}"): ${issues}`);
        return;
      }
      const other = seen.get(parsed.data.id);
      if (other) {
        problems.push(`${label} entry #${i}: id "${parsed.data.id}" is already used in ${other}`);
        return;
      }
      seen.set(parsed.data.id, label);
      out.push({ file: label, entry: parsed.data });
    });
  }
  if (problems.length) throw new KbFileError(`Knowledge base files are invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return out;
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

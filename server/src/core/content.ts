import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/** A seed content file that does not validate: the file, the entry's index and what is wrong. */
export class ContentError extends Error {
  constructor(file: string, index: number, detail: string) {
    super(`${file}${index >= 0 ? `[${index}]` : ''}: ${detail}`);
    this.name = 'ContentError';
  }
}

/**
 * Reads a JSON array of entries, validating each with its schema and refusing duplicate ids.
 * Seed content is under version control, so a bad entry is a developer's error: it throws with
 * the file, the entry and the fields at fault (the seed and its test stop there).
 */
export function readContentList<S extends z.ZodType<{ id: string }>>(path: string, schema: S): z.output<S>[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ContentError(path, -1, (err as Error).message);
  }
  if (!Array.isArray(raw)) throw new ContentError(path, -1, 'expected an array');
  const seen = new Set<string>();
  return raw.map((entry, i) => {
    const parsed = schema.safeParse(entry);
    if (!parsed.success) throw new ContentError(path, i, parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; '));
    const { id } = parsed.data;
    if (seen.has(id)) throw new ContentError(path, i, `duplicate id ${id}`);
    seen.add(id);
    return parsed.data;
  });
}

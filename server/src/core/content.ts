import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';

/**
 * Seed content that does not load: every problem found, each naming the file, the entry's index
 * (and id) and the fields at fault. Seed content is under version control, so a bad entry is a
 * developer's error: the seed (and so `npm start`) stops with this message.
 */
export class ContentError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`seed content is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ContentError';
  }
}

/** One set of content: entries of one schema, read from one or more files. */
export interface ContentSet<S extends z.ZodType = z.ZodType> {
  /** JSON files and directories (every `*.json` inside, in name order), each holding an array of entries. */
  from: string | readonly string[];
  schema: S;
  /** Which files of a directory to read (by file name); files named in `from` are always read. */
  match?: (name: string) => boolean;
  /** The field naming an entry in messages, unique across the set (default `id`; entries without it go unchecked). */
  key?: string;
  /** A further check on a valid entry: the problem (`field: message`), or undefined. */
  check?: (entry: z.output<S>, file: string) => string | undefined;
  /** A file or directory that does not exist holds no entries rather than being a problem. */
  optional?: boolean;
}

export interface ContentItem<T> {
  file: string;
  index: number;
  entry: T;
}

const isJson = (name: string) => name.endsWith('.json');

/**
 * Reads and validates every set, then throws one ContentError listing all the problems in all the
 * sets (unreadable file, malformed JSON, not an array, an entry its schema refuses, a key used
 * twice, a failed `check`), or returns each set's entries with the file and index they came from.
 */
export function loadContent<T extends Record<string, z.ZodType>>(sets: { [K in keyof T]: ContentSet<T[K]> }): { [K in keyof T]: ContentItem<z.output<T[K]>>[] } {
  const problems: string[] = [];
  const out = {} as { [K in keyof T]: ContentItem<z.output<T[K]>>[] };
  for (const name of Object.keys(sets) as (keyof T)[]) out[name] = readSet(sets[name], problems);
  if (problems.length) throw new ContentError(problems);
  return out;
}

function filesOf<S extends z.ZodType>(set: ContentSet<S>, problems: string[]): string[] {
  const files: string[] = [];
  for (const path of typeof set.from === 'string' ? [set.from] : set.from) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (err) {
      if (!(set.optional && (err as NodeJS.ErrnoException).code === 'ENOENT')) problems.push(`${path}: cannot be read (${(err as Error).message})`);
      continue;
    }
    if (!isDir) { files.push(path); continue; }
    files.push(...readdirSync(path).filter((n) => isJson(n) && (!set.match || set.match(n))).sort().map((n) => join(path, n)));
  }
  return files;
}

function readSet<S extends z.ZodType>(set: ContentSet<S>, problems: string[]): ContentItem<z.output<S>>[] {
  const key = set.key ?? 'id';
  const items: ContentItem<z.output<S>>[] = [];
  const seen = new Map<string, string>();
  for (const file of filesOf(set, problems)) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push(`${file}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    if (!Array.isArray(data)) {
      problems.push(`${file}: must be a JSON array of entries`);
      continue;
    }
    data.forEach((raw: unknown, index) => {
      const rawKey = (raw as Record<string, unknown> | null)?.[key];
      const at = `${file}[${index}]${typeof rawKey === 'string' ? ` (${key} "${rawKey}")` : ''}`;
      const parsed = set.schema.safeParse(raw);
      if (!parsed.success) {
        problems.push(`${at}: ${parsed.error.issues.map((x) => `${x.path.join('.') || '(entry)'}: ${x.message}`).join('; ')}`);
        return;
      }
      const entry = parsed.data as z.output<S>;
      const problem = set.check?.(entry, file);
      if (problem) { problems.push(`${at}: ${problem}`); return; }
      const value = (entry as Record<string, unknown>)[key];
      if (typeof value === 'string') {
        const first = seen.get(value);
        if (first) { problems.push(`${at}: duplicate ${key} "${value}" (first at ${first})`); return; }
        seen.set(value, `${file}[${index}]`);
      }
      items.push({ file, index, entry });
    });
  }
  return items;
}

/** The entries alone, for callers that do not need to know where each came from. */
export const entriesOf = <T>(items: readonly ContentItem<T>[]): T[] => items.map((i) => i.entry);

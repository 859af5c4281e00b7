import { readFileSync } from 'node:fs';
import { normalise } from './normalise.js';

/**
 * Synonym and alias groups (aliases.json). Expansion runs at index time AND at query time: each
 * group found in a text adds one token `§<key>`, so every spelling of the same thing (回乡证,
 * 回鄉證, 港澳居民来往内地通行证, Home Return Permit, HRP) meets on that token, across languages.
 * Chinese terms match as substrings of the normalised text; Latin terms match whole (stemmed) words.
 */
export interface AliasGroup { key: string; terms: string[]; implies?: string[] }

interface CompiledGroup { token: string; han: string[]; latin: string[][]; latinText: string[] }

/** Terms by their first character (Chinese) or first word (Latin), for one pass over a text. */
interface Compiled {
  groups: CompiledGroup[];
  hanByFirst: Map<string, { term: string; token: string }[]>;
  latinByFirst: Map<string, { words: string[]; token: string }[]>;
  /** token → the tokens of the broader groups it implies (深圳 → the GBA, the mainland). */
  implies: Map<string, string[]>;
}

export const ALIAS_PREFIX = '§';
let compiled: Compiled | undefined;

export function aliasGroups(): AliasGroup[] {
  const raw = JSON.parse(readFileSync(new URL('./aliases.json', import.meta.url), 'utf8')) as { groups: AliasGroup[] };
  return raw.groups;
}

/** Every Chinese alias term, normalised (added to the segmenter's dictionary). */
export function aliasWords(): string[] {
  return compile().groups.flatMap((g) => g.han);
}

/** Every English alias term, normalised (typo targets). */
export function aliasLatinWords(): string[] {
  return compile().groups.flatMap((g) => g.latinText);
}

function compile(): Compiled {
  if (compiled) return compiled;
  const groups = aliasGroups().map((g) => {
    const han = new Set<string>();
    const latin = new Map<string, string[]>();
    const latinText: string[] = [];
    for (const term of g.terms) {
      const n = normalise(term);
      if (/\p{Script=Han}/u.test(n)) han.add(n);
      else {
        latinText.push(n);
        const words = latinWords(n);
        if (words.length) latin.set(words.join(' '), words);
        // Typed without spaces or hyphens: "lowu", "echannel", "shenzhenbay".
        if (words.length > 1 && words.every((w) => /^[a-z]+$/.test(w))) {
          const joined = stem(n.replace(/[^a-z]/g, ''));
          latin.set(joined, [joined]);
        }
      }
    }
    return { token: `${ALIAS_PREFIX}${g.key.toLowerCase()}`, han: [...han], latin: [...latin.values()], latinText };
  });
  const hanByFirst = new Map<string, { term: string; token: string }[]>();
  const latinByFirst = new Map<string, { words: string[]; token: string }[]>();
  for (const g of groups) {
    for (const term of g.han) {
      const first = term[0]!;
      hanByFirst.set(first, [...(hanByFirst.get(first) ?? []), { term, token: g.token }]);
    }
    for (const words of g.latin) latinByFirst.set(words[0]!, [...(latinByFirst.get(words[0]!) ?? []), { words, token: g.token }]);
  }
  const implies = new Map<string, string[]>();
  for (const g of aliasGroups()) {
    if (g.implies?.length) implies.set(`${ALIAS_PREFIX}${g.key.toLowerCase()}`, g.implies.map((k) => `${ALIAS_PREFIX}${k.toLowerCase()}`));
  }
  compiled = { groups, hanByFirst, latinByFirst, implies };
  return compiled;
}

/** Latin/digit words of a normalised text, stemmed, stop words kept (aliases may contain them). */
export function latinWords(normalised: string): string[] {
  return (normalised.match(/[a-z0-9]+(?:[&+][a-z0-9]+)*/g) ?? []).map(stem);
}

/**
 * A light English stemmer (plural, -ing, -ed, possessive), applied to documents and questions
 * alike, so "renewing", "renewed" and "renews" meet on "renew". Deliberately conservative: a
 * wrong merge costs more than a missed one, and fuzzy matching covers small differences.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is|os)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) {
    w = w.slice(0, -3);
    if (/([bdgmnprt])\1$/.test(w)) w = w.slice(0, -1);
  } else if (w.endsWith('ed') && w.length > 4 && !w.endsWith('eed')) {
    w = w.slice(0, -2);
    if (/([bdgmnprt])\1$/.test(w)) w = w.slice(0, -1);
  }
  // expire / expired / expires all end as "expir".
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** The alias tokens (`§key`) of every group found in a normalised text, in order of first mention. */
export function aliasTokens(normalised: string): string[] {
  const { hanByFirst, latinByFirst } = compile();
  const found = new Set<string>();
  for (let i = 0; i < normalised.length; i++) {
    const candidates = hanByFirst.get(normalised[i]!);
    if (!candidates) continue;
    for (const c of candidates) if (!found.has(c.token) && normalised.startsWith(c.term, i)) found.add(c.token);
  }
  const words = latinWords(normalised);
  for (let i = 0; i < words.length; i++) {
    const candidates = latinByFirst.get(words[i]!);
    if (!candidates) continue;
    for (const c of candidates) {
      if (found.has(c.token) || i + c.words.length > words.length) continue;
      if (c.words.every((w, k) => words[i + k] === w)) found.add(c.token);
    }
  }
  return [...found];
}

/**
 * The broader groups that the given alias tokens imply and that are not among them: a question about
 * 深圳 is also about the Greater Bay Area and the mainland. Used at question time only (an entry
 * about Shenzhen is not thereby about the whole GBA).
 */
export function impliedTokens(tokens: readonly string[]): string[] {
  const { implies } = compile();
  const have = new Set(tokens);
  const out = new Set<string>();
  for (const t of tokens) for (const i of implies.get(t) ?? []) if (!have.has(i)) out.add(i);
  return [...out];
}

/// <reference path="./opencc-dicts.d.ts" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { ConverterFactory } from 'opencc-js/core';
import HKVariants from 'opencc-js/dict/HKVariants';
import STCharacters from 'opencc-js/dict/STCharacters';
import fromHk from 'opencc-js/from/hk';
import toCn from 'opencc-js/to/cn';

/**
 * Process-wide Chinese text tools, created on first use: the jieba dictionary takes about 0.3 s to
 * load and opencc's tables about as long, so each is built once per process and only by the code
 * that needs it (other modules and their tests never pay for it).
 *
 * Only the opencc tables in use are imported (not the `opencc-js` bundle, which holds every
 * locale): HK→CN needs HK variants reversed and Traditional→Simplified phrases and characters
 * (16 MB of tries). CN→HK is used only to count Simplified-only characters (script.ts), so it is
 * built from the character tables alone: the phrase table (STPhrases, 1 MB of source) would add
 * about 50 MB of trie for no change in that count.
 */
let jieba: Jieba | undefined;
let toSimplified: ((s: string) => string) | undefined;
let toTraditional: ((s: string) => string) | undefined;
const addedWords = new Set<string>();

export function segmenter(): Jieba {
  if (!jieba) {
    // Read dict.txt ourselves rather than through the package's dict.js module, which also reads
    // the 6 MB idf.txt we never use and keeps both buffers alive for the life of the process.
    const dictPath = join(dirname(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.js')), 'dict.txt');
    jieba = Jieba.withDict(readFileSync(dictPath));
  }
  return jieba;
}

/** Adds words (aliases, entry tags) to the segmenter's dictionary so they stay whole. Idempotent. */
export function addWords(words: Iterable<string>): void {
  const fresh = [...words].filter((w) => /\p{Script=Han}/u.test(w) && w.length >= 2 && !/\s/.test(w) && !addedWords.has(w));
  if (!fresh.length) return;
  for (const w of fresh) addedWords.add(w);
  // A high frequency makes jieba prefer the whole word over its parts.
  segmenter().loadDict(Buffer.from(fresh.map((w) => `${w} 200000`).join('\n') + '\n'));
}

/** Hong Kong Traditional (and Taiwan/other Traditional forms it knows) to Simplified. */
export function hkToCn(text: string): string {
  toSimplified ??= ConverterFactory(fromHk, toCn);
  return toSimplified(text);
}

/**
 * Simplified to Hong Kong Traditional, character by character (no phrase table): good for telling
 * which characters are Simplified-only, not for producing text to show (头发 becomes 頭發, not 頭髮).
 */
export function cnToHkCharacters(text: string): string {
  toTraditional ??= ConverterFactory([STCharacters], [HKVariants]);
  return toTraditional(text);
}

/** Loads both tools now (start-up), so the first question does not pay for it. */
export function warmUp(): void {
  segmenter();
  hkToCn('');
  cnToHkCharacters('');
}

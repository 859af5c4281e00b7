import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import * as OpenCC from 'opencc-js';

/**
 * Process-wide Chinese text tools, created on first use: the jieba dictionary takes about 0.3 s to
 * load and opencc's tables about as long, so each is built once per process and only by the code
 * that needs it (other modules and their tests never pay for it).
 */
let jieba: Jieba | undefined;
let toSimplified: ((s: string) => string) | undefined;
let toTraditional: ((s: string) => string) | undefined;
const addedWords = new Set<string>();

export function segmenter(): Jieba {
  if (!jieba) {
    // The dictionary module is CommonJS that reads dict.txt next to itself.
    const { dict } = createRequire(import.meta.url)('@node-rs/jieba/dict.js') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
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
  toSimplified ??= OpenCC.Converter({ from: 'hk', to: 'cn' });
  return toSimplified(text);
}

/** Simplified to Hong Kong Traditional. */
export function cnToHk(text: string): string {
  toTraditional ??= OpenCC.Converter({ from: 'cn', to: 'hk' });
  return toTraditional(text);
}

/** Loads both tools now (start-up), so the first question does not pay for it. */
export function warmUp(): void {
  segmenter();
  hkToCn('');
  cnToHk('');
}

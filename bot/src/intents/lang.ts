import { DEFAULT_LANG, type Lang } from '@bay/shared';

/*
 * Characters that appear in Traditional (Hong Kong / Macao / Taiwan) writing but not in Simplified,
 * plus Cantonese particles. A handful is enough to tell the two apart in a short chat message.
 */
const TRADITIONAL_HINTS = new Set(
  '綁碼這個們為請說麼嗎會問謝與號體應過還從來點幫關開門時間發無學後電話見長東車書對讓給裏裡邊實現進產業務動歲據處歡嘅喺咗唔冇佢哋冇啲嚟睇諗乜嘢咁噉畀啱喇囉㗎喎'.split(''),
);
const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /[A-Za-z]{2,}/;

/**
 * Guesses the language a short message is written in: Han characters → zh-Hant when any
 * Traditional-only character or Cantonese particle appears, otherwise zh-Hans; Latin words → en.
 * `ignore` removes a part (the bind code itself) before guessing; no signal → `fallback`.
 */
export function guessLang(text: string, options: { ignore?: string; fallback?: Lang } = {}): Lang {
  let rest = text;
  if (options.ignore) rest = rest.split(new RegExp(options.ignore.split('').join('\\s*'), 'i')).join(' ');
  const chars = [...rest];
  if (chars.some((c) => HAN.test(c))) return chars.some((c) => TRADITIONAL_HINTS.has(c)) ? 'zh-Hant' : 'zh-Hans';
  if (LATIN_WORD.test(rest)) return 'en';
  return options.fallback ?? DEFAULT_LANG;
}

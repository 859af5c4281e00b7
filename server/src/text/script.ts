import type { Lang } from '@bay/shared';
import { cnToHkCharacters, hkToCn } from './chinese.js';

/**
 * Which language and script a question is written in.
 *
 * Rule (first that applies):
 * 1. No Han characters: Latin letters make it `en`; otherwise (digits, emoji, "1") it is ambiguous,
 *    and so is a lone one- or two-letter word ("TD", the unsubscribe code of Chinese SMS, "ok").
 * 2. At least as many Latin words as Han characters ("how to renew 回乡证"): `en`.
 * 3. Chinese: each character that opencc changes going hk→cn is evidence of Traditional, each one
 *    it changes going cn→hk evidence of Simplified; the larger count wins.
 * 4. No script evidence (every character is written the same in both scripts, e.g. 口岸几点开门 is
 *    not, but 医保 is Simplified-only while 口岸 is shared): Cantonese markers (嘅 咗 喺 唔 冇 哋 咩
 *    嚟 噉 點 幾多 邊度 …) make it `zh-Hant`; otherwise it is ambiguous Chinese.
 * An ambiguous result takes the caller's `lang` (e.g. the resident's setting) when it fits: any
 * language for rule 1, zh-Hans or zh-Hant for rule 4; else zh-Hans. An explicit `lang` never
 * overrides a clear script: the answer comes in the script the resident typed.
 */
export interface ScriptDetection {
  lang: Lang;
  /** True when the text itself did not decide (the caller's lang or the default was used). */
  ambiguous: boolean;
}

const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /[A-Za-z]{2,}|\b[A-Za-z]\b/g;
const CANTONESE_MARKERS = /[嘅咗喺唔冇哋咩嚟噉佢乜啲嗰搵睇畀攞咁嘢]|點樣|點算|點解|幾多|幾時|幾耐|邊度|邊個|邊間|係咪|而家/u;

export function detectLang(input: string, requested?: Lang): ScriptDetection {
  const text = input.normalize('NFKC');
  const han = text.match(HAN) ?? [];
  const latinWords = text.match(LATIN_WORD) ?? [];
  if (han.length === 0) {
    const lone = latinWords.length === 1 && latinWords[0]!.length <= 2 && text.trim().length <= 4;
    if (latinWords.length > 0 && !lone) return { lang: 'en', ambiguous: false };
    return { lang: requested ?? 'zh-Hans', ambiguous: true };
  }
  if (latinWords.length >= han.length) return { lang: 'en', ambiguous: false };

  const hanText = han.join('');
  const simplified = hkToCn(hanText);
  const traditional = cnToHkCharacters(hanText);
  let traditionalEvidence = 0;
  let simplifiedEvidence = 0;
  // Converters keep the length for these character-level changes; compare position by position.
  const chars = [...hanText];
  const s = [...simplified];
  const t = [...traditional];
  for (let i = 0; i < chars.length; i++) {
    if (s.length === chars.length && s[i] !== chars[i]) traditionalEvidence++;
    if (t.length === chars.length && t[i] !== chars[i]) simplifiedEvidence++;
  }
  if (s.length !== chars.length && simplified !== hanText) traditionalEvidence++;
  if (t.length !== chars.length && traditional !== hanText) simplifiedEvidence++;
  if (traditionalEvidence > simplifiedEvidence) return { lang: 'zh-Hant', ambiguous: false };
  if (simplifiedEvidence > traditionalEvidence) return { lang: 'zh-Hans', ambiguous: false };
  if (CANTONESE_MARKERS.test(text)) return { lang: 'zh-Hant', ambiguous: false };
  if (requested === 'zh-Hans' || requested === 'zh-Hant') return { lang: requested, ambiguous: true };
  return { lang: 'zh-Hans', ambiguous: true };
}

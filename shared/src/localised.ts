import type { Lang } from './enums.js';

/** A content text in up to three languages (scenario DTOs use LocalisedText; a missing one is fine here). */
export type MaybeLocalised = Partial<Record<Lang, string | null | undefined>>;

export interface PickedText {
  text: string;
  /** Set when `text` is not in the language asked for: the language it is written in. */
  fallbackFrom?: Lang;
}

/**
 * Which language stands in for a missing one, everywhere (server messages, inbox, notices, the
 * bot, the mini-program): the other Chinese first (a reader of 繁體 reads 简体 and vice versa),
 * then English; English readers get 简体, then 繁體. (No 简↔繁 conversion here: opencc-js would
 * add several hundred KB to the mini-program's main package.)
 */
export const FALLBACK_ORDER: Record<Lang, readonly Lang[]> = {
  'zh-Hans': ['zh-Hans', 'zh-Hant', 'en'],
  'zh-Hant': ['zh-Hant', 'zh-Hans', 'en'],
  en: ['en', 'zh-Hans', 'zh-Hant'],
};

/**
 * The text of `content` to show in `lang`: that language when present (non-blank), else the
 * first of FALLBACK_ORDER that is, with `fallbackFrom` naming it so a page can say so. A plain
 * string is taken as it is.
 */
export function pickText(content: MaybeLocalised | string | null | undefined, lang: Lang): PickedText {
  if (typeof content === 'string') return { text: content };
  if (!content) return { text: '' };
  for (const candidate of FALLBACK_ORDER[lang]) {
    const value = content[candidate];
    if (typeof value === 'string' && value.trim()) {
      return candidate === lang ? { text: value } : { text: value, fallbackFrom: candidate };
    }
  }
  return { text: '' };
}

/** pickText's text alone: what a message, a notification or a chat line shows. */
export const textIn = (content: MaybeLocalised | string | null | undefined, lang: Lang): string => pickText(content, lang).text;

import Taro from '@tarojs/taro';
import { LANGS, toLang, type Lang } from '@bay/shared';
import { systemElder, systemLanguage } from './system';

/*
 * Language and elder mode, read by every page. Until the resident picks one, each follows the
 * client: the language WeChat (or the browser) uses, elder mode when WeChat's font is large
 * (H5: `?elder=1`). A choice is persisted in storage and wins from then on.
 * A tiny external store (useSyncExternalStore) so pages share it without a provider.
 */
export interface Prefs {
  lang: Lang;
  elder: boolean;
  /** True while the language follows the client's setting (nothing chosen yet). */
  langAuto: boolean;
  /** True while elder mode follows the client's font setting or URL (nothing chosen yet). */
  elderAuto: boolean;
}

const LANG_KEY = 'bay.lang';
const ELDER_KEY = 'bay.elder';

/** WeChat's zh_CN → 简体, zh_TW / zh_HK / zh_MO → 繁體, anything else → English. */
export function langFromSystem(system: string | undefined): Lang {
  if (!system) return 'en';
  const lower = system.toLowerCase();
  return lower.startsWith('zh') || lower.startsWith('en') ? toLang(system) : 'en';
}

function load(): Prefs {
  const saved = Taro.getStorageSync(LANG_KEY) as string;
  const langSaved = (LANGS as readonly string[]).includes(saved);
  const lang = langSaved ? (saved as Lang) : langFromSystem(systemLanguage());
  const savedElder = Taro.getStorageSync(ELDER_KEY) as unknown;
  const elderSaved = typeof savedElder === 'boolean';
  const elder = elderSaved ? savedElder : systemElder() ?? false;
  return { lang, elder, langAuto: !langSaved, elderAuto: !elderSaved };
}

let prefs: Prefs | null = null;
const listeners = new Set<() => void>();

export function getPrefs(): Prefs {
  if (!prefs) prefs = load();
  return prefs;
}

export function subscribePrefs(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function update(patch: Partial<Prefs>): void {
  prefs = { ...getPrefs(), ...patch };
  listeners.forEach((l) => l());
}

export function setLang(lang: Lang): void {
  Taro.setStorageSync(LANG_KEY, lang);
  update({ lang, langAuto: false });
}

export function setElder(elder: boolean): void {
  Taro.setStorageSync(ELDER_KEY, elder);
  update({ elder, elderAuto: false });
}

/** Tests start each case from storage again. */
export function resetPrefsForTests(): void {
  prefs = null;
}

import Taro from '@tarojs/taro';
import { LANGS, toLang, type Lang } from '@bay/shared';
import { systemLanguage } from '../services/system-language';

/*
 * Language and elder mode: chosen on the home page, persisted in storage, read by every page.
 * A tiny external store (useSyncExternalStore) so pages share it without a provider.
 */
export interface Prefs {
  lang: Lang;
  elder: boolean;
}

const LANG_KEY = 'bay.lang';
const ELDER_KEY = 'bay.elder';

function load(): Prefs {
  const saved = Taro.getStorageSync(LANG_KEY) as string;
  const lang = (LANGS as readonly string[]).includes(saved) ? (saved as Lang) : toLang(systemLanguage());
  return { lang, elder: Taro.getStorageSync(ELDER_KEY) === true };
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
  update({ lang });
}

export function setElder(elder: boolean): void {
  Taro.setStorageSync(ELDER_KEY, elder);
  update({ elder });
}

/** Tests start each case from storage again. */
export function resetPrefsForTests(): void {
  prefs = null;
}

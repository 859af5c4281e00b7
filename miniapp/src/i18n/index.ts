import i18next from 'i18next';
import { catalogs, LANGS, type Lang } from '@bay/shared';
import { uiCatalogs } from './ui';
import { shellCatalogs } from './shell';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/*
 * One i18next instance holding the shared catalogs (status.*, city.*, v.*, e.* ...) and the
 * mini-program's own strings under `ui.*`, so every label goes through the same lookup.
 */
const instance = i18next.createInstance();
void instance.init({
  resources: Object.fromEntries(LANGS.map((l) => [l, { translation: { ...catalogs[l], ui: { ...uiCatalogs[l], shell: shellCatalogs[l] } } }])),
  lng: 'zh-Hans',
  fallbackLng: ['zh-Hans', 'en'],
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

const cache = new Map<Lang, Translate>();

export function translatorFor(lang: Lang): Translate {
  let t = cache.get(lang);
  if (!t) {
    const fixed = instance.getFixedT(lang);
    t = (key, params) => String(fixed(key, params ?? {}));
    cache.set(lang, t);
  }
  return t;
}

export function hasKey(lang: Lang, key: string): boolean {
  return instance.exists(key, { lng: lang });
}

export { pickText, fallbackOf, FALLBACK_ORDER, type MaybeLocalised, type PickedText } from './content';

import { useSyncExternalStore } from 'react';
import { getPrefs, subscribePrefs, type Prefs } from '../store/prefs';
import { translatorFor, type Translate } from '../i18n';

export function usePrefs(): Prefs & { t: Translate } {
  const prefs = useSyncExternalStore(subscribePrefs, getPrefs, getPrefs);
  return { ...prefs, t: translatorFor(prefs.lang) };
}

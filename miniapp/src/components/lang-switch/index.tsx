import { Text, View } from '@tarojs/components';
import { LANGS, type Lang } from '@bay/shared';
import { usePrefs } from '../../hooks/use-prefs';
import { translatorFor } from '../../i18n';
import { meApi } from '../../services/api';
import { setLang } from '../../store/prefs';
import { getToken } from '../../store/session';
import './index.scss';

/** Saves the choice; the server is told too, so bot messages and errors follow the new language. */
export function chooseLang(lang: Lang): void {
  setLang(lang);
  if (getToken()) void meApi.setLang(lang).catch(() => undefined);
}

/**
 * Each language is named in itself (简体 / 繁體 / English), so anyone can find theirs. PageShell
 * puts one on every page; `onChange` replaces the default (chooseLang).
 */
export default function LangSwitch({ onChange = chooseLang, compact, withIds = true }: {
  onChange?: (lang: Lang) => void;
  compact?: boolean;
  /**
   * `lang-<lang>` / `lang-auto` element ids. H5 keeps earlier pages of the stack in the DOM, so
   * only the home carries ids; other pages are found by `[data-lang]` inside the current page.
   */
  withIds?: boolean;
}) {
  const { lang, langAuto, t } = usePrefs();
  return (
    <View className={`lang-switch${compact ? ' lang-switch--compact' : ''}`}>
      <View className='lang-switch__items' role='tablist' aria-label={t('ui.shell.lang.label')}>
        {LANGS.map((l) => (
          <View
            key={l}
            id={withIds ? `lang-${l}` : undefined}
            data-lang={l}
            role='tab'
            className={`lang-switch__item${l === lang ? ' lang-switch__item--active' : ''}`}
            onClick={() => onChange(l)}
            aria-selected={l === lang}
          >
            {translatorFor(l)('ui.langName')}
          </View>
        ))}
      </View>
      {langAuto ? (
        <Text className='lang-switch__auto' id={withIds ? 'lang-auto' : undefined}>
          {t('ui.shell.lang.auto')}
        </Text>
      ) : null}
    </View>
  );
}

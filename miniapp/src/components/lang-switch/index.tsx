import { View } from '@tarojs/components';
import { LANGS, type Lang } from '@bay/shared';
import { usePrefs } from '../../hooks/use-prefs';
import { translatorFor } from '../../i18n';
import './index.scss';

/** Each language is named in itself (简体 / 繁體 / English), so anyone can find theirs. */
export default function LangSwitch({ onChange }: { onChange: (lang: Lang) => void }) {
  const { lang } = usePrefs();
  return (
    <View className='lang-switch'>
      {LANGS.map((l) => (
        <View
          key={l}
          id={`lang-${l}`}
          className={`lang-switch__item${l === lang ? ' lang-switch__item--active' : ''}`}
          onClick={() => onChange(l)}
          aria-selected={l === lang}
        >
          {translatorFor(l)('ui.langName')}
        </View>
      ))}
    </View>
  );
}

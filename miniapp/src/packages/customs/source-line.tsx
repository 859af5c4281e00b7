import { Text, View } from '@tarojs/components';
import type { Confidence, LocalisedText } from '@bay/shared';
import { usePrefs } from '../../hooks/use-prefs';
import { pickText } from '../../i18n/content';

/** "Source: <body> · <url> · checked <asOf>", plus the unverified warning when the content is not fully verified. */
export default function SourceLine({ source, asOf, confidence, id }: { source: { name: LocalisedText; url: string }; asOf: string; confidence: Confidence; id?: string }) {
  const { t, lang } = usePrefs();
  return (
    <View id={id}>
      {confidence === 'unverified' ? <Text className='customs__warn'>{t('customs.unverified')}</Text> : null}
      <Text className='customs__source'>
        {t('customs.source')}: {pickText(source.name, lang).text} · {source.url} · {t('customs.asOf', { date: asOf })}
      </Text>
    </View>
  );
}

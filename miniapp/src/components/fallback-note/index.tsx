import { Text } from '@tarojs/components';
import type { Lang } from '@bay/shared';
import { usePrefs } from '../../hooks/use-prefs';
import { translatorFor } from '../../i18n';
import './index.scss';

/**
 * "Not available in this language; shown in 简体": put it beside content picked with
 * pickText() whose `fallbackFrom` is set. Renders nothing when `from` is undefined.
 */
export default function FallbackNote({ from, id }: { from?: Lang; id?: string }) {
  const { t } = usePrefs();
  if (!from) return null;
  return (
    <Text className='fallback-note' id={id} data-from={from}>
      {t('ui.shell.fallback.shownIn', { lang: translatorFor(from)('ui.langName') })}
    </Text>
  );
}

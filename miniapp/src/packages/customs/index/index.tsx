import { useCallback, useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { PortDto } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { pickText } from '../../../i18n/content';
import { customsApi, routesCustoms } from '../api';
import '../customs.scss';

/** Ports between the mainland and Hong Kong / Macao, and the way into the customs guide. */
export default function CustomsHome() {
  const { t, lang } = usePrefs();
  const [ports, setPorts] = useState<PortDto[]>([]);
  const [error, setError] = useState('');
  const [loaded, setLoaded] = useState(false);

  const load = useCallback(async () => {
    setError('');
    try {
      setPorts(await customsApi.ports());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoaded(true);
    }
  }, []);

  useEffect(() => { void load(); }, [load]);
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()); });

  const hours = (p: PortDto) => (p.hours.open24h ? t('customs.open24h') : p.hours.from && p.hours.to ? `${p.hours.from}–${p.hours.to}` : '');

  return (
    <PageShell titleKey='customs.title' className='customs'>
      <ActionButton id='customs-guide' onClick={() => void Taro.navigateTo({ url: routesCustoms.guide })}>
        {t('customs.guide')} · {t('customs.canIBring')}
      </ActionButton>
      {error ? <Notice kind='error' text={error} id='customs-error' /> : null}
      {!loaded ? <Text className='list-end'>{t('ui.common.loading')}</Text> : null}
      <Text className='customs__label'>{t('customs.ports')}</Text>
      <View className='port-list'>
        {ports.map((p) => (
          <View key={p.id} id={`port-${p.id}`} className='card' onClick={() => void Taro.navigateTo({ url: routesCustoms.port(p.id) })}>
            <Text className='customs__title'>{pickText(p.name, lang).text}</Text>
            <Text className='customs__meta'>{pickText(p.city, lang).text}</Text>
            <View>
              <Text className='tag'>{t(`customs.kind.${p.kind}`)}</Text>
              {hours(p) ? <Text className='tag tag--plain'>{hours(p)}</Text> : null}
              {p.confidence === 'unverified' ? <Text className='tag tag--accent'>{t('customs.checkNotice')}</Text> : null}
            </View>
          </View>
        ))}
      </View>
    </PageShell>
  );
}

import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ApplicationDto } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import StatusBadge from '../../../components/status-badge';
import Notice from '../../../components/notice';
import { usePrefs } from '../../../hooks/use-prefs';
import { applicationsApi } from '../../../services/api';
import { formatTime } from '../../../utils/format';
import { routes } from '../../../utils/routes';

export default function MyApplications() {
  const { t, lang } = usePrefs();
  const [items, setItems] = useState<ApplicationDto[] | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      setItems(await applicationsApi.list());
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  return (
    <PageShell titleKey='ui.apps.title' className='my-applications'>
      {error ? <Notice kind='error' text={error} /> : null}
      {items === null && !error ? <Notice text={t('ui.common.loading')} /> : null}
      {items && !items.length ? <Notice text={t('ui.apps.empty')} id='applications-empty' /> : null}
      {items?.map((a) => (
        <View
          key={a.id}
          id={`application-${a.id}`}
          className='card app-item'
          onClick={() => Taro.navigateTo({ url: routes.application(a.id) })}
        >
          <View className='app-item__text'>
            <Text className='app-item__title'>{a.title[lang]}</Text>
            <Text className='muted'>{formatTime(a.updatedAt)}</Text>
          </View>
          <StatusBadge status={a.status} />
        </View>
      ))}
    </PageShell>
  );
}

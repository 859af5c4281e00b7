import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { ScrollView, Text, View } from '@tarojs/components';
import { APPLICATION_STATUSES, type ApplicationDto, type ApplicationStatus } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import StatusBadge from '../../../components/status-badge';
import Notice from '../../../components/notice';
import { usePrefs } from '../../../hooks/use-prefs';
import { adminApi } from '../../../services/api';
import { formatTime } from '../../../utils/format';
import { routes } from '../../../utils/routes';
import { remember } from '../cache';
import ConsoleNav from '../nav';

export default function AdminList() {
  const { t, lang } = usePrefs();
  const [status, setStatus] = useState<ApplicationStatus | undefined>();
  const [items, setItems] = useState<ApplicationDto[] | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async (filter: ApplicationStatus | undefined) => {
    try {
      const list = await adminApi.list(filter);
      remember(list);
      setItems(list);
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    void load(status);
  }, [status, load]);
  useDidShow(() => {
    void load(status);
  });
  usePullDownRefresh(() => {
    void load(status).finally(() => Taro.stopPullDownRefresh());
  });

  const filters: (ApplicationStatus | undefined)[] = [undefined, ...APPLICATION_STATUSES];

  return (
    <PageShell titleKey='ui.admin.title' className='admin'>
      <ConsoleNav />
      <ScrollView scrollX className='city-bar' showScrollbar={false} enhanced>
        {filters.map((s) => (
          <View
            key={s ?? 'all'}
            id={`admin-filter-${s ?? 'all'}`}
            className={`chip${status === s ? ' chip--active' : ''}`}
            onClick={() => setStatus(s)}
          >
            {s ? t(`status.${s}`) : t('ui.admin.all')}
          </View>
        ))}
      </ScrollView>
      {error ? <Notice kind='error' text={error} id='admin-error' /> : null}
      {items && !items.length ? <Notice text={t('ui.admin.empty')} /> : null}
      {items?.map((a) => (
        <View
          key={a.id}
          id={`admin-application-${a.id}`}
          className='card app-item'
          onClick={() => Taro.navigateTo({ url: routes.adminApplication(a.id) })}
        >
          <View className='app-item__text'>
            <Text className='app-item__title'>{a.title[lang]}</Text>
            <Text className='muted'>
              {a.name} · {formatTime(a.updatedAt)}
            </Text>
          </View>
          <StatusBadge status={a.status} />
        </View>
      ))}
    </PageShell>
  );
}

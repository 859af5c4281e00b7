import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { NoticeDto } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import { usePrefs } from '../../../hooks/use-prefs';
import { useListLoader } from '../../../hooks/use-list-loader';
import { notifyApi } from '../../../services/api';
import { formatTime } from '../../../utils/format';
import { routes } from '../../../utils/routes';
import { rememberNotices } from '../cache';

export default function Notices() {
  const { t } = usePrefs();
  const { items, error } = useListLoader<NoticeDto>(async () => {
    const list = await notifyApi.notices(50);
    rememberNotices(list);
    return list;
  });

  return (
    <PageShell titleKey='ui.notices.title' className='notices'>
      {error ? <Notice kind='error' text={error} id='notices-error' /> : null}
      {items && !items.length ? <Notice text={t('ui.notices.empty')} /> : null}
      {items?.map((n) => (
        <View key={n.id} id={`notice-${n.id}`} className='card app-item' onClick={() => Taro.navigateTo({ url: routes.notice(n.id) })}>
          <View className='app-item__text'>
            <Text className='app-item__title'>{n.title}</Text>
            <Text className='muted'>{formatTime(n.publishedAt)}</Text>
          </View>
          <Text className='entry__arrow'>›</Text>
        </View>
      ))}
    </PageShell>
  );
}

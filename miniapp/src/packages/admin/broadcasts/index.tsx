import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { BroadcastDto } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { useListLoader } from '../../../hooks/use-list-loader';
import { broadcastsApi } from '../../../services/api';
import { formatTime } from '../../../utils/format';
import { routes } from '../../../utils/routes';
import BroadcastProgress from '../progress';
import { usePoll } from '../polling';
import '../console.scss';

export default function Broadcasts() {
  const { t, lang } = usePrefs();
  const { items, error, reload: load } = useListLoader<BroadcastDto>(() => broadcastsApi.list());
  useDidShow(() => {
    if (items) void load();
  });
  usePoll(Boolean(items?.some((b) => b.state === 'sending')), load);

  return (
    <PageShell titleKey='ui.broadcast.list' className='broadcasts'>
      <ActionButton id='broadcast-compose' onClick={() => void Taro.navigateTo({ url: routes.adminCompose })}>
        {t('ui.broadcast.compose')}
      </ActionButton>
      {error ? <Notice kind='error' text={error} id='broadcasts-error' /> : null}
      {items && !items.length ? <Notice text={t('ui.broadcast.empty')} /> : null}
      {items?.map((b) => (
        <View key={b.id} id={`broadcast-${b.id}`} className='card console-item' onClick={() => void Taro.navigateTo({ url: routes.adminBroadcast(b.id) })}>
          <View className='console-item__head'>
            <Text className='app-item__title'>{b.title[lang]}</Text>
            <Text className='tag' data-state={b.state}>
              {t(`ui.broadcast.state.${b.state}`)}
            </Text>
          </View>
          <Text className='muted'>{t('ui.broadcast.scheduledAt', { time: formatTime(b.scheduleAt) })}</Text>
          <BroadcastProgress broadcast={b} />
        </View>
      ))}
    </PageShell>
  );
}

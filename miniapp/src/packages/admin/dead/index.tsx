import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { AdminNotificationDto } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { useListLoader } from '../../../hooks/use-list-loader';
import { deadNotificationsApi } from '../../../services/api';
import { formatTime } from '../../../utils/format';
import '../console.scss';

export default function DeadNotifications() {
  const { t } = usePrefs();
  const { items, setItems, error, setError } = useListLoader<AdminNotificationDto>(() => deadNotificationsApi.list());
  const [busy, setBusy] = useState<string | null>(null);

  const retry = async (id: string) => {
    setBusy(id);
    setError('');
    try {
      await deadNotificationsApi.retry(id);
      setItems((list) => list?.filter((n) => n.id !== id) ?? null);
      void Taro.showToast({ title: t('ui.dead.retried'), icon: 'success' });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <PageShell titleKey='ui.dead.title' className='dead'>
      {error ? <Notice kind='error' text={error} id='dead-error' /> : null}
      {items && !items.length ? <Notice text={t('ui.dead.empty')} id='dead-empty' /> : null}
      {items?.map((n) => (
        <View key={n.id} id={`dead-${n.id}`} className='card console-item'>
          <View className='console-item__head'>
            <Text className='app-item__title'>
              {n.kind} · {n.channel}
            </Text>
            <Text className='tag tag--plain'>{t('ui.dead.attempts', { count: n.attempts })}</Text>
          </View>
          {n.lastError ? <Text className='muted'>{n.lastError}</Text> : null}
          <Text className='muted'>{formatTime(n.updatedAt)}</Text>
          <View className='console-actions'>
            <ActionButton id={`dead-retry-${n.id}`} small busy={busy === n.id} disabled={busy !== null} onClick={() => void retry(n.id)}>
              {t('ui.dead.retry')}
            </ActionButton>
          </View>
        </View>
      ))}
    </PageShell>
  );
}

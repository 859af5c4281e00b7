import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { BroadcastDto } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { broadcastsApi } from '../../../services/api';
import { formatTime } from '../../../utils/format';
import BroadcastProgress from '../progress';
import { usePoll } from '../polling';
import '../console.scss';

type Action = 'pause' | 'resume' | 'cancel';

/** What an admin may do in each state; the server refuses the rest with 409. */
const ACTIONS: Record<BroadcastDto['state'], Action[]> = {
  scheduled: ['cancel'],
  sending: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  cancelled: [],
  done: [],
};

export default function BroadcastDetail() {
  const { t, lang } = usePrefs();
  const { params } = useRouter();
  const id = params.id ?? '';
  const [broadcast, setBroadcast] = useState<BroadcastDto | null>(null);
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async () => {
    try {
      setBroadcast(await broadcastsApi.get(id));
    } catch (e) {
      setError((e as Error).message);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  usePoll(broadcast?.state === 'sending', load);

  const act = async (action: Action) => {
    if (action === 'cancel') {
      const { confirm } = await Taro.showModal({ title: t('ui.broadcast.cancel'), content: t('ui.broadcast.cancelConfirm') });
      if (!confirm) return;
    }
    setBusy(action);
    setError('');
    try {
      setBroadcast(await broadcastsApi[action](id));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <PageShell titleKey='ui.broadcast.list' className='broadcast'>
      {!broadcast && !error ? <Notice text={t('ui.common.loading')} /> : null}
      {broadcast ? (
        <View className='card console-item' id='broadcast-detail' data-state={broadcast.state}>
          <View className='console-item__head'>
            <Text className='h1'>{broadcast.title[lang]}</Text>
            <Text className='tag' id='broadcast-state'>
              {t(`ui.broadcast.state.${broadcast.state}`)}
            </Text>
          </View>
          <Text className='body-text'>{broadcast.body[lang]}</Text>
          <Text className='muted'>{t('ui.broadcast.scheduledAt', { time: formatTime(broadcast.scheduleAt) })}</Text>
          <BroadcastProgress broadcast={broadcast} id='broadcast-progress' />
          <View className='console-actions'>
            {ACTIONS[broadcast.state].map((a) => (
              <ActionButton
                key={a}
                id={`broadcast-${a}`}
                kind={a === 'cancel' ? 'danger' : 'primary'}
                small
                busy={busy === a}
                disabled={busy !== null}
                onClick={() => void act(a)}
              >
                {t(`ui.broadcast.${a}`)}
              </ActionButton>
            ))}
          </View>
        </View>
      ) : null}
      {error ? <Notice kind='error' text={error} id='broadcast-error' /> : null}
    </PageShell>
  );
}

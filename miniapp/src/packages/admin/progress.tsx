import { Text, View } from '@tarojs/components';
import type { BroadcastDto } from '@bay/shared';
import { usePrefs } from '../../hooks/use-prefs';
import './console.scss';

const share = (n: number, of: number) => `${of > 0 ? Math.min(100, (n / of) * 100) : 0}%`;

/** Delivery progress of one broadcast: a bar (sent / failed+dead / cancelled) and the counts. */
export default function BroadcastProgress({ broadcast, id }: { broadcast: BroadcastDto; id?: string }) {
  const { t } = usePrefs();
  const c = broadcast.counts;
  const done = c.sent + c.failed + c.dead + c.cancelled;
  return (
    <View id={id} className='broadcast-progress' data-state={broadcast.state} aria-valuenow={done} aria-valuemax={c.recipients} role='progressbar'>
      <View className='progress'>
        <View className='progress__sent' style={{ width: share(c.sent, c.recipients) }} />
        <View className='progress__failed' style={{ width: share(c.failed + c.dead, c.recipients) }} />
        <View className='progress__cancelled' style={{ width: share(c.cancelled, c.recipients) }} />
      </View>
      <Text className='muted'>{t('ui.broadcast.counts', { ...c })}</Text>
    </View>
  );
}

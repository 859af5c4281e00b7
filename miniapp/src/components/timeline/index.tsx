import { Text, View } from '@tarojs/components';
import type { TimelineEntryDto } from '@bay/shared';
import { usePrefs } from '../../hooks/use-prefs';
import { formatTime } from '../../utils/format';
import './index.scss';

/** Newest first; the newest entry is the prominent one. */
export default function Timeline({ entries }: { entries: TimelineEntryDto[] }) {
  const { t } = usePrefs();
  const newestFirst = [...entries].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <View className='timeline' id='timeline'>
      {newestFirst.map((entry, i) => (
        <View
          key={`${entry.status}-${entry.at}`}
          id={`timeline-${entry.status}`}
          className={`timeline__entry${i === 0 ? ' timeline__entry--current' : ''}`}
        >
          <View className={`timeline__dot timeline__dot--${entry.status}`} />
          <View className='timeline__body'>
            <Text className='timeline__status'>{t(`status.${entry.status}`)}</Text>
            <Text className='timeline__meta'>
              {formatTime(entry.at)} · {t(`ui.apps.by.${entry.by}`)}
            </Text>
            {entry.note ? <Text className='timeline__note'>{entry.note}</Text> : null}
          </View>
        </View>
      ))}
    </View>
  );
}

import { Text } from '@tarojs/components';
import type { ApplicationStatus } from '@bay/shared';
import { usePrefs } from '../../hooks/use-prefs';
import './index.scss';

export default function StatusBadge({ status, large }: { status: ApplicationStatus; large?: boolean }) {
  const { t } = usePrefs();
  return (
    <Text className={`badge badge--${status}${large ? ' badge--large' : ''}`} data-status={status}>
      {t(`status.${status}`)}
    </Text>
  );
}

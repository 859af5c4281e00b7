import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { nextStatuses, type ApplicationDto } from '@bay/shared';
import PageShell from '../../components/page-shell';
import StatusBadge from '../../components/status-badge';
import Timeline from '../../components/timeline';
import Notice from '../../components/notice';
import { usePrefs } from '../../hooks/use-prefs';
import { applicationsApi } from '../../services/api';
import { formatTime } from '../../utils/format';
import './detail.scss';
import ActionButton from '../../components/action-button';

/** The bot links here (shared APPLICATION_PAGE): keep this page in the main package at this path. */
export default function ApplicationDetail() {
  const { t, lang } = usePrefs();
  const { params } = useRouter();
  const id = params.id ?? '';
  const [app, setApp] = useState<ApplicationDto | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setApp(await applicationsApi.get(id));
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  }, [id]);

  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const withdraw = async () => {
    const { confirm } = await Taro.showModal({
      content: t('ui.apps.withdrawConfirm'),
      confirmText: t('ui.common.confirm'),
      cancelText: t('ui.common.cancel'),
    });
    if (!confirm) return;
    setBusy(true);
    try {
      setApp(await applicationsApi.withdraw(id));
      setError('');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const canWithdraw = app ? nextStatuses(app.status, 'resident').includes('withdrawn') : false;

  return (
    <PageShell titleKey='ui.apps.detail' className='application'>
      {error ? <Notice kind='error' text={error} id='application-error' /> : null}
      {!app && !error ? <Notice text={t('ui.common.loading')} /> : null}
      {app ? (
        <View>
          <View className='card application__head'>
            <Text className='h1'>{app.title[lang]}</Text>
            <Text className='muted'>{t('ui.apps.submittedAt', { time: formatTime(app.createdAt) })}</Text>
            <View className='application__current'>
              <Text className='muted'>{t('ui.apps.current')}</Text>
              <StatusBadge status={app.status} large />
            </View>
          </View>
          <View className='card'>
            <Text className='h2'>{t('ui.apps.timeline')}</Text>
            <Timeline entries={app.timeline} />
          </View>
          <View className='card application__facts'>
            <Text className='muted'>
              {t('ui.apps.applicant')}: {app.name} · {app.phone}
            </Text>
            <Text className='muted'>
              {t('ui.apps.document')}: {t(`docType.${app.docType}`)} {app.docNumber}
            </Text>
          </View>
          {canWithdraw ? (
            <ActionButton id='application-withdraw' kind='danger' busy={busy} onClick={withdraw}>
              {t('ui.apps.withdraw')}
            </ActionButton>
          ) : null}
        </View>
      ) : null}
    </PageShell>
  );
}

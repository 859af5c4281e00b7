import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { nextStatuses, type ApplicationDto, type ApplicationStatus } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import StatusBadge from '../../../components/status-badge';
import Timeline from '../../../components/timeline';
import Field from '../../../components/field';
import Notice from '../../../components/notice';
import { usePrefs } from '../../../hooks/use-prefs';
import { adminApi, applicationsApi } from '../../../services/api';
import { recall, remember } from '../cache';
import './index.scss';
import ActionButton from '../../../components/action-button';

export default function AdminDetail() {
  const { t, lang } = usePrefs();
  const { params } = useRouter();
  const id = params.id ?? '';
  const [app, setApp] = useState<ApplicationDto | null>(() => recall(id) ?? null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<ApplicationStatus | null>(null);
  const [error, setError] = useState('');

  // Show what the list had at once, then refresh; a failed refresh only matters with nothing to show.
  useEffect(() => {
    applicationsApi.get(id).then(
      (fresh) => {
        remember([fresh]);
        setApp(fresh);
      },
      (e: Error) => {
        if (!recall(id)) setError(e.message);
      },
    );
  }, [id]);

  const move = async (status: ApplicationStatus) => {
    setBusy(status);
    setError('');
    try {
      const updated = await adminApi.setStatus(id, status, note);
      remember([updated]);
      setApp(updated);
      setNote('');
      void Taro.showToast({ title: t('ui.admin.updated'), icon: 'success' });
    } catch (e) {
      // 409 (someone else moved it first, or an illegal move) arrives here with the server's message.
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const next = app ? nextStatuses(app.status, 'reviewer') : [];

  return (
    <PageShell titleKey='ui.admin.title' className='admin-detail'>
      {!app && !error ? <Notice text={t('ui.common.loading')} /> : null}
      {app ? (
        <View>
          <View className='card'>
            <Text className='h1'>{app.title[lang]}</Text>
            <Text className='muted'>
              {app.name} · {app.phone} · {t(`docType.${app.docType}`)} {app.docNumber}
            </Text>
            <View className='admin-detail__status'>
              <StatusBadge status={app.status} large />
            </View>
            {app.resume ? <Text className='body-text'>{app.resume}</Text> : null}
          </View>
          <View className='card'>
            {next.length ? (
              <View>
                <Field name='note' label={t('ui.admin.note')}>
                  <Input
                    id='admin-note'
                    className='input'
                    value={note}
                    maxlength={500}
                    placeholder={t('ui.admin.notePh')}
                    onInput={(e) => setNote(e.detail.value)}
                  />
                </Field>
                <View className='admin-detail__actions'>
                  {next.map((s) => (
                    <ActionButton
                      key={s}
                      id={`admin-status-${s}`}
                      kind={s === 'rejected' ? 'danger' : 'primary'}
                      busy={busy === s}
                      disabled={busy !== null}
                      onClick={() => void move(s)}
                    >
                      {t('ui.admin.moveTo', { status: t(`status.${s}`) })}
                    </ActionButton>
                  ))}
                </View>
              </View>
            ) : (
              <Text className='muted' id='admin-final'>{t('ui.admin.final')}</Text>
            )}
            {error ? <Notice kind='error' text={error} id='admin-error' /> : null}
          </View>
          <View className='card'>
            <Text className='h2'>{t('ui.apps.timeline')}</Text>
            <Timeline entries={app.timeline} />
          </View>
        </View>
      ) : null}
      {!app && error ? <Notice kind='error' text={error} id='admin-error' /> : null}
    </PageShell>
  );
}

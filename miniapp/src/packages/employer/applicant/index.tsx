import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { REVEALABLE_FIELDS, nextStatuses, type ApplicationDto, type ApplicationStatus, type RevealDto } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import StatusBadge from '../../../components/status-badge';
import Timeline from '../../../components/timeline';
import Field from '../../../components/field';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { pickText } from '../../../i18n/content';
import { employerApi } from '../api';
import { fieldErrors, isNotFound, useLatest } from '../use-latest';
import '../employer.scss';

/**
 * One applicant to my organisation's job: masked identity (full numbers only with a reason, which
 * is audited), the timeline, and the moves the status machine allows the reviewing side.
 */
export default function EmployerApplicant() {
  const { t, lang } = usePrefs();
  const id = useRouter().params.id ?? '';
  const latest = useLatest();
  const [app, setApp] = useState<ApplicationDto | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<ApplicationStatus | 'reveal' | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState('');
  const [revealed, setRevealed] = useState<RevealDto | null>(null);

  useEffect(() => {
    void latest(employerApi.application(id), setApp, (e) => (isNotFound(e) ? setNotFound(true) : setError(e.message)));
  }, [id, latest]);

  const move = async (status: ApplicationStatus) => {
    setBusy(status);
    setError('');
    try {
      setApp(await employerApi.setStatus(id, status, note));
      setNote('');
      void Taro.showToast({ title: t('ui.admin.updated'), icon: 'success' });
    } catch (e) {
      // 409 illegalTransition (someone else moved it first) arrives localised.
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const reveal = async () => {
    setBusy('reveal');
    setReasonError('');
    try {
      setRevealed(await employerApi.reveal(id, reason, [...REVEALABLE_FIELDS]));
    } catch (e) {
      setReasonError(fieldErrors(e).reason ?? (e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  if (notFound) {
    return (
      <PageShell titleKey='employer.applicants' className='employer employer-applicant'>
        <Notice kind='error' text={t('employer.notFound')} id='eapp-not-found' />
      </PageShell>
    );
  }

  const next = app ? nextStatuses(app.status, 'reviewer') : [];

  return (
    <PageShell titleKey='employer.applicants' className='employer employer-applicant'>
      {!app && !error ? <Notice text={t('ui.common.loading')} /> : null}
      {!app && error ? <Notice kind='error' text={error} id='eapp-error' /> : null}
      {app ? (
        <View id='eapp-view'>
          <View className='card'>
            <Text className='h1' id='eapp-name'>{app.name}</Text>
            <Text className='muted'>{pickText(app.title, lang).text}</Text>
            <Text className='muted' id='eapp-identity'>
              {app.phone} · {t(`docType.${app.docType}`)} {app.docNumber}
            </Text>
            <View className='employer__tags'>
              <StatusBadge status={app.status} large />
            </View>
            {app.resume ? <Text className='body-text'>{app.resume}</Text> : null}
          </View>

          <View className='card' id='eapp-move'>
            {next.length ? (
              <View>
                <Field name='eapp-note' label={t('ui.admin.note')}>
                  <Input id='eapp-note' className='input' value={note} maxlength={500} placeholder={t('ui.admin.notePh')} onInput={(e) => setNote(e.detail.value)} />
                </Field>
                <View className='employer__actions'>
                  {next.map((s) => (
                    <ActionButton key={s} id={`eapp-status-${s}`} kind={s === 'rejected' ? 'danger' : 'primary'} busy={busy === s} disabled={busy !== null} onClick={() => void move(s)}>
                      {t('ui.admin.moveTo', { status: t(`status.${s}`) })}
                    </ActionButton>
                  ))}
                </View>
              </View>
            ) : (
              <Text className='muted' id='eapp-final'>{t('ui.admin.final')}</Text>
            )}
            {error ? <Notice kind='error' text={error} id='eapp-error' /> : null}
          </View>

          <View className='card' id='eapp-reveal'>
            {revealed ? (
              <View id='eapp-revealed'>
                <Text className='h2'>{t('employer.revealed')}</Text>
                {revealed.phone ? <Text className='body-text' userSelect>{revealed.phone}</Text> : null}
                {revealed.docNumber ? <Text className='body-text' userSelect>{revealed.docNumber}</Text> : null}
              </View>
            ) : (
              <View>
                <Field name='eapp-reason' label={t('employer.revealReason')} error={reasonError || undefined}>
                  <Input id='eapp-reason' className={`input${reasonError ? ' input--invalid' : ''}`} value={reason} maxlength={200} onInput={(e) => setReason(e.detail.value)} />
                </Field>
                <ActionButton id='eapp-reveal-go' kind='ghost' busy={busy === 'reveal'} disabled={busy !== null} onClick={() => void reveal()}>
                  {t('employer.reveal')}
                </ActionButton>
              </View>
            )}
          </View>

          <View className='card'>
            <Text className='h2'>{t('ui.apps.timeline')}</Text>
            <Timeline entries={app.timeline} />
          </View>
        </View>
      ) : null}
    </PageShell>
  );
}

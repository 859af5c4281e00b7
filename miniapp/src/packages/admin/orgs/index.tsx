import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Input, ScrollView, Text, View } from '@tarojs/components';
import { EMPLOYER_API, ORG_REVIEW_MOVES, ORG_STATUSES, type OrgDecision, type OrgDto, type OrgStatus, type Page } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Field from '../../../components/field';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { pickText } from '../../../i18n/content';
import { ApiError, request } from '../../../services/request';
import { formatTime } from '../../../utils/format';
import ConsoleNav from '../nav';
import '../console.scss';

const orgsApi = {
  list: (status: OrgStatus) => request<Page<OrgDto>>(EMPLOYER_API.adminOrgs, { query: { status, limit: 50 } }),
  review: (id: string, decision: OrgDecision, note: string) =>
    request<OrgDto>(EMPLOYER_API.adminOrgReview(id), { method: 'POST', body: note.trim() ? { decision, note: note.trim() } : { decision } }),
};

const DECISION_LABEL: Record<OrgDecision, string> = { verified: 'employer.verify', rejected: 'employer.reject', suspended: 'employer.suspend' };

function OrgCard({ org, onReviewed }: { org: OrgDto; onReviewed: (org: OrgDto) => void }) {
  const { t, lang } = usePrefs();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState<OrgDecision | null>(null);

  const review = async (decision: OrgDecision) => {
    setError('');
    // A note is shown to the organisation and required to reject or suspend (the server checks too).
    if (decision !== 'verified' && !note.trim()) {
      setNoteError(t('v.orgNoteRequired'));
      return;
    }
    setNoteError('');
    setBusy(decision);
    try {
      onReviewed(await orgsApi.review(org.id, decision, note));
      void Taro.showToast({ title: t('employer.reviewed'), icon: 'success' });
    } catch (e) {
      if (e instanceof ApiError && e.fields.note) setNoteError(e.fields.note);
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const moves = ORG_REVIEW_MOVES[org.status].filter((s): s is OrgDecision => s !== 'pending');
  return (
    <View className='card console-item' id={`admin-org-${org.id}`}>
      <View className='console-item__head'>
        <Text className='app-item__title'>{pickText(org.name, lang).text}</Text>
        <Text className='tag' data-status={org.status}>{t(`employer.status.${org.status}`)}</Text>
      </View>
      <Text className='muted'>
        {t(`employer.regKind.${org.reg.kind}`)} · {org.reg.number}
      </Text>
      <Text className='muted'>{t('employer.createdAt', { time: formatTime(org.createdAt) })}</Text>
      {org.review?.note ? <Text className='muted'>{t('employer.reviewNote')}: {org.review.note}</Text> : null}
      <Field name={`admin-org-${org.id}-note`} label={t('employer.reviewNote')} error={noteError || undefined}>
        <Input
          id={`admin-org-${org.id}-note-input`}
          className={`input${noteError ? ' input--invalid' : ''}`}
          value={note}
          maxlength={300}
          placeholder={t('employer.reviewNotePh')}
          onInput={(e) => {
            setNote(e.detail.value);
            setNoteError('');
          }}
        />
      </Field>
      <View className='console-actions'>
        {moves.map((d) => (
          <ActionButton key={d} id={`admin-org-${org.id}-${d}`} kind={d === 'verified' ? 'primary' : 'danger'} small busy={busy === d} disabled={busy !== null} onClick={() => void review(d)}>
            {t(DECISION_LABEL[d])}
          </ActionButton>
        ))}
      </View>
      {error ? <Notice kind='error' text={error} id={`admin-org-${org.id}-error`} /> : null}
    </View>
  );
}

/** Organisations to verify (pending by default), and verified ones to suspend or rejected ones to verify after all. */
export default function AdminOrgs() {
  const { t } = usePrefs();
  const [status, setStatus] = useState<OrgStatus>('pending');
  const [items, setItems] = useState<OrgDto[] | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async (filter: OrgStatus, isCurrent: () => boolean = () => true) => {
    try {
      const page = await orgsApi.list(filter);
      if (!isCurrent()) return;
      setItems(page.items);
      setError('');
    } catch (e) {
      if (isCurrent()) setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    // A slower answer for the previous filter must not replace the current one.
    let current = true;
    setItems(null);
    void load(status, () => current);
    return () => {
      current = false;
    };
  }, [status, load]);
  useDidShow(() => {
    if (items) void load(status);
  });
  usePullDownRefresh(() => {
    void load(status).finally(() => Taro.stopPullDownRefresh());
  });

  // A reviewed organisation leaves this filter's list.
  const reviewed = (org: OrgDto) =>
    setItems((list) => (list ?? []).flatMap((o) => (o.id !== org.id ? [o] : org.status === status ? [org] : [])));

  return (
    <PageShell titleKey='employer.adminOrgs' className='admin admin-orgs'>
      <ConsoleNav />
      <ScrollView scrollX className='city-bar' showScrollbar={false} enhanced>
        {ORG_STATUSES.map((s) => (
          <View key={s} id={`admin-orgs-filter-${s}`} className={`chip${status === s ? ' chip--active' : ''}`} onClick={() => setStatus(s)}>
            {t(`employer.status.${s}`)}
          </View>
        ))}
      </ScrollView>
      {error ? <Notice kind='error' text={error} id='admin-orgs-error' /> : null}
      {!items && !error ? <Notice text={t('ui.common.loading')} /> : null}
      {items && !items.length ? <Notice text={t('employer.noOrgs')} id='admin-orgs-empty' /> : null}
      {items?.map((o) => <OrgCard key={o.id} org={o} onReviewed={reviewed} />)}
    </PageShell>
  );
}

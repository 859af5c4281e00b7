import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { ScrollView, Text, View } from '@tarojs/components';
import { APPLICATION_STATUSES, EMPLOYER_PAGES, type ApplicationDto, type ApplicationStatus, type EmployerJobDto } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import StatusBadge from '../../../components/status-badge';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { pickText } from '../../../i18n/content';
import { formatTime } from '../../../utils/format';
import { employerApi, pageUrl } from '../api';
import { isNotFound, useLatest } from '../use-latest';
import '../employer.scss';

/** The applicants of one of my organisation's jobs (masked phone and document number), filtered by status. */
export default function EmployerApplicants() {
  const { t, lang } = usePrefs();
  const jobId = useRouter().params.jobId ?? '';
  const latestList = useLatest();
  const latestJob = useLatest();
  const [job, setJob] = useState<EmployerJobDto | null>(null);
  const [status, setStatus] = useState<ApplicationStatus | undefined>();
  const [items, setItems] = useState<ApplicationDto[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [notFound, setNotFound] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    void latestJob(employerApi.job(jobId), setJob, (e) => (isNotFound(e) ? setNotFound(true) : undefined));
  }, [jobId, latestJob]);

  // A new filter starts a new list; an answer for an earlier filter is dropped (useLatest).
  const load = useCallback(
    (filter: ApplicationStatus | undefined) =>
      latestList(
        employerApi.applicants(jobId, { status: filter }),
        (page) => {
          setItems(page.items);
          setCursor(page.nextCursor);
          setError('');
        },
        (e) => (isNotFound(e) ? setNotFound(true) : setError(e.message)),
      ),
    [jobId, latestList],
  );
  useEffect(() => {
    setItems(null);
    void load(status);
  }, [status, load]);
  // Back from an applicant whose status changed.
  useDidShow(() => {
    if (items) void load(status);
  });
  usePullDownRefresh(() => {
    void load(status).finally(() => Taro.stopPullDownRefresh());
  });

  const more = () => {
    if (!cursor) return;
    setLoadingMore(true);
    void latestList(
      employerApi.applicants(jobId, { status, cursor }),
      (page) => {
        setItems((prev) => [...(prev ?? []), ...page.items]);
        setCursor(page.nextCursor);
      },
      (e) => setError(e.message),
    ).finally(() => setLoadingMore(false));
  };

  if (notFound) {
    return (
      <PageShell titleKey='employer.applicants' className='employer employer-applicants'>
        <Notice kind='error' text={t('employer.notFound')} id='eapps-not-found' />
      </PageShell>
    );
  }

  const filters: (ApplicationStatus | undefined)[] = [undefined, ...APPLICATION_STATUSES];

  return (
    <PageShell titleKey='employer.applicants' className='employer employer-applicants'>
      {job ? <Text className='h1' id='eapps-job'>{pickText(job.title, lang).text}</Text> : null}
      <ScrollView scrollX className='city-bar' showScrollbar={false} enhanced>
        {filters.map((s) => (
          <View key={s ?? 'all'} id={`eapps-filter-${s ?? 'all'}`} className={`chip${status === s ? ' chip--active' : ''}`} onClick={() => setStatus(s)}>
            {s ? t(`status.${s}`) : t('ui.admin.all')}
          </View>
        ))}
      </ScrollView>
      {error ? <Notice kind='error' text={error} id='eapps-error' /> : null}
      {!items && !error ? <Notice text={t('ui.common.loading')} /> : null}
      {items && !items.length ? <Notice text={t('employer.noApplicants')} id='eapps-empty' /> : null}
      {items?.map((a) => (
        <View key={a.id} id={`eapp-${a.id}`} className='card app-item' onClick={() => void Taro.navigateTo({ url: pageUrl(EMPLOYER_PAGES.applicant(a.id)) })}>
          <View className='app-item__text'>
            <Text className='app-item__title'>{a.name}</Text>
            <Text className='muted'>
              {a.phone} · {t(`docType.${a.docType}`)} {a.docNumber}
            </Text>
            <Text className='muted'>{formatTime(a.updatedAt)}</Text>
          </View>
          <StatusBadge status={a.status} />
        </View>
      ))}
      {cursor ? (
        <ActionButton id='eapps-more' kind='ghost' busy={loadingMore} onClick={more}>
          {t('ui.jobs.loadMore')}
        </ActionButton>
      ) : null}
    </PageShell>
  );
}

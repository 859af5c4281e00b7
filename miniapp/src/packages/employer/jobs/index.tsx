import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { EMPLOYER_PAGES, type EmployerJobDto } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { pickText } from '../../../i18n/content';
import { formatSalary, formatTime } from '../../../utils/format';
import { employerApi, pageUrl } from '../api';
import { useLatest } from '../use-latest';
import '../employer.scss';

/** My organisation's jobs in every state, newest first: state, whether residents can see it, applicants. */
export default function EmployerJobs() {
  const { t, lang } = usePrefs();
  const latest = useLatest();
  const [items, setItems] = useState<EmployerJobDto[] | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(
    () =>
      latest(
        employerApi.jobs(),
        (list) => {
          setItems(list);
          setError('');
        },
        (e) => setError(e.message),
      ),
    [latest],
  );
  // Back from the job form: a new or edited job.
  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  const go = (path: string) => void Taro.navigateTo({ url: pageUrl(path) });

  return (
    <PageShell titleKey='employer.myJobs' className='employer employer-jobs'>
      <ActionButton id='ejobs-new' onClick={() => go(EMPLOYER_PAGES.job())}>
        {t('employer.newJob')}
      </ActionButton>
      {error ? <Notice kind='error' text={error} id='ejobs-error' /> : null}
      {!items && !error ? <Notice text={t('ui.common.loading')} /> : null}
      {items && !items.length ? <Notice text={t('employer.noJobs')} id='ejobs-empty' /> : null}
      {items?.map((job) => (
        <View key={job.id} id={`ejob-${job.id}`} className='card console-item' data-state={job.state} onClick={() => go(EMPLOYER_PAGES.job(job.id))}>
          <View className='employer__head'>
            <Text className='app-item__title'>{pickText(job.title, lang).text}</Text>
            <Text className='tag' id={`ejob-${job.id}-state`} data-state={job.state}>
              {t(`employer.jobState.${job.state}`)}
            </Text>
          </View>
          <Text className='muted'>
            {t(`city.${job.city}`)} · {formatSalary(job)}
            {t(job.salaryPeriod === 'hour' ? 'ui.jobs.perHour' : 'ui.jobs.perMonth')} · {formatTime(job.postedAt)}
          </Text>
          <View className='employer__tags'>
            <Text className={`tag${job.live ? ' tag--accent' : ' tag--plain'}`} id={`ejob-${job.id}-live`} data-live={job.live}>
              {t(job.live ? 'employer.live' : 'employer.notLive')}
            </Text>
            <Text
              className='tag tag--plain'
              id={`ejob-${job.id}-applicants`}
              onClick={(e?: { stopPropagation?: () => void }) => {
                e?.stopPropagation?.();
                go(EMPLOYER_PAGES.applicants(job.id));
              }}
            >
              {t('employer.applicantsCount', { count: job.applicants })} ›
            </Text>
          </View>
        </View>
      ))}
    </PageShell>
  );
}

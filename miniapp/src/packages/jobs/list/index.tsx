import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { ScrollView, Text, View } from '@tarojs/components';
import { CITIES, type City, type JobDto } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import { usePrefs } from '../../../hooks/use-prefs';
import { jobsApi } from '../../../services/api';
import { formatSalary } from '../../../utils/format';
import { routes } from '../../../utils/routes';
import './index.scss';
import ActionButton from '../../../components/action-button';

const PAGE_SIZE = 20;

export default function JobList() {
  const { t, lang } = usePrefs();
  const [city, setCity] = useState<City | undefined>();
  const [jobs, setJobs] = useState<JobDto[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState('');
  // Drops answers to superseded requests (a fast city switch).
  const generation = useRef(0);

  const load = useCallback(async (reset: boolean, forCity: City | undefined, from: string | null) => {
    const gen = reset ? ++generation.current : generation.current;
    setLoading(true);
    setError('');
    try {
      const page = await jobsApi.list({ city: forCity, cursor: reset ? null : from, limit: PAGE_SIZE });
      if (gen !== generation.current) return;
      setJobs((prev) => (reset ? page.items : [...prev, ...page.items]));
      setCursor(page.nextCursor);
      setLoaded(true);
    } catch (e) {
      if (gen === generation.current) setError((e as Error).message);
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(true, city, null);
  }, [city, load]);

  // Back from sign-in (a 401 sent the resident there): try again.
  useDidShow(() => {
    if (error) void load(true, city, null);
  });

  usePullDownRefresh(() => {
    void load(true, city, null).finally(() => Taro.stopPullDownRefresh());
  });

  const loadMore = () => {
    if (cursor && !loading) void load(false, city, cursor);
  };
  useReachBottom(loadMore);

  const chips: (City | undefined)[] = [undefined, ...CITIES];

  return (
    <PageShell titleKey='ui.jobs.title' className='jobs'>
      <ScrollView scrollX className='city-bar' enhanced showScrollbar={false}>
        {chips.map((c) => (
          <View
            key={c ?? 'all'}
            id={`city-${c ?? 'all'}`}
            className={`chip${city === c ? ' chip--active' : ''}`}
            onClick={() => setCity(c)}
          >
            {c ? t(`city.${c}`) : t('ui.jobs.allCities')}
          </View>
        ))}
      </ScrollView>

      {error ? <Notice kind='error' text={error} id='jobs-error' /> : null}
      {loaded && !jobs.length && !error ? <Notice text={t('ui.jobs.empty')} /> : null}

      <View className='job-list'>
        {jobs.map((job) => (
          <View key={job.id} id={`job-${job.id}`} className='card job' onClick={() => Taro.navigateTo({ url: routes.job(job.id) })}>
            <Text className='job__title'>{job.title[lang]}</Text>
            <Text className='job__employer'>{job.employer[lang]}</Text>
            <View className='job__meta'>
              <Text className='tag'>{t(`city.${job.city}`)}</Text>
              <Text className='tag tag--plain'>{t(`industry.${job.industry}`)}</Text>
              {job.openToHkMo ? <Text className='tag tag--accent'>{t('ui.jobs.openToHkMo')}</Text> : null}
            </View>
            <Text className='job__salary'>
              {formatSalary(job)}
              {t(job.salaryPeriod === 'hour' ? 'ui.jobs.perHour' : 'ui.jobs.perMonth')}
            </Text>
          </View>
        ))}
      </View>

      {cursor ? (
        <ActionButton id='jobs-more' kind='ghost' onClick={loadMore}>
          {loading ? t('ui.common.loading') : t('ui.jobs.loadMore')}
        </ActionButton>
      ) : loaded && jobs.length ? (
        <Text className='list-end'>{t('ui.jobs.noMore')}</Text>
      ) : loading ? (
        <Text className='list-end'>{t('ui.common.loading')}</Text>
      ) : null}
    </PageShell>
  );
}

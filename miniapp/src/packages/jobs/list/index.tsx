import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Input, ScrollView, Text, View } from '@tarojs/components';
import { CITIES, INDUSTRIES, JOB_LANGUAGES, JOB_SORTS, type City, type Industry, type JobLanguage, type JobSort, type JobSummaryDto } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import { usePrefs } from '../../../hooks/use-prefs';
import { jobSearchApi } from '../../../services/api';
import { getToken } from '../../../store/session';
import { formatSalary } from '../../../utils/format';
import { routes } from '../../../utils/routes';
import './index.scss';
import ActionButton from '../../../components/action-button';

const PAGE_SIZE = 20;

/** What the list shows: the search box, the city bar, the filter sheet and the sort. */
interface Search {
  q?: string;
  city?: City;
  industry?: Industry;
  language?: JobLanguage;
  openToHkMo?: boolean;
  salaryMin?: number;
  salaryMax?: number;
  sort?: JobSort;
}

/** Query parameters in a fixed order, without empty ones. */
function queryOf(s: Search, cursor: string | null) {
  return {
    q: s.q || undefined, city: s.city, industry: s.industry, salaryMin: s.salaryMin, salaryMax: s.salaryMax,
    language: s.language, openToHkMo: s.openToHkMo ? 'true' : undefined, sort: s.sort, cursor: cursor ?? undefined,
  };
}

const toNumber = (text: string): number | undefined => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined);

export default function JobList() {
  const { t, lang } = usePrefs();
  const [search, setSearch] = useState<Search>({});
  const [draftQ, setDraftQ] = useState('');
  const [draftSalary, setDraftSalary] = useState({ min: '', max: '' });
  const [sheetOpen, setSheetOpen] = useState(false);
  const [tab, setTab] = useState<'all' | 'saved'>('all');
  const [jobs, setJobs] = useState<JobSummaryDto[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [saved, setSaved] = useState<JobSummaryDto[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState('');
  // Drops answers to superseded requests (a fast filter switch).
  const generation = useRef(0);

  const load = useCallback(async (reset: boolean, forSearch: Search, from: string | null) => {
    const gen = reset ? ++generation.current : generation.current;
    setLoading(true);
    setError('');
    try {
      const page = await jobSearchApi.search({ ...queryOf(forSearch, reset ? null : from), limit: PAGE_SIZE });
      if (gen !== generation.current) return;
      setJobs((prev) => (reset ? page.items : [...prev, ...page.items]));
      setCursor(page.nextCursor);
      setTotal(typeof page.total === 'number' ? page.total : null);
      setLoaded(true);
    } catch (e) {
      if (gen === generation.current) setError((e as Error).message);
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, []);

  const loadSaved = useCallback(async () => {
    setError('');
    try {
      setSaved((await jobSearchApi.saved()).items.map((s) => s.job));
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    void load(true, search, null);
  }, [search, load]);

  // Back from sign-in (a 401 sent the resident there) or from a job page: refresh what is shown.
  useDidShow(() => {
    if (tab === 'saved') void loadSaved();
    else if (error) void load(true, search, null);
  });

  usePullDownRefresh(() => {
    const done = tab === 'saved' ? loadSaved() : load(true, search, null);
    void done.finally(() => Taro.stopPullDownRefresh());
  });

  const loadMore = () => {
    if (tab === 'all' && cursor && !loading) void load(false, search, cursor);
  };
  useReachBottom(loadMore);

  const update = (patch: Partial<Search>) => setSearch((prev) => ({ ...prev, ...patch }));
  const submitQuery = () => update({ q: draftQ.trim() || undefined });
  const applySheet = () => {
    update({ salaryMin: toNumber(draftSalary.min), salaryMax: toNumber(draftSalary.max) });
    setSheetOpen(false);
  };
  const clearSheet = () => {
    setDraftSalary({ min: '', max: '' });
    update({ industry: undefined, language: undefined, openToHkMo: undefined, salaryMin: undefined, salaryMax: undefined });
  };

  const alertMe = async () => {
    if (!getToken()) {
      void Taro.navigateTo({ url: '/pages/login/index' });
      return;
    }
    try {
      const { q, city, industry, language, openToHkMo, salaryMin, salaryMax } = search;
      await jobSearchApi.createAlert({ q, city, industry, language, salaryMin, salaryMax, ...(openToHkMo ? { openToHkMo } : {}) });
      void Taro.showToast({ title: t('ui.jobs.alertSaved'), icon: 'success' });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const openTab = (next: 'all' | 'saved') => {
    setTab(next);
    if (next === 'saved') void loadSaved();
  };

  const chips: (City | undefined)[] = [undefined, ...CITIES];
  const activeSort: JobSort = search.sort ?? (search.q ? 'relevance' : 'newest');
  const shown = tab === 'saved' ? saved : jobs;

  const card = (job: JobSummaryDto, prefix: string) => (
    <View key={job.id} id={`${prefix}-${job.id}`} className='card job' onClick={() => Taro.navigateTo({ url: routes.job(job.id) })}>
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
  );

  return (
    <PageShell titleKey='ui.jobs.title' className='jobs'>
      <View className='jobs__tabs'>
        {(['all', 'saved'] as const).map((k) => (
          <View key={k} id={`tab-${k}`} className={`chip${tab === k ? ' chip--active' : ''}`} onClick={() => openTab(k)}>
            {t(k === 'all' ? 'ui.jobs.tabAll' : 'ui.jobs.tabSaved')}
          </View>
        ))}
      </View>

      {tab === 'all' ? (
        <View>
          <View className='jobs__search'>
            <Input
              id='jobs-search'
              className='jobs__search-input'
              type='text'
              confirmType='search'
              value={draftQ}
              placeholder={t('ui.jobs.searchPh')}
              onInput={(e) => setDraftQ(e.detail.value)}
              onConfirm={submitQuery}
            />
            <ActionButton id='jobs-search-go' small onClick={submitQuery}>
              {t('ui.jobs.search')}
            </ActionButton>
          </View>

          <ScrollView scrollX className='city-bar' enhanced showScrollbar={false}>
            {chips.map((c) => (
              <View key={c ?? 'all'} id={`city-${c ?? 'all'}`} className={`chip${search.city === c ? ' chip--active' : ''}`} onClick={() => update({ city: c })}>
                {c ? t(`city.${c}`) : t('ui.jobs.allCities')}
              </View>
            ))}
          </ScrollView>

          <View className='jobs__tools'>
            {JOB_SORTS.map((s) => (
              <View key={s} id={`sort-${s}`} className={`chip chip--small${activeSort === s ? ' chip--active' : ''}`} onClick={() => update({ sort: s })}>
                {t(`ui.jobs.sort.${s}`)}
              </View>
            ))}
            <View id='jobs-filters' className={`chip chip--small${sheetOpen ? ' chip--active' : ''}`} onClick={() => setSheetOpen(!sheetOpen)}>
              {t('ui.jobs.filters')}
            </View>
          </View>

          {sheetOpen ? (
            <View className='card jobs__sheet' id='jobs-sheet'>
              <Text className='h2'>{t('ui.jobs.industry')}</Text>
              <View className='jobs__chips'>
                {[undefined, ...INDUSTRIES].map((i) => (
                  <View key={i ?? 'any'} id={`industry-${i ?? 'any'}`} className={`chip chip--small${search.industry === i ? ' chip--active' : ''}`} onClick={() => update({ industry: i })}>
                    {i ? t(`industry.${i}`) : t('ui.jobs.any')}
                  </View>
                ))}
              </View>
              <Text className='h2'>{t('ui.jobs.language')}</Text>
              <View className='jobs__chips'>
                {[undefined, ...JOB_LANGUAGES].map((l) => (
                  <View key={l ?? 'any'} id={`language-${l ?? 'any'}`} className={`chip chip--small${search.language === l ? ' chip--active' : ''}`} onClick={() => update({ language: l })}>
                    {l ? t(`ui.jobs.jobLanguage.${l}`) : t('ui.jobs.any')}
                  </View>
                ))}
              </View>
              <View id='filter-hkmo' className={`chip chip--small${search.openToHkMo ? ' chip--active' : ''}`} onClick={() => update({ openToHkMo: !search.openToHkMo || undefined })}>
                {t('ui.jobs.hkMoOnly')}
              </View>
              <View className='jobs__salary'>
                <Input id='jobs-salary-min' type='number' className='jobs__salary-input' value={draftSalary.min} placeholder={t('ui.jobs.salaryMin')} onInput={(e) => setDraftSalary((d) => ({ ...d, min: e.detail.value }))} />
                <Text> – </Text>
                <Input id='jobs-salary-max' type='number' className='jobs__salary-input' value={draftSalary.max} placeholder={t('ui.jobs.salaryMax')} onInput={(e) => setDraftSalary((d) => ({ ...d, max: e.detail.value }))} />
              </View>
              <Text className='muted'>{t('ui.jobs.salaryHint')}</Text>
              <View className='jobs__sheet-actions'>
                <ActionButton id='jobs-clear-filters' kind='ghost' small onClick={clearSheet}>{t('ui.jobs.clearFilters')}</ActionButton>
                <ActionButton id='jobs-apply-filters' small onClick={applySheet}>{t('ui.jobs.applyFilters')}</ActionButton>
              </View>
            </View>
          ) : null}

          <View className='jobs__summary'>
            {loaded && total !== null ? <Text className='muted' id='jobs-total'>{t('ui.jobs.total', { count: total })}</Text> : null}
            <ActionButton id='jobs-alert' kind='ghost' small onClick={() => void alertMe()}>{t('ui.jobs.alertMe')}</ActionButton>
          </View>
        </View>
      ) : null}

      {error ? <Notice kind='error' text={error} id='jobs-error' /> : null}
      {tab === 'all' && loaded && !jobs.length && !error ? <Notice text={t('ui.jobs.empty')} /> : null}
      {tab === 'saved' && !saved.length && !error ? <Notice text={t('ui.jobs.savedEmpty')} /> : null}

      <View className='job-list'>{shown.map((job) => card(job, tab === 'saved' ? 'saved' : 'job'))}</View>

      {tab === 'all' ? (
        cursor ? (
          <ActionButton id='jobs-more' kind='ghost' onClick={loadMore}>
            {loading ? t('ui.common.loading') : t('ui.jobs.loadMore')}
          </ActionButton>
        ) : loaded && jobs.length ? (
          <Text className='list-end'>{t('ui.jobs.noMore')}</Text>
        ) : loading ? (
          <Text className='list-end'>{t('ui.common.loading')}</Text>
        ) : null
      ) : null}
    </PageShell>
  );
}

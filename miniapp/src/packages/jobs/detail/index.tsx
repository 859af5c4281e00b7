import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { JOB_LANGUAGES, JOB_LANGUAGE_WORDS, type JobDto } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import { usePrefs } from '../../../hooks/use-prefs';
import { jobSearchApi, jobsApi } from '../../../services/api';
import { getToken } from '../../../store/session';
import { formatSalary } from '../../../utils/format';
import { routes } from '../../../utils/routes';
import './index.scss';
import ActionButton from '../../../components/action-button';

/** Jobs store language requirements as Chinese words (普通话…); show the known ones in the reader's language. */
function languageLabel(word: string, t: (key: string) => string): string {
  const key = JOB_LANGUAGES.find((l) => JOB_LANGUAGE_WORDS[l] === word);
  return key ? t(`ui.jobs.jobLanguage.${key}`) : word;
}

export default function JobDetail() {
  const { t, lang } = usePrefs();
  const { params } = useRouter();
  const id = params.id ?? '';
  const [job, setJob] = useState<JobDto | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(() => {
    jobsApi.get(id).then(
      (found) => {
        setJob(found);
        setError('');
      },
      (e: Error) => setError(e.message),
    );
  }, [id]);

  useEffect(load, [load]);

  // Saved state: only signed-in residents have saved jobs.
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!getToken()) return;
    jobSearchApi.saved().then((page) => setSaved(page.items.some((s) => s.job.id === id)), () => undefined);
  }, [id]);
  const toggleSave = async () => {
    if (!getToken()) {
      void Taro.navigateTo({ url: '/pages/login/index' });
      return;
    }
    setSaving(true);
    try {
      if (saved) await jobSearchApi.unsave(id);
      else await jobSearchApi.save(id);
      setSaved(!saved);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };
  // Back from sign-in (a 401 sent the resident there): try again.
  useDidShow(() => {
    if (error) load();
  });

  return (
    <PageShell titleKey='ui.jobs.title' className='job-detail'>
      {error ? <Notice kind='error' text={error} /> : null}
      {!job && !error ? <Notice text={t('ui.common.loading')} /> : null}
      {job ? (
        <View>
          <View className='card'>
            <Text className='h1'>{job.title[lang]}</Text>
            <Text className='job__employer'>{job.employer[lang]}</Text>
            <Text className='job__salary'>
              {formatSalary(job)}
              {t(job.salaryPeriod === 'hour' ? 'ui.jobs.perHour' : 'ui.jobs.perMonth')}
            </Text>
            <View className='job__meta'>
              <Text className='tag'>
                {t(`city.${job.city}`)}
                {job.district ? ` · ${job.district}` : ''}
              </Text>
              <Text className='tag tag--plain'>{t(`industry.${job.industry}`)}</Text>
              {job.openToHkMo ? <Text className='tag tag--accent'>{t('ui.jobs.openToHkMo')}</Text> : null}
            </View>
          </View>
          <View className='card'>
            <Text className='h2'>{t('ui.jobs.description')}</Text>
            <Text className='body-text'>{job.description[lang]}</Text>
            {job.languages.length ? (
              <Text className='muted'>
                {t('ui.jobs.languages')}: {job.languages.map((word) => languageLabel(word, t)).join(' / ')}
              </Text>
            ) : null}
          </View>
          <View className='bottom-bar'>
            <ActionButton id='job-save' kind='ghost' busy={saving} onClick={() => void toggleSave()}>
              {saved ? `★ ${t('ui.jobs.saved')}` : `☆ ${t('ui.jobs.save')}`}
            </ActionButton>
            <ActionButton id='job-apply' onClick={() => void Taro.navigateTo({ url: routes.apply(job.id) })}>
              {t('ui.jobs.apply')}
            </ActionButton>
          </View>
        </View>
      ) : null}
    </PageShell>
  );
}

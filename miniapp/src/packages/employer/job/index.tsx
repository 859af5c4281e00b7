import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Switch, Text, Textarea, View } from '@tarojs/components';
import {
  CITIES,
  EMPLOYER_PAGES,
  INDUSTRIES,
  JOB_STATE_MOVES,
  LANGS,
  type City,
  type EmployerJobCreate,
  type EmployerJobDto,
  type Industry,
  type JobDto,
  type JobState,
  type Lang,
} from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Field from '../../../components/field';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { translatorFor } from '../../../i18n';
import { employerApi, pageUrl } from '../api';
import { fieldErrors, fieldKey, isNotFound, useLatest } from '../use-latest';
import '../employer.scss';

const CURRENCIES: JobDto['currency'][] = ['CNY', 'HKD', 'MOP'];
const PERIODS: JobDto['salaryPeriod'][] = ['month', 'hour'];
/** The buttons for each move of a posting's state (closed is final: JOB_STATE_MOVES). */
const STATE_ACTION: Record<JobState, string> = { open: 'employer.reopen', paused: 'employer.pause', closed: 'employer.close' };

interface Form {
  title: Record<Lang, string>;
  description: Record<Lang, string>;
  city?: City;
  district: string;
  industry?: Industry;
  salaryMin: string;
  salaryMax: string;
  currency: JobDto['currency'];
  salaryPeriod: JobDto['salaryPeriod'];
  languages: string;
  openToHkMo: boolean;
}

const empty = (): Record<Lang, string> => ({ 'zh-Hans': '', 'zh-Hant': '', en: '' });
const EMPTY_FORM: Form = {
  title: empty(), description: empty(), district: '', salaryMin: '', salaryMax: '', currency: 'CNY', salaryPeriod: 'month', languages: '', openToHkMo: false,
};

function formOf(job: EmployerJobDto): Form {
  return {
    title: { ...job.title },
    description: { ...job.description },
    city: job.city,
    district: job.district ?? '',
    industry: job.industry,
    salaryMin: String(job.salaryMin),
    salaryMax: String(job.salaryMax),
    currency: job.currency,
    salaryPeriod: job.salaryPeriod,
    languages: job.languages.join('，'),
    openToHkMo: job.openToHkMo,
  };
}

/** A typed number as the server reads it: blank is left out (the server says it is required); anything else is a number or NaN (sent as null: "not a number"). */
const amount = (s: string): number | undefined => (s.trim() ? Number(s.trim()) : undefined);

/** The request body: the server validates every field and answers per field, localised. */
function bodyOf(form: Form): EmployerJobCreate {
  const body: Record<string, unknown> = {
    title: form.title,
    description: form.description,
    city: form.city,
    industry: form.industry,
    salaryMin: amount(form.salaryMin),
    salaryMax: amount(form.salaryMax),
    currency: form.currency,
    salaryPeriod: form.salaryPeriod,
    languages: form.languages.split(/[,，、;；]/).map((s) => s.trim()).filter(Boolean),
    openToHkMo: form.openToHkMo,
  };
  if (form.district.trim()) body.district = form.district.trim();
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as EmployerJobCreate;
}

/** Post a job (no id) or edit one; pause, reopen or close it (closing asks first: it is final). */
export default function EmployerJob() {
  const { t } = usePrefs();
  const id = useRouter().params.id ?? '';
  const latest = useLatest();
  const [job, setJob] = useState<EmployerJobDto | null>(null);
  const [form, setForm] = useState<Form>(EMPTY_FORM);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [loadError, setLoadError] = useState('');
  const [notFound, setNotFound] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    if (!id) return;
    void latest(
      employerApi.job(id),
      (found) => {
        setJob(found);
        setForm(formOf(found));
      },
      (e) => (isNotFound(e) ? setNotFound(true) : setLoadError(e.message)),
    );
  }, [id, latest]);

  const clear = (name: string) => setErrors(({ [name]: _dropped, ...rest }) => rest);
  const set = <K extends keyof Form>(name: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [name]: value }));
    clear(name);
  };
  const setText = (name: 'title' | 'description', lang: Lang, value: string) => {
    setForm((f) => ({ ...f, [name]: { ...f[name], [lang]: value } }));
    clear(`${name}.${lang}`);
  };
  /** An error for the field or any part of it (languages.0 → languages). */
  const errorOf = (name: string) => errors[name] ?? Object.entries(errors).find(([k]) => k.startsWith(`${name}.`))?.[1];

  const save = async () => {
    setBusy('save');
    setFormError('');
    try {
      const body = bodyOf(form);
      if (job) {
        const updated = await employerApi.updateJob(job.id, body);
        setJob(updated);
        setForm(formOf(updated));
        void Taro.showToast({ title: t('employer.saved'), icon: 'success' });
      } else {
        const created = await employerApi.createJob(body);
        void Taro.showToast({ title: t('employer.posted'), icon: 'success' });
        // The new job's own page: its state, whether it is public, and its applicants.
        void Taro.redirectTo({ url: pageUrl(EMPLOYER_PAGES.job(created.id)) });
      }
    } catch (e) {
      setErrors(fieldErrors(e));
      setFormError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const move = async (to: JobState) => {
    if (!job) return;
    if (to === 'closed') {
      const { confirm } = await Taro.showModal({
        title: t('employer.close'),
        content: t('employer.closeConfirm'),
        confirmText: t('employer.close'),
        cancelText: t('ui.common.cancel'),
        confirmColor: '#d93025',
      });
      if (!confirm) return;
    }
    setBusy(to);
    setFormError('');
    try {
      setJob(await employerApi.setJobState(job.id, to));
      void Taro.showToast({ title: t('employer.updated'), icon: 'success' });
    } catch (e) {
      setFormError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const localisedInputs = (name: 'title' | 'description', label: string) =>
    LANGS.map((l) => {
      const key = `${name}.${l}`;
      const props = {
        id: `ejob-${name}-${l}`,
        value: form[name][l],
        maxlength: name === 'title' ? 160 : 4000,
        onInput: (e: { detail: { value: string } }) => setText(name, l, e.detail.value),
      };
      return (
        <Field key={key} name={fieldKey(key)} label={`${label} · ${translatorFor(l)('ui.langName')}`} error={errors[key]}>
          {name === 'title' ? (
            <Input {...props} className={`input${errors[key] ? ' input--invalid' : ''}`} />
          ) : (
            <Textarea {...props} className={`textarea${errors[key] ? ' input--invalid' : ''}`} />
          )}
        </Field>
      );
    });

  const choices = <V extends string>(name: keyof Form, values: readonly V[], current: V | undefined, label: (v: V) => string) => (
    <View className='choice-grid' role='radiogroup' id={`ejob-${String(name)}`}>
      {values.map((v) => (
        <View
          key={v}
          id={`ejob-${String(name)}-${v}`}
          role='radio'
          aria-checked={current === v}
          className={`choice${current === v ? ' choice--active' : ''}`}
          onClick={() => set(name, v as never)}
        >
          {label(v)}
        </View>
      ))}
    </View>
  );

  if (notFound) {
    return (
      <PageShell titleKey='employer.editJob' className='employer employer-job'>
        <Notice kind='error' text={t('employer.notFound')} id='ejob-not-found' />
      </PageShell>
    );
  }

  const closed = job?.state === 'closed';

  return (
    <PageShell titleKey={id ? 'employer.editJob' : 'employer.newJob'} className='employer employer-job'>
      {loadError ? <Notice kind='error' text={loadError} id='ejob-load-error' /> : null}
      {id && !job && !loadError ? <Notice text={t('ui.common.loading')} /> : null}
      {job ? (
        <View className='card' id='ejob-status'>
          <View className='employer__head'>
            <Text className='tag' id='ejob-state' data-state={job.state}>{t(`employer.jobState.${job.state}`)}</Text>
            <Text className={`tag${job.live ? ' tag--accent' : ' tag--plain'}`} id='ejob-live' data-live={job.live}>
              {t(job.live ? 'employer.live' : 'employer.notLive')}
            </Text>
          </View>
          <View className='employer__actions'>
            <ActionButton id='ejob-applicants' kind='ghost' onClick={() => void Taro.navigateTo({ url: pageUrl(EMPLOYER_PAGES.applicants(job.id)) })}>
              {t('employer.applicantsCount', { count: job.applicants })} ›
            </ActionButton>
            {JOB_STATE_MOVES[job.state].map((to) => (
              <ActionButton
                key={to}
                id={`ejob-state-${to}`}
                kind={to === 'closed' ? 'danger' : 'ghost'}
                busy={busy === to}
                disabled={busy !== null}
                onClick={() => void move(to)}
              >
                {t(STATE_ACTION[to])}
              </ActionButton>
            ))}
          </View>
        </View>
      ) : null}

      {!id || job ? (
        <View className='card' id='ejob-form'>
          {localisedInputs('title', t('employer.titleField'))}
          <Field name='city' label={t('employer.cityField')} error={errors.city}>
            {choices('city', CITIES, form.city, (c) => t(`city.${c}`))}
          </Field>
          <Field name='district' label={t('employer.districtField')} error={errors.district}>
            <Input id='ejob-district' className='input' value={form.district} maxlength={40} onInput={(e) => set('district', e.detail.value)} />
          </Field>
          <Field name='industry' label={t('employer.industryField')} error={errors.industry}>
            {choices('industry', INDUSTRIES, form.industry, (i) => t(`industry.${i}`))}
          </Field>
          <Field name='salaryMin' label={t('employer.salaryMinField')} error={errors.salaryMin}>
            <Input id='ejob-salaryMin' className={`input${errors.salaryMin ? ' input--invalid' : ''}`} type='number' value={form.salaryMin} onInput={(e) => set('salaryMin', e.detail.value)} />
          </Field>
          <Field name='salaryMax' label={t('employer.salaryMaxField')} error={errors.salaryMax}>
            <Input id='ejob-salaryMax' className={`input${errors.salaryMax ? ' input--invalid' : ''}`} type='number' value={form.salaryMax} onInput={(e) => set('salaryMax', e.detail.value)} />
          </Field>
          <Field name='currency' label={t('employer.currencyField')} error={errors.currency}>
            {choices('currency', CURRENCIES, form.currency, (c) => c)}
          </Field>
          <Field name='salaryPeriod' label={t('employer.periodField')} error={errors.salaryPeriod}>
            {choices('salaryPeriod', PERIODS, form.salaryPeriod, (p) => t(`employer.period.${p}`))}
          </Field>
          <Field name='languages' label={t('employer.languagesField')} error={errorOf('languages')}>
            <Input id='ejob-languages' className='input' value={form.languages} maxlength={120} onInput={(e) => set('languages', e.detail.value)} />
          </Field>
          <View className='employer__switch'>
            <Text>{t('employer.openToHkMoField')}</Text>
            <Switch id='ejob-openToHkMo' checked={form.openToHkMo} color='#0b5f8a' onChange={(e) => set('openToHkMo', e.detail.value)} />
          </View>
          {localisedInputs('description', t('employer.description'))}
          {formError ? <Notice kind='error' text={formError} id='ejob-error' /> : null}
          {closed ? null : (
            <ActionButton id='ejob-save' busy={busy === 'save'} disabled={busy !== null} onClick={() => void save()}>
              {job ? t('employer.save') : t('employer.submit')}
            </ActionButton>
          )}
        </View>
      ) : null}
    </PageShell>
  );
}

import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import {
  DOC_VALIDATORS, NORTHBOUND_REQUIREMENTS, NORTHBOUND_SCHEMES, NorthboundApplicationBody, issuesToFields, normaliseDocNumber,
  type DocType, type NorthboundEligibilityDto, type NorthboundRequirement, type NorthboundRulesDto, type NorthboundScheme,
} from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import Field from '../../../components/field';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { useSession } from '../../../hooks/use-session';
import { hasKey } from '../../../i18n';
import { ApiError, LOGIN_PAGE } from '../../../services/request';
import { routes } from '../../../utils/routes';
import { travelApi } from '../api';
import '../travel.scss';
import DocTypeChoice from '../../../components/doc-type-choice';

type Answers = Record<NorthboundRequirement, boolean | undefined>;
const noAnswers = (): Answers => Object.fromEntries(NORTHBOUND_REQUIREMENTS.map((k) => [k, undefined])) as Answers;

interface Form { name: string; phone: string; docType: DocType | ''; docNumber: string; plate: string }
const emptyForm: Form = { name: '', phone: '', docType: '', docNumber: '', plate: '' };

/**
 * Northbound Travel for Hong Kong / Macao vehicles: the scheme's rules (requirements, documents,
 * booking rules in effect, all marked unverified where so), an eligibility check, and the
 * application, which is then tracked in My applications like a job application.
 */
export default function Northbound() {
  const { t, lang } = usePrefs();
  const user = useSession();
  const [scheme, setScheme] = useState<NorthboundScheme>('hk');
  const [rules, setRules] = useState<NorthboundRulesDto | null>(null);
  const [answers, setAnswers] = useState<Answers>(noAnswers);
  const [result, setResult] = useState<NorthboundEligibilityDto | null>(null);
  const [form, setForm] = useState<Form>(emptyForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setRules(null);
    setResult(null);
    travelApi.northbound(scheme).then((r) => { if (live) setRules(r); }, (e: Error) => { if (live) setError(e.message); });
    return () => { live = false; };
  }, [scheme, lang]);

  const message = (keyOrText: string) => (hasKey(lang, keyOrText) ? t(keyOrText) : keyOrText);
  const answered = () => Object.fromEntries(NORTHBOUND_REQUIREMENTS.map((k) => [k, answers[k] === true])) as Record<NorthboundRequirement, boolean>;

  const check = async () => {
    setBusy(true);
    setError('');
    try {
      setResult(await travelApi.eligibility({ scheme, answers: answered() }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const set = (name: keyof Form, value: string) => {
    setForm((f) => ({ ...f, [name]: value }));
    setErrors(({ [name]: _dropped, ...rest }) => rest);
  };

  const apply = async () => {
    setError('');
    const parsed = NorthboundApplicationBody.safeParse({ scheme, ...form, answers: answered() });
    if (!parsed.success) {
      const fields = issuesToFields(parsed.error.issues);
      const { docType, docNumber } = form;
      if (docType && docNumber.trim() && !fields.docNumber && !DOC_VALIDATORS[docType](normaliseDocNumber(docNumber))) fields.docNumber = `v.docNumber.${docType}`;
      setErrors(fields);
      return;
    }
    setBusy(true);
    try {
      const created = await travelApi.apply(parsed.data);
      void Taro.redirectTo({ url: routes.application(created.id) });
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.fields).length) setErrors(e.fields);
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const input = (name: 'name' | 'phone' | 'docNumber' | 'plate', placeholder: string) => (
    <Input
      id={`nb-${name}`}
      className={`input${errors[name] ? ' input--invalid' : ''}`}
      value={form[name]}
      placeholder={placeholder}
      onInput={(e) => set(name, e.detail.value)}
    />
  );

  return (
    <PageShell titleKey='travel.nb.title' className='travel'>
      <View className='travel-chips' role='radiogroup'>
        {NORTHBOUND_SCHEMES.map((s) => (
          <View
            key={s}
            id={`nb-scheme-${s}`}
            role='radio'
            aria-checked={scheme === s}
            className={`choice${scheme === s ? ' choice--active' : ''}`}
            onClick={() => setScheme(s)}
          >
            {t(`travel.nb.${s}`)}
          </View>
        ))}
      </View>

      {rules ? (
        <View className='card' id='nb-rules'>
          <Text className='travel-leg__title'>{rules.title}</Text>
          <Text className='travel-row'>{rules.summary}</Text>
          {rules.confidence === 'unverified' ? <Text className='travel-badge'>{t('travel.nb.unverifiedRules')}</Text> : null}
          <Text className='travel-places__label'>{t('travel.nb.documents')}</Text>
          <View className='travel-list' id='nb-documents'>
            {rules.documents.map((d) => <Text key={d} className='travel-list__item'>• {d}</Text>)}
          </View>
          <Text className='travel-places__label'>{t('travel.nb.booking')}</Text>
          <View className='travel-list' id='nb-booking'>
            {rules.bookingRules.map((b) => (
              <View key={b.key} className='travel-list__item' id={`nb-booking-${b.key}`}>
                <Text>• {b.text} </Text>
                <Text className='muted'>({t('travel.nb.effective', { from: b.effectiveFrom })})</Text>
                {b.confidence === 'unverified' ? <Text className='travel-badge'>{t('travel.unverified')}</Text> : null}
              </View>
            ))}
          </View>
          <Text className='travel-source'>
            {t('travel.source')}: {rules.source.name} · {rules.source.url} · {t('travel.asOf', { date: rules.asOf })}
          </Text>
        </View>
      ) : null}

      {rules ? (
        <View className='card' id='nb-check'>
          <Text className='travel-places__label'>{t('travel.nb.requirements')}</Text>
          {rules.requirements.map((q) => (
            <View key={q.key} className='travel-question'>
              <Text>{q.label}{q.required ? '' : ` ${t('travel.nb.optional')}`}</Text>
              <View className='travel-question__choices' role='radiogroup'>
                {([true, false] as const).map((v) => (
                  <View
                    key={String(v)}
                    id={`nb-${q.key}-${v ? 'yes' : 'no'}`}
                    role='radio'
                    aria-checked={answers[q.key] === v}
                    className={`choice${answers[q.key] === v ? ' choice--active' : ''}`}
                    onClick={() => { setAnswers((a) => ({ ...a, [q.key]: v })); setResult(null); }}
                  >
                    {t(v ? 'travel.nb.yes' : 'travel.nb.no')}
                  </View>
                ))}
              </View>
            </View>
          ))}
          <ActionButton id='nb-check-submit' busy={busy} onClick={() => void check()}>
            {busy ? t('travel.nb.checking') : t('travel.nb.check')}
          </ActionButton>
          {result ? (
            <View className='travel-result' id='nb-result'>
              {result.eligible ? (
                <Notice text={t('travel.nb.eligible')} id='nb-eligible' />
              ) : (
                <View id='nb-missing'>
                  <Notice kind='error' text={t('travel.nb.notEligible')} />
                  {result.missing.map((m) => <Text key={m.key} className='travel-list__item'>• {m.label}</Text>)}
                </View>
              )}
            </View>
          ) : null}
        </View>
      ) : null}

      {result?.eligible ? (
        user ? (
          <View className='card' id='nb-apply'>
            <Field name='name' label={t('ui.apply.name')} error={errors.name && message(errors.name)}>{input('name', t('ui.apply.namePh'))}</Field>
            <Field name='phone' label={t('ui.apply.phone')} error={errors.phone && message(errors.phone)}>{input('phone', t('ui.apply.phonePh'))}</Field>
            <Field name='docType' label={t('ui.apply.docType')} error={errors.docType && message(errors.docType)}>
              <DocTypeChoice idPrefix='nb' value={form.docType} onChange={(d) => set('docType', d)} />
            </Field>
            <Field name='docNumber' label={t('ui.apply.docNumber')} error={errors.docNumber && message(errors.docNumber)}>{input('docNumber', t('ui.apply.docNumberPh'))}</Field>
            <Field name='plate' label={t('travel.nb.plate')} error={errors.plate && message(errors.plate)}>{input('plate', t('travel.nb.platePh'))}</Field>
            <Text className='muted'>{t('travel.nb.myApplications')}</Text>
            <ActionButton id='nb-apply-submit' busy={busy} onClick={() => void apply()}>
              {busy ? t('travel.nb.applying') : t('travel.nb.apply')}
            </ActionButton>
          </View>
        ) : (
          <ActionButton id='nb-sign-in' kind='ghost' onClick={() => void Taro.navigateTo({ url: LOGIN_PAGE })}>
            {t('travel.nb.signIn')}
          </ActionButton>
        )
      ) : null}

      {error ? <Notice kind='error' text={error} id='nb-error' /> : null}
    </PageShell>
  );
}

import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { ApplicationCreateBody, DOC_VALIDATORS, issuesToFields, normaliseDocNumber, type DocType } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Field from '../../../components/field';
import Notice from '../../../components/notice';
import { usePrefs } from '../../../hooks/use-prefs';
import { useSession } from '../../../hooks/use-session';
import { identityApi } from '../../../services/identity';
import { isIdentityLinked } from '../../../store/identity';
import { applicationsApi } from '../../../services/api';
import { askForGrants, prepareSubscribe } from '../../../services/subscribe';
import { ApiError } from '../../../services/request';
import { hasKey } from '../../../i18n';
import { routes } from '../../../utils/routes';
import './index.scss';
import ActionButton from '../../../components/action-button';
import DocTypeChoice from '../../../components/doc-type-choice';

type FieldName = 'name' | 'phone' | 'docType' | 'docNumber' | 'resume';
type Form = Record<Exclude<FieldName, 'docType'>, string> & { docType?: DocType };
/** Fields the verified identity can fill; each keeps its ✓ tag while it still holds the verified value. */
type VerifiableField = 'name' | 'docType' | 'docNumber';

export default function Apply() {
  const { t, lang } = usePrefs();
  const { params } = useRouter();
  const jobId = params.jobId ?? '';
  const [form, setForm] = useState<Form>({ name: '', phone: '', docNumber: '', resume: '' });
  // Message keys (client-side) or text already localised by the server.
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const user = useSession();
  const [verified, setVerified] = useState<Partial<Record<VerifiableField, string>>>({});
  const [prefillNote, setPrefillNote] = useState('');
  const [prefilling, setPrefilling] = useState(false);

  // Template ids are fetched now so the submit tap can ask WeChat for grants without a round trip first.
  useEffect(() => {
    void prepareSubscribe();
  }, []);

  const set = (name: FieldName, value: string) => {
    setForm((f) => ({ ...f, [name]: value }));
    setErrors(({ [name]: _dropped, ...rest }) => rest);
  };
  const isVerified = (name: VerifiableField) => verified[name] !== undefined && verified[name] === form[name];
  const verifiedTag = (name: VerifiableField) =>
    isVerified(name) ? (
      <Text className='verified-tag' id={`verified-${name}`}>
        ✓ {t('ui.identity.verified')}
      </Text>
    ) : null;

  const prefill = async () => {
    setPrefilling(true);
    setFormError('');
    try {
      const p = await identityApi.prefill();
      const values: Partial<Record<VerifiableField, string>> = {};
      if (p.name) values.name = p.name;
      if (p.docType) values.docType = p.docType;
      if (p.docNumber) values.docNumber = p.docNumber;
      setForm((f) => ({ ...f, ...(values as Partial<Form>) }));
      setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in values))));
      setVerified(values);
      setPrefillNote(t('ui.identity.prefilled'));
    } catch (e) {
      setFormError((e as Error).message);
    } finally {
      setPrefilling(false);
    }
  };

  const message = (keyOrText: string) => (hasKey(lang, keyOrText) ? t(keyOrText) : keyOrText);

  const submit = async () => {
    setFormError('');
    const input = { jobId, ...form };
    const parsed = ApplicationCreateBody.safeParse(input);
    if (!parsed.success) {
      const fields = issuesToFields(parsed.error.issues);
      // The schema checks the document number only once every field parses; say it now.
      const { docType, docNumber } = form;
      if (docType && docNumber.trim() && !fields.docNumber && !DOC_VALIDATORS[docType](normaliseDocNumber(docNumber))) {
        fields.docNumber = `v.docNumber.${docType}`;
      }
      setErrors(fields);
      if (fields.jobId) setFormError(message(fields.jobId));
      return;
    }
    setBusy(true);
    // Status updates may arrive as subscribe messages: ask on this tap. A refusal never blocks the submission.
    await askForGrants();
    try {
      const created = await applicationsApi.create(parsed.data);
      void Taro.redirectTo({ url: routes.application(created.id) });
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.fields).length) setErrors(e.fields);
      setFormError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const input = (name: Exclude<FieldName, 'docType' | 'resume'>) => (
    <Input
      id={`apply-${name}`}
      className={`input${errors[name] ? ' input--invalid' : ''}`}
      value={form[name]}
      placeholder={t(`ui.apply.${name}Ph`)}
      onInput={(e) => set(name, e.detail.value)}
    />
  );

  return (
    <PageShell titleKey='ui.apply.title' className='apply'>
      <View className='card'>
        {isIdentityLinked(user?.id) ? (
          <View className='apply__prefill'>
            <ActionButton id='apply-prefill' kind='ghost' small busy={prefilling} onClick={prefill}>
              ✓ {t('ui.identity.prefill')}
            </ActionButton>
            {prefillNote ? <Text className='muted'>{prefillNote}</Text> : null}
          </View>
        ) : null}
        <Field name='name' label={t('ui.apply.name')} error={errors.name && message(errors.name)}>
          {input('name')}
          {verifiedTag('name')}
        </Field>
        <Field name='phone' label={t('ui.apply.phone')} error={errors.phone && message(errors.phone)}>
          {input('phone')}
        </Field>
        <Field name='docType' label={t('ui.apply.docType')} error={errors.docType && message(errors.docType)}>
          <DocTypeChoice idPrefix='apply' value={form.docType} onChange={(d) => set('docType', d)} />
          {verifiedTag('docType')}
        </Field>
        <Field name='docNumber' label={t('ui.apply.docNumber')} error={errors.docNumber && message(errors.docNumber)}>
          {input('docNumber')}
          {verifiedTag('docNumber')}
        </Field>
        <Field name='resume' label={t('ui.apply.resume')} error={errors.resume && message(errors.resume)}>
          <Textarea
            id='apply-resume'
            className={`textarea${errors.resume ? ' input--invalid' : ''}`}
            value={form.resume}
            maxlength={2000}
            placeholder={t('ui.apply.resumePh')}
            onInput={(e) => set('resume', e.detail.value)}
          />
        </Field>
        <Text className='muted'>{t('ui.apply.privacy')}</Text>
      </View>
      {formError ? <Notice kind='error' text={formError} id='apply-error' /> : null}
      <ActionButton id='apply-submit' busy={busy} onClick={submit}>
        {busy ? t('ui.apply.submitting') : t('ui.apply.submit')}
      </ActionButton>
    </PageShell>
  );
}

import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Switch, Text, View } from '@tarojs/components';
import {
  CITIES,
  INTERESTS,
  NOTIFICATION_TOPICS,
  NotificationPrefsBody,
  issuesToFields,
  type City,
  type Interest,
  type NotificationPrefsDto,
  type NotificationTopic,
} from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Field from '../../../components/field';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { notifyApi } from '../../../services/api';
import { ApiError } from '../../../services/request';
import { hasKey } from '../../../i18n';
import './index.scss';

/** Topics a resident can turn off; `application` always reaches the inbox. */
const OPTIONAL_TOPICS = NOTIFICATION_TOPICS.filter((topic) => topic !== 'application');

interface Form {
  optOut: NotificationTopic[];
  quietStart: string;
  quietEnd: string;
  city: City | null;
  interests: Interest[];
}

export default function NotificationSettings() {
  const { t, lang } = usePrefs();
  const [prefs, setPrefs] = useState<NotificationPrefsDto | null>(null);
  const [form, setForm] = useState<Form>({ optOut: [], quietStart: '', quietEnd: '', city: null, interests: [] });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);

  const adopt = (p: NotificationPrefsDto) => {
    setPrefs(p);
    setForm({
      optOut: p.optOut,
      quietStart: p.quietHours?.start ?? '',
      quietEnd: p.quietHours?.end ?? '',
      city: p.city,
      interests: p.interests,
    });
  };

  useEffect(() => {
    notifyApi.prefs().then(adopt, (e: Error) => setFormError(e.message));
  }, []);

  const message = (keyOrText: string) => (hasKey(lang, keyOrText) ? t(keyOrText) : keyOrText);
  const update = (patch: Partial<Form>, clears: string[]) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !clears.some((c) => k === c || k.startsWith(`${c}.`)))));
  };
  const toggle = <T,>(list: T[], value: T, on: boolean) => (on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value));

  const save = async () => {
    setFormError('');
    const start = form.quietStart.trim();
    const end = form.quietEnd.trim();
    if (Boolean(start) !== Boolean(end)) {
      setErrors({ quietHours: 'ui.settings.quietBoth' });
      return;
    }
    const body = {
      optOut: form.optOut,
      quietHours: start ? { start, end } : null,
      city: form.city,
      interests: form.interests,
    };
    const parsed = NotificationPrefsBody.safeParse(body);
    if (!parsed.success) {
      setErrors(issuesToFields(parsed.error.issues));
      return;
    }
    setBusy(true);
    try {
      adopt(await notifyApi.savePrefs(parsed.data));
      setErrors({});
      void Taro.showToast({ title: t('ui.settings.saved'), icon: 'success' });
    } catch (e) {
      if (e instanceof ApiError && Object.keys(e.fields).length) setErrors(e.fields);
      setFormError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  // The server names nested fields ("quietHours.start", "interests.1"): show them on their row.
  const errorFor = (name: string) => errors[name] ?? Object.entries(errors).find(([k]) => k.startsWith(`${name}.`))?.[1];
  const quietError = errorFor('quietHours');
  const subscribeLeft = prefs ? Object.values(prefs.channels.subscribe).reduce((sum, n) => sum + n, 0) : 0;

  return (
    <PageShell titleKey='ui.settings.title' className='settings'>
      {!prefs && !formError ? <Notice text={t('ui.common.loading')} /> : null}
      <View className='card'>
        <Text className='h2'>{t('ui.settings.topics')}</Text>
        <View className='settings__row'>
          <View className='settings__row-text'>
            <Text>{t('ui.settings.topic.application')}</Text>
            <Text className='muted' id='settings-application-always'>
              {t('ui.settings.applicationAlways')}
            </Text>
          </View>
        </View>
        {OPTIONAL_TOPICS.map((topic) => (
          <View key={topic} className='settings__row'>
            <Text className='settings__row-text'>{t(`ui.settings.topic.${topic}`)}</Text>
            <Switch
              id={`settings-optout-${topic}`}
              checked={!form.optOut.includes(topic)}
              color='#0b5f8a'
              onChange={(e) => update({ optOut: toggle(form.optOut, topic, !e.detail.value) }, ['optOut'])}
            />
          </View>
        ))}
        {errorFor('optOut') ? (
          <Text className='field__error' id='error-optOut'>
            {message(errorFor('optOut')!)}
          </Text>
        ) : null}
      </View>

      <View className='card'>
        <Field name='quietHours' label={t('ui.settings.quiet')} error={quietError && message(quietError)}>
          <Text className='muted'>{t('ui.settings.quietHint')}</Text>
          <View className='settings__quiet'>
            <Input
              id='settings-quiet-start'
              className={`input${quietError ? ' input--invalid' : ''}`}
              value={form.quietStart}
              maxlength={5}
              placeholder={`${t('ui.settings.quietStart')} 22:00`}
              onInput={(e) => update({ quietStart: e.detail.value }, ['quietHours'])}
            />
            <Text>–</Text>
            <Input
              id='settings-quiet-end'
              className={`input${quietError ? ' input--invalid' : ''}`}
              value={form.quietEnd}
              maxlength={5}
              placeholder={`${t('ui.settings.quietEnd')} 08:00`}
              onInput={(e) => update({ quietEnd: e.detail.value }, ['quietHours'])}
            />
            <ActionButton id='settings-quiet-clear' kind='ghost' small onClick={() => update({ quietStart: '', quietEnd: '' }, ['quietHours'])}>
              {t('ui.settings.quietClear')}
            </ActionButton>
          </View>
        </Field>
      </View>

      <View className='card'>
        <Field name='city' label={t('ui.settings.city')} error={errorFor('city') && message(errorFor('city')!)}>
          <View className='choice-grid' role='radiogroup'>
            <View
              id='settings-city-none'
              role='radio'
              aria-checked={form.city === null}
              className={`choice${form.city === null ? ' choice--active' : ''}`}
              onClick={() => update({ city: null }, ['city'])}
            >
              {t('ui.settings.noCity')}
            </View>
            {CITIES.map((c) => (
              <View
                key={c}
                id={`settings-city-${c}`}
                role='radio'
                aria-checked={form.city === c}
                className={`choice${form.city === c ? ' choice--active' : ''}`}
                onClick={() => update({ city: c }, ['city'])}
              >
                {t(`city.${c}`)}
              </View>
            ))}
          </View>
        </Field>
        <Field name='interests' label={t('ui.settings.interests')} error={errorFor('interests') && message(errorFor('interests')!)}>
          <View className='choice-grid'>
            {INTERESTS.map((i) => {
              const on = form.interests.includes(i);
              return (
                <View
                  key={i}
                  id={`settings-interest-${i}`}
                  role='checkbox'
                  aria-checked={on}
                  className={`choice${on ? ' choice--active' : ''}`}
                  onClick={() => update({ interests: toggle(form.interests, i, !on) }, ['interests'])}
                >
                  {t(`ui.settings.interest.${i}`)}
                </View>
              );
            })}
          </View>
        </Field>
      </View>

      {prefs ? (
        <View className='card' id='settings-channels'>
          <Text className='h2'>{t('ui.settings.channels')}</Text>
          <Text className='settings__channel' id='settings-channel-bot'>
            {prefs.channels.bot ? t('ui.settings.botOn') : t('ui.settings.botOff')}
          </Text>
          <Text className='settings__channel' id='settings-channel-subscribe'>
            {t('ui.settings.subscribe', { count: subscribeLeft })}
          </Text>
          <Text className='settings__channel'>{t('ui.settings.inboxOn')}</Text>
        </View>
      ) : null}

      {formError ? <Notice kind='error' text={formError} id='settings-error' /> : null}
      <ActionButton id='settings-save' busy={busy} disabled={!prefs} onClick={() => void save()}>
        {t('ui.settings.save')}
      </ActionButton>
    </PageShell>
  );
}

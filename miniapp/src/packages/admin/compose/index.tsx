import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import {
  BroadcastCreateBody,
  CITIES,
  INTERESTS,
  LANGS,
  issuesToFields,
  type BroadcastAudienceDto,
  type City,
  type Interest,
  type Lang,
} from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Field from '../../../components/field';
import Notice from '../../../components/notice';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { broadcastsApi } from '../../../services/api';
import { ApiError } from '../../../services/request';
import { hasKey } from '../../../i18n';
import { routes } from '../../../utils/routes';
import '../console.scss';

const AUDIENCE_TYPES = ['all', 'city', 'interest', 'lang', 'groups'] as const;
type AudienceType = (typeof AUDIENCE_TYPES)[number];
type Localised = Record<Lang, string>;

const empty = (): Localised => ({ 'zh-Hans': '', 'zh-Hant': '', en: '' });
const toggle = <T,>(list: T[], value: T) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

/** Schedules are entered in Hong Kong time, the time the product speaks everywhere. */
function scheduleIso(date: string, time: string): string | undefined | null {
  if (!date.trim() && !time.trim()) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date.trim()) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time.trim())) return null;
  return `${date.trim()}T${time.trim()}:00+08:00`;
}

export default function ComposeBroadcast() {
  const { t, lang } = usePrefs();
  const [title, setTitle] = useState<Localised>(empty);
  const [body, setBody] = useState<Localised>(empty);
  const [link, setLink] = useState('');
  const [audienceType, setAudienceType] = useState<AudienceType>('all');
  const [cities, setCities] = useState<City[]>([]);
  const [interests, setInterests] = useState<Interest[]>([]);
  const [langs, setLangs] = useState<Lang[]>([]);
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [rate, setRate] = useState('');
  const [recipients, setRecipients] = useState<number | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState<'preview' | 'send' | null>(null);

  const message = (keyOrText: string) =>
    hasKey(lang, keyOrText) ? t(keyOrText) : hasKey(lang, `ui.${keyOrText}`) ? t(`ui.${keyOrText}`) : keyOrText;
  const clear = (...names: string[]) =>
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !names.some((n) => k === n || k.startsWith(`${n}.`)))));
  const audienceChanged = () => {
    setRecipients(null);
    clear('audience');
  };

  const audience = (): BroadcastAudienceDto => {
    switch (audienceType) {
      case 'city':
        return { type: 'city', cities };
      case 'interest':
        return { type: 'interest', interests };
      case 'lang':
        return { type: 'lang', langs };
      case 'groups':
        return { type: 'groups', roomIds: [] };
      default:
        return { type: 'all' };
    }
  };

  const showServerError = (e: unknown) => {
    if (e instanceof ApiError && Object.keys(e.fields).length) setErrors(e.fields);
    setFormError((e as Error).message);
  };

  const preview = async () => {
    setFormError('');
    setBusy('preview');
    try {
      setRecipients(await broadcastsApi.preview(audience()));
    } catch (e) {
      showServerError(e);
    } finally {
      setBusy(null);
    }
  };

  const send = async () => {
    setFormError('');
    const scheduleAt = scheduleIso(date, time);
    const input = {
      title,
      body,
      ...(link.trim() ? { link: link.trim() } : {}),
      audience: audience(),
      ...(scheduleAt ? { scheduleAt } : {}),
      ...(rate.trim() ? { ratePerMinute: Number(rate.trim()) } : {}),
    };
    const parsed = BroadcastCreateBody.safeParse(input);
    const fields = parsed.success ? {} : issuesToFields(parsed.error.issues);
    if (scheduleAt === null) fields.scheduleAt = 'ui.broadcast.badSchedule';
    if (Object.keys(fields).length || !parsed.success) {
      setErrors(fields);
      return;
    }
    if (recipients === null) {
      setFormError(t('ui.broadcast.previewFirst'));
      return;
    }
    const { confirm } = await Taro.showModal({ title: t('ui.broadcast.compose'), content: t('ui.broadcast.confirmSend', { count: recipients }) });
    if (!confirm) return;
    setBusy('send');
    try {
      const created = await broadcastsApi.create(parsed.data);
      void Taro.showToast({ title: t('ui.broadcast.sent'), icon: 'success' });
      void Taro.redirectTo({ url: routes.adminBroadcast(created.id) });
    } catch (e) {
      showServerError(e);
    } finally {
      setBusy(null);
    }
  };

  const err = (name: string) => (errors[name] ? message(errors[name]!) : undefined);
  const audienceError = errors.audience ?? Object.entries(errors).find(([k]) => k.startsWith('audience.'))?.[1];
  const chip = (id: string, label: string, on: boolean, onClick: () => void) => (
    <View key={id} id={id} role='checkbox' aria-checked={on} className={`choice${on ? ' choice--active' : ''}`} onClick={onClick}>
      {label}
    </View>
  );

  return (
    <PageShell titleKey='ui.broadcast.compose' className='compose'>
      <View className='card'>
        {LANGS.map((l) => (
          <View key={l}>
            <Field name={`title.${l}`} label={t('ui.broadcast.titleLabel', { lang: t(`ui.langName`, { lng: l }) })} error={err(`title.${l}`)}>
              <Input
                id={`broadcast-title-${l}`}
                className={`input${errors[`title.${l}`] ? ' input--invalid' : ''}`}
                value={title[l]}
                maxlength={l === 'en' ? 80 : 40}
                onInput={(e) => {
                  setTitle((v) => ({ ...v, [l]: e.detail.value }));
                  clear(`title.${l}`);
                }}
              />
            </Field>
            <Field name={`body.${l}`} label={t('ui.broadcast.bodyLabel', { lang: t(`ui.langName`, { lng: l }) })} error={err(`body.${l}`)}>
              <Textarea
                id={`broadcast-body-${l}`}
                className={`textarea${errors[`body.${l}`] ? ' input--invalid' : ''}`}
                value={body[l]}
                maxlength={l === 'en' ? 1000 : 500}
                onInput={(e) => {
                  setBody((v) => ({ ...v, [l]: e.detail.value }));
                  clear(`body.${l}`);
                }}
              />
            </Field>
          </View>
        ))}
        <Field name='link' label={t('ui.broadcast.link')} error={err('link')}>
          <Input
            id='broadcast-link'
            className={`input${errors.link ? ' input--invalid' : ''}`}
            value={link}
            maxlength={200}
            placeholder={t('ui.broadcast.linkPh')}
            onInput={(e) => {
              setLink(e.detail.value);
              clear('link');
            }}
          />
        </Field>
      </View>

      <View className='card'>
        <Field name='audience' label={t('ui.broadcast.audience')} error={audienceError && message(audienceError)}>
          <View className='choice-grid' role='radiogroup'>
            {AUDIENCE_TYPES.map((type) =>
              chip(`broadcast-audience-${type}`, t(`ui.broadcast.audienceType.${type}`), audienceType === type, () => {
                setAudienceType(type);
                audienceChanged();
              }),
            )}
          </View>
          {audienceType === 'city' ? (
            <View className='choice-grid'>
              {CITIES.map((c) =>
                chip(`broadcast-city-${c}`, t(`city.${c}`), cities.includes(c), () => {
                  setCities((v) => toggle(v, c));
                  audienceChanged();
                }),
              )}
            </View>
          ) : null}
          {audienceType === 'interest' ? (
            <View className='choice-grid'>
              {INTERESTS.map((i) =>
                chip(`broadcast-interest-${i}`, t(`ui.settings.interest.${i}`), interests.includes(i), () => {
                  setInterests((v) => toggle(v, i));
                  audienceChanged();
                }),
              )}
            </View>
          ) : null}
          {audienceType === 'lang' ? (
            <View className='choice-grid'>
              {LANGS.map((l) =>
                chip(`broadcast-lang-${l}`, t('ui.langName', { lng: l }), langs.includes(l), () => {
                  setLangs((v) => toggle(v, l));
                  audienceChanged();
                }),
              )}
            </View>
          ) : null}
          {audienceType === 'groups' ? <Text className='muted'>{t('ui.broadcast.groupsHint')}</Text> : null}
        </Field>
        <View className='console-actions'>
          <ActionButton id='broadcast-preview' kind='ghost' small busy={busy === 'preview'} disabled={busy !== null} onClick={() => void preview()}>
            {t('ui.broadcast.preview')}
          </ActionButton>
          {recipients !== null ? (
            <Text className='h2' id='broadcast-recipients' data-count={recipients}>
              {t('ui.broadcast.recipients', { count: recipients })}
            </Text>
          ) : null}
        </View>
      </View>

      <View className='card'>
        <Field name='scheduleAt' label={t('ui.broadcast.schedule')} error={err('scheduleAt')}>
          <View className='console-actions'>
            <Input
              id='broadcast-date'
              className='input'
              value={date}
              maxlength={10}
              placeholder={t('ui.broadcast.datePh')}
              onInput={(e) => {
                setDate(e.detail.value);
                clear('scheduleAt');
              }}
            />
            <Input
              id='broadcast-time'
              className='input'
              value={time}
              maxlength={5}
              placeholder={t('ui.broadcast.timePh')}
              onInput={(e) => {
                setTime(e.detail.value);
                clear('scheduleAt');
              }}
            />
          </View>
        </Field>
        <Field name='ratePerMinute' label={t('ui.broadcast.rate')} error={err('ratePerMinute')}>
          <Input
            id='broadcast-rate'
            className='input'
            value={rate}
            maxlength={6}
            onInput={(e) => {
              setRate(e.detail.value);
              clear('ratePerMinute');
            }}
          />
        </Field>
      </View>

      {formError ? <Notice kind='error' text={formError} id='broadcast-error' /> : null}
      <ActionButton id='broadcast-send' busy={busy === 'send'} disabled={busy !== null} onClick={() => void send()}>
        {date.trim() || time.trim() ? t('ui.broadcast.sendScheduled') : t('ui.broadcast.send')}
      </ActionButton>
    </PageShell>
  );
}

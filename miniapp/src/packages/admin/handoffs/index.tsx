import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import type { HandoffTicketDto } from '@bay/shared';
import PageShell from '../../../components/page-shell';
import Notice from '../../../components/notice';
import Field from '../../../components/field';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { useListLoader } from '../../../hooks/use-list-loader';
import { handoffsApi } from '../../../services/api';
import { ApiError } from '../../../services/request';
import { hasKey } from '../../../i18n';
import { formatTime } from '../../../utils/format';
import '../console.scss';

export default function Handoffs() {
  const { t, lang } = usePrefs();
  const { items, setItems, error, setError } = useListLoader<HandoffTicketDto>(() => handoffsApi.list());
  const [openId, setOpenId] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState('');

  const toggle = (id: string) => {
    setOpenId((current) => (current === id ? null : id));
    setText('');
    setFieldError('');
  };

  const send = async (id: string) => {
    if (!text.trim()) {
      setFieldError(t('v.required'));
      return;
    }
    setBusy(true);
    setFieldError('');
    setError('');
    try {
      const updated = await handoffsApi.reply(id, text.trim());
      setItems((list) => list?.map((h) => (h.id === id ? updated : h)) ?? null);
      setText('');
      void Taro.showToast({ title: t('ui.handoff.sent'), icon: 'success' });
    } catch (e) {
      if (e instanceof ApiError && e.fields.text) setFieldError(hasKey(lang, e.fields.text) ? t(e.fields.text) : e.fields.text);
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <PageShell titleKey='ui.handoff.title' className='handoffs'>
      {error ? <Notice kind='error' text={error} id='handoff-error' /> : null}
      {items && !items.length ? <Notice text={t('ui.handoff.empty')} /> : null}
      {items?.map((h) => {
        const first = h.transcript.find((turn) => turn.role === 'user') ?? h.transcript[0];
        const open = openId === h.id;
        return (
          <View key={h.id} id={`handoff-${h.id}`} className='card console-item' data-state={h.state}>
            <View className='console-item__head' onClick={() => toggle(h.id)}>
              <Text className='app-item__title'>{first?.text ?? '—'}</Text>
              <Text className='tag'>{t(`ui.handoff.state.${h.state}`)}</Text>
            </View>
            <Text className='muted'>
              {formatTime(h.createdAt)} · {h.lang}
            </Text>
            {open ? (
              <View>
                {h.transcript.map((turn, i) => (
                  <Text key={i} className='transcript__turn'>
                    {turn.role === 'user' ? t('ui.handoff.resident') : t('ui.handoff.bot')}: {turn.text}
                  </Text>
                ))}
                {h.replies.map((r, i) => (
                  <Text key={`r${i}`} className='transcript__turn'>
                    {t('ui.handoff.staff')} ({formatTime(r.at)}): {r.text}
                  </Text>
                ))}
                {h.state !== 'closed' ? (
                  <View>
                    <Field name='text' label={t('ui.handoff.reply')} error={fieldError || undefined}>
                      <Textarea
                        id='handoff-reply-input'
                        className={`textarea${fieldError ? ' input--invalid' : ''}`}
                        value={text}
                        maxlength={1000}
                        placeholder={t('ui.handoff.replyPh')}
                        onInput={(e) => {
                          setText(e.detail.value);
                          setFieldError('');
                        }}
                      />
                    </Field>
                    <ActionButton id='handoff-reply-send' busy={busy} onClick={() => void send(h.id)}>
                      {t('ui.handoff.send')}
                    </ActionButton>
                  </View>
                ) : null}
              </View>
            ) : null}
          </View>
        );
      })}
    </PageShell>
  );
}

import { useEffect, useState } from 'react';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { KB_TOPICS, LANGS, type KbEntry, type KbEntryDraftDto, type KbTopic, type Lang, type ReviewGroupDto, type ReviewResolutionDto } from '@bay/shared';
import Field from '../../../components/field';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { reviewApi } from '../../../services/api';
import { ApiError } from '../../../services/request';

type Texts = Record<Lang, string>;

interface Form {
  id: string;
  topic: KbTopic | null;
  /** One way of asking per line. */
  questions: Texts;
  answer: Texts;
  org: Texts;
  url: string;
  lastVerified: string;
}

const fromDraft = (d: KbEntryDraftDto): Form => ({
  id: d.id,
  topic: d.topic,
  questions: Object.fromEntries(LANGS.map((l) => [l, d.questions[l].join('\n')])) as Texts,
  answer: { ...d.answer },
  org: { ...d.source.org },
  url: d.source.url,
  lastVerified: d.lastVerified,
});

const lines = (text: string) => text.split('\n').map((s) => s.trim()).filter(Boolean);

interface Props {
  group: ReviewGroupDto;
  onDone: (result: ReviewResolutionDto) => void;
}

/**
 * A new knowledge-base entry started from the group: the server's draft puts the group's questions
 * under their languages; the admin completes the rest. The server validates with KbEntrySchema and
 * names each bad field (questions.en, source.url, ...), shown under that field.
 */
export default function EntryForm({ group, onDone }: Props) {
  const { t } = usePrefs();
  const [form, setForm] = useState<Form | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    reviewApi.draft(group.id).then((d) => setForm(fromDraft(d)), (e: Error) => setError(e.message));
  }, [group.id]);

  if (!form) return error ? <Text className='field__error' id='review-entry-error'>{error}</Text> : <Text className='muted'>{t('ui.common.loading')}</Text>;

  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const setText = (key: 'questions' | 'answer' | 'org', lang: Lang, value: string) => set({ [key]: { ...form[key], [lang]: value } });
  /** The first error under a field name or any of its sub-fields (questions.en.2 → questions.en). */
  const err = (name: string) => fields[name] ?? Object.entries(fields).find(([k]) => k.startsWith(`${name}.`))?.[1];

  const submit = async () => {
    if (!form.topic) {
      setFields({ topic: t('v.kbTopic') });
      return;
    }
    const entry: KbEntry = {
      id: form.id.trim(),
      topic: form.topic,
      tags: [],
      questions: Object.fromEntries(LANGS.map((l) => [l, lines(form.questions[l])])) as KbEntry['questions'],
      answer: Object.fromEntries(LANGS.map((l) => [l, form.answer[l].trim()])) as KbEntry['answer'],
      source: { org: Object.fromEntries(LANGS.map((l) => [l, form.org[l].trim()])) as KbEntry['source']['org'], url: form.url.trim() },
      lastVerified: form.lastVerified.trim(),
    };
    setBusy(true);
    setFields({});
    setError('');
    try {
      onDone(await reviewApi.newEntry(group.id, entry));
    } catch (e) {
      if (e instanceof ApiError) setFields(e.fields);
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const langName = (l: Lang) => t('ui.langName', { lng: l });
  return (
    <View className='review-panel' id={`review-new-${group.id}`}>
      <Field name='id' label={t('review.draft.id')} error={err('id')}>
        <Input id='review-new-id' className={`input${err('id') ? ' input--invalid' : ''}`} value={form.id} maxlength={80} onInput={(e) => set({ id: e.detail.value })} />
      </Field>
      <Field name='topic' label={t('review.draft.topic')} error={err('topic')}>
        <View className='console-actions'>
          {KB_TOPICS.map((topic) => (
            <View key={topic} id={`review-topic-${topic}`} className={`chip${form.topic === topic ? ' chip--active' : ''}`} onClick={() => set({ topic })}>
              {topic}
            </View>
          ))}
        </View>
      </Field>
      {LANGS.map((l) => (
        <View key={l}>
          <Field name={`questions.${l}`} label={t('review.draft.questions', { lang: langName(l) })} error={err(`questions.${l}`)}>
            <Textarea id={`review-new-questions-${l}`} className='textarea' value={form.questions[l]} onInput={(e) => setText('questions', l, e.detail.value)} />
          </Field>
          <Field name={`answer.${l}`} label={t('review.draft.answer', { lang: langName(l) })} error={err(`answer.${l}`)}>
            <Textarea id={`review-new-answer-${l}`} className='textarea' value={form.answer[l]} maxlength={800} onInput={(e) => setText('answer', l, e.detail.value)} />
          </Field>
          <Field name={`source.org.${l}`} label={t('review.draft.org', { lang: langName(l) })} error={err(`source.org.${l}`)}>
            <Input id={`review-new-org-${l}`} className='input' value={form.org[l]} maxlength={120} onInput={(e) => setText('org', l, e.detail.value)} />
          </Field>
        </View>
      ))}
      <Field name='source.url' label={t('review.draft.url')} error={err('source.url')}>
        <Input id='review-new-url' className='input' value={form.url} onInput={(e) => set({ url: e.detail.value })} />
      </Field>
      <Field name='lastVerified' label={t('review.draft.lastVerified')} error={err('lastVerified')}>
        <Input id='review-new-verified' className='input' value={form.lastVerified} maxlength={10} onInput={(e) => set({ lastVerified: e.detail.value })} />
      </Field>
      {error ? <Text className='field__error' id='review-entry-error'>{error}</Text> : null}
      <ActionButton id='review-new-submit' busy={busy} onClick={() => void submit()}>
        {t('review.draft.save')}
      </ActionButton>
    </View>
  );
}

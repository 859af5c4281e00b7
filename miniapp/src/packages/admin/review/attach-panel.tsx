import { useEffect, useMemo, useState } from 'react';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { LANGS, type KbEntryDto, type Lang, type ReviewGroupDto, type ReviewResolutionDto } from '@bay/shared';
import Field from '../../../components/field';
import ActionButton from '../../../components/action-button';
import { usePrefs } from '../../../hooks/use-prefs';
import { reviewApi } from '../../../services/api';
import { ApiError } from '../../../services/request';

const MAX_RESULTS = 8;
/** Pages of GET /api/admin/kb read for the picker (300 entries each). */
const MAX_PAGES = 5;

/** Every entry, read once per panel through the admin KB list (no search endpoint is needed for a few hundred entries). */
async function loadEntries(): Promise<KbEntryDto[]> {
  const all: KbEntryDto[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await reviewApi.kbPage(cursor);
    all.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return all;
}

function matches(entry: KbEntryDto, words: string[]): boolean {
  const text = [entry.id, ...LANGS.flatMap((l) => entry.questions[l])].join('\n').toLowerCase();
  return words.every((w) => text.includes(w));
}

interface Props {
  group: ReviewGroupDto;
  onDone: (result: ReviewResolutionDto) => void;
}

/** Pick an entry (search by id or question words), the language and the wording, then add it as a new way of asking. */
export default function AttachPanel({ group, onDone }: Props) {
  const { t } = usePrefs();
  const [entries, setEntries] = useState<KbEntryDto[] | null>(null);
  const [query, setQuery] = useState('');
  const [entryId, setEntryId] = useState<string | null>(null);
  const [lang, setLang] = useState<Lang>(group.langs[0] ?? 'zh-Hans');
  const [question, setQuestion] = useState(group.question);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    loadEntries().then(setEntries, (e: Error) => setError(e.message));
  }, []);

  const results = useMemo(() => {
    if (!entries) return [];
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    // Without a query: the entries the group was offered or answered with first.
    const list = words.length ? entries.filter((e) => matches(e, words)) : entries.filter((e) => group.entryIds.includes(e.id));
    return list.slice(0, MAX_RESULTS);
  }, [entries, query, group.entryIds]);

  const submit = async () => {
    if (!entryId) {
      setFields({ entryId: t('review.pickEntry') });
      return;
    }
    setBusy(true);
    setFields({});
    setError('');
    try {
      onDone(await reviewApi.attach(group.id, { entryId, lang, question: question.trim() }));
    } catch (e) {
      if (e instanceof ApiError) setFields(e.fields);
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='review-panel' id={`review-attach-${group.id}`}>
      <Field name='entryId' label={t('review.searchEntries')} error={fields.entryId}>
        <Input
          id='review-entry-search'
          className='input'
          value={query}
          placeholder={t('review.searchPh')}
          onInput={(e) => setQuery(e.detail.value)}
        />
      </Field>
      <View className='review-panel__results'>
        {entries && !results.length ? <Text className='muted'>{t('review.noEntries')}</Text> : null}
        {results.map((e) => (
          <View
            key={e.id}
            id={`review-entry-${e.id}`}
            className={`chip review-entry${entryId === e.id ? ' chip--active' : ''}`}
            onClick={() => {
              setEntryId(e.id);
              setFields({});
            }}
          >
            <Text className='review-entry__id'>{e.id}</Text>
            <Text className='muted'>{e.questions[lang][0]}</Text>
          </View>
        ))}
      </View>
      <Field name='lang' label={t('review.attachLang')} error={fields.lang}>
        <View className='console-actions'>
          {LANGS.map((l) => (
            <View key={l} id={`review-lang-${l}`} className={`chip${lang === l ? ' chip--active' : ''}`} onClick={() => setLang(l)}>
              {t('ui.langName', { lng: l })}
            </View>
          ))}
        </View>
      </Field>
      <Field name='question' label={t('review.attachQuestion')} error={fields.question}>
        <Textarea
          id='review-question'
          className={`textarea${fields.question ? ' input--invalid' : ''}`}
          value={question}
          maxlength={120}
          onInput={(e) => setQuestion(e.detail.value)}
        />
      </Field>
      {error ? <Text className='field__error' id='review-attach-error'>{error}</Text> : null}
      <ActionButton id='review-attach-submit' busy={busy} onClick={() => void submit()}>
        {entryId ? t('review.attachTo', { id: entryId }) : t('review.attach')}
      </ActionButton>
    </View>
  );
}

import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { ENQUIRY_DEFAULT_PAGE, type EnquiryAnswerDto, type EnquirySourceDto, type TranscriptTurn } from '@bay/shared';
import PageShell from '../../components/page-shell';
import Notice from '../../components/notice';
import ActionButton from '../../components/action-button';
import { usePrefs } from '../../hooks/use-prefs';
import { enquiriesApi } from '../../services/api';
import { openSource } from './open-source';
import './index.scss';

interface UserMessage {
  role: 'user';
  text: string;
}
interface BotMessage {
  role: 'bot';
  text: string;
  intent: EnquiryAnswerDto['intent'];
  sources: EnquirySourceDto[];
  /** A mini-program page with details (from the answer's link line). */
  page?: string;
  suggestions?: { id: string; title: string }[];
  /** What was asked, for a 👍 / 👎 on a knowledge-base answer (one vote per answer). */
  question: string;
  vote?: 'up' | 'down';
}
type ChatMessage = UserMessage | BotMessage;

const QUICK_QUESTIONS = 4;
const MAX_QUESTION_CHARS = 500;
const TRANSCRIPT_TURNS = 6;
/** The server ends FAQ answers with "<label>: <H5 url>/#/<page>"; the page becomes a "details" link. */
const LINK_LINE = /[:：]\s*https?:\/\/\S+?\/#\/(\S+)\s*$/;

/** Splits the answer into the text shown in the ask-bubble and the mini-program page it links to. */
export function splitAnswer(answer: string): { text: string; page?: string } {
  const lines = answer.trim().split('\n');
  const match = lines.length > 1 ? LINK_LINE.exec(lines[lines.length - 1]!) : null;
  if (!match) return { text: answer.trim() };
  lines.pop();
  const page = match[1]!;
  // A link back to this very page adds nothing here.
  return { text: lines.join('\n').trim(), ...(page.startsWith(ENQUIRY_DEFAULT_PAGE) ? {} : { page: `/${page}` }) };
}

function toBotMessage(result: EnquiryAnswerDto, question: string): BotMessage {
  const { text, page } = splitAnswer(result.answer);
  return {
    role: 'bot',
    text,
    question,
    intent: result.intent,
    sources: result.sources,
    ...(page ? { page } : {}),
    ...(result.intent === 'clarify' && result.suggestions?.length ? { suggestions: result.suggestions.slice(0, 3) } : {}),
  };
}

/**
 * Ask (packages/ask/index): a chat with the enquiry engine. Questions go to POST
 * /api/enquiries/answer with the recent turns; an answer shows its source and, when it links into
 * the mini-program, a "details" link. A "which one?" answer shows its suggestions as chips that ask
 * by entry id. Opened with `?entry=<id>` (the bot's and the server's links) it asks that entry.
 */
export default function Ask() {
  const { t, lang } = usePrefs();
  const { params } = useRouter();
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const history = useRef<ChatMessage[]>([]);
  history.current = messages;

  const ask = async (question: string, options: { entryId?: string; shown?: string | null } = {}) => {
    const q = question.trim().slice(0, MAX_QUESTION_CHARS);
    if (!q || busy) return;
    const transcript: TranscriptTurn[] = history.current
      .slice(-TRANSCRIPT_TURNS)
      .map((m) => ({ role: m.role, text: m.text.slice(0, 1000) }))
      .filter((turn) => turn.text.trim());
    const shown = options.shown === undefined ? q : options.shown;
    if (shown) setMessages((prev) => [...prev, { role: 'user', text: shown }]);
    setBusy(true);
    setError('');
    try {
      const result = await enquiriesApi.answer({
        question: q,
        lang,
        ...(options.entryId ? { entryId: options.entryId } : {}),
        ...(transcript.length ? { transcript } : {}),
      });
      setMessages((prev) => [...prev, toBotMessage(result, q)]);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const send = () => {
    const q = draft.trim();
    if (!q || busy) return;
    setDraft('');
    void ask(q);
  };

  // Opened from a link that names an entry: answer it straight away.
  useEffect(() => {
    const entry = params.entry;
    if (entry) void ask(entry, { entryId: entry, shown: null });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (messages.length) void Taro.pageScrollTo({ scrollTop: 1e6, duration: 200 }).catch(() => undefined);
  }, [messages.length, busy]);

  const showSource = async (url: string) => {
    if ((await openSource(url).catch(() => 'copied' as const)) === 'copied') {
      void Taro.showToast({ title: t('ui.ask.copied'), icon: 'none' });
    }
  };

  /** 👍 / 👎: shown as given at once (one vote per answer); a failed send is not retried or shown. */
  const rate = (n: number, helpful: boolean) => {
    const m = messages[n];
    if (m?.role !== 'bot' || m.vote) return;
    setMessages((prev) => prev.map((x, i) => (i === n && x.role === 'bot' ? { ...x, vote: helpful ? 'up' : 'down' } : x)));
    void enquiriesApi
      .feedback({ question: m.question.slice(0, MAX_QUESTION_CHARS), lang, helpful, ...(m.sources[0] ? { entryId: m.sources[0].id } : {}) })
      .catch(() => undefined);
  };

  const last = messages[messages.length - 1];
  const suggestions = last?.role === 'bot' ? last.suggestions : undefined;

  return (
    <PageShell titleKey='ui.ask.title' className='ask'>
      {messages.length === 0 && !busy ? (
        <View className='ask__empty'>
          <Text className='muted'>{t('ui.ask.empty')}</Text>
          <Text className='ask__quick-title'>{t('ui.ask.quickTitle')}</Text>
          <View className='ask__chips'>
            {Array.from({ length: QUICK_QUESTIONS }, (_, i) => t(`ui.ask.quick.${i}`)).map((q, i) => (
              <View key={i} id={`ask-quick-${i}`} className='chip ask__chip' onClick={() => void ask(q)}>
                {q}
              </View>
            ))}
          </View>
        </View>
      ) : null}

      <View className='ask__messages'>
        {messages.map((m, n) =>
          m.role === 'user' ? (
            <View key={n} id={`ask-message-${n}`} className='ask-bubble ask-bubble--user'>
              <Text className='ask-bubble__text'>{m.text}</Text>
            </View>
          ) : (
            <View key={n} id={`ask-message-${n}`} className='ask-bubble ask-bubble--bot'>
              <Text className='ask-bubble__text'>{m.text}</Text>
              {m.intent !== 'clarify' && m.sources[0] ? (
                <Text id={`ask-source-${n}`} className='ask-bubble__source' onClick={() => void showSource(m.sources[0]!.url)}>
                  {t('ui.ask.source', { org: m.sources[0].title })}
                </Text>
              ) : null}
              {m.page ? (
                <Text id={`ask-details-${n}`} className='ask-bubble__link' onClick={() => void Taro.navigateTo({ url: m.page! })}>
                  {t('ui.ask.details')} ›
                </Text>
              ) : null}
              {m.intent === 'faq' ? (
                m.vote ? (
                  <Text id={`ask-thanks-${n}`} className='ask-bubble__thanks'>{t('review.thanks')}</Text>
                ) : (
                  <View className='ask-bubble__rate' aria-label={t('review.feedbackLabel')}>
                    <View id={`ask-helpful-${n}`} className='chip ask-bubble__vote' role='button' onClick={() => rate(n, true)}>
                      {t('review.helpful')}
                    </View>
                    <View id={`ask-unhelpful-${n}`} className='chip ask-bubble__vote' role='button' onClick={() => rate(n, false)}>
                      {t('review.notHelpful')}
                    </View>
                  </View>
                )
              ) : null}
            </View>
          ),
        )}
        {busy ? (
          <View id='ask-loading' className='ask-bubble ask-bubble--bot ask-bubble--loading' aria-busy='true'>
            <Text className='ask-bubble__text'>{t('ui.ask.thinking')}</Text>
          </View>
        ) : null}
      </View>

      {suggestions?.length && !busy ? (
        <View className='ask__chips'>
          {suggestions.map((s) => (
            <View key={s.id} id={`ask-suggestion-${s.id}`} className='chip ask__chip' onClick={() => void ask(s.title, { entryId: s.id })}>
              {s.title}
            </View>
          ))}
        </View>
      ) : null}

      {error ? <Notice kind='error' text={error} id='ask-error' /> : null}

      <View className='ask__bar'>
        <Input
          id='ask-input'
          className='ask__input'
          value={draft}
          placeholder={t('ui.ask.placeholder')}
          maxlength={MAX_QUESTION_CHARS}
          confirmType='send'
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={send}
        />
        <View className='ask__send'>
          <ActionButton id='ask-send' small disabled={!draft.trim()} busy={busy} onClick={send}>
            {t('ui.ask.send')}
          </ActionButton>
        </View>
      </View>
    </PageShell>
  );
}

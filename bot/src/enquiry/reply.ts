import { hasMessage, translator, type EnquiryAnswerDto, type EnquiryIntent } from '@bay/shared';

/** Intents answered from the resident's own data: never shown in a group, never cached. */
export const PERSONAL_INTENTS: ReadonlySet<EnquiryIntent> = new Set(['application_status', 'subscribe', 'unsubscribe', 'handoff']);

/** A chat reply stays readable on a phone: longer answer text is cut (the link has the rest). */
export const MAX_ANSWER_CHARS = 600;

/** The server ends FAQ answers with "<label>: <H5 url>/#/<page>"; the source goes just above it. */
const LINK_LINE = /https?:\/\/\S+\/#\/\S+\s*$/;

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/**
 * The chat text for an answer: the answer (cut to MAX_ANSWER_CHARS), then "来源：<org> <url>" in
 * the answer's language for the first cited source, then the server's mini-program link line.
 * Personal answers and answers without sources are sent as they are.
 */
export function renderAnswer(result: EnquiryAnswerDto): string {
  const lines = result.answer.trim().split('\n');
  const linkLine = lines.length > 1 && LINK_LINE.test(lines.at(-1)!) ? lines.pop()! : undefined;
  const body = cut(lines.join('\n').trim(), MAX_ANSWER_CHARS);
  const source = result.sources[0];
  const sourceLine =
    source && !PERSONAL_INTENTS.has(result.intent) && result.intent !== 'clarify' && !result.answer.includes(source.url)
      ? translator(result.lang)('bot.source', { org: source.title, url: source.url })
      : undefined;
  return [body, sourceLine, linkLine].filter(Boolean).join('\n');
}

/** "Which one do you mean?" with the suggestions as numbered options (1..n, in order). */
export function renderClarify(result: EnquiryAnswerDto): string {
  const t = translator(result.lang);
  const suggestions = result.suggestions ?? [];
  const intro = hasMessage(result.lang, 'enquiry.clarify') ? t('enquiry.clarify') : result.answer.trim().split('\n')[0]!;
  return [intro, ...suggestions.map((s, i) => `${i + 1}. ${s.title}`), t('bot.choiceHint')].join('\n');
}

import type { KbEntry, Lang } from '@bay/shared';
import type { LlmConfig } from '../../core/config.js';
import type { Logger } from '../../core/logger.js';

export type { LlmConfig };

/**
 * Optional LLM phrasing: any OpenAI-compatible `POST {baseUrl}/chat/completions` (a self-hosted
 * Qwen or DeepSeek behind vLLM, Ollama, etc.). The model only rephrases: the system prompt gives it
 * the retrieved entries and forbids anything beyond them; citations always come from retrieval,
 * never from the model. Any timeout, HTTP error or malformed answer returns null, and the caller
 * falls back to the retrieval answer.
 */
export interface LlmClient {
  /** The phrased answer, or null (the caller then uses the retrieval answer). */
  phrase(question: string, lang: Lang, entries: readonly KbEntry[]): Promise<string | null>;
}

const LANG_NAME: Record<Lang, string> = {
  'zh-Hans': 'Simplified Chinese (简体中文)',
  'zh-Hant': 'Traditional Chinese as written in Hong Kong (繁體中文)',
  en: 'English',
};

/** Longest answer accepted from the model (chat-sized; the retrieval answers are at most 400–800). */
const MAX_ANSWER = 600;

export function systemPrompt(lang: Lang, entries: readonly KbEntry[]): string {
  const facts = entries.map((e, i) => [
    `[${i + 1}] ${e.questions[lang][0]}`,
    `Answer: ${e.answer[lang]}`,
    `Source: ${e.source.org[lang]} ${e.source.url} (verified ${e.lastVerified})`,
  ].join('\n')).join('\n\n');
  return [
    'You are the 湾事通 (Bay Connect) assistant for residents of the Guangdong–Hong Kong–Macao Greater Bay Area.',
    'Answer the resident\'s question using ONLY the knowledge-base entries below. Do not add facts, numbers, fees, dates or',
    'links that are not in them. If the entries do not answer the question, say so briefly and suggest asking for a person ("转人工").',
    `Write in ${LANG_NAME[lang]}, in at most 3 short sentences suitable for a chat message. Do not include URLs or source lists: they are added separately.`,
    '',
    'Knowledge-base entries:',
    facts,
  ].join('\n');
}

export function createLlmClient(config: LlmConfig, logger: Logger, fetchImpl: typeof fetch = fetch): LlmClient {
  const url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  return {
    async phrase(question, lang, entries) {
      if (!entries.length) return null;
      const started = performance.now();
      try {
        const res = await fetchImpl(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
          body: JSON.stringify({
            model: config.model,
            messages: [
              { role: 'system', content: systemPrompt(lang, entries) },
              { role: 'user', content: question },
            ],
            temperature: 0.2,
            max_tokens: 400,
            stream: false,
          }),
          signal: AbortSignal.timeout(config.timeoutMs),
        });
        if (!res.ok) {
          logger.warn({ status: res.status, ms: Math.round(performance.now() - started) }, 'llm answered an error; using the retrieval answer');
          return null;
        }
        const body = (await res.json()) as { choices?: { message?: { content?: unknown } }[] };
        const content = body?.choices?.[0]?.message?.content;
        if (typeof content !== 'string' || !content.trim() || content.length > MAX_ANSWER * 2) {
          logger.warn('llm answer malformed; using the retrieval answer');
          return null;
        }
        const text = content.trim();
        return text.length > MAX_ANSWER ? `${text.slice(0, MAX_ANSWER - 1)}…` : text;
      } catch (err) {
        const name = err instanceof Error ? err.name : 'Error';
        logger.warn({ err: { name, message: err instanceof Error ? err.message : String(err) }, ms: Math.round(performance.now() - started) },
          name === 'TimeoutError' ? 'llm timed out; using the retrieval answer' : 'llm unreachable; using the retrieval answer');
        return null;
      }
    },
  };
}

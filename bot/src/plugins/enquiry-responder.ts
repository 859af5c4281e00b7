import { translator, type EnquiryAnswerDto, type InternalEnquiryAnswerRequest, type Lang } from '@bay/shared';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Message, Wechaty, WechatyPlugin } from 'wechaty';
import { BayApiError, type BayApi } from '../api/client.js';
import { ConversationMemory } from '../enquiry/memory.js';
import { PERSONAL_INTENTS, renderAnswer, renderClarify } from '../enquiry/reply.js';
import { defaultBlocklist, type Blocklist } from '../intents/blocklist.js';
import { parseChoice } from '../intents/choice.js';
import { detectIntent, ownerOf } from '../intents/intent.js';
import type { Logger } from '../logger.js';
import { addressedToBot, listen } from './listen.js';

export interface EnquiryResponderOptions {
  api: BayApi;
  logger: Logger;
  /** Questions one contact may ask per minute (BOT_ENQUIRY_PER_MINUTE). */
  perMinute: number;
  blocklist?: Blocklist;
  /** How long numbered options and recent turns are remembered (default 10 minutes). */
  memoryTtlMs?: number;
  /** Turns sent as the transcript (default 6). */
  transcriptTurns?: number;
}

/** The server takes questions of up to 500 characters. */
const MAX_QUESTION_CHARS = 500;

/**
 * EnquiryResponder: answers residents' questions through the server's internal answer API.
 *
 * Guards first (see `textAddressedToBot`): private text, or room text that @-mentions the bot;
 * never its own, non-text or stale messages. Only texts `ownerOf` gives to the enquiry side are
 * handled (bind codes stay with the Binder, greetings and help with the Greeter). Then, in order:
 * the per-contact rate limit (one polite message when first exceeded, then silence for the rest of
 * the minute), the blocklist (one neutral reply; nothing goes to the server), a reply of 1/2/3 to
 * pending numbered options (answered by entry id), a "有用" / "没用" on the last knowledge-base
 * answer (sent to the admins' review, one vote per answer), otherwise the question itself with the
 * last few turns as transcript (the server reads follow-ups such as "那澳门呢?" with it). Answers are not cached: the server answers personal intents only for
 * the contact's own bound account, and in a room such an answer goes to the asker privately.
 */
export function EnquiryResponder(options: EnquiryResponderOptions): WechatyPlugin {
  const log = options.logger.child({ plugin: 'EnquiryResponder' });
  const blocklist = options.blocklist ?? defaultBlocklist();
  const memory = new ConversationMemory({ ttlMs: options.memoryTtlMs, maxTurns: options.transcriptTurns });
  const limiter = new RateLimiterMemory({ keyPrefix: 'bot-enquiry', points: options.perMinute, duration: 60 });

  /** True when the contact may ask now; tells them once per window when they may not. */
  async function withinLimit(msg: Message, contactId: string, lang: Lang): Promise<boolean> {
    try {
      await limiter.consume(contactId);
      return true;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      if (rejection.consumedPoints === options.perMinute + 1) {
        log.info({ contactId }, 'enquiry rate limit reached');
        await msg.say(translator(lang)('bot.rateLimited'));
      }
      return false;
    }
  }

  async function ask(body: InternalEnquiryAnswerRequest, lang: Lang): Promise<EnquiryAnswerDto | string> {
    try {
      return await options.api.answer(body);
    } catch (error) {
      if (error instanceof BayApiError && error.status === 429) return translator(lang)('bot.rateLimited');
      log.warn({ err: error, contactId: body.contactId }, 'enquiry not answered');
      return translator(lang)('e.unavailable');
    }
  }

  async function onQuestion(msg: Message, text: string): Promise<void> {
    const intent = detectIntent(text);
    if (ownerOf(intent) !== 'enquiry') return;

    const talker = msg.talker();
    const room = msg.room();
    const conversation = room ? `${room.id}/${talker.id}` : talker.id;
    if (!(await withinLimit(msg, talker.id, intent.lang))) return;
    if (blocklist.matches(text)) {
      log.info({ contactId: talker.id }, 'blocked message not forwarded');
      await msg.say(translator(intent.lang)('bot.blocked'));
      return;
    }

    if (intent.kind === 'feedback') {
      // A vote on the last answer (one per answer); without one it is just a question.
      const answered = memory.takeAnswered(conversation);
      if (answered) {
        await options.api.feedback({ contactId: talker.id, question: answered.question, lang: answered.lang, helpful: intent.helpful, ...(answered.entryId ? { entryId: answered.entryId } : {}) })
          .catch((error: unknown) => log.warn({ err: error, contactId: talker.id }, 'feedback not recorded'));
        const thanks = translator(answered.lang)(intent.helpful ? 'bot.feedbackThanks' : 'bot.feedbackSorry');
        memory.record(conversation, 'user', text);
        memory.record(conversation, 'bot', thanks);
        await msg.say(thanks);
        return;
      }
    }

    const pending = memory.pendingChoice(conversation);
    const chosen = pending ? parseChoice(text, pending.suggestions.length) : undefined;
    const suggestion = pending && chosen ? pending.suggestions[chosen - 1] : undefined;
    const transcript = memory.transcript(conversation);
    const body: InternalEnquiryAnswerRequest = {
      question: [...(suggestion ? suggestion.title : text)].slice(0, MAX_QUESTION_CHARS).join(''),
      contactId: talker.id,
      ...(suggestion && pending ? { entryId: suggestion.id, lang: pending.lang } : {}),
      ...(transcript.length ? { transcript } : {}),
    };
    const result = await ask(body, pending && suggestion ? pending.lang : intent.lang);
    // A picked option is recorded as the question it stands for, so a follow-up ("要几钱?") has its context.
    memory.record(conversation, 'user', suggestion ? suggestion.title : text);

    if (typeof result === 'string') {
      memory.record(conversation, 'bot', result);
      await msg.say(result);
      return;
    }
    let reply: string;
    if (result.intent === 'clarify' && result.suggestions?.length) {
      memory.offerChoice(conversation, { lang: result.lang, suggestions: result.suggestions.slice(0, 3) });
      reply = renderClarify({ ...result, suggestions: result.suggestions.slice(0, 3) });
    } else {
      memory.clearChoice(conversation);
      reply = renderAnswer(result);
      if (result.intent === 'faq') {
        // Knowledge-base answers invite a "有用" / "没用", which goes to the admins' review.
        const entryId = result.sources[0]?.id;
        memory.answered(conversation, { question: body.question, lang: result.lang, ...(entryId ? { entryId } : {}) });
        reply = `${reply}\n${translator(result.lang)('bot.feedbackHint')}`;
      } else memory.answered(conversation, undefined);
    }
    memory.record(conversation, 'bot', reply);
    log.debug({ contactId: talker.id, intent: result.intent, confidence: result.confidence, entryId: body.entryId }, 'enquiry answered');

    if (room && PERSONAL_INTENTS.has(result.intent)) {
      // The resident's own data is never shown to the rest of a group.
      await talker.say(reply);
      await room.say(translator(result.lang)('bot.repliedPrivately'), talker);
      return;
    }
    await msg.say(reply);
  }

  return (bot: Wechaty) => listen(bot, { message: addressedToBot(onQuestion) });
}

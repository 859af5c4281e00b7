import { translator } from '@bay/shared';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Message, Wechaty, WechatyPlugin } from 'wechaty';
import { BayApiError, type BayApi } from '../api/client.js';
import { detectIntent } from '../intents/intent.js';
import type { Logger } from '../logger.js';
import { addressedToBot, listen } from './listen.js';

export interface BinderOptions {
  api: BayApi;
  logger: Logger;
  /** Bind attempts one contact may make per window before the bot stops forwarding them (default 5 per 10 minutes). */
  attempts?: { points: number; durationSeconds: number };
}

/**
 * Binder: a contact sends the bind code shown in the mini-program; the server links that contact
 * to the account and the bot confirms in the account's language. A code the server refuses (used,
 * expired, unknown) or a bind attempt without a valid code gets `bot.bindFailed` in the language
 * of the message; a server that cannot be reached gets `e.unavailable`.
 *
 * Attempts are limited per contact here, before they reach the server (which limits them again per
 * contact, per code and in total, across workers): a contact guessing codes is told to wait
 * (`bot.bindTooMany`) without another request being made.
 */
export function Binder(options: BinderOptions): WechatyPlugin {
  const log = options.logger.child({ plugin: 'Binder' });
  const { points, durationSeconds } = options.attempts ?? { points: 5, durationSeconds: 600 };
  const attempts = new RateLimiterMemory({ keyPrefix: 'bind', points, duration: durationSeconds });
  const allowed = (contactId: string) => attempts.consume(contactId).then(() => true, (err: unknown) => {
    if (err instanceof RateLimiterRes) return false;
    throw err;
  });
  async function onBindAttempt(msg: Message, text: string): Promise<void> {
    const intent = detectIntent(text);
    if (intent.kind !== 'bind' && intent.kind !== 'bindMalformed') return;
    const talker = msg.talker();
    if (!await allowed(talker.id)) {
      log.info({ contactId: talker.id }, 'bind attempts over the limit');
      await msg.say(translator(intent.lang)('bot.bindTooMany'));
      return;
    }
    if (intent.kind === 'bindMalformed') {
      await msg.say(translator(intent.lang)('bot.bindFailed'));
      return;
    }

    const contactName = talker.name().slice(0, 128);
    try {
      const result = await options.api.bind({ code: intent.code, contactId: talker.id, ...(contactName ? { contactName } : {}) });
      log.info({ userId: result.userId, contactId: talker.id }, 'contact bound');
      await msg.say(translator(result.lang)('bot.bound', { name: result.nickname || contactName }));
    } catch (error) {
      if (error instanceof BayApiError && error.status === 429) {
        log.info({ contactId: talker.id }, 'bind refused: rate limited by the server');
        await msg.say(translator(intent.lang)('bot.bindTooMany'));
        return;
      }
      if (error instanceof BayApiError && !error.retryable) {
        log.info({ contactId: talker.id, status: error.status, code: error.code }, 'bind refused');
        await msg.say(translator(intent.lang)('bot.bindFailed'));
        return;
      }
      log.warn({ err: error, contactId: talker.id }, 'bind failed: server unavailable');
      await msg.say(translator(intent.lang)('e.unavailable'));
    }
  }

  return (bot: Wechaty) => listen(bot, { message: addressedToBot(onBindAttempt) });
}

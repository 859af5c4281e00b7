import { translator } from '@bay/shared';
import type { Wechaty, WechatyPlugin } from 'wechaty';
import { detectIntent, ownerOf } from '../intents/intent.js';
import { addressedToBot, listen } from './listen.js';

/**
 * Greeter: a greeting or a request for help ("你好", "hi", "help", "帮助", "怎么用") gets
 * `bot.welcome` (what the bot can do, how to bind) in the language the message is written in.
 * Questions belong to the EnquiryResponder and bind attempts to the Binder (see `ownerOf`).
 */
export function Greeter(): WechatyPlugin {
  return (bot: Wechaty) => listen(bot, {
    message: addressedToBot(async (msg, text) => {
      const intent = detectIntent(text);
      if (ownerOf(intent) !== 'greeter') return;
      await msg.say(translator(intent.lang)('bot.welcome'));
    }),
  });
}

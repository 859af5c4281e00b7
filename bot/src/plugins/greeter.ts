import { translator } from '@bay/shared';
import type { Message, Wechaty, WechatyPlugin } from 'wechaty';
import { detectIntent, ownerOf } from '../intents/intent.js';
import { textAddressedToBot } from './guards.js';

/**
 * Greeter: a greeting or a request for help ("你好", "hi", "help", "帮助", "怎么用") gets
 * `bot.welcome` (what the bot can do, how to bind) in the language the message is written in.
 * Questions belong to the EnquiryResponder and bind attempts to the Binder (see `ownerOf`).
 */
export function Greeter(): WechatyPlugin {
  return (bot: Wechaty) => {
    const onMessage = async (msg: Message) => {
      try {
        const text = await textAddressedToBot(msg);
        if (text === undefined) return;
        const intent = detectIntent(text);
        if (ownerOf(intent) !== 'greeter') return;
        await msg.say(translator(intent.lang)('bot.welcome'));
      } catch (error) {
        bot.emitError(error);
      }
    };
    bot.on('message', onMessage);
    return () => {
      bot.off('message', onMessage);
    };
  };
}

import { translator } from '@bay/shared';
import type { Message, Wechaty, WechatyPlugin } from 'wechaty';
import { detectIntent } from '../intents/intent.js';
import { textAddressedToBot } from './guards.js';

/**
 * Greeter: any text addressed to the bot that is not a bind attempt gets `bot.help` (how to bind)
 * in the language the message is written in. Answering enquiries comes in a later plugin.
 */
export function Greeter(): WechatyPlugin {
  return (bot: Wechaty) => {
    const onMessage = async (msg: Message) => {
      try {
        const text = await textAddressedToBot(msg);
        if (text === undefined) return;
        const intent = detectIntent(text);
        if (intent.kind === 'bind' || intent.kind === 'bindMalformed') return;
        await msg.say(translator(intent.lang)('bot.help'));
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

import { DEFAULT_LANG, translator } from '@bay/shared';
import { types, type Friendship, type Wechaty, type WechatyPlugin } from 'wechaty';
import { guessLang } from '../intents/lang.js';
import type { Logger } from '../logger.js';
import { listen } from './listen.js';

/** The part of a Wechaty Friendship the handler uses (tests may pass a stand-in). */
export type FriendRequest = Pick<Friendship, 'type' | 'accept' | 'hello' | 'contact'>;

/**
 * Accepts a friend request and greets the new contact with `bot.welcome` (what the bot can do and
 * how to bind an account), in the language of the request's hello text (default zh-Hans).
 * Confirmations and verification requests need nothing from us; greeting only after our own accept
 * keeps a puppet that also reports the confirmation from greeting twice.
 */
export async function acceptFriendRequest(request: FriendRequest, log?: Logger): Promise<boolean> {
  if (request.type() !== types.Friendship.Receive) return false;
  await request.accept();
  const contact = request.contact();
  const lang = guessLang(request.hello() ?? '', { fallback: DEFAULT_LANG });
  await contact.say(translator(lang)('bot.welcome'));
  log?.info({ contactId: contact.id, lang }, 'friend request accepted');
  return true;
}

export function FriendshipAccepter(options: { logger: Logger }): WechatyPlugin {
  const log = options.logger.child({ plugin: 'FriendshipAccepter' });
  return (bot: Wechaty) => listen(bot, { friendship: (friendship) => acceptFriendRequest(friendship, log) });
}

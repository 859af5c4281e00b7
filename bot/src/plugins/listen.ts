import type { Contact, ContactSelf, Friendship, Message, Room, Wechaty } from 'wechaty';
import { textAddressedToBot } from './guards.js';

/**
 * A plugin's handlers, by event (the events our plugins use, typed as Wechaty emits them; wechaty
 * does not export its own listener map); each may be async.
 */
export interface Handlers {
  message?: (msg: Message) => unknown;
  friendship?: (friendship: Friendship) => unknown;
  login?: (user: ContactSelf) => unknown;
  logout?: (user: ContactSelf, reason?: string) => unknown;
  'room-join'?: (room: Room, invitees: Contact[], inviter: Contact, date?: Date) => unknown;
}

/**
 * The one way a plugin listens to the bot: registers each handler and returns the cleanup that
 * removes them all (what a WechatyPlugin returns). Whatever a handler throws or rejects with goes
 * to the bot's `error` event, so one bad message never stops the next. The bot's own messages
 * never reach a `message` handler.
 */
export function listen(bot: Wechaty, handlers: Handlers): () => void {
  const registered = Object.entries(handlers).map(([event, handler]) => {
    const listener = async (...args: unknown[]) => {
      try {
        if (event === 'message' && (args[0] as Message).self()) return;
        await (handler as (...a: unknown[]) => unknown)(...args);
      } catch (error) {
        bot.emitError(error);
      }
    };
    bot.on(event as never, listener as never);
    return () => { bot.off(event as never, listener as never); };
  });
  return () => {
    for (const off of registered) off();
  };
}

/** A `message` handler that sees only texts addressed to the bot (see `textAddressedToBot`), with that text. */
export function addressedToBot(handler: (msg: Message, text: string) => unknown): (msg: Message) => Promise<void> {
  return async (msg) => {
    const text = await textAddressedToBot(msg);
    if (text !== undefined) await handler(msg, text);
  };
}

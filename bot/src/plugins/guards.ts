import { types, type Message } from 'wechaty';

/** Messages older than this (history some puppets replay after login) are not answered. */
const MAX_AGE_SECONDS = 5 * 60;

/**
 * The text a conversational plugin should look at, or undefined when the message is not for us:
 * our own messages, anything but text, stale messages, and room messages that do not mention the
 * bot. In a room the mention itself is removed from the text.
 */
export async function textAddressedToBot(msg: Message): Promise<string | undefined> {
  if (msg.self()) return undefined;
  if (msg.type() !== types.Message.Text) return undefined;
  if (msg.age() > MAX_AGE_SECONDS) return undefined;
  if (msg.room()) {
    if (!(await msg.mentionSelf())) return undefined;
    return (await msg.mentionText()).trim() || undefined;
  }
  return msg.text().trim() || undefined;
}

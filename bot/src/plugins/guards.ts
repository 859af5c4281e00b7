import { types, type Message } from 'wechaty';
import { mentionsAny, stripMentions } from '../intents/mention.js';

/** Messages older than this (history some puppets replay after login) are not answered. */
const MAX_AGE_SECONDS = 5 * 60;

/**
 * The text a conversational plugin should look at, or undefined when the message is not for us:
 * our own messages, anything but text, stale messages, and room messages that do not mention the
 * bot. In a room every mention (the bot's and other members') is removed from the text. A mention
 * counts when the puppet lists the bot among the mentioned contacts, or (puppets such as wechat4u
 * leave that list empty) when the text contains "@<the bot's name or room alias>".
 */
export async function textAddressedToBot(msg: Message): Promise<string | undefined> {
  if (msg.self()) return undefined;
  if (msg.type() !== types.Message.Text) return undefined;
  if (msg.age() > MAX_AGE_SECONDS) return undefined;
  const text = msg.text();
  const room = msg.room();
  if (!room) return text.trim() || undefined;

  const self = msg.wechaty.currentUser;
  const nameIn = async (contact: { name(): string }) => [contact.name(), (await room.alias(contact as never).catch(() => undefined)) ?? ''];
  const selfNames = await nameIn(self);
  if (!(await msg.mentionSelf()) && !mentionsAny(text, selfNames)) return undefined;
  const others = await Promise.all((await msg.mentionList().catch(() => [])).map(nameIn));
  return stripMentions(text, [...selfNames, ...others.flat()]) || undefined;
}

import { EventEmitter } from 'node:events';
import { describe, expect, it } from '@jest/globals';
import { types, type Message, type Wechaty } from 'wechaty';
import { addressedToBot, listen } from '../listen.js';

/** The part of a Wechaty the helper uses: its events and `emitError`. */
function fakeBot() {
  const errors: unknown[] = [];
  const emitter = new EventEmitter();
  const bot = Object.assign(emitter, { emitError: (error: unknown) => void errors.push(error) }) as unknown as Wechaty;
  return { bot, emitter, errors };
}

/** A private text message (what `textAddressedToBot` looks at). */
function message(text: string, options: { self?: boolean } = {}): Message {
  return {
    self: () => options.self ?? false,
    type: () => types.Message.Text,
    age: () => 0,
    room: () => undefined,
    text: () => text,
  } as unknown as Message;
}

/** Lets the listeners' promises settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('listen', () => {
  it('hands a throwing handler\'s error to the bot\'s error event and still handles the next message', async () => {
    const { bot, emitter, errors } = fakeBot();
    const seen: string[] = [];
    listen(bot, {
      message: async (msg) => {
        if (msg.text() === 'boom') throw new Error('handler failed');
        seen.push(msg.text());
      },
    });
    emitter.emit('message', message('boom'));
    emitter.emit('message', message('next'));
    await settle();
    expect(errors).toEqual([new Error('handler failed')]);
    expect(seen).toEqual(['next']);
  });

  it('catches what a synchronous handler throws too', async () => {
    const { bot, emitter, errors } = fakeBot();
    listen(bot, { login: () => { throw new Error('sync'); } });
    emitter.emit('login', {});
    await settle();
    expect(errors).toEqual([new Error('sync')]);
  });

  it('never passes the bot\'s own messages to a message handler', async () => {
    const { bot, emitter } = fakeBot();
    const seen: string[] = [];
    listen(bot, { message: (msg) => void seen.push(msg.text()) });
    emitter.emit('message', message('from me', { self: true }));
    emitter.emit('message', message('from a contact'));
    await settle();
    expect(seen).toEqual(['from a contact']);
  });

  it('registers every handler and its cleanup removes them all', async () => {
    const { bot, emitter } = fakeBot();
    const calls: string[] = [];
    const stop = listen(bot, { login: () => void calls.push('login'), logout: () => void calls.push('logout') });
    expect(emitter.listenerCount('login')).toBe(1);
    expect(emitter.listenerCount('logout')).toBe(1);
    emitter.emit('login', {});
    stop();
    emitter.emit('login', {});
    emitter.emit('logout', {});
    await settle();
    expect(calls).toEqual(['login']);
    expect(emitter.listenerCount('login') + emitter.listenerCount('logout')).toBe(0);
  });
});

describe('addressedToBot', () => {
  it('hands over the trimmed text of a message for the bot and skips the rest', async () => {
    const seen: string[] = [];
    const handler = addressedToBot((_msg, text) => void seen.push(text));
    await handler(message('  你好  '));
    await handler(message('   '));
    await handler({ ...message('a picture'), type: () => types.Message.Image } as unknown as Message);
    expect(seen).toEqual(['你好']);
  });
});

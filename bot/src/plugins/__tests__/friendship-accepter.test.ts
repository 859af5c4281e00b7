import { describe, expect, it, jest } from '@jest/globals';
import { translator } from '@bay/shared';
import { types } from 'wechaty';
import { acceptFriendRequest, type FriendRequest } from '../friendship-accepter.js';

/** A minimal stand-in for a Wechaty Friendship (the integration spec drives the mock puppet). */
function request(type: number, hello: string) {
  const said: string[] = [];
  const accept = jest.fn(async () => undefined);
  const fake = {
    type: () => type,
    hello: () => hello,
    accept,
    contact: () => ({ id: 'c1', say: async (text: string) => void said.push(text) }),
  } as unknown as FriendRequest;
  return { fake, accept, said };
}

describe('acceptFriendRequest', () => {
  it('accepts a received request and greets in the language of its hello text', async () => {
    const hant = request(types.Friendship.Receive, '我係陳生，想問下回鄉證嘅嘢');
    expect(await acceptFriendRequest(hant.fake)).toBe(true);
    expect(hant.accept).toHaveBeenCalledTimes(1);
    expect(hant.said).toEqual([translator('zh-Hant')('bot.welcome')]);

    const en = request(types.Friendship.Receive, 'Hi, I am Sam');
    await acceptFriendRequest(en.fake);
    expect(en.said).toEqual([translator('en')('bot.welcome')]);

    const silent = request(types.Friendship.Receive, '');
    await acceptFriendRequest(silent.fake);
    expect(silent.said).toEqual([translator('zh-Hans')('bot.welcome')]);
  });

  it('ignores confirmations and verification requests', async () => {
    for (const type of [types.Friendship.Confirm, types.Friendship.Verify]) {
      const other = request(type, 'hi');
      expect(await acceptFriendRequest(other.fake)).toBe(false);
      expect(other.accept).not.toHaveBeenCalled();
      expect(other.said).toEqual([]);
    }
  });
});

import { describe, expect, it } from '@jest/globals';
import { createBlocklist, defaultBlocklist, parseBlocklist } from '../blocklist.js';

describe('the blocklist', () => {
  const list = defaultBlocklist();

  it.each(['你个傻逼', '傻 逼', '你媽的', '仆街啦你', '屌你老母', '丟你老母', 'on9', 'fuck you', 'F*ck off? no: FUCK off', 'you stupid bot', 'Go  to hell'])(
    'blocks %j',
    (text) => {
      expect(list.matches(text)).toBe(true);
    },
  );

  it.each(['罗湖口岸几点开门', '回鄉證過期點算', 'How do I renew my Home Return Permit?', 'Scunthorpe shitake mushrooms', 'classic assessment', '智障人士津贴点样申请', 'I want to pass the bridge'])(
    'lets %j through',
    (text) => {
      expect(list.matches(text)).toBe(false);
    },
  );

  it('reads the data file: one entry a line, comments and blanks skipped', () => {
    expect(parseBlocklist('# comment\n\nFoo\n  坏词 \n')).toEqual(['foo', '坏词']);
    const custom = createBlocklist(['foo bar', '坏词']);
    expect(custom.matches('FOO   bar!')).toBe(true);
    expect(custom.matches('foobar')).toBe(false);
    expect(custom.matches('坏、词')).toBe(true);
  });
});

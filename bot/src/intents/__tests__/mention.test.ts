import { describe, expect, it } from '@jest/globals';
import { mentionsAny, stripMentions } from '../mention.js';

describe('stripMentions', () => {
  it('removes the bot mention WeChat writes with a four-per-em space', () => {
    expect(stripMentions('@湾事通助手\u2005罗湖口岸几点开门', ['湾事通助手'])).toBe('罗湖口岸几点开门');
  });

  it('removes a mention at the end, in the middle, or with a plain space, and every occurrence', () => {
    expect(stripMentions('請問回鄉證點樣續期 @灣事通', ['灣事通'])).toBe('請問回鄉證點樣續期');
    expect(stripMentions('hi @Bay Connect what time does Lo Wu open', ['Bay Connect'])).toBe('hi what time does Lo Wu open');
    expect(stripMentions('@助手 @助手 help', ['助手'])).toBe('help');
  });

  it('prefers the longest name, so a shorter member name does not leave half a mention behind', () => {
    expect(stripMentions('@湾事通助手\u2005@湾事通\u2005你好', ['湾事通', '湾事通助手'])).toBe('你好');
  });

  it('leaves e-mail addresses and other @ text alone', () => {
    expect(stripMentions('send to a@b.com please', ['b'])).toBe('send to a@b.com please');
    expect(stripMentions('no mention here', ['湾事通助手'])).toBe('no mention here');
  });

  it('treats regex characters in a name literally', () => {
    expect(stripMentions('@Bot (HK)+ help', ['Bot (HK)+'])).toBe('help');
  });
});

describe('mentionsAny', () => {
  it('finds a mention of any name, not a name without @ or a longer name', () => {
    expect(mentionsAny('@湾事通助手\u2005你好', ['湾事通助手'])).toBe(true);
    expect(mentionsAny('湾事通助手你好', ['湾事通助手'])).toBe(false);
    expect(mentionsAny('@湾事通助手们 你好', ['湾事通助手'])).toBe(false);
    expect(mentionsAny('@x hi', ['', ' '])).toBe(false);
  });
});

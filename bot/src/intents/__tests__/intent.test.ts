import { describe, expect, it } from '@jest/globals';
import { detectIntent } from '../intent.js';

describe('detectIntent', () => {
  it('recognises a bind code with the language of the words around it', () => {
    expect(detectIntent('綁定 ab23cd')).toEqual({ kind: 'bind', code: 'AB23CD', lang: 'zh-Hant' });
    expect(detectIntent('bind AB23CD')).toEqual({ kind: 'bind', code: 'AB23CD', lang: 'en' });
    expect(detectIntent('AB23CD')).toEqual({ kind: 'bind', code: 'AB23CD', lang: 'zh-Hans' });
  });

  it('recognises a bind attempt without a valid code', () => {
    expect(detectIntent('绑定 12345')).toEqual({ kind: 'bindMalformed', lang: 'zh-Hans' });
    expect(detectIntent('bind XX')).toEqual({ kind: 'bindMalformed', lang: 'en' });
  });

  it.each([
    ['你好', 'zh-Hans'],
    ['您好！', 'zh-Hans'],
    ['哈囉', 'zh-Hant'],
    ['Hello!', 'en'],
    ['good morning', 'en'],
  ] as const)('recognises the greeting %j', (text, lang) => {
    expect(detectIntent(text)).toEqual({ kind: 'greeting', lang });
  });

  it.each([
    ['怎么接收通知？', 'zh-Hans'],
    ['點樣用？', 'zh-Hant'],
    ['help', 'en'],
    ['How do I get updates', 'en'],
  ] as const)('recognises the help request %j', (text, lang) => {
    expect(detectIntent(text)).toEqual({ kind: 'help', lang });
  });

  it('leaves anything else as other, with a language guess', () => {
    expect(detectIntent('thanks')).toEqual({ kind: 'other', lang: 'en' });
    expect(detectIntent('罗湖口岸几点开门')).toEqual({ kind: 'other', lang: 'zh-Hans' });
  });
});

import { describe, expect, it } from '@jest/globals';
import { detectIntent, ownerOf } from '../intent.js';

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

  it.each([
    ['帮助', 'zh-Hans'],
    ['幫助', 'zh-Hant'],
    ['?', 'zh-Hans'],
    ['menu', 'en'],
  ] as const)('recognises the bare help word %j', (text, lang) => {
    expect(detectIntent(text)).toEqual({ kind: 'help', lang });
  });

  it('leaves anything else as other, with a language guess', () => {
    expect(detectIntent('thanks')).toEqual({ kind: 'other', lang: 'en' });
    expect(detectIntent('罗湖口岸几点开门')).toEqual({ kind: 'other', lang: 'zh-Hans' });
  });

  it.each([
    ['罗湖口岸怎么去？', 'zh-Hans'],
    ['回鄉證過期點算？', 'zh-Hant'],
    ['點樣用八達通俾錢？', 'zh-Hant'],
    ['How do I apply for a residence permit?', 'en'],
    ['微信支付怎么绑定香港银行卡', 'zh-Hans'],
    ['怎么退订通知', 'zh-Hans'],
  ] as const)('leaves a real question for the server: %j', (text, lang) => {
    expect(detectIntent(text)).toEqual({ kind: 'other', lang });
  });
});

describe('ownerOf', () => {
  it('gives each text to exactly one plugin: bind attempts to the Binder, greetings and help to the Greeter, the rest to the EnquiryResponder', () => {
    expect(ownerOf(detectIntent('AB23CD'))).toBe('binder');
    expect(ownerOf(detectIntent('绑定 123'))).toBe('binder');
    expect(ownerOf(detectIntent('你好'))).toBe('greeter');
    expect(ownerOf(detectIntent('help'))).toBe('greeter');
    expect(ownerOf(detectIntent('港车北上要买什么保险'))).toBe('enquiry');
    expect(ownerOf(detectIntent('2'))).toBe('enquiry');
  });
});

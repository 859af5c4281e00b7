import { describe, expect, it } from '@jest/globals';
import { guessLang } from '../lang.js';

describe('guessLang', () => {
  it.each([
    ['绑定 AB23CD', 'zh-Hans'],
    ['你好，我想问一下', 'zh-Hans'],
    ['綁定 AB23CD', 'zh-Hant'],
    ['你好，請問點樣綁定', 'zh-Hant'],
    ['我喺香港，佢哋話要綁定', 'zh-Hant'],
    ['bind AB23CD', 'en'],
    ['Hello there', 'en'],
  ] as const)('%j → %s', (text, lang) => {
    expect(guessLang(text)).toBe(lang);
  });

  it('ignores the code itself, so a bare code falls back to the default language', () => {
    expect(guessLang('AB23CD', { ignore: 'AB23CD' })).toBe('zh-Hans');
    expect(guessLang('ab 23 cd', { ignore: 'AB23CD', fallback: 'en' })).toBe('en');
    expect(guessLang('bind ab23cd', { ignore: 'AB23CD' })).toBe('en');
  });

  it('falls back when there is no language signal at all', () => {
    expect(guessLang('123 !!', { fallback: 'zh-Hant' })).toBe('zh-Hant');
    expect(guessLang('👍')).toBe('zh-Hans');
  });
});

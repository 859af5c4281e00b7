import { describe, expect, it } from '@jest/globals';
import { pickText, textIn } from '../localised.js';

describe('one localised-text pick', () => {
  const full = { 'zh-Hans': '罗湖', 'zh-Hant': '羅湖', en: 'Lo Wu' };
  it('takes the language asked for', () => {
    expect(pickText(full, 'zh-Hant')).toEqual({ text: '羅湖' });
    expect(textIn(full, 'en')).toBe('Lo Wu');
  });
  it('falls back to the other Chinese first, then English; English to 简体, then 繁體; blank counts as missing', () => {
    expect(pickText({ 'zh-Hans': '罗湖', en: 'Lo Wu' }, 'zh-Hant')).toEqual({ text: '罗湖', fallbackFrom: 'zh-Hans' });
    expect(pickText({ 'zh-Hant': '羅湖', en: 'Lo Wu' }, 'zh-Hans')).toEqual({ text: '羅湖', fallbackFrom: 'zh-Hant' });
    expect(pickText({ 'zh-Hant': '羅湖', en: ' ' }, 'en')).toEqual({ text: '羅湖', fallbackFrom: 'zh-Hant' });
    expect(pickText({ en: 'Lo Wu' }, 'zh-Hant')).toEqual({ text: 'Lo Wu', fallbackFrom: 'en' });
    expect(textIn(null, 'en')).toBe('');
    expect(textIn('as is', 'zh-Hans')).toBe('as is');
  });
});

import { describe, expect, it } from '@jest/globals';
import { OrgRegisterBody, canMoveJob, isValidHkBr, isValidUscc, normaliseRegNumber } from '../employer.js';

describe('registration numbers', () => {
  it('accepts unified social credit codes whose GB 32100 check character matches', () => {
    // Published codes of listed companies (Huawei Technologies, China Mobile Communications Group, a Fujian registry sample).
    for (const code of ['91440300708461136T', '91110000802100433B', '91350100M000100Y43']) expect([code, isValidUscc(code)]).toEqual([code, true]);
  });
  it('refuses any single changed character, a letter outside the set, and the wrong length', () => {
    const good = '91440300708461136T';
    for (let i = 0; i < good.length; i++) {
      const changed = good.slice(0, i) + (good[i] === '1' ? '2' : '1') + good.slice(i + 1);
      expect([changed, isValidUscc(changed)]).toEqual([changed, false]);
    }
    expect(isValidUscc('91440300708461136I')).toBe(false);
    expect(isValidUscc('9144030070846113')).toBe(false);
  });
  it('normalises case, spaces and dashes, and takes a BR certificate number\'s first 8 digits', () => {
    expect(normaliseRegNumber('uscc', ' 9144 0300-7084 6113 6t')).toBe('91440300708461136T');
    expect(normaliseRegNumber('hkbr', '12345678-000-01-24-5')).toBe('12345678');
    expect(isValidHkBr('12345678')).toBe(true);
    expect(isValidHkBr('1234567A')).toBe(false);
  });
  it('reports the failing field by path', () => {
    const r = OrgRegisterBody.safeParse({ name: { 'zh-Hans': '甲', 'zh-Hant': '甲', en: 'A' }, reg: { kind: 'uscc', number: '91440300708461136U' } });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['reg.number', 'v.uscc']]);
  });
});

describe('job states', () => {
  it('pauses and reopens, and a closed job stays closed', () => {
    expect([canMoveJob('open', 'paused'), canMoveJob('paused', 'open'), canMoveJob('open', 'closed'), canMoveJob('closed', 'open'), canMoveJob('open', 'open')])
      .toEqual([true, true, true, false, false]);
  });
});

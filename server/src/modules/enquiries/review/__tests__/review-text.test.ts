import { describe, expect, it } from '@jest/globals';
import { jaccard, questionKey, questionTokens, scrubQuestion, SIMILARITY_THRESHOLD } from '../review.text.js';

describe('scrubQuestion', () => {
  it.each([
    ['我的电话是91234567，可以打给我吗', '我的电话是‹n›，可以打给我吗'],
    ['call me on +852 9123 4567 please', 'call me on ‹n› please'],
    ['内地手机 138-1234-5678 收不到验证码', '内地手机 ‹n› 收不到验证码'],
    ['身份证 A123456(3) 丢了', '身份证 ‹n› 丢了'],
    ['我嘅身份證係AB987654（A）', '我嘅身份證係‹n›'],
    ['澳门身份证1234567(8)过期', '澳门身份证‹n›过期'],
    ['身份证号440301199001011234怎么挂失', '身份证号‹n›怎么挂失'],
    ['身份证号44030119900101123X怎么挂失', '身份证号‹n›怎么挂失'],
    ['回乡证H12345678过期了', '回乡证‹n›过期了'],
    ['lost passport K12345678 at the airport', 'lost passport ‹n› at the airport'],
    ['email me at chan.tai-man@example.com.hk', 'email me at ‹n›'],
    ['绑定码 K7P2QX 没用', '绑定码 ‹n› 没用'],
    ['订单号 20250101 查不到', '订单号 ‹n› 查不到'],
    ['１２３４５６７８是我的号码', '‹n›是我的号码'],
  ])('hides numbers and ids: %s', (question, kept) => {
    expect(scrubQuestion(question)).toBe(kept);
  });

  it.each([
    '罗湖口岸几点开门', '6:30 开门吗', '3.5 小时够不够', '24小时通关的口岸', 'covid-19 test before crossing', 'ABCDEF permit', 'renew permit online',
  ])('keeps short numbers and ordinary words: %s', (question) => {
    expect(scrubQuestion(question)).toBe(question);
  });
});

describe('questionKey and similarity', () => {
  const key = (q: string) => questionKey(scrubQuestion(q));
  const similarity = (a: string, b: string) => jaccard(questionTokens(scrubQuestion(a)), questionTokens(scrubQuestion(b)));

  it('gives Simplified, Traditional and punctuated forms of a question one key', () => {
    expect(key('深圳湾口岸几点关门？')).toBe(key('深圳灣口岸幾點閂門'));
    expect(key('深圳湾口岸 几点关门!!')).toBe(key('深圳湾口岸几点关门'));
    expect(key('What time does Lo Wu open?')).toBe(key('what time does lo wu open'));
  });

  it('rates reworded questions as similar and unrelated ones as not', () => {
    expect(similarity('深圳湾口岸几点关门', '请问深圳湾口岸几点关门呀')).toBeGreaterThanOrEqual(SIMILARITY_THRESHOLD);
    expect(similarity('回乡证过期了怎么办', '回鄉證過期點算')).toBeGreaterThanOrEqual(SIMILARITY_THRESHOLD);
    expect(similarity('深圳湾口岸几点关门', '医保卡丢了怎么补办')).toBeLessThan(SIMILARITY_THRESHOLD);
    expect(similarity('深圳湾口岸几点关门', '深圳湾公园怎么去')).toBeLessThan(SIMILARITY_THRESHOLD);
  });

  it('computes Jaccard over term sets', () => {
    expect(jaccard(['a', 'b'], ['b', 'c'])).toBeCloseTo(1 / 3);
    expect(jaccard([], [])).toBe(0);
  });
});

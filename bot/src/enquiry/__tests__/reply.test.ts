import { describe, expect, it } from '@jest/globals';
import type { EnquiryAnswerDto } from '@bay/shared';
import { MAX_ANSWER_CHARS, renderAnswer, renderClarify } from '../reply.js';

const faq = (over: Partial<EnquiryAnswerDto> = {}): EnquiryAnswerDto => ({
  answer: '罗湖口岸旅检大楼通常 6:30–24:00 开放，节假日以公告为准。\n详情：http://h5.test/#/packages/travel/ports/index',
  lang: 'zh-Hans',
  intent: 'faq',
  confidence: 0.9,
  sources: [{ id: 'lowu-hours', title: '深圳市口岸办公室', url: 'https://ka.sz.gov.cn/' }],
  ...over,
});

describe('renderAnswer', () => {
  it('puts the source line, in the answer language, between the answer and the mini-program link', () => {
    expect(renderAnswer(faq())).toBe(
      '罗湖口岸旅检大楼通常 6:30–24:00 开放，节假日以公告为准。\n来源：深圳市口岸办公室 https://ka.sz.gov.cn/\n详情：http://h5.test/#/packages/travel/ports/index',
    );
    expect(renderAnswer(faq({ lang: 'zh-Hant', answer: '羅湖口岸通常 6:30 至 24:00 開放。' })).split('\n')[1]).toBe('來源：深圳市口岸办公室 https://ka.sz.gov.cn/');
    expect(renderAnswer(faq({ lang: 'en', answer: 'Lo Wu is usually open 6:30 to midnight.' }))).toBe(
      'Lo Wu is usually open 6:30 to midnight.\nSource: 深圳市口岸办公室 https://ka.sz.gov.cn/',
    );
  });

  it('does not repeat a source the answer already cites, and adds none to personal answers', () => {
    expect(renderAnswer(faq({ answer: '见 https://ka.sz.gov.cn/ 的公告' }))).toBe('见 https://ka.sz.gov.cn/ 的公告');
    expect(renderAnswer(faq({ intent: 'application_status', answer: '你的申请进度：\n1. 前台：审核中' }))).toBe('你的申请进度：\n1. 前台：审核中');
    expect(renderAnswer(faq({ intent: 'unknown', sources: [], answer: '抱歉，我暂时找不到答案。' }))).toBe('抱歉，我暂时找不到答案。');
  });

  it('cuts a long answer for chat but keeps the source and the link whole', () => {
    const long = `${'很长的回答'.repeat(200)}\n详情：http://h5.test/#/packages/ask/index?entry=x`;
    const lines = renderAnswer(faq({ answer: long })).split('\n');
    expect([...lines[0]!]).toHaveLength(MAX_ANSWER_CHARS);
    expect(lines[0]!.endsWith('…')).toBe(true);
    expect(lines.slice(1)).toEqual(['来源：深圳市口岸办公室 https://ka.sz.gov.cn/', '详情：http://h5.test/#/packages/ask/index?entry=x']);
  });
});

describe('renderClarify', () => {
  it('numbers the suggestions in order and says how to choose, in the answer language', () => {
    const text = renderClarify(faq({
      intent: 'clarify',
      lang: 'en',
      answer: 'Which one do you mean?',
      suggestions: [{ id: 'a', title: 'Renew a Home Return Permit' }, { id: 'b', title: 'Lost Home Return Permit' }, { id: 'c', title: 'Home Return Permit for children' }],
    }));
    const lines = text.split('\n');
    expect(lines.slice(1, 4)).toEqual(['1. Renew a Home Return Permit', '2. Lost Home Return Permit', '3. Home Return Permit for children']);
    expect(lines.at(-1)).toBe('Reply 1, 2 or 3');
  });
});

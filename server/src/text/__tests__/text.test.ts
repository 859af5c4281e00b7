import { describe, expect, it } from '@jest/globals';
import { detectLang } from '../script.js';
import { normalise, cantoneseToMandarin } from '../normalise.js';
import { aliasTokens, stem } from '../aliases.js';
import { searchTerms } from '../tokenise.js';
import { aliasGroups, impliedTokens } from '../aliases.js';
import { directionTokens } from '../direction.js';
import { analyseQuestion, primeSegmenter, queryTerms } from '../tokenise.js';
import { correctChineseTypos, correctLatinTypos, withinEdits } from '../typos.js';
import { expandAbbreviations } from '../normalise.js';

describe('detectLang (language and script of a question)', () => {
  it.each([
    ['回乡证过期了怎么办', 'zh-Hans'],
    ['回鄉證過期點算', 'zh-Hant'],
    ['我嘅回鄉證過期咗點算', 'zh-Hant'],
    ['醫保點樣報銷', 'zh-Hant'],
    ['My Home Return Permit expired', 'en'],
    ['how to renew 回乡证', 'en'],
    ['HRP 过期点算', 'zh-Hans'],
    ['Ｏｃｔｏｐｕｓ ｃａｒｄ', 'en'],
  ])('%s → %s', (text, lang) => {
    expect(detectLang(text).lang).toBe(lang);
  });

  it('uses Cantonese markers when the characters are the same in both scripts', () => {
    expect(detectLang('我唔知').lang).toBe('zh-Hant');
    expect(detectLang('口岸').ambiguous).toBe(true);
  });

  it('lets the requested lang decide only when the text is ambiguous', () => {
    expect(detectLang('1', 'en')).toEqual({ lang: 'en', ambiguous: true });
    expect(detectLang('1', 'zh-Hant')).toEqual({ lang: 'zh-Hant', ambiguous: true });
    expect(detectLang('口岸', 'zh-Hant')).toEqual({ lang: 'zh-Hant', ambiguous: true });
    expect(detectLang('回乡证过期了', 'zh-Hant').lang).toBe('zh-Hans');
    expect(detectLang('Lo Wu opening hours', 'zh-Hans').lang).toBe('en');
    expect(detectLang('!!!').lang).toBe('zh-Hans');
  });
});

describe('normalise', () => {
  it('folds full-width forms and case', () => {
    expect(normalise('ＨＲＰ　過期？')).toBe('hrp 过期?');
  });

  it('converts Traditional to Simplified', () => {
    expect(normalise('羅湖口岸幾點開門')).toBe('罗湖口岸几点开门');
  });

  it.each([
    ['點樣申請居住證', '怎么申请居住证'],
    ['幾時開門', '什么时候开门'],
    ['喺邊度辦', '在哪里办'],
    ['幾多錢', '多少钱'],
    ['係唔係要預約', '是不是要预约'],
    ['我冇回鄉證', '我没有回乡证'],
    ['過期咗', '过期了'],
    ['我嘅申請', '我的申请'],
    ['搵工', '找工作'],
    ['睇醫生', '看医生'],
    ['畀錢', '付钱'],
    ['乜嘢文件', '什么文件'],
    ['点样去罗湖', '怎么去罗湖'],
  ])('Cantonese %s → %s', (input, expected) => {
    expect(normalise(input)).toBe(expected);
  });

  it('leaves Mandarin words that look Cantonese alone', () => {
    expect(normalise('关系')).toBe('关系');
    expect(normalise('幾點開門')).toBe('几点开门');
    expect(normalise('转人工')).toBe('转人工');
    expect(cantoneseToMandarin('份人工幾多')).toBe('工资多少');
  });
});

describe('aliases', () => {
  it('has at least 60 groups', () => {
    expect(aliasGroups().length).toBeGreaterThanOrEqual(60);
  });

  it.each([
    '回乡证', '回鄉證', '港澳居民来往内地通行证', 'home return permit', 'hrp',
  ])('%s → §hrp', (term) => {
    expect(aliasTokens(normalise(term))).toContain('§hrp');
  });

  it('matches Latin aliases as whole words only', () => {
    expect(aliasTokens(normalise('Northbound Travel for Hong Kong Vehicles'))).toContain('§northboundhk');
    expect(aliasTokens(normalise('港车北上'))).toContain('§northboundhk');
    expect(aliasTokens(normalise('octopus card'))).toContain('§octopus');
    expect(aliasTokens(normalise('hrpx form'))).not.toContain('§hrp');
    expect(aliasTokens(normalise('the bridge'))).not.toContain('§hrp');
  });

  it('stems English lightly', () => {
    expect(stem('renewing')).toBe(stem('renew'));
    expect(stem('expired')).toBe(stem('expire'));
    expect(stem('permits')).toBe('permit');
    expect(stem('bus')).toBe('bus');
  });
});

describe('searchTerms (segmentation)', () => {
  it('segments Chinese with sub-words and adds alias tokens', () => {
    const terms = searchTerms('罗湖口岸几点开门');
    expect(terms).toEqual(expect.arrayContaining(['罗湖口岸', '罗湖', '口岸', '几点', '§lowu']));
  });

  it('keeps alias words whole', () => {
    expect(searchTerms('港车北上需要买什么保险')).toEqual(expect.arrayContaining(['港车北上', '保险', '§northboundhk']));
  });

  it('drops stop words and punctuation in both languages', () => {
    expect(searchTerms('请问我的回乡证过期了吗？')).not.toEqual(expect.arrayContaining(['请问', '我', '的', '吗', '？']));
    expect(searchTerms('What is the Octopus?')).toEqual(['octopus', '§octopus']);
  });

  it('gives Traditional, Cantonese and Simplified phrasings the same terms', () => {
    expect(new Set(searchTerms('我嘅回鄉證過期咗點算'))).toEqual(new Set(searchTerms('我的回乡证过期了怎么办')));
  });
});

describe('robustness: colloquial forms, abbreviations, typos, direction', () => {
  it.each([
    ['攞咗居住證有咩著數', '拿了居住证有什么好处'],
    ['東鐵最尾一班', '东铁最后一班'],
    ['個仔幾歲', '儿子几岁'],
    ['俾人呃錢點算', '被人骗钱怎么办'],
    ['仲使唔使預約', '还需不需要预约'],
    ['勞動仲裁', '劳动仲裁'],
    ['返香港', '回香港'],
  ])('Cantonese %s → %s', (input, expected) => {
    expect(normalise(input)).toBe(expected);
  });

  it('expands English chat abbreviations and number-unit forms', () => {
    expect(expandAbbreviations('which border is open 24hrs')).toBe('which border is open 24 hours');
    expect(expandAbbreviations('open hrs of govt dept')).toBe('open hours of government department');
    expect(expandAbbreviations('24/7 crossing')).toBe('24 hours crossing');
    expect(expandAbbreviations('minimum wage')).toBe('minimum wage');
  });

  it('corrects pinyin-input homophones of known words, never known words themselves', () => {
    primeSegmenter();
    expect(correctChineseTypos('回香证过期了')).toBe('回乡证过期了');
    expect(correctChineseTypos('港澳通信证签注')).toBe('港澳通行证签注');
    expect(correctChineseTypos('强基金每月供多少')).toBe('强积金每月供多少');
    expect(correctChineseTypos('深圳弯口岸')).toBe('深圳湾口岸');
    expect(correctChineseTypos('回乡证过期了')).toBe('回乡证过期了');
    expect(queryTerms('回香证过期')).toContain('§hrp');
  });

  it('corrects English words unknown to the knowledge base to the one alias word within reach', () => {
    primeSegmenter();
    expect(correctLatinTypos('shenzen bay')).toBe('shenzhen bay');
    expect(correctLatinTypos('recommend a gym')).toBe('recommend a gym');
    expect(withinEdits('octopuss', 'octopus', 1)).toBe(true);
    expect(withinEdits('lowu', 'luohu', 1)).toBe(false);
  });

  it('matches multi-word English aliases typed as one word', () => {
    expect(aliasTokens(normalise('lowu last train'))).toContain('§lowu');
    expect(aliasTokens(normalise('can I use the egates'))).toContain('§echannel');
  });

  it('adds direction tokens for destination phrases only', () => {
    expect(directionTokens(normalise('帶狗入香港'))).toEqual(['§to_hongkong']);
    expect(directionTokens(normalise('带猫回内地'))).toEqual(['§to_mainland']);
    expect(directionTokens(normalise('bring my dog into hong kong'))).toEqual(['§to_hongkong']);
    expect(directionTokens(normalise('cigarettes to macau'))).toEqual(['§to_macao']);
    expect(directionTokens(normalise('octopus in shenzhen'))).toEqual([]);
  });

  it('implies broader groups at question time only (深圳 → GBA, mainland)', () => {
    expect(impliedTokens(['§shenzhen'])).toEqual(expect.arrayContaining(['§gba', '§mainland']));
    expect(impliedTokens(['§shenzhen', '§mainland'])).toEqual(['§gba']);
    const { terms, implied } = analyseQuestion('医疗券深圳能用吗');
    expect(terms).toContain('§shenzhen');
    expect(implied).toContain('§gba');
    expect(searchTerms('医疗券深圳能用吗')).not.toContain('§gba');
  });

  it('maps Hong Kong and mainland words for the same thing to one token', () => {
    for (const [a, b] of [['的士', '出租车'], ['巴士', '公交'], ['手提電話', '手机'], ['銀包', '钱包'], ['牌照', '执照']] as const) {
      const ta = aliasTokens(normalise(a));
      expect(ta.length).toBeGreaterThan(0);
      expect(ta).toEqual(aliasTokens(normalise(b)));
    }
  });
});

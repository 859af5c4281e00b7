import { describe, expect, it } from '@jest/globals';
import { findBindCode } from '../bind-code.js';

describe('findBindCode', () => {
  it.each([
    ['AB23CD', 'AB23CD'],
    ['ab23cd', 'AB23CD'],
    ['  ab 23 cd  ', 'AB23CD'],
    ['AB2-3CD', 'AB23CD'],
    ['WXYZAB', 'WXYZAB'],
  ])('takes a message that is only a code: %j', (text, code) => {
    expect(findBindCode(text)).toEqual({ found: 'code', code });
  });

  it.each([
    ['绑定 ab23cd', 'AB23CD'],
    ['綁定：AB23CD', 'AB23CD'],
    ['绑定码是 xy 34 zq', 'XY34ZQ'],
    ['綁定碼AB23CD唔該', 'AB23CD'],
    ['bind ab23cd', 'AB23CD'],
    ['Bind code: ab23cd please', 'AB23CD'],
    ['BIND wxyzab', 'WXYZAB'],
    ['我的绑定码：「ab23cd」', 'AB23CD'],
    ['AB23CD 绑定', 'AB23CD'],
  ])('finds a code after (or before) a bind keyword: %j', (text, code) => {
    expect(findBindCode(text)).toEqual({ found: 'code', code });
  });

  it.each(['thanks', 'hello', 'Thanks', '你好', '', '   ', '罗湖口岸几点开门', 'AB23C', 'AB23CDE', 'see you at 10am'])(
    'finds no code in ordinary text: %j',
    (text) => {
      expect(findBindCode(text)).toEqual({ found: 'none' });
    },
  );

  it.each([
    ['AB0CD1', 'contains 0 and 1, which the alphabet leaves out'],
    ['ABCDIO', 'contains I and O'],
  ])('refuses look-alike characters in a bare message: %j (%s)', (text) => {
    expect(findBindCode(text)).toEqual({ found: 'none' });
  });

  it.each(['微信支付怎么绑定香港银行卡', '點樣綁定八達通同支付寶', 'Is a tenancy agreement binding in Shenzhen?'])(
    'leaves a longer question that only uses the word to the enquiry engine: %j',
    (text) => {
      expect(findBindCode(text)).toEqual({ found: 'none' });
    },
  );

  it.each(['绑定', '绑定 123', 'bind AB0CD1', '綁定碼係 ABCDEFG', 'bind me', '绑定失败'])('reports a bind attempt without a valid code: %j', (text) => {
    expect(findBindCode(text)).toEqual({ found: 'malformed' });
  });
});

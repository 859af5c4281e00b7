import { describe, expect, it } from '@jest/globals';
import { translator } from '@bay/shared';
import { ConfigError, loadConfig } from '../../config.js';
import { renderClarify } from '../../enquiry/reply.js';
import { numberedOptions, simulatorAddress } from '../index.js';

const valid = { BAY_API_URL: 'http://127.0.0.1:3000', BOT_API_TOKEN: 'x'.repeat(32) };

describe('numberedOptions', () => {
  it('reads the options of a clarify reply as the EnquiryResponder writes it', () => {
    const text = renderClarify({
      intent: 'clarify',
      lang: 'zh-Hans',
      answer: '',
      confidence: 0.2,
      sources: [],
      suggestions: [
        { id: 'a', title: '回乡证过期怎么办' },
        { id: 'b', title: '港车北上保险' },
        { id: 'c', title: '深圳湾口岸开放时间' },
      ],
    });
    expect(numberedOptions(text)).toEqual([
      { n: 1, label: '回乡证过期怎么办' },
      { n: 2, label: '港车北上保险' },
      { n: 3, label: '深圳湾口岸开放时间' },
    ]);
    expect(text).toContain(translator('zh-Hans')('bot.choiceHint'));
  });

  it('finds none in ordinary text, a single numbered line, or numbering that does not start at 1', () => {
    expect(numberedOptions('你好，我是湾事通助手')).toEqual([]);
    expect(numberedOptions('1. 只有一项')).toEqual([]);
    expect(numberedOptions('2. 二\n3. 三')).toEqual([]);
  });

  it('stops at the first gap in the numbering', () => {
    expect(numberedOptions('选一个：\n1. 甲\n2. 乙\n4. 丁')).toEqual([{ n: 1, label: '甲' }, { n: 2, label: '乙' }]);
  });
});

describe('BOT_SIMULATOR_PORT and BOT_SIMULATOR_HOST', () => {
  it('default to 127.0.0.1:10087', () => {
    const config = loadConfig({ ...valid, BOT_SIMULATOR_PORT: '' });
    expect(config).toMatchObject({ BOT_SIMULATOR_PORT: 10087, BOT_SIMULATOR_HOST: '127.0.0.1', NODE_ENV: 'development' });
  });

  it('refuse a port that is not a whole number from 0 to 65535', () => {
    for (const [value, problem] of [['soon', 'must be a number'], ['70000', 'must be at most 65535'], ['-1', 'must be at least 0'], ['1.5', 'must be a whole number']]) {
      let error: unknown;
      try {
        loadConfig({ ...valid, BOT_SIMULATOR_PORT: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual({ BOT_SIMULATOR_PORT: problem });
    }
  });
});

describe('simulatorAddress', () => {
  const config = loadConfig({ ...valid, BOT_SIMULATOR_PORT: '12345', BOT_SIMULATOR_HOST: '::1' });

  it('listens where configured on the mock puppet outside production', () => {
    expect(simulatorAddress(config)).toEqual({ host: '::1', port: 12345 });
    expect(simulatorAddress({ ...config, NODE_ENV: 'test' })).toEqual({ host: '::1', port: 12345 });
  });

  it('is off with port 0, in production, and on any other puppet', () => {
    expect(simulatorAddress({ ...config, BOT_SIMULATOR_PORT: 0 })).toBeUndefined();
    expect(simulatorAddress({ ...config, NODE_ENV: 'production' })).toBeUndefined();
    expect(simulatorAddress({ ...config, WECHATY_PUPPET: 'wechaty-puppet-wechat4u' })).toBeUndefined();
  });
});

import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../config.js';

const valid = { BAY_API_URL: 'http://127.0.0.1:3000/', BOT_API_TOKEN: 'x'.repeat(32) };

describe('loadConfig', () => {
  it('applies defaults and treats empty values as unset', () => {
    const config = loadConfig({ ...valid, BOT_WORKER_ID: '', MINIAPP_APP_ID: '' });
    expect(config).toMatchObject({
      BAY_API_URL: 'http://127.0.0.1:3000',
      WECHATY_PUPPET: 'wechaty-puppet-mock',
      BOT_POLL_INTERVAL_MS: 1000,
      BOT_STATE_DIR: '.data/bot',
      BOT_ENQUIRY_PER_MINUTE: 10,
      MINIAPP_H5_URL: 'http://127.0.0.1:10086',
      LOG_LEVEL: 'info',
    });
    expect(config.BOT_WORKER_ID).toMatch(/-\d+$/);
    expect(config.MINIAPP_APP_ID).toBeUndefined();
  });

  it('names every missing or malformed variable', () => {
    let error: unknown;
    try {
      loadConfig({ BOT_API_TOKEN: 'short', BOT_POLL_INTERVAL_MS: 'soon', BOT_ENQUIRY_PER_MINUTE: '0', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual({
      BAY_API_URL: 'required',
      BOT_API_TOKEN: 'must be at least 32 characters',
      BOT_POLL_INTERVAL_MS: 'must be a number',
      BOT_ENQUIRY_PER_MINUTE: 'must be at least 1',
      LOG_LEVEL: expect.stringContaining('must be one of'),
    });
    expect((error as Error).message).toContain('BOT_API_TOKEN: must be at least 32 characters');
  });

  it('refuses a non-http API URL', () => {
    expect(() => loadConfig({ ...valid, BAY_API_URL: 'ftp://example.com' })).toThrow('BAY_API_URL: must be an http(s) URL');
  });
});

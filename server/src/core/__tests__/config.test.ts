import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../config.js';
import { testEnv } from '../../__tests__/harness.js';

describe('loadConfig', () => {
  it('reads a complete environment into typed config', () => {
    const config = loadConfig(testEnv({ PORT: '4000', CORS_ORIGINS: 'http://a.test, http://b.test', OUTBOX_MAX_ATTEMPTS: '5' }));
    expect(config.port).toBe(4000);
    expect(config.corsOrigins).toEqual(['http://a.test', 'http://b.test']);
    expect(config.outboxMaxAttempts).toBe(5);
    expect(config.devLoginEnabled).toBe(true);
    expect(config.sessionTtlSeconds).toBe(604800);
  });

  it('fails with a message naming every missing or malformed variable', () => {
    const env = testEnv({ SESSION_SECRET: 'short', PORT: 'eighty', WECHAT_API_BASE: 'not a url' });
    delete env.MONGODB_URI;
    delete env.BOT_API_TOKEN;
    let error: unknown;
    try { loadConfig(env); } catch (err) { error = err; }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('MONGODB_URI is required');
    expect(message).toContain('BOT_API_TOKEN is required');
    expect(message).toContain('SESSION_SECRET must be at least 32 characters');
    expect(message).toContain('PORT must be a number');
    expect(message).toContain('WECHAT_API_BASE must be a URL');
    expect((error as ConfigError).problems).toHaveLength(5);
  });

  it('never enables the development sign-in in production', () => {
    expect(loadConfig(testEnv({ NODE_ENV: 'production', DEV_LOGIN_ENABLED: 'true' })).devLoginEnabled).toBe(false);
    expect(loadConfig(testEnv({ NODE_ENV: 'development', DEV_LOGIN_ENABLED: 'false' })).devLoginEnabled).toBe(false);
    expect(loadConfig(testEnv({ NODE_ENV: 'development', DEV_LOGIN_ENABLED: 'true' })).devLoginEnabled).toBe(true);
  });

  it('rejects a DEV_LOGIN_ENABLED that is not true/false', () => {
    expect(() => loadConfig(testEnv({ DEV_LOGIN_ENABLED: 'yes' }))).toThrow(/DEV_LOGIN_ENABLED must be "true" or "false"/);
  });
});

import { z } from 'zod';

/** Environment contract: every variable in .env.example that the server reads. */
const bool = z.enum(['true', 'false'], { error: 'must be "true" or "false"' });
const positiveInt = z.coerce.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).positive({ error: 'must be positive' });

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production'], { error: 'must be development, test or production' }).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number({ error: 'must be a number' }).int().min(0, { error: 'must be 0-65535' }).max(65535, { error: 'must be 0-65535' }).default(3000),
  MONGODB_URI: z.string({ error: 'is required' }).regex(/^mongodb(\+srv)?:\/\/.+/, { error: 'must be a mongodb:// connection string' }),
  SESSION_SECRET: z.string({ error: 'is required' }).min(32, { error: 'must be at least 32 characters' }),
  SESSION_TTL_SECONDS: positiveInt.default(604800),
  BOT_API_TOKEN: z.string({ error: 'is required' }).min(32, { error: 'must be at least 32 characters' }),
  WECHAT_APP_ID: z.string({ error: 'is required' }).min(1, { error: 'is required' }),
  WECHAT_APP_SECRET: z.string({ error: 'is required' }).min(1, { error: 'is required' }),
  WECHAT_API_BASE: z.url({ error: 'must be a URL' }).default('https://api.weixin.qq.com'),
  DEV_LOGIN_ENABLED: bool.default('false'),
  CORS_ORIGINS: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be fatal, error, warn, info, debug, trace or silent' }).default('info'),
  BIND_CODE_TTL_SECONDS: positiveInt.default(600),
  OUTBOX_MAX_ATTEMPTS: positiveInt.default(8),
});

export type NodeEnv = 'development' | 'test' | 'production';

export interface Config {
  env: NodeEnv;
  host: string;
  port: number;
  mongoUri: string;
  sessionSecret: string;
  sessionTtlSeconds: number;
  botApiToken: string;
  wechat: { appId: string; appSecret: string; apiBase: string };
  /** True only outside production with DEV_LOGIN_ENABLED=true. */
  devLoginEnabled: boolean;
  corsOrigins: string[];
  logLevel: string;
  bindCodeTtlSeconds: number;
  outboxMaxAttempts: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset so an empty line in .env falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const name = i.path.map(String).join('.');
      const reason = i.code === 'invalid_type' && cleaned[name] === undefined ? 'is required' : i.message;
      return `${name} ${reason}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    mongoUri: e.MONGODB_URI,
    sessionSecret: e.SESSION_SECRET,
    sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    botApiToken: e.BOT_API_TOKEN,
    wechat: { appId: e.WECHAT_APP_ID, appSecret: e.WECHAT_APP_SECRET, apiBase: e.WECHAT_API_BASE.replace(/\/+$/, '') },
    devLoginEnabled: e.NODE_ENV !== 'production' && e.DEV_LOGIN_ENABLED === 'true',
    corsOrigins: e.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    logLevel: e.LOG_LEVEL,
    bindCodeTtlSeconds: e.BIND_CODE_TTL_SECONDS,
    outboxMaxAttempts: e.OUTBOX_MAX_ATTEMPTS,
  };
}

import { z } from 'zod';
import { KeyRingError, parseKeyRing, type KeyRing } from './crypto.js';

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
  // Cross-border identity (modules/identity): an OpenID Connect provider; off while IDP_ISSUER is unset.
  IDP_ISSUER: z.url({ error: 'must be a URL' }).optional(),
  IDP_CLIENT_ID: z.string().optional(),
  IDP_CLIENT_SECRET: z.string().optional(),
  IDP_REDIRECT_URI: z.url({ error: 'must be a URL' }).optional(),
  IDP_SCOPES: z.string().regex(/^openid( [\w:.-]+)*$/, { error: 'must start with "openid", space-separated' }).default('openid gba_identity'),
  MINIAPP_H5_URL: z.url({ error: 'must be a URL' }).default('http://127.0.0.1:10086'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be fatal, error, warn, info, debug, trace or silent' }).default('info'),
  BIND_CODE_TTL_SECONDS: positiveInt.default(600),
  OUTBOX_MAX_ATTEMPTS: positiveInt.default(8),
  // WeChat subscribe-message templates (issue 6): one id per topic; unset = that topic has no subscribe channel.
  WECHAT_TEMPLATE_APPLICATION_STATUS: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be a WeChat template id' }).optional(),
  WECHAT_TEMPLATE_BROADCAST: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be a WeChat template id' }).optional(),
  SUBSCRIBE_WORKER_INTERVAL_MS: positiveInt.default(2000),
  // Rate limits and client addresses (core/security.ts).
  TRUST_PROXY: bool.default('false'),
  TRUST_PROXY_HOPS: positiveInt.default(1),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt.default(60),
  RATE_LIMIT_PER_IP: positiveInt.default(300),
  RATE_LIMIT_PER_ACCOUNT: positiveInt.default(120),
  RATE_LIMIT_AUTH_PER_IP: positiveInt.default(20),
  RATE_LIMIT_BIND_CODES_PER_ACCOUNT: positiveInt.default(5),
  RATE_LIMIT_INTERNAL: positiveInt.default(3000),
  RATE_LIMIT_BIND_PER_CONTACT: positiveInt.default(5),
  RATE_LIMIT_BIND_PER_CODE: positiveInt.default(5),
  RATE_LIMIT_BIND_TOTAL: positiveInt.default(120),
  // Connections (main.ts): whole-request and header deadlines, open connections per client address (0 = no cap).
  REQUEST_TIMEOUT_MS: positiveInt.default(15_000),
  HEADERS_TIMEOUT_MS: positiveInt.default(10_000),
  CONNECTIONS_PER_ADDRESS: z.coerce.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(0, { error: 'must be 0 or more' }).default(256),
  // Shared state across server instances (core/redis.ts): rate-limit counters, long-poll wake-ups, locks.
  REDIS_URL: z.string().regex(/^rediss?:\/\/.+/, { error: 'must be a redis:// or rediss:// URL' }).optional(),
  REDIS_KEY_PREFIX: z.string().regex(/^[\w:.-]{1,32}$/, { error: 'must be 1-32 letters, digits, or _ : . -' }).default('bay:'),
  // Enquiry answering (modules/enquiries).
  ENQUIRY_ANSWER_CONFIDENCE: z.coerce.number({ error: 'must be a number' }).min(0, { error: 'must be 0-1' }).max(1, { error: 'must be 0-1' }).optional(),
  ENQUIRY_CACHE_SIZE: z.coerce.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(0, { error: 'must be 0 or more' }).default(5000),
  // Optional LLM phrasing through an OpenAI-compatible API; off while LLM_BASE_URL is unset.
  LLM_BASE_URL: z.url({ error: 'must be a URL' }).optional(),
  LLM_MODEL: z.string().optional(),
  LLM_API_KEY: z.string().optional(),
  LLM_TIMEOUT_MS: positiveInt.default(8000),
  // Field encryption key ring (core/crypto.ts): "k2:<base64>,k1:<base64>", first = current.
  DATA_ENCRYPTION_KEYS: z.string({ error: 'is required' }).transform((spec, ctx) => {
    try {
      return parseKeyRing(spec);
    } catch (err) {
      if (!(err instanceof KeyRingError)) throw err;
      for (const problem of err.problems) ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
  }),
});

export type NodeEnv = 'development' | 'test' | 'production';

export interface RateLimits {
  windowSeconds: number;
  /** Every request from one client address, except the bot's /internal API. */
  perIp: number;
  /** Every request of one signed-in account. */
  perAccount: number;
  /** Sign-in routes (/api/auth/*) from one client address. */
  authPerIp: number;
  /** Bind codes one account may create. */
  bindCodesPerAccount: number;
  /** The bot's /internal API (valid token), all workers together; binding has its own buckets below. */
  internal: number;
  /** Bind attempts (POST /internal/bind) per WeChat contact. */
  bindPerContact: number;
  /** Bind attempts naming one code. */
  bindPerCode: number;
  /** Bind attempts of all contacts together: bounds guessing whatever the contact ids. */
  bindTotal: number;
}

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
  /** Cross-border identity provider; null when IDP_ISSUER is unset (the feature is off). */
  idp: IdpConfig | null;
  /** Base URL of the H5 build; the identity callback sends the browser to its consent page. */
  miniappH5Url: string;
  logLevel: string;
  bindCodeTtlSeconds: number;
  outboxMaxAttempts: number;
  /** WeChat subscribe-message template per topic (null = no subscribe channel for it). */
  subscribeTemplates: { application: string | null; handoff: string | null; broadcast: string | null; jobAlert: string | null };
  /** How often the server's subscribe-message worker polls. */
  subscribeWorkerIntervalMs: number;
  /** Trust X-Forwarded-For (Koa `proxy`), taking the address `proxyHops` entries from the right. */
  trustProxy: boolean;
  proxyHops: number;
  /** Requests allowed per window (core/security.ts). */
  rateLimits: RateLimits;
  /** Connection limits applied by createHttpServer (core/http.ts). */
  connections: { requestTimeoutMs: number; headersTimeoutMs: number; perAddress: number };
  /** Redis shared by all server instances; null = this instance keeps counters, wake-ups and locks in memory (one instance only). */
  redisUrl: string | null;
  /** Prefix of every Redis key and channel, so deployments (or test runs) can share one Redis. */
  redisKeyPrefix: string;
  /** Keys for field-level encryption; prints as ids only. */
  dataEncryptionKeys: KeyRing;
  enquiry: { answerConfidence?: number; cacheSize: number };
  /** OpenAI-compatible chat completions for phrasing answers; null when LLM_BASE_URL is unset (off). */
  llm: LlmConfig | null;
}

export interface LlmConfig {
  baseUrl: string;
  model: string;
  apiKey: string;
  timeoutMs: number;
}

function llmConfig(e: z.output<typeof EnvSchema>): LlmConfig | null {
  if (!e.LLM_BASE_URL) return null;
  if (!e.LLM_MODEL) throw new ConfigError(['LLM_MODEL is required when LLM_BASE_URL is set']);
  return { baseUrl: e.LLM_BASE_URL.replace(/\/+$/, ''), model: e.LLM_MODEL, apiKey: e.LLM_API_KEY ?? '', timeoutMs: e.LLM_TIMEOUT_MS };
}

export interface IdpConfig {
  issuer: string;
  clientId: string;
  /** Empty for a public client (PKCE only, no client authentication). */
  clientSecret: string;
  redirectUri: string;
  scopes: string;
}

function idpConfig(e: z.output<typeof EnvSchema>): IdpConfig | null {
  if (!e.IDP_ISSUER) return null;
  const problems: string[] = [];
  if (!e.IDP_CLIENT_ID) problems.push('IDP_CLIENT_ID is required when IDP_ISSUER is set');
  if (!e.IDP_REDIRECT_URI) problems.push('IDP_REDIRECT_URI is required when IDP_ISSUER is set');
  if (e.NODE_ENV === 'production' && !e.IDP_ISSUER.startsWith('https://')) problems.push('IDP_ISSUER must be https:// in production');
  if (problems.length) throw new ConfigError(problems);
  return { issuer: e.IDP_ISSUER, clientId: e.IDP_CLIENT_ID!, clientSecret: e.IDP_CLIENT_SECRET ?? '', redirectUri: e.IDP_REDIRECT_URI!, scopes: e.IDP_SCOPES };
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
    idp: idpConfig(e),
    miniappH5Url: e.MINIAPP_H5_URL.replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL,
    bindCodeTtlSeconds: e.BIND_CODE_TTL_SECONDS,
    outboxMaxAttempts: e.OUTBOX_MAX_ATTEMPTS,
    subscribeTemplates: { application: e.WECHAT_TEMPLATE_APPLICATION_STATUS ?? null, handoff: null, broadcast: e.WECHAT_TEMPLATE_BROADCAST ?? null, jobAlert: e.WECHAT_TEMPLATE_BROADCAST ?? null },
    subscribeWorkerIntervalMs: e.SUBSCRIBE_WORKER_INTERVAL_MS,
    trustProxy: e.TRUST_PROXY === 'true',
    proxyHops: e.TRUST_PROXY_HOPS,
    rateLimits: {
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
      perIp: e.RATE_LIMIT_PER_IP,
      perAccount: e.RATE_LIMIT_PER_ACCOUNT,
      authPerIp: e.RATE_LIMIT_AUTH_PER_IP,
      bindCodesPerAccount: e.RATE_LIMIT_BIND_CODES_PER_ACCOUNT,
      internal: e.RATE_LIMIT_INTERNAL,
      bindPerContact: e.RATE_LIMIT_BIND_PER_CONTACT,
      bindPerCode: e.RATE_LIMIT_BIND_PER_CODE,
      bindTotal: e.RATE_LIMIT_BIND_TOTAL,
    },
    connections: { requestTimeoutMs: e.REQUEST_TIMEOUT_MS, headersTimeoutMs: e.HEADERS_TIMEOUT_MS, perAddress: e.CONNECTIONS_PER_ADDRESS },
    redisUrl: e.REDIS_URL ?? null,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    dataEncryptionKeys: e.DATA_ENCRYPTION_KEYS,
    enquiry: { ...(e.ENQUIRY_ANSWER_CONFIDENCE === undefined ? {} : { answerConfidence: e.ENQUIRY_ANSWER_CONFIDENCE }), cacheSize: e.ENQUIRY_CACHE_SIZE },
    llm: llmConfig(e),
  };
}

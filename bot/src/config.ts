import { hostname } from 'node:os';
import { z } from 'zod';

/**
 * The bot's configuration, read from the environment once at start-up (see .env.example).
 * Empty values count as unset, so `BOT_WORKER_ID=` in a .env file falls back to the default.
 */
const unsetIfEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = z.preprocess(unsetIfEmpty, z.string().trim().optional());
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).transform((u) => u.replace(/\/+$/, ''));

const BotEnv = z.object({
  BAY_API_URL: z.preprocess(unsetIfEmpty, httpUrl),
  BOT_API_TOKEN: z.preprocess(unsetIfEmpty, z.string({ error: 'required' }).min(32, { error: 'must be at least 32 characters' })),
  WECHATY_PUPPET: z.preprocess(unsetIfEmpty, z.string().default('wechaty-puppet-mock')),
  WECHATY_PUPPET_SERVICE_TOKEN: optionalText,
  BOT_WORKER_ID: z.preprocess(
    unsetIfEmpty,
    z.string().trim().max(64, { error: 'must be at most 64 characters' }).default(() => `${hostname()}-${process.pid}`.slice(0, 64)),
  ),
  BOT_POLL_INTERVAL_MS: z.preprocess(
    unsetIfEmpty,
    z.coerce.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(50, { error: 'must be at least 50' }).max(600_000, { error: 'must be at most 600000' }).default(1000),
  ),
  BOT_STATE_DIR: z.preprocess(unsetIfEmpty, z.string().default('.data/bot')),
  BOT_ENQUIRY_PER_MINUTE: z.preprocess(
    unsetIfEmpty,
    z.coerce.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).max(600, { error: 'must be at most 600' }).default(10),
  ),
  /** Pause between two chat messages (plus up to 50% jitter) on a real puppet; an injected (mock) puppet uses 0. */
  BOT_SEND_GAP_MS: z.preprocess(
    unsetIfEmpty,
    z.coerce.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(0, { error: 'must be at least 0' }).max(60_000, { error: 'must be at most 60000' }).default(1000),
  ),
  /** The topic of the WeChat group where admins may type commands (/broadcast, /stats); unset: none. */
  BOT_ADMIN_ROOM_TOPIC: optionalText,
  MINIAPP_APP_ID: optionalText,
  MINIAPP_USERNAME: optionalText,
  MINIAPP_H5_URL: z.preprocess(unsetIfEmpty, httpUrl.default('http://127.0.0.1:10086')),
  /** development | test | production (shared with the server's .env); the chat simulator never runs in production. */
  NODE_ENV: z.preprocess(unsetIfEmpty, z.string().trim().default('development')),
  /** Port of the chat simulator (mock puppet, outside production only; see src/simulator); 0 turns it off. */
  BOT_SIMULATOR_PORT: z.preprocess(
    unsetIfEmpty,
    z.coerce.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(0, { error: 'must be at least 0' }).max(65_535, { error: 'must be at most 65535' }).default(10087),
  ),
  /** Address the chat simulator listens on (loopback unless you mean to share it). */
  BOT_SIMULATOR_HOST: z.preprocess(unsetIfEmpty, z.string().trim().default('127.0.0.1')),
  LOG_LEVEL: z.preprocess(
    unsetIfEmpty,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
  ),
});

export type BotConfig = z.output<typeof BotEnv>;

export class ConfigError extends Error {
  constructor(readonly problems: Record<string, string>) {
    super(`Invalid bot configuration:\n${Object.entries(problems).map(([name, problem]) => `  ${name}: ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment; throws a ConfigError naming every missing or malformed variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): BotConfig {
  const parsed = BotEnv.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? '_');
    if (!(name in problems)) problems[name] = unsetIfEmpty(env[name]) === undefined ? 'required' : issue.message;
  }
  throw new ConfigError(problems);
}

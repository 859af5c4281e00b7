import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs. Redaction is a safety net: code never passes tokens, secrets, phone numbers or
 * document numbers to the logger in the first place.
 */
export function createLogger(level = 'info'): Logger {
  return pino({
    level,
    base: { service: 'bay-server' },
    redact: {
      paths: [
        'token', '*.token', 'authorization', '*.authorization', '*.headers.authorization',
        'phone', '*.phone', 'docNumber', '*.docNumber', 'session_key', '*.session_key',
        'secret', '*.secret', '*.js_code',
      ],
      censor: '[redacted]',
    },
  });
}

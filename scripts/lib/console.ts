/**
 * The `npm start` console: every child process's output, one line per event, prefixed with the
 * process's name. pino's JSON lines are made readable by pino-pretty (single line, coloured on a
 * terminal); LOG_FORMAT=json passes them through unchanged, for a log collector.
 */
import { prettyFactory } from 'pino-pretty';

export type LogFormat = 'pretty' | 'json';

export interface FormattedLine {
  text: string;
  /** pino's numeric level (30 info, 40 warn, 50 error) when the line was a log record. */
  level?: number;
  /** The parsed record, so the caller can react to events (the bot logging in, a URL). */
  record?: Record<string, unknown>;
}

const COLOURS = [36, 35, 33, 32, 34, 96];
const NAME_WIDTH = 7;

export function logFormatFrom(value: string | undefined): LogFormat {
  if (value === undefined || value === '' || value === 'pretty') return 'pretty';
  if (value === 'json') return 'json';
  throw new Error(`LOG_FORMAT must be pretty or json, not "${value}"`);
}

/** Formats lines from the process `name` (the `index`-th, which picks its colour). */
export function createLineFormatter(opts: { name: string; index: number; format: LogFormat; colour: boolean }): (line: string) => FormattedLine {
  const label = opts.name.padEnd(NAME_WIDTH);
  const prefix = opts.colour ? `\u001b[${COLOURS[opts.index % COLOURS.length]}m${label}\u001b[39m │ ` : `${label} │ `;
  const pretty = prettyFactory({
    colorize: opts.colour,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    // The process is in the prefix already.
    ignore: 'pid,hostname,name,service',
  });
  return (line) => {
    const record = parseRecord(line);
    if (!record) return { text: `${prefix}${line}` };
    const level = typeof record.level === 'number' ? record.level : undefined;
    // One line per event; only an error's stack continues on further lines, each prefixed too.
    const text = opts.format === 'json' ? line : pretty(compactRequest(record)).replace(/\n+$/, '').split('\n').join(`\n${prefix}`);
    return { text: `${prefix}${text}`, ...(level === undefined ? {} : { level }), record };
  };
}

/** The access log's `request` records as one short message: `GET /api/jobs 200 3.2 ms`. */
function compactRequest(record: Record<string, unknown>): Record<string, unknown> {
  if (record.msg !== 'request' || typeof record.method !== 'string' || typeof record.path !== 'string') return record;
  const { method, path, status, ms, ...rest } = record;
  return { ...rest, msg: `${method} ${path} ${String(status)} ${String(ms)} ms` };
}

function parseRecord(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' && !Array.isArray(value) && 'level' in value ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

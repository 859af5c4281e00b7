import { describe, expect, it } from '@jest/globals';
import { createLineFormatter, logFormatFrom } from '../../scripts/lib/console.js';

const record = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, time: Date.UTC(2026, 11, 6, 4, 5, 6), pid: 42, hostname: 'box', service: 'bay-server', ...fields });

describe('the npm start console', () => {
  const pretty = createLineFormatter({ name: 'server', index: 0, format: 'pretty', colour: false });

  it('turns a pino record into one prefixed line without pid, host or service', () => {
    const line = pretty(record({ msg: 'server listening', url: 'http://127.0.0.1:3000' }));
    expect(line.text).toMatch(/^server  │ \[\d\d:\d\d:\d\d\] INFO: server listening \{"url":"http:\/\/127\.0\.0\.1:3000"\}$/);
    expect(line.text).not.toMatch(/box|bay-server|"pid"/);
    expect(line.level).toBe(30);
    expect(line.record).toMatchObject({ msg: 'server listening' });
  });

  it('writes an access-log record as method, path, status and time', () => {
    expect(pretty(record({ msg: 'request', method: 'POST', path: '/api/enquiries/answer', status: 200, ms: 4.2 })).text)
      .toMatch(/INFO: POST \/api\/enquiries\/answer 200 4\.2 ms$/);
  });

  it('prefixes every line of an error with its stack, and reports its level', () => {
    const line = pretty(JSON.stringify({ level: 50, time: 1, msg: 'boom', err: { message: 'bad', stack: 'Error: bad\n    at x' } }));
    const lines = line.text.split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.startsWith('server  │ '))).toBe(true);
    expect(line.text).toContain('at x');
    expect(line.level).toBe(50);
    expect(line.text).toContain('ERROR: boom');
  });

  it('passes other lines through with the prefix, and JSON through unchanged with LOG_FORMAT=json', () => {
    expect(pretty('seeded 58 demo jobs').text).toBe('server  │ seeded 58 demo jobs');
    expect(pretty('{not json').text).toBe('server  │ {not json');
    const raw = record({ msg: 'x' });
    expect(createLineFormatter({ name: 'bot', index: 1, format: 'json', colour: false })(raw).text).toBe(`bot     │ ${raw}`);
  });

  it('colours the prefix on a terminal', () => {
    const coloured = createLineFormatter({ name: 'bot', index: 1, format: 'pretty', colour: true })('hello');
    expect(coloured.text).toBe('\u001b[35mbot    \u001b[39m │ hello');
  });

  it('accepts pretty or json for LOG_FORMAT and names anything else', () => {
    expect(logFormatFrom(undefined)).toBe('pretty');
    expect(logFormatFrom('json')).toBe('json');
    expect(() => logFormatFrom('yaml')).toThrow('LOG_FORMAT must be pretty or json, not "yaml"');
  });
});

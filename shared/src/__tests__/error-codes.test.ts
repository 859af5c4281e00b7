import { describe, expect, it } from '@jest/globals';
import { ERROR_CODES } from '../error-codes.js';
import { LANGS } from '../enums.js';
import { hasMessage } from '../messages.js';

describe('error codes', () => {
  it('have a message in every language (e.<code>), so no answer reaches a person as a bare code', () => {
    const missing = LANGS.flatMap((lang) => ERROR_CODES.filter((code) => !hasMessage(lang, `e.${code}`)).map((code) => `${lang}: e.${code}`));
    expect(missing).toEqual([]);
  });
  it('are listed once', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});

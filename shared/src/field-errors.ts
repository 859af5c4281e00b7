import { hasMessage } from './messages.js';

/** What the function reads of a zod issue (zod 4's `$ZodIssue` has these). */
export interface ZodLikeIssue { code: string; path: readonly PropertyKey[]; message: string; keys?: readonly string[]; input?: unknown }

/**
 * Zod issues → `{ "docNumber": "v.docNumber.hkid", ... }`: the first issue per field, each value a
 * catalog key. The one mapping of the contracts, used by the server's 400s (core/errors.ts
 * validationError) and by the mini-program's forms before they send:
 * - an unknown key of a strict object → `v.unknownField` under its own name;
 * - a message that is a catalog key → itself;
 * - a missing value (zod's own "received undefined") → `v.required`;
 * - anything else → `v.invalid` (never a zod sentence in the user's face).
 */
export function issuesToFields(issues: readonly ZodLikeIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const key of issue.keys) {
        const name = [...issue.path.map(String), key].join('.');
        if (!(name in fields)) fields[name] = 'v.unknownField';
      }
      continue;
    }
    const name = issue.path.map(String).join('.') || '_';
    if (name in fields) continue;
    if (issue.message.startsWith('v.') && hasMessage('en', issue.message)) fields[name] = issue.message;
    else if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) fields[name] = 'v.required';
    else fields[name] = 'v.invalid';
  }
  return fields;
}

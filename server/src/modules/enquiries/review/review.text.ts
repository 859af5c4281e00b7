import { REVIEW_PLACEHOLDER } from '@bay/shared';
import { normalise } from '../../../text/normalise.js';
import { queryTerms } from '../../../text/tokenise.js';

/*
 * What is kept of a question, and how questions are compared. Pure functions, tested alone
 * (__tests__/review-text.test.ts).
 */

const P = REVIEW_PLACEHOLDER;

/**
 * Patterns replaced by the placeholder, most specific first (an e-mail before its digits, an ID
 * card before its digit run).
 */
const SCRUBBERS: { pattern: RegExp; minDigits: number }[] = [
  // E-mail addresses.
  { pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu, minDigits: 0 },
  // Mainland resident ID cards: 17 digits and a check digit or X (the old 15-digit cards fall to the last rule).
  { pattern: /\d{17}[\dXx]/g, minDigits: 0 },
  // Hong Kong ID cards A123456(3) / AB123456(A), with or without brackets; Macao ID cards 1234567(8).
  { pattern: /(?<![A-Za-z])[A-Za-z]{1,2}\d{6}\s*(?:[(（]\s*[\dAa]\s*[)）]|[\dAa](?!\d))/g, minDigits: 0 },
  { pattern: /\d{7}\s*[(（]\s*\d\s*[)）]/g, minDigits: 0 },
  // Words of Latin letters, digits and hyphens with 4 or more digits: passports (K12345678), Home Return
  // Permits (H12345678), licence plates, order and reference numbers.
  { pattern: /(?<![A-Za-z0-9])[A-Za-z0-9][A-Za-z0-9-]*/g, minDigits: 4 },
  // Bind codes (BIND_CODE_ALPHABET, 6 characters) with at least one digit and one letter.
  { pattern: /(?<![A-Za-z0-9])(?=[2-9a-hjkmnp-z]*\d)(?=[2-9a-hjkmnp-z]*[a-hjkmnp-z])[2-9a-hjkmnp-z]{6}(?![A-Za-z0-9])/gi, minDigits: 0 },
  // Phone numbers and any other number of 4+ digits, also written in groups (+852 9123 4567, 138-1234-5678).
  { pattern: /\+?\(?\d(?:[\s().-]{0,2}\d)*/g, minDigits: 4 },
];

const DIGITS = /\d/g;
const digitCount = (s: string) => s.match(DIGITS)?.length ?? 0;
const ESCAPED_P = P.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Adjacent placeholders (a number split by separators the rules did not join) read as one. */
const REPEATED_P = new RegExp(`${ESCAPED_P}(?:[\\s.,/-]*${ESCAPED_P})+`, 'g');
/** A short digit group written onto a scrubbed number is part of it (+852 ‹n›, ‹n›-12). */
const GLUED_DIGITS = new RegExp(`\\+?\\(?\\d{1,3}\\)?[\\s.-]{0,2}(?=${ESCAPED_P})|(?<=${ESCAPED_P})[\\s.-]{0,2}\\d{1,3}(?![\\d.:])`, 'g');

/** A question as it may be kept: numbers of 4+ digits and anything id-like replaced by ‹n›, whitespace collapsed. */
export function scrubQuestion(question: string): string {
  // Full-width digits and letters (１２３４, Ａ) count as digits and letters; the rest of the text stays as typed.
  let text = question.replace(/[０-９Ａ-Ｚａ-ｚ＠＋]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  for (const { pattern, minDigits } of SCRUBBERS) {
    text = text.replace(pattern, (m) => (digitCount(m) >= minDigits ? P : m));
  }
  return text.replace(REPEATED_P, P).replace(GLUED_DIGITS, '').replace(REPEATED_P, P).replace(/\s+/g, ' ').trim();
}

/**
 * The exact-match key of a scrubbed question: the enquiry normal form (NFKC, lower case, Cantonese
 * → Mandarin, Traditional → Simplified) with punctuation, symbols and spaces removed, so
 * 罗湖口岸几点开门？, 羅湖口岸幾點開門 and "罗湖口岸 几点开门" share one key.
 */
export function questionKey(scrubbed: string): string {
  const parts = scrubbed.split(P).map((part) => normalise(part).replace(/[^\p{L}\p{N}]/gu, ''));
  return parts.join(P);
}

/** The search terms of a scrubbed question (the index's own query analysis), sorted and unique. */
export function questionTokens(scrubbed: string): string[] {
  return [...new Set(queryTerms(scrubbed.split(P).join(' ')))].sort();
}

/** |a ∩ b| / |a ∪ b| of two term sets (0 when both are empty). */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  if (!a.length && !b.length) return 0;
  const setB = new Set(b);
  const setA = new Set(a);
  let common = 0;
  for (const term of setA) if (setB.has(term)) common++;
  return common / (setA.size + setB.size - common);
}

/** Questions this similar (by search terms) to a group's representative are counted in that group. */
export const SIMILARITY_THRESHOLD = 0.6;

export const hasPlaceholder = (text: string) => text.includes(P);

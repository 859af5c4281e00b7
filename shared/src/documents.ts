/**
 * Identity-document and phone-number checks shared by the mini-program (as you type)
 * and the server (authoritative). Pure functions, no platform code.
 */

/** Strips spaces, hyphens and brackets and upper-cases: "a123456(3)" -> "A1234563". */
export function normaliseDocNumber(raw: string): string {
  return raw.replace(/[\s\-()（）]/g, '').toUpperCase();
}

/**
 * Hong Kong Identity Card: one or two letters, six digits, a check digit (0-9 or A).
 * Check digit: weights 9..2 over [space-padded letters + digits] with A=10..Z=35, space=36;
 * check = 11 - sum mod 11, where 10 is written "A" and 11 is "0".
 */
export function isValidHkid(raw: string): boolean {
  const id = normaliseDocNumber(raw);
  const m = /^([A-Z]{1,2})([0-9]{6})([0-9A])$/.exec(id);
  if (!m) return false;
  const letters = m[1]!.length === 1 ? ` ${m[1]}` : m[1]!;
  const chars = (letters + m[2]!).split('');
  const value = (c: string) => (c === ' ' ? 36 : /[A-Z]/.test(c) ? c.charCodeAt(0) - 55 : Number(c));
  const sum = chars.reduce((acc, c, i) => acc + value(c) * (9 - i), 0);
  const remainder = 11 - (sum % 11);
  const expected = remainder === 11 ? '0' : remainder === 10 ? 'A' : String(remainder);
  return m[3] === expected;
}

/**
 * Macao Resident Identity Card: 1/5/7 followed by six digits and a check digit, written
 * 1234567(8). The check-digit algorithm is not published, so only the shape is checked.
 */
export function isValidMacaoId(raw: string): boolean {
  return /^[157][0-9]{7}$/.test(normaliseDocNumber(raw));
}

/**
 * Mainland Travel Permit for Hong Kong and Macao Residents (回乡证): H (Hong Kong) or M (Macao)
 * followed by 8 digits (cards issued since 2013) or 10 digits (older booklets).
 */
export function isValidHomeReturnPermit(raw: string): boolean {
  return /^[HM]([0-9]{8}|[0-9]{10})$/.test(normaliseDocNumber(raw));
}

/** Mainland resident ID card: 17 digits and an ISO 7064 MOD 11-2 check character, with a real birth date. */
export function isValidMainlandId(raw: string): boolean {
  const id = normaliseDocNumber(raw);
  if (!/^[1-9][0-9]{16}[0-9X]$/.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const mo = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== mo - 1 || birth.getUTCDate() !== d || birth.getTime() > Date.now()) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}

export const DOC_VALIDATORS = {
  hkid: isValidHkid,
  macao_id: isValidMacaoId,
  home_return_permit: isValidHomeReturnPermit,
  mainland_id: isValidMainlandId,
} as const;

/** Keeps the last four characters: "A1234563" -> "****4563". Never log or show more. */
export function maskDocNumber(raw: string): string {
  const id = normaliseDocNumber(raw);
  return '*'.repeat(Math.max(0, id.length - 4)) + id.slice(-4);
}

/** Strips spaces and hyphens: "+852 9123-4567" -> "+85291234567". */
export function normalisePhone(raw: string): string {
  return raw.replace(/[\s\-()]/g, '');
}

/**
 * Mobile numbers of the three jurisdictions:
 * mainland 1[3-9]xxxxxxxxx (+86 optional); Hong Kong 8 digits starting 4-9 (+852);
 * Macao 8 digits starting 6 (+853).
 */
export function isValidPhone(raw: string): boolean {
  const p = normalisePhone(raw);
  return /^(\+?86)?1[3-9][0-9]{9}$/.test(p) || /^(\+?852)?[4-9][0-9]{7}$/.test(p) || /^(\+?853)?6[0-9]{7}$/.test(p);
}

export function maskPhone(raw: string): string {
  const p = normalisePhone(raw);
  return p.slice(0, Math.min(4, p.length - 4)) + '****' + p.slice(-4);
}

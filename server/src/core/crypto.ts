/**
 * Field-level encryption at rest (AES-256-GCM, Node's crypto) with a key ring.
 *
 * Stored form: `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>`, each part base64url; the 12-byte IV is
 * random per value and the header `enc:v1:<keyId>` is authenticated (GCM additional data), so
 * neither the ciphertext nor the key id can be changed without decrypt failing.
 *
 * Key ring: DATA_ENCRYPTION_KEYS="k2:<base64 32 bytes>,k1:<base64 32 bytes>". The first key
 * encrypts every new value; the others only decrypt, until `npm run rotate-keys -w @bay/server`
 * has moved every stored value to the first key and they can be dropped.
 *
 * The ciphertext is randomised, so an encrypted field cannot be searched by value. No lookup by
 * phone or document number is needed today; if one ever is, add a keyed HMAC "blind index"
 * (HMAC-SHA256 of the normalised value under a separate key) beside the ciphertext and query that,
 * never the plaintext.
 *
 * Errors never contain the plaintext or the stored value, only the key id, so they are safe to log.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = 'enc';
const VERSION = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** The command printed in error messages and .env.example to make a fresh key. */
export const KEY_GENERATION_COMMAND = `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`;

export type FieldCipherErrorCode = 'malformed' | 'unknownKey' | 'tampered';

export class FieldCipherError extends Error {
  constructor(public readonly code: FieldCipherErrorCode, message: string) {
    super(message);
    this.name = 'FieldCipherError';
  }
}

/**
 * Parsed DATA_ENCRYPTION_KEYS. Keys never print: JSON and util.inspect show the ids only, so a
 * config object that ends up in a log line carries no key material.
 */
export class KeyRing {
  readonly currentId: string;
  readonly ids: readonly string[];
  readonly #keys: ReadonlyMap<string, Buffer>;

  constructor(entries: readonly { id: string; key: Buffer }[]) {
    if (!entries.length) throw new KeyRingError(['must list at least one key']);
    this.#keys = new Map(entries.map((e) => [e.id, Buffer.from(e.key)]));
    this.ids = entries.map((e) => e.id);
    this.currentId = entries[0]!.id;
  }

  key(id: string): Buffer | undefined {
    return this.#keys.get(id);
  }

  toJSON() {
    return { currentId: this.currentId, ids: this.ids };
  }

  [inspect.custom]() {
    return `KeyRing { current: ${this.currentId}, ids: [${this.ids.join(', ')}] }`;
  }
}

export class KeyRingError extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'KeyRingError';
  }
}

/** Makes a fresh random key (base64), for tests and scripts that write a development .env. */
export function generateKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** `k1:<base64>,k0:<base64>` from fresh random keys; the first id is the current key. */
export function generateKeyRingSpec(ids: readonly string[] = ['k1']): string {
  return ids.map((id) => `${id}:${generateKey()}`).join(',');
}

function decodeKey(text: string): Buffer | undefined {
  // Standard or URL-safe base64, padding optional; anything else is refused rather than half-decoded.
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  return Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/**
 * Parses `id:base64key,id:base64key`. Throws KeyRingError listing every problem (by position
 * and id, never the key itself).
 */
export function parseKeyRing(spec: string): KeyRing {
  const problems: string[] = [];
  const entries: { id: string; key: Buffer }[] = [];
  const parts = spec.split(',').map((s) => s.trim()).filter(Boolean);
  if (!parts.length) problems.push(`must list at least one key as "<id>:<base64 of 32 bytes>"; generate one with: ${KEY_GENERATION_COMMAND}`);
  parts.forEach((part, index) => {
    const at = `entry ${index + 1}`;
    const colon = part.indexOf(':');
    if (colon < 0) {
      problems.push(`${at} must look like "<id>:<base64 key>"`);
      return;
    }
    const id = part.slice(0, colon).trim();
    const keyText = part.slice(colon + 1).trim();
    if (!KEY_ID.test(id)) {
      problems.push(`${at} has an invalid key id (letters, digits, "_" or "-", at most 32)`);
      return;
    }
    if (entries.some((e) => e.id === id)) {
      problems.push(`${at} repeats key id "${id}"`);
      return;
    }
    const key = decodeKey(keyText);
    if (!key) {
      problems.push(`key "${id}" is not base64`);
      return;
    }
    if (key.length !== KEY_BYTES) {
      problems.push(`key "${id}" must be ${KEY_BYTES} bytes (got ${key.length}); generate one with: ${KEY_GENERATION_COMMAND}`);
      return;
    }
    entries.push({ id, key });
  });
  if (problems.length) throw new KeyRingError(problems);
  return new KeyRing(entries);
}

export interface FieldCipher {
  /** Encrypts under the current key. */
  encrypt(plain: string): string;
  /** Decrypts a value written by `encrypt` under any key of the ring; throws FieldCipherError. */
  decrypt(stored: string): string;
  /** True when `stored` is an encrypted value under the current key (rotation skips it). */
  isCurrent(stored: string): boolean;
  /** True when `stored` has the shape of an encrypted value (any key, not checked). */
  isEncrypted(stored: string): boolean;
  /** The key id an encrypted value names, or undefined for anything else. */
  keyIdOf(stored: string): string | undefined;
  readonly currentKeyId: string;
}

interface Parsed { keyId: string; header: string; iv: Buffer; tag: Buffer; data: Buffer }

function parse(stored: string): Parsed | undefined {
  if (typeof stored !== 'string') return undefined;
  const parts = stored.split(':');
  if (parts.length !== 6 || parts[0] !== PREFIX || parts[1] !== VERSION) return undefined;
  const [, , keyId, iv, tag, data] = parts as [string, string, string, string, string, string];
  if (!KEY_ID.test(keyId) || ![iv, tag, data].every((p) => /^[A-Za-z0-9_-]*$/.test(p))) return undefined;
  const parsed = { keyId, header: `${PREFIX}:${VERSION}:${keyId}`, iv: Buffer.from(iv, 'base64url'), tag: Buffer.from(tag, 'base64url'), data: Buffer.from(data, 'base64url') };
  if (parsed.iv.length !== IV_BYTES || parsed.tag.length !== TAG_BYTES) return undefined;
  return parsed;
}

/** The one way to encrypt a field. Stateless apart from the key ring; safe to share. */
export function createFieldCipher(ring: KeyRing): FieldCipher {
  return {
    currentKeyId: ring.currentId,
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const header = `${PREFIX}:${VERSION}:${ring.currentId}`;
      const cipher = createCipheriv('aes-256-gcm', ring.key(ring.currentId)!, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(header, 'utf8'));
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [header, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(':');
    },
    decrypt(stored) {
      const p = parse(stored);
      if (!p) throw new FieldCipherError('malformed', 'not an encrypted value (expected enc:v1:<keyId>:<iv>:<tag>:<data>)');
      const key = ring.key(p.keyId);
      if (!key) {
        throw new FieldCipherError('unknownKey', `value is encrypted with key id "${p.keyId}", which is not in DATA_ENCRYPTION_KEYS (have: ${ring.ids.join(', ')}); add the old key back until rotate-keys has run`);
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, p.iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(p.header, 'utf8'));
        decipher.setAuthTag(p.tag);
        return Buffer.concat([decipher.update(p.data), decipher.final()]).toString('utf8');
      } catch {
        throw new FieldCipherError('tampered', `value under key id "${p.keyId}" failed authentication (altered, or the key "${p.keyId}" is not the one it was written with)`);
      }
    },
    isCurrent(stored) {
      return parse(stored)?.keyId === ring.currentId;
    },
    isEncrypted(stored) {
      return parse(stored) !== undefined;
    },
    keyIdOf(stored) {
      return parse(stored)?.keyId;
    },
  };
}

import { inspect } from 'node:util';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../config.js';
import { createFieldCipher, FieldCipherError, generateKeyRingSpec, KEY_GENERATION_COMMAND, parseKeyRing } from '../crypto.js';
import { testEnv } from '../../__tests__/harness.js';

const key = () => randomBytes(32).toString('base64');
const K1 = key();
const K2 = key();
const HKID = 'A1234563';
const PHONE = '+85291234567';

function cipherError(fn: () => unknown): FieldCipherError {
  try { fn(); } catch (err) { if (err instanceof FieldCipherError) return err; throw err; }
  throw new Error('expected a FieldCipherError');
}

/** Flips one bit of the base64url part `index` (3 iv, 4 tag, 5 data) of a stored value. */
function flip(stored: string, index: number): string {
  const parts = stored.split(':');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[0] = bytes[0]! ^ 1;
  parts[index] = bytes.toString('base64url');
  return parts.join(':');
}

describe('field cipher (AES-256-GCM with a key ring)', () => {
  const k1 = createFieldCipher(parseKeyRing(`k1:${K1}`));
  const k2k1 = createFieldCipher(parseKeyRing(`k2:${K2},k1:${K1}`));

  it('round-trips values, writing enc:v1:<current key id>:<iv>:<tag>:<data> in base64url', () => {
    for (const plain of [HKID, PHONE, '陳大文 · 香港', '', 'x'.repeat(5000)]) {
      const stored = k1.encrypt(plain);
      expect(stored).toMatch(/^enc:v1:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]*$/);
      expect(k1.decrypt(stored)).toBe(plain);
    }
    expect(k1.encrypt(HKID)).not.toContain(HKID);
  });

  it('uses a fresh IV per value, so equal values do not look equal', () => {
    expect(k1.encrypt(HKID)).not.toBe(k1.encrypt(HKID));
  });

  it('encrypts with the first key and still decrypts values under older keys', () => {
    const old = k1.encrypt(PHONE);
    const fresh = k2k1.encrypt(PHONE);
    expect(k2k1.keyIdOf(fresh)).toBe('k2');
    expect(k2k1.decrypt(old)).toBe(PHONE);
    expect(k2k1.isCurrent(old)).toBe(false);
    expect(k2k1.isCurrent(fresh)).toBe(true);
    expect(k2k1.currentKeyId).toBe('k2');
  });

  it('detects tampering with the data, the tag, the IV or the key id (GCM authentication)', () => {
    const stored = k2k1.encrypt(HKID);
    for (const tampered of [flip(stored, 5), flip(stored, 4), flip(stored, 3), stored.replace(':k2:', ':k1:')]) {
      const err = cipherError(() => k2k1.decrypt(tampered));
      expect(err.code).toBe('tampered');
      expect(err.message).not.toContain(HKID);
    }
  });

  it('names an unknown key id clearly, without the value', () => {
    const stored = k2k1.encrypt(HKID);
    const err = cipherError(() => k1.decrypt(stored));
    expect(err.code).toBe('unknownKey');
    expect(err.message).toBe('value is encrypted with key id "k2", which is not in DATA_ENCRYPTION_KEYS (have: k1); add the old key back until rotate-keys has run');
    expect(err.message).not.toContain(stored.split(':')[5]!);
  });

  it('refuses plain text and malformed values instead of passing them through', () => {
    for (const value of [HKID, 'enc:v1:k1:abc', 'enc:v2:k1:a:b:c', `enc:v1:k1::${'A'.repeat(22)}:x`]) {
      const err = cipherError(() => k1.decrypt(value));
      expect(err.code).toBe('malformed');
      expect(err.message).not.toContain(HKID);
    }
    expect(k1.isCurrent(HKID)).toBe(false);
    expect(k1.isEncrypted(HKID)).toBe(false);
  });
});

describe('DATA_ENCRYPTION_KEYS', () => {
  it('is read into a key ring whose first key is current, printed as ids only', () => {
    const config = loadConfig(testEnv({ DATA_ENCRYPTION_KEYS: `k2:${K2}, k1:${K1}` }));
    const ring = config.dataEncryptionKeys;
    expect(ring.currentId).toBe('k2');
    expect(ring.ids).toEqual(['k2', 'k1']);
    for (const printed of [JSON.stringify(config), inspect(config, { depth: 10 })]) {
      expect(printed).not.toContain(K1);
      expect(printed).not.toContain(K2);
      expect(printed).not.toContain(Buffer.from(K1, 'base64').toString('hex'));
    }
  });

  it('accepts URL-safe base64 and generated specs', () => {
    expect(parseKeyRing(`a_1:${Buffer.from(K1, 'base64').toString('base64url')}`).currentId).toBe('a_1');
    expect(parseKeyRing(generateKeyRingSpec(['k3', 'k2'])).ids).toEqual(['k3', 'k2']);
  });

  it('stops start-up with a message naming each problem and how to make a key', () => {
    const problems = (value: string | undefined): string[] => {
      const env = testEnv(value === undefined ? {} : { DATA_ENCRYPTION_KEYS: value });
      if (value === undefined) delete env.DATA_ENCRYPTION_KEYS;
      try { loadConfig(env); } catch (err) { if (err instanceof ConfigError) return err.problems; throw err; }
      throw new Error('expected ConfigError');
    };
    expect(problems(undefined)).toEqual(['DATA_ENCRYPTION_KEYS is required']);
    expect(problems(`k1:${randomBytes(16).toString('base64')}`)).toEqual([`DATA_ENCRYPTION_KEYS key "k1" must be 32 bytes (got 16); generate one with: ${KEY_GENERATION_COMMAND}`]);
    expect(problems('k1:not base64!')).toEqual(['DATA_ENCRYPTION_KEYS key "k1" is not base64']);
    expect(problems(`k1:${K1},k1:${K2}`)).toEqual(['DATA_ENCRYPTION_KEYS entry 2 repeats key id "k1"']);
    expect(problems(`${K1},bad id:${K2}`)).toEqual([
      'DATA_ENCRYPTION_KEYS entry 1 must look like "<id>:<base64 key>"',
      'DATA_ENCRYPTION_KEYS entry 2 has an invalid key id (letters, digits, "_" or "-", at most 32)',
    ]);
    expect(problems(' , ')[0]).toMatch(/^DATA_ENCRYPTION_KEYS must list at least one key/);
    // No problem message ever echoes key material.
    expect(problems(`k1:${K1.slice(0, 20)}`).join(' ')).not.toContain(K1.slice(0, 20));
  });
});

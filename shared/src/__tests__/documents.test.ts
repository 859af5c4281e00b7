import { describe, expect, it } from '@jest/globals';
import {
  isValidHkid, isValidHomeReturnPermit, isValidMacaoId, isValidMainlandId, isValidPhone, maskDocNumber, maskPhone,
} from '../documents.js';

describe('isValidHkid', () => {
  it('accepts well-known valid numbers with or without brackets', () => {
    expect(isValidHkid('A123456(3)')).toBe(true);
    expect(isValidHkid('a1234563')).toBe(true);
    expect(isValidHkid('AB987654(3)')).toBe(true);
    expect(isValidHkid('G123456(A)')).toBe(true);
  });
  it('rejects a wrong check digit', () => {
    expect(isValidHkid('A123456(4)')).toBe(false);
    expect(isValidHkid('AB987654(2)')).toBe(false);
  });
  it('rejects the wrong shape', () => {
    expect(isValidHkid('123456(3)')).toBe(false);
    expect(isValidHkid('ABC123456(3)')).toBe(false);
    expect(isValidHkid('')).toBe(false);
  });
});

describe('isValidMainlandId', () => {
  it('accepts a number with a correct MOD 11-2 check character', () => {
    expect(isValidMainlandId('11010519491231002X')).toBe(true);
    expect(isValidMainlandId('440308199901011234'.slice(0, 17) + '3')).toBe(false);
  });
  it('rejects impossible birth dates', () => {
    expect(isValidMainlandId('110105194913310021')).toBe(false);
  });
});

describe('other documents and phones', () => {
  it('checks Macao ID and Home Return Permit shapes', () => {
    expect(isValidMacaoId('1234567(8)')).toBe(true);
    expect(isValidMacaoId('2234567(8)')).toBe(false);
    expect(isValidHomeReturnPermit('H12345678')).toBe(true);
    expect(isValidHomeReturnPermit('M1234567890')).toBe(true);
    expect(isValidHomeReturnPermit('X12345678')).toBe(false);
  });
  it('accepts mobile numbers of the three jurisdictions and rejects others', () => {
    expect(isValidPhone('+852 9123 4567')).toBe(true);
    expect(isValidPhone('+853 6612 3456')).toBe(true);
    expect(isValidPhone('13812345678')).toBe(true);
    expect(isValidPhone('+86 138-1234-5678')).toBe(true);
    expect(isValidPhone('12345')).toBe(false);
    expect(isValidPhone('+852 1123 4567')).toBe(false);
  });
  it('masks all but the last four characters', () => {
    expect(maskDocNumber('A123456(3)')).toBe('****4563');
    expect(maskPhone('+85291234567')).toBe('+852****4567');
  });
});

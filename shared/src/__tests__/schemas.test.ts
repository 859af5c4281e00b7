import { describe, expect, it } from '@jest/globals';
import { ApplicationCreateBody, IdParams } from '../schemas.js';
import { issuesToFields } from '../field-errors.js';
import { canTransition, nextStatuses, toLang } from '../enums.js';
import { translator } from '../messages.js';

const good = {
  jobId: '0123456789abcdef01234567', name: '陈大文', phone: '+852 9123 4567',
  docType: 'hkid', docNumber: 'A123456(3)', resume: '十年物流经验',
};

describe('ApplicationCreateBody', () => {
  it('normalises a valid application', () => {
    const parsed = ApplicationCreateBody.parse(good);
    expect(parsed.docNumber).toBe('A1234563');
    expect(parsed.phone).toBe('+85291234567');
  });
  it('names the field with a bad HKID check digit, with a translatable key', () => {
    const r = ApplicationCreateBody.safeParse({ ...good, docNumber: 'A123456(4)' });
    expect(r.success).toBe(false);
    const fields = issuesToFields(r.error!.issues);
    expect(fields).toEqual({ docNumber: 'v.docNumber.hkid' });
    expect(translator('en')(fields.docNumber!)).toMatch(/HKID/);
    expect(translator('zh-Hant')(fields.docNumber!)).toMatch(/香港身份證/);
  });
  it('rejects a phone of the wrong shape and unknown fields', () => {
    const r = ApplicationCreateBody.safeParse({ ...good, phone: '12345', admin: true });
    const fields = issuesToFields(r.error!.issues);
    expect(fields.phone).toBe('v.phone');
    // An unknown key is named, as the server's 400 names it (one mapping for both).
    expect(fields.admin).toBe('v.unknownField');
  });
  it('maps a missing value to v.required and a value of the wrong type to the schema\'s key', () => {
    const { jobId: _omit, ...rest } = good;
    expect(issuesToFields(ApplicationCreateBody.safeParse(rest).error!.issues).jobId).toBe('v.required');
    expect(issuesToFields(IdParams.safeParse({ id: 5 }).error!.issues)).toEqual({ id: 'v.id' });
  });
});

describe('status machine', () => {
  it('lets reviewers move forward and residents only withdraw', () => {
    expect(canTransition('submitted', 'under_review', 'reviewer')).toBe(true);
    expect(canTransition('submitted', 'offered', 'reviewer')).toBe(false);
    expect(canTransition('interview', 'withdrawn', 'resident')).toBe(true);
    expect(canTransition('offered', 'withdrawn', 'resident')).toBe(false);
    expect(nextStatuses('under_review', 'reviewer').sort()).toEqual(['interview', 'rejected']);
  });
  it('maps WeChat language settings', () => {
    expect(toLang('zh_HK')).toBe('zh-Hant');
    expect(toLang('zh_TW')).toBe('zh-Hant');
    expect(toLang('zh_CN')).toBe('zh-Hans');
    expect(toLang('en-US,en;q=0.9')).toBe('en');
    expect(toLang(undefined)).toBe('zh-Hans');
  });
});

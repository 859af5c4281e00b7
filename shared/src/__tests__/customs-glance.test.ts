import { describe, expect, it } from '@jest/globals';
import { PortStarsBody, WAIT_BAND_LIMITS, WAIT_BAND_SOURCE, isOpenAt, waitBand } from '../customs.js';

describe('wait bands (Hong Kong Immigration Department queue levels)', () => {
  it('green under 15 minutes, amber 15–29, red 30 or more, none without a figure', () => {
    expect([0, 14, 15, 29, 30, 300].map(waitBand)).toEqual(['normal', 'normal', 'busy', 'busy', 'very-busy', 'very-busy']);
    expect(waitBand(null)).toBeNull();
    expect(waitBand(undefined)).toBeNull();
    expect(WAIT_BAND_LIMITS).toEqual({ busyFrom: 15, veryBusyFrom: 30 });
  });
  it('names its source and the month it was checked', () => {
    expect(WAIT_BAND_SOURCE.url).toMatch(/^https:\/\/www\.immd\.gov\.hk\//);
    expect(WAIT_BAND_SOURCE.asOf).toMatch(/^20\d\d-\d\d$/);
  });
});

describe('isOpenAt (Hong Kong time)', () => {
  // 2026-12-06T22:00Z = 06:00 in Hong Kong, 2026-12-06T23:00Z = 07:00.
  const loWu = { open24h: false, from: '06:30', to: '24:00' };
  it('opens and closes on the hour in Hong Kong, not UTC', () => {
    expect(isOpenAt(loWu, new Date('2026-12-06T22:00:00Z'))).toBe(false);
    expect(isOpenAt(loWu, new Date('2026-12-06T22:30:00Z'))).toBe(true);
    expect(isOpenAt(loWu, new Date('2026-12-06T15:59:00Z'))).toBe(true); // 23:59
    expect(isOpenAt(loWu, new Date('2026-12-06T16:00:00Z'))).toBe(false); // midnight
  });
  it('wraps hours across midnight and knows 24-hour ports', () => {
    const late = { open24h: false, from: '07:00', to: '01:00' };
    expect(isOpenAt(late, new Date('2026-12-06T16:30:00Z'))).toBe(true); // 00:30
    expect(isOpenAt(late, new Date('2026-12-06T18:00:00Z'))).toBe(false); // 02:00
    expect(isOpenAt({ open24h: true }, new Date())).toBe(true);
    expect(isOpenAt({ open24h: false }, new Date())).toBeNull();
  });
});

describe('PortStarsBody', () => {
  it('takes known-shaped ids without repeats, at most 30', () => {
    expect(PortStarsBody.parse({ portIds: ['lo-wu', 'shenzhen-bay'] })).toEqual({ portIds: ['lo-wu', 'shenzhen-bay'] });
    expect(PortStarsBody.safeParse({ portIds: ['lo-wu', 'lo-wu'] }).error?.issues[0]?.message).toBe('v.portStarsDuplicate');
    expect(PortStarsBody.safeParse({ portIds: Array.from({ length: 31 }, (_, i) => `p-${i}`) }).error?.issues[0]?.message).toBe('v.portStarsTooMany');
    expect(PortStarsBody.safeParse({ portIds: ['Lo Wu'] }).success).toBe(false);
  });
});

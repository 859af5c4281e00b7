import type { BroadcastAudienceDto } from '@bay/shared';
import sift from 'sift';
import type { UserDoc } from '../users/user.model.js';

/**
 * Residents an audience selects. User preferences (`notify.city`, `notify.interests`,
 * `notify.optOut`) are added by the preferences work; absent fields simply match nothing
 * (city/interest) or nobody opted out. The legacy 退订 flag also excludes.
 */
export function audienceFilter(audience: BroadcastAudienceDto): Record<string, unknown> {
  const base: Record<string, unknown> = { role: 'resident', notificationsOptOut: { $ne: true }, 'notify.optOut': { $ne: 'broadcast' } };
  switch (audience.type) {
    case 'all': return base;
    case 'city': return { ...base, 'notify.city': { $in: audience.cities } };
    case 'interest': return { ...base, 'notify.interests': { $in: audience.interests } };
    case 'lang': return { ...base, lang: { $in: audience.langs } };
    case 'groups': return base; // not a user audience; see the fan-out's room filter
  }
}

/** The user fields audienceFilter reads (the inbox loads only these to match broadcasts at read time). */
export const AUDIENCE_PROJECTION = { role: 1, notificationsOptOut: 1, notify: 1, lang: 1, createdAt: 1 } as const;
export type AudienceUser = Pick<UserDoc, '_id' | 'role' | 'lang' | 'notify' | 'createdAt'> & { notificationsOptOut?: boolean };

/**
 * Whether a user is in a broadcast's audience, decided in memory by the very filter the fan-out
 * queries with (sift evaluates MongoDB filters; mongoose itself uses it), so the inbox at read
 * time and the fan-out cannot disagree. Group broadcasts reach rooms, never a resident's inbox.
 */
export function inAudience(audience: BroadcastAudienceDto, user: AudienceUser): boolean {
  if (audience.type === 'groups') return false;
  return sift(audienceFilter(audience))(user);
}

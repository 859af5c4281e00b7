import type { TravelLegDto } from '@bay/shared';
import type { Translate } from '../../i18n';

/** "65–70 HKD", "6 MOP" or "Free", in the resident's language. */
export function fareText(t: Translate, fare: TravelLegDto['fare']): string {
  if (fare.max === 0) return t('travel.fareFree');
  if (fare.min === fare.max) return t('travel.fareOne', { min: fare.min, currency: fare.currency });
  return t('travel.fare', { min: fare.min, max: fare.max, currency: fare.currency });
}

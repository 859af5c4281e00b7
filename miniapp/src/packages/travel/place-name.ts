import type { TravelPlace } from '@bay/shared';
import type { Translate } from '../../i18n';

/** A route-finder place in the resident's language: the shared city names plus the airport. */
export const placeName = (t: Translate, place: TravelPlace) => (place === 'hkairport' ? t('travel.place.hkairport') : t(`city.${place}`));

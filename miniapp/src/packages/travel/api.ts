import {
  TRAVEL_API,
  type ApplicationDto,
  type NorthboundApplicationCreate,
  type NorthboundEligibilityDto,
  type NorthboundEligibilityRequest,
  type NorthboundRulesDto,
  type NorthboundScheme,
  type TravelPlace,
  type TravelRoutesDto,
  type TravelSort,
} from '@bay/shared';
import { request } from '../../services/request';

/* Typed calls to the travel endpoints (shared/src/travel.ts TRAVEL_API); answers come in the request's language. */
export const travelApi = {
  routes: (from: TravelPlace, to: TravelPlace, sort: TravelSort) => request<TravelRoutesDto>(TRAVEL_API.routes, { query: { from, to, sort } }),
  northbound: (scheme: NorthboundScheme) => request<NorthboundRulesDto>(TRAVEL_API.northbound, { query: { scheme } }),
  eligibility: (body: NorthboundEligibilityRequest) =>
    request<NorthboundEligibilityDto>(TRAVEL_API.northboundEligibility, { method: 'POST', body }),
  apply: (body: NorthboundApplicationCreate) => request<ApplicationDto>(TRAVEL_API.northboundApplications, { method: 'POST', body }),
};

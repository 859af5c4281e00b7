import {
  IDENTITY_API,
  type IdentityConsent,
  type IdentityPendingDto,
  type IdentityPrefillDto,
  type IdentityProfileDto,
  type IdentityStartDto,
} from '@bay/shared';
import { request } from './request';

/* Cross-border identity (OpenID Connect provider configured by the operator), one call per endpoint. */
export const identityApi = {
  start: () => request<IdentityStartDto>(IDENTITY_API.start, { method: 'POST', body: {} }),
  pending: (id: string) => request<IdentityPendingDto>(IDENTITY_API.pending(id)),
  consent: (id: string, body: IdentityConsent) => request<IdentityProfileDto>(IDENTITY_API.consent(id), { method: 'POST', body }),
  profile: () => request<IdentityProfileDto>(IDENTITY_API.profile),
  unlink: () => request<void>(IDENTITY_API.profile, { method: 'DELETE' }),
  prefill: () => request<IdentityPrefillDto>(IDENTITY_API.prefill),
};

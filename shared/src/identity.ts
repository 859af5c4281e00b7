import { z } from 'zod';
import { PAGE_PATHS } from './pages.js';
import { DOC_TYPES, type DocType } from './enums.js';
import { normaliseDocNumber } from './documents.js';
import { objectId } from './schemas.js';

/*
 * Cross-border identity: a resident signed in with WeChat links a profile verified by an
 * external OpenID Connect provider (configured by the operator), after consenting field by
 * field to what is kept. Messages are catalog keys (messages.ts), as in schemas.ts.
 */

/** The verified fields a resident can consent to share, in the order the consent screen lists them. */
export const IDENTITY_FIELDS = ['nameZh', 'nameEn', 'docType', 'docNumber', 'birthdate', 'address'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

export const IDENTITY_API = {
  start: '/api/identity/start',
  callback: '/api/identity/callback',
  pending: (id: string) => `/api/identity/pending/${id}`,
  consent: (id: string) => `/api/identity/pending/${id}/consent`,
  profile: '/api/identity/profile',
  prefill: '/api/identity/prefill',
} as const;

/** The mini-program page the callback sends the browser to (H5 hash route). */
export const IDENTITY_CONSENT_PAGE = PAGE_PATHS.identityConsent;

/** openid-client's randomState(): 32 random bytes, base64url. Accept any sane base64url value. */
const opaque = (max: number) => z.string({ error: 'v.required' }).min(1, { error: 'v.required' }).max(max, { error: 'v.tooLong' })
  .regex(/^[\w.~-]+$/, { error: 'v.invalid' });

export const IdentityStartBody = z.strictObject({});

/**
 * What the provider appends to the redirect URI: a code (or an error) and our state. `iss` is
 * RFC 9207's issuer identification; the rest are optional OAuth/OIDC response parameters.
 */
export const IdentityCallbackQuery = z.strictObject({
  state: opaque(256),
  code: opaque(2048).optional(),
  iss: z.string().max(512, { error: 'v.tooLong' }).optional(),
  error: z.string().max(64, { error: 'v.tooLong' }).regex(/^[a-z_]+$/, { error: 'v.invalid' }).optional(),
  error_description: z.string().max(512, { error: 'v.tooLong' }).optional(),
  error_uri: z.string().max(512, { error: 'v.tooLong' }).optional(),
  session_state: z.string().max(512, { error: 'v.tooLong' }).optional(),
}).refine((q) => Boolean(q.code) !== Boolean(q.error), { error: 'v.identityCallback', path: ['code'] });

export const IdentityPendingParams = z.strictObject({ id: objectId });

export const IdentityConsentBody = z.discriminatedUnion('accept', [
  z.strictObject({
    accept: z.literal(true),
    fields: z.array(z.enum(IDENTITY_FIELDS, { error: 'v.identityField' }), { error: 'v.identityFields' })
      .min(1, { error: 'v.identityFields' })
      .max(IDENTITY_FIELDS.length, { error: 'v.identityFields' })
      .refine((f) => new Set(f).size === f.length, { error: 'v.identityFields' }),
  }),
  z.strictObject({ accept: z.literal(false) }),
], { error: 'v.identityAccept' });
export type IdentityConsent = z.input<typeof IdentityConsentBody>;

/** The `address` claim of OpenID Connect Core 5.1.1 (only what we show). */
const AddressClaim = z.object({
  formatted: z.string().max(300).optional(),
  street_address: z.string().max(300).optional(),
  locality: z.string().max(100).optional(),
  region: z.string().max(100).optional(),
  country: z.string().max(100).optional(),
});

/**
 * The provider's userinfo, parsed as untrusted input: the `gba_identity` scope's claims. Unknown
 * claims are ignored; each known claim is optional (a provider may withhold any of them).
 */
export const IdentityClaims = z.object({
  sub: z.string().min(1).max(255),
  name_zh: z.string().trim().min(1).max(60).optional(),
  name_en: z.string().trim().min(1).max(60).optional(),
  doc_type: z.enum(DOC_TYPES).optional(),
  doc_number: z.string().trim().min(1).max(24).transform(normaliseDocNumber).optional(),
  birthdate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  address: z.union([z.string().max(300).transform((formatted): z.output<typeof AddressClaim> => ({ formatted })), AddressClaim]).optional(),
});
export type IdentityClaimsInput = z.input<typeof IdentityClaims>;

/** A verified profile as stored: only the consented fields are present. */
export interface IdentityValues {
  nameZh?: string;
  nameEn?: string;
  docType?: DocType;
  docNumber?: string;
  birthdate?: string;
  address?: string;
}

/** Claims -> our field names (address flattened to one line). */
export function claimsToValues(claims: z.output<typeof IdentityClaims>): IdentityValues {
  const a = claims.address;
  const address = a ? (a.formatted || [a.street_address, a.locality, a.region, a.country].filter(Boolean).join(', ')) : undefined;
  const values: IdentityValues = {
    nameZh: claims.name_zh,
    nameEn: claims.name_en,
    docType: claims.doc_type,
    docNumber: claims.doc_number,
    birthdate: claims.birthdate,
    address: address || undefined,
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as IdentityValues;
}

export interface IdentityStartDto {
  authorizationUrl: string;
  state: string;
}

/** One field on the consent screen or the profile card; `value` is what the resident sees (docNumber masked). */
export interface IdentityFieldDto {
  name: IdentityField;
  label: string;
  value: string;
}

export interface IdentityPendingDto {
  id: string;
  /** The provider's issuer URL, shown so the resident knows who vouched for the data. */
  issuer: string;
  fields: IdentityFieldDto[];
  expiresAt: string;
}

export interface IdentityProfileDto {
  /** False when the operator configured no identity provider: hide the feature. */
  enabled: boolean;
  linked: boolean;
  issuer?: string;
  linkedAt?: string;
  fields?: IdentityFieldDto[];
}

/** For the owner's application form only: the full document number. */
export interface IdentityPrefillDto {
  name?: string;
  docType?: DocType;
  docNumber?: string;
  verified: true;
}

import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { DOC_TYPES, IDENTITY_FIELDS, type DocType, type IdentityField, type IdentityPendingDto, type IdentityStartDto } from '@bay/shared';

/*
 * Three collections, all keyed to the signed-in (WeChat) user and all emptied for that user by
 * DELETE /api/identity/profile:
 *  - identity_auth_requests: one per started sign-in (state, PKCE verifier, nonce), single use,
 *    expiring after minutes; expiry is checked on read and swept in code (FerretDB refuses TTL
 *    indexes).
 *  - identity_pending: what the provider vouched for, waiting for the resident's consent.
 *  - identity_profiles: the consented fields, linked to one user; one provider subject links to
 *    at most one user.
 * Every personal value except the document type is stored encrypted (core/crypto.ts).
 */

/** Values as stored: strings are `enc:v1:…` ciphertexts (docType stays readable, it is an enum). */
export interface SealedValues {
  nameZh?: string;
  nameEn?: string;
  docType?: DocType;
  docNumber?: string;
  birthdate?: string;
  address?: string;
}

/** `state` is the one IdentityStartDto hands the client. */
export interface IdentityAuthRequestDoc extends Pick<IdentityStartDto, 'state'> {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  /** PKCE code verifier: useless without the single-use code the provider sends to the browser. */
  codeVerifier: string;
  nonce: string;
  expiresAt: Date;
  createdAt: Date;
}

export interface IdentityPendingDoc extends Pick<IdentityPendingDto, 'issuer'> {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  /** `sub` claim, encrypted. */
  subject: string;
  /** SHA-256 of issuer and sub (identity.service subjectKeyOf): the link-conflict key, equal for equal subjects. */
  subjectKey: string;
  values: SealedValues;
  expiresAt: Date;
  createdAt: Date;
}

export interface IdentityProfileDoc {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  issuer: string;
  subject: string;
  subjectKey: string;
  /** Exactly the fields the resident consented to (and the provider supplied). */
  fields: IdentityField[];
  values: SealedValues;
  linkedAt: Date;
}

const sealedValues = new Schema<SealedValues>(
  { nameZh: String, nameEn: String, docType: { type: String, enum: DOC_TYPES }, docNumber: String, birthdate: String, address: String },
  { _id: false },
);

const authRequestSchema = new Schema<IdentityAuthRequestDoc>(
  {
    state: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    codeVerifier: { type: String, required: true },
    nonce: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'identity_auth_requests' },
);
// GET /api/identity/callback: claim the request by its state (single use).
authRequestSchema.index({ state: 1 }, { unique: true });
// DELETE /api/identity/profile: everything of one user.
authRequestSchema.index({ userId: 1 });

const pendingSchema = new Schema<IdentityPendingDoc>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    issuer: { type: String, required: true },
    subject: { type: String, required: true },
    subjectKey: { type: String, required: true },
    values: { type: sealedValues, required: true },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'identity_pending' },
);
// DELETE /api/identity/profile: everything of one user.
pendingSchema.index({ userId: 1 });

const profileSchema = new Schema<IdentityProfileDoc>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    issuer: { type: String, required: true },
    subject: { type: String, required: true },
    subjectKey: { type: String, required: true },
    fields: { type: [{ type: String, enum: IDENTITY_FIELDS }], required: true },
    values: { type: sealedValues, required: true },
    linkedAt: { type: Date, required: true },
  },
  { collection: 'identity_profiles' },
);
// GET /api/identity/profile, prefill, application check: the profile of one user (one at most).
profileSchema.index({ userId: 1 }, { unique: true });
// Consent: one provider subject links to one account (409 otherwise); unique inserts are atomic on FerretDB too.
profileSchema.index({ subjectKey: 1 }, { unique: true });

/** Stored encrypted in identity_pending and identity_profiles; key rotation re-encrypts exactly these. */
export const IDENTITY_ENCRYPTED_FIELDS = ['subject', 'values.nameZh', 'values.nameEn', 'values.docNumber', 'values.birthdate', 'values.address'] as const;

export type IdentityAuthRequestModel = Model<IdentityAuthRequestDoc>;
export type IdentityPendingModel = Model<IdentityPendingDoc>;
export type IdentityProfileModel = Model<IdentityProfileDoc>;

export const identityAuthRequestModel = (conn: Connection): IdentityAuthRequestModel =>
  (conn.models.IdentityAuthRequest as IdentityAuthRequestModel | undefined) ?? conn.model<IdentityAuthRequestDoc>('IdentityAuthRequest', authRequestSchema);
export const identityPendingModel = (conn: Connection): IdentityPendingModel =>
  (conn.models.IdentityPending as IdentityPendingModel | undefined) ?? conn.model<IdentityPendingDoc>('IdentityPending', pendingSchema);
export const identityProfileModel = (conn: Connection): IdentityProfileModel =>
  (conn.models.IdentityProfile as IdentityProfileModel | undefined) ?? conn.model<IdentityProfileDoc>('IdentityProfile', profileSchema);

export function identityModels(conn: Connection) {
  return {
    identityAuthRequests: identityAuthRequestModel(conn),
    identityPending: identityPendingModel(conn),
    identityProfiles: identityProfileModel(conn),
  };
}
export type IdentityModels = ReturnType<typeof identityModels>;

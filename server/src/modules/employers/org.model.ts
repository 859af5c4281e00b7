import { Schema, type Connection, type Model, type Types } from 'mongoose';
import {
  ORG_DECISIONS, ORG_MEMBER_ROLES, ORG_REG_KINDS, ORG_STATUSES,
  type LocalisedText, type OrgDto, type OrgInviteDto, type OrgMemberDto,
} from '@bay/shared';

/** An employer organisation (粤商通 side of jobs). Its members are `org_members`, its jobs `jobs.orgId`. */
export interface OrgDoc extends Pick<OrgDto, 'name' | 'reg' | 'status'> {
  _id: Types.ObjectId;
  /** `${kind}:${number}`: one organisation per registration number. */
  regKey: string;
  /** The last admin decision. */
  review?: OrgReviewDoc | null;
  createdBy: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

/** An admin decision as stored: the DTO's, with a Date and the admin who made it. */
export interface OrgReviewDoc extends Pick<NonNullable<OrgDto['review']>, 'decision' | 'note'> {
  at: Date;
  by: Types.ObjectId;
}

const localised = new Schema<LocalisedText>(
  { 'zh-Hans': { type: String, required: true }, 'zh-Hant': { type: String, required: true }, en: { type: String, required: true } },
  { _id: false },
);

const orgSchema = new Schema<OrgDoc>(
  {
    name: { type: localised, required: true },
    reg: {
      type: new Schema({ kind: { type: String, enum: ORG_REG_KINDS, required: true }, number: { type: String, required: true } }, { _id: false }),
      required: true,
    },
    regKey: { type: String, required: true },
    status: { type: String, enum: ORG_STATUSES, required: true, default: 'pending' },
    review: {
      type: new Schema({ decision: { type: String, enum: ORG_DECISIONS, required: true }, note: String, at: { type: Date, required: true }, by: { type: Schema.Types.ObjectId, required: true } }, { _id: false }),
      default: null,
    },
    createdBy: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true, collection: 'organisations' },
);
// Registration: a second organisation with the same number is refused (409 orgTaken), also when two register at once.
orgSchema.index({ regKey: 1 }, { unique: true });
// GET /api/admin/orgs?status=pending, newest first.
orgSchema.index({ status: 1, _id: -1 });

/** One membership; `userId` is unique: a person belongs to at most one organisation. */
export interface OrgMemberDoc extends Pick<OrgMemberDto, 'role'> {
  _id: Types.ObjectId;
  orgId: Types.ObjectId;
  userId: Types.ObjectId;
  joinedAt: Date;
}
const memberSchema = new Schema<OrgMemberDoc>(
  {
    orgId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    role: { type: String, enum: ORG_MEMBER_ROLES, required: true },
    joinedAt: { type: Date, required: true },
  },
  { collection: 'org_members', versionKey: false },
);
memberSchema.index({ userId: 1 }, { unique: true });
memberSchema.index({ orgId: 1, joinedAt: 1 });

/** A one-time invite code to join an organisation. Expired codes are refused on use (FerretDB has no TTL indexes). */
export interface OrgInviteDoc extends Pick<OrgInviteDto, 'code' | 'role'> {
  _id: Types.ObjectId;
  orgId: Types.ObjectId;
  createdBy: Types.ObjectId;
  expiresAt: Date;
  usedAt: Date | null;
  usedBy: Types.ObjectId | null;
  createdAt: Date;
}
const inviteSchema = new Schema<OrgInviteDoc>(
  {
    code: { type: String, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    role: { type: String, enum: ORG_MEMBER_ROLES, required: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    usedBy: { type: Schema.Types.ObjectId, default: null },
  },
  { collection: 'org_invites', versionKey: false, timestamps: { createdAt: true, updatedAt: false } },
);
inviteSchema.index({ code: 1 }, { unique: true });

export type OrgModel = Model<OrgDoc>;
export type OrgMemberModel = Model<OrgMemberDoc>;
export type OrgInviteModel = Model<OrgInviteDoc>;

export const employerModels = (conn: Connection) => ({
  orgs: (conn.models.Organisation as OrgModel | undefined) ?? conn.model<OrgDoc>('Organisation', orgSchema),
  orgMembers: (conn.models.OrgMember as OrgMemberModel | undefined) ?? conn.model<OrgMemberDoc>('OrgMember', memberSchema),
  orgInvites: (conn.models.OrgInvite as OrgInviteModel | undefined) ?? conn.model<OrgInviteDoc>('OrgInvite', inviteSchema),
});

import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { LANGS, ROLES, DEFAULT_LANG, type Lang, type Role, type UserDto } from '@bay/shared';

export interface BotContact {
  contactId: string;
  contactName?: string;
  boundAt: Date;
}

export interface UserDoc {
  _id: Types.ObjectId;
  /** WeChat openid, or `dev:<handle>` for development sign-ins. */
  openid: string;
  role: Role;
  lang: Lang;
  nickname?: string;
  bot?: BotContact | null;
  /**
   * The resident sent 退订 / TD / STOP (enquiry intents). Stored only for now: every message the
   * outbox sends today answers the resident's own action (their application's status, a staff
   * reply to their handoff ticket), so none is skipped; issue 6 adds per-topic opt-outs for the rest.
   */
  notificationsOptOut?: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const botSchema = new Schema<BotContact>(
  { contactId: { type: String, required: true }, contactName: String, boundAt: { type: Date, required: true } },
  { _id: false },
);

const userSchema = new Schema<UserDoc>(
  {
    openid: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true, default: 'resident' },
    lang: { type: String, enum: LANGS, required: true, default: DEFAULT_LANG },
    nickname: String,
    bot: { type: botSchema, default: null },
    notificationsOptOut: { type: Boolean, default: false },
  },
  { timestamps: true, collection: 'users' },
);
// Sign-in: find or create the user by openid.
userSchema.index({ openid: 1 }, { unique: true });
// Outbox claim: which of these users have a bound bot contact.
userSchema.index({ 'bot.contactId': 1 });

export type UserModel = Model<UserDoc>;
export const userModel = (conn: Connection): UserModel => (conn.models.User as UserModel | undefined) ?? conn.model<UserDoc>('User', userSchema);

export function toUserDto(u: UserDoc): UserDto {
  return {
    id: String(u._id),
    role: u.role,
    lang: u.lang,
    ...(u.nickname ? { nickname: u.nickname } : {}),
    botBound: !!u.bot?.contactId,
  };
}

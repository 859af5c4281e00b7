import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { z } from 'zod';
import { CITIES, INTERESTS, LANGS, NOTIFICATION_TOPICS, ROLES, DEFAULT_LANG, type BotBindBody, type NotificationPrefsDto, type UserDto } from '@bay/shared';

/** The WeChat contact a user bound through the bot (POST /internal/bind's contact), and when. */
export interface BotContact extends Pick<z.output<typeof BotBindBody>, 'contactId' | 'contactName'> {
  boundAt: Date;
}

export interface UserDoc extends Pick<UserDto, 'role' | 'lang' | 'nickname'> {
  _id: Types.ObjectId;
  /** WeChat openid, or `dev:<handle>` for development sign-ins. */
  openid: string;
  bot?: BotContact | null;
  /** Notification preferences (issue 6): per-topic opt-outs (退订 / TD opts out of 'broadcast'), quiet hours in Hong Kong time, audience fields. */
  notify?: NotifyPrefs | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The preferences as stored: the DTO's without the derived `channels`. */
export type NotifyPrefs = Pick<NotificationPrefsDto, 'optOut' | 'quietHours' | 'city' | 'interests'>;

const notifySchema = new Schema<NotifyPrefs>(
  {
    optOut: { type: [String], enum: NOTIFICATION_TOPICS, default: [] },
    quietHours: { type: new Schema({ start: String, end: String }, { _id: false }), default: null },
    city: { type: String, enum: [...CITIES, null], default: null },
    interests: { type: [String], enum: INTERESTS, default: [] },
  },
  { _id: false },
);

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
    notify: { type: notifySchema, default: null },
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

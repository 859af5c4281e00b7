import type { Lang, Role } from '@bay/shared';
import { isDuplicateKey } from '../../core/db.js';
import { lockKeys, type Locks } from '../../core/lock.js';
import type { UserDoc, UserModel } from './user.model.js';

export interface UpsertUserInput {
  openid: string;
  /** Set on every sign-in when given (dev login), otherwise only for a new user. */
  role?: Role;
  /** Set when given; otherwise `defaultLang` is used for a new user only. */
  lang?: Lang;
  defaultLang: Lang;
  nickname?: string;
}

export function createUserService(users: UserModel, locks: Locks) {
  function upsert(input: UpsertUserInput): Promise<UserDoc> {
    return locks.withLock(lockKeys.openid(input.openid), () => upsertLocked(input));
  }

  async function upsertLocked(input: UpsertUserInput): Promise<UserDoc> {
    const $set: Record<string, unknown> = {};
    const $setOnInsert: Record<string, unknown> = { openid: input.openid };
    if (input.role) $set.role = input.role; else $setOnInsert.role = 'resident';
    if (input.lang) $set.lang = input.lang; else $setOnInsert.lang = input.defaultLang;
    if (input.nickname) $setOnInsert.nickname = input.nickname;
    const update = Object.keys($set).length ? { $set, $setOnInsert } : { $setOnInsert };
    // Two first sign-ins racing: the loser of the unique-index race simply retries as an update.
    for (let attempt = 0; ; attempt++) {
      try {
        const user = await users.findOneAndUpdate({ openid: input.openid }, update, { upsert: true, returnDocument: 'after' }).lean<UserDoc>();
        return user!;
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= 2) throw err;
      }
    }
  }

  return {
    upsert,
    findById: (id: string) => users.findById(id).lean<UserDoc>(),
    findByOpenid: (openid: string) => users.findOne({ openid }).lean<UserDoc>(),
    async update(id: string, patch: { lang?: Lang; nickname?: string; role?: Role }): Promise<UserDoc | null> {
      if (!Object.keys(patch).length) return users.findById(id).lean<UserDoc>();
      return locks.withLock(lockKeys.user(id), () => users.findByIdAndUpdate(id, { $set: patch }, { returnDocument: 'after' }).lean<UserDoc>());
    },
    async bindContact(id: string, contact: { contactId: string; contactName?: string }): Promise<UserDoc | null> {
      const bot = { contactId: contact.contactId, ...(contact.contactName ? { contactName: contact.contactName } : {}), boundAt: new Date() };
      return locks.withLock(lockKeys.user(id), () => users.findByIdAndUpdate(id, { $set: { bot } }, { returnDocument: 'after' }).lean<UserDoc>());
    },
  };
}
export type UserService = ReturnType<typeof createUserService>;

import { randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import { BIND_CODE_ALPHABET, type BindCodeDto, type BotBindResultDto } from '@bay/shared';
import { AppError } from '../../core/errors.js';
import { isDuplicateKey } from '../../core/db.js';
import { lockKeys, type Locks } from '../../core/lock.js';
import type { UserService } from '../users/user.service.js';
import type { BindCodeDoc, BindCodeModel } from './bindcode.model.js';

export function generateBindCode(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += BIND_CODE_ALPHABET[randomInt(BIND_CODE_ALPHABET.length)];
  return code;
}

export function createBindCodeService(codes: BindCodeModel, users: UserService, ttlSeconds: number, locks: Locks) {
  return {
    async issue(userId: string): Promise<BindCodeDto> {
      const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
      for (let attempt = 0; ; attempt++) {
        const code = generateBindCode();
        try {
          await codes.create({ code, userId: new Types.ObjectId(userId), expiresAt, usedAt: null, contactId: null });
          return { code, expiresAt: expiresAt.toISOString() };
        } catch (err) {
          // 31^6 ≈ 887 million codes: a collision is rare, several in a row means something else is wrong.
          if (!isDuplicateKey(err) || attempt >= 4) throw err;
        }
      }
    },

    /** Claims a live, unused code atomically (single use) and binds the contact to its user. */
    async claim(code: string, contact: { contactId: string; contactName?: string }): Promise<BotBindResultDto> {
      const now = new Date();
      const claimed = await locks.withLock(lockKeys.bindCode(code), () => codes.findOneAndUpdate(
        { code, usedAt: null, expiresAt: { $gt: now } },
        { $set: { usedAt: now, contactId: contact.contactId } },
        { returnDocument: 'after' },
      ).lean<BindCodeDoc>());
      if (!claimed) throw new AppError(400, 'bindCodeInvalid');
      const user = await users.bindContact(String(claimed.userId), contact);
      if (!user) throw new AppError(400, 'bindCodeInvalid');
      return { userId: String(user._id), lang: user.lang, ...(user.nickname ? { nickname: user.nickname } : {}) };
    },

    /** Deletes expired codes (used or not). */
    async sweepExpired(now = new Date()): Promise<number> {
      const res = await codes.deleteMany({ expiresAt: { $lte: now } });
      return res.deletedCount ?? 0;
    },
  };
}
export type BindCodeService = ReturnType<typeof createBindCodeService>;

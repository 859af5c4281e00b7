import type { NotificationPrefsBody, NotificationTopic } from '@bay/shared';
import type { z } from 'zod';
import { lockKeys, type Locks } from '../../core/lock.js';
import type { NotifyPrefs, UserDoc, UserModel } from './user.model.js';

export const DEFAULT_NOTIFY_PREFS: NotifyPrefs = { optOut: [], quietHours: null, city: null, interests: [] };

/** The stored preferences with defaults filled in (older users have none). */
export function notifyPrefsOf(user: Pick<UserDoc, 'notify'> | null | undefined): NotifyPrefs {
  const n = user?.notify;
  return {
    optOut: [...(n?.optOut ?? [])],
    quietHours: n?.quietHours?.start && n.quietHours.end ? { start: n.quietHours.start, end: n.quietHours.end } : null,
    city: n?.city ?? null,
    interests: [...(n?.interests ?? [])],
  };
}

/**
 * Applies a partial change to a user's notification preferences: read, merge, write the whole
 * sub-document under the user's exclusive lock (a read-merge-write: without it two patches lose one
 * another's change on any engine; and `$addToSet` cannot create a field under a null `notify`).
 */
export function updateNotifyPrefs(locks: Locks, users: UserModel, userId: UserDoc['_id'] | string, patch: z.output<typeof NotificationPrefsBody>): Promise<NotifyPrefs | null> {
  return locks.exclusive(lockKeys.user(String(userId)), async () => {
    const user = await users.findById(userId, { notify: 1 }).lean<Pick<UserDoc, 'notify'>>();
    if (!user) return null;
    const next = notifyPrefsOf(user);
    if (patch.optOut !== undefined) next.optOut = [...new Set(patch.optOut)];
    if (patch.quietHours !== undefined) next.quietHours = patch.quietHours;
    if (patch.city !== undefined) next.city = patch.city;
    if (patch.interests !== undefined) next.interests = [...new Set(patch.interests)];
    await users.updateOne({ _id: userId }, { $set: { notify: next } });
    return next;
  });
}

/** Opts in or out of one topic (the chat commands 退订 / 订阅 act on 'broadcast'). */
export async function setTopicOptOut(locks: Locks, users: UserModel, userId: UserDoc['_id'] | string, topic: NotificationTopic, optedOut: boolean): Promise<void> {
  await locks.exclusive(lockKeys.user(String(userId)), async () => {
    const user = await users.findById(userId, { notify: 1 }).lean<Pick<UserDoc, 'notify'>>();
    if (!user) return;
    const next = notifyPrefsOf(user);
    const set = new Set(next.optOut);
    if (optedOut) set.add(topic); else set.delete(topic);
    next.optOut = [...set];
    await users.updateOne({ _id: userId }, { $set: { notify: next } });
  });
}

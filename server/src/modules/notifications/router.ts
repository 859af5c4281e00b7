import type { Types } from 'mongoose';
import type { NotificationChannel, NotificationPrefsBody, NotificationTopic } from '@bay/shared';
import type { z } from 'zod';
import { lockKeys, type Locks } from '../../core/lock.js';
import type { NotifyPrefs, UserDoc, UserModel } from '../users/user.model.js';
import { notifyPrefsOf, updateNotifyPrefs } from '../users/notify-prefs.js';
import type { SubscribeGrantModel } from './subscribe-grant.model.js';

/** What the router needs to know about a recipient. */
export type RoutableUser = Pick<UserDoc, '_id' | 'openid' | 'bot' | 'notify'>;

export type SubscribeTemplates = Record<NotificationTopic, string | null>;

/** Messages about the resident's own affairs; the others (broadcasts) may wait out quiet hours. */
export const URGENT_TOPICS: ReadonlySet<NotificationTopic> = new Set(['application', 'handoff']);

/** Hong Kong time is UTC+8 all year (no daylight saving). */
const HK_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When `now` falls inside the quiet window [start, end) Hong Kong time, the end of that window;
 * otherwise null. A window may cross midnight (22:00–07:00); start = end means no window.
 */
export function quietHoursEnd(quiet: { start: string; end: string } | null | undefined, now: Date): Date | null {
  if (!quiet) return null;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const local = now.getTime() + HK_OFFSET_MS;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  const minute = (local - dayStart) / 60_000;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return null;
  // The end is today (local) unless the window crosses midnight and we are before midnight.
  const endLocal = dayStart + end * 60_000 + (start > end && minute >= start ? DAY_MS : 0);
  return new Date(endLocal - HK_OFFSET_MS);
}

export const isBound = (user: Pick<UserDoc, 'bot'> | null | undefined): boolean => !!user?.bot?.contactId;

/**
 * Picks a channel for a message and keeps the one-time subscribe grants (subscribe_grants: one
 * counter per resident and template, changed only under a per-counter lock because FerretDB's
 * concurrent `$inc` loses updates).
 */
export function createNotificationRouter(deps: { grants: SubscribeGrantModel; templates: SubscribeTemplates; users: UserModel; locks: Locks }) {
  const { grants, templates, users, locks } = deps;
  const grantLock = (userId: Types.ObjectId | string, templateId: string) => lockKeys.grant(String(userId), templateId);

  const templateFor = (topic: NotificationTopic): string | null => templates[topic] ?? null;

  async function available(userId: Types.ObjectId, templateId: string): Promise<number> {
    const g = await grants.findOne({ userId, templateId }, { available: 1 }).lean<{ available: number }>();
    return g?.available ?? 0;
  }

  /**
   * 'bot' when the resident has a bound contact and has not opted out of the topic; else
   * 'subscribe' when a one-time grant is left for the topic's template; else 'inbox'.
   * Opted-out topics always go to the inbox only. `exclude` skips channels that just failed.
   */
  async function chooseChannel(user: RoutableUser, topic: NotificationTopic, opts: { exclude?: NotificationChannel[]; grantsLeft?: number } = {}): Promise<NotificationChannel> {
    if (notifyPrefsOf(user).optOut.includes(topic)) return 'inbox';
    const exclude = new Set(opts.exclude ?? []);
    if (!exclude.has('bot') && isBound(user)) return 'bot';
    const templateId = templateFor(topic);
    if (!exclude.has('subscribe') && templateId && hasRealOpenid(user)) {
      const left = opts.grantsLeft ?? await available(user._id, templateId);
      if (left > 0) return 'subscribe';
    }
    return 'inbox';
  }

  /** Records one-time grants (each accepted template allows one more message). */
  async function addGrants(userId: Types.ObjectId, templateIds: string[]): Promise<void> {
    for (const templateId of new Set(templateIds)) {
      const times = templateIds.filter((t) => t === templateId).length;
      await locks.withLock(grantLock(userId, templateId), async () => {
        const updated = await grants.updateOne({ userId, templateId }, { $inc: { available: times } });
        if (updated.matchedCount) return;
        try {
          await grants.create({ userId, templateId, available: times });
        } catch (err) {
          if ((err as { code?: number }).code !== 11000) throw err;
          await grants.updateOne({ userId, templateId }, { $inc: { available: times } });
        }
      });
    }
  }

  /** Uses one grant; false when none is left. */
  function consumeGrant(userId: Types.ObjectId, templateId: string): Promise<boolean> {
    return locks.withLock(grantLock(userId, templateId), async () => {
      const res = await grants.updateOne({ userId, templateId, available: { $gt: 0 } }, { $inc: { available: -1 } });
      return res.modifiedCount === 1;
    });
  }

  /** Gives back a grant that was taken for a send WeChat did not accept for now. */
  async function refundGrant(userId: Types.ObjectId, templateId: string): Promise<void> {
    await addGrants(userId, [templateId]);
  }

  async function grantsOf(userId: Types.ObjectId): Promise<Record<string, number>> {
    const docs = await grants.find({ userId }, { templateId: 1, available: 1 }).lean<{ templateId: string; available: number }[]>();
    return Object.fromEntries(docs.map((d) => [d.templateId, d.available]));
  }

  /** Grants left per user for one template, for routing a batch in one query. */
  async function grantsFor(userIds: Types.ObjectId[], templateId: string): Promise<Map<string, number>> {
    if (!userIds.length) return new Map();
    const docs = await grants.find({ userId: { $in: userIds }, templateId }, { userId: 1, available: 1 }).lean<{ userId: Types.ObjectId; available: number }[]>();
    return new Map(docs.map((d) => [String(d.userId), d.available]));
  }

  /** Applies a partial change to a resident's preferences (what routing reads); null when the user is gone. */
  const updatePrefs = (userId: UserDoc['_id'] | string, patch: z.output<typeof NotificationPrefsBody>): Promise<NotifyPrefs | null> =>
    updateNotifyPrefs(locks, users, userId, patch);

  return { templates, templateFor, chooseChannel, addGrants, consumeGrant, refundGrant, grantsOf, grantsFor, available, updatePrefs };
}
export type NotificationRouter = ReturnType<typeof createNotificationRouter>;

/** Development sign-ins (`dev:<handle>`) have no WeChat openid to send subscribe messages to. */
export const hasRealOpenid = (user: Pick<UserDoc, 'openid'>): boolean => !!user.openid && !user.openid.startsWith('dev:');

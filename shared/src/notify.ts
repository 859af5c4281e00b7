import { z } from 'zod';
import { CITIES, LANGS } from './enums.js';
import type { LocalisedText } from './dto.js';
import { objectId } from './schemas.js';

/*
 * Issue 6 contracts: channels, topics, preferences, inbox, broadcasts. Messages are i18n keys.
 */

/** What a message is about. Residents may opt out of any topic but `application`, which always reaches the inbox. */
/** `jobAlert`: a resident's own saved job searches (issue 17: they used to be filed under `broadcast`, so opting out of notices silenced them). */
export const NOTIFICATION_TOPICS = ['application', 'handoff', 'broadcast', 'jobAlert'] as const;
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number];

/** Where a message can go. `inbox` never fails; the router falls back bot → subscribe → inbox. */
export const NOTIFICATION_CHANNELS = ['bot', 'subscribe', 'inbox'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Scenario interests residents pick (audience for broadcasts). */
export const INTERESTS = ['travel', 'customs', 'payment', 'jobs'] as const;
export type Interest = (typeof INTERESTS)[number];

const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { error: 'v.time' });

export const NotificationPrefsBody = z.strictObject({
  optOut: z.array(z.enum(NOTIFICATION_TOPICS, { error: 'v.topic' })).max(NOTIFICATION_TOPICS.length).optional(),
  /** Non-urgent messages wait until `end` when they fall inside [start, end) Hong Kong time. null clears. */
  quietHours: z.strictObject({ start: hhmm, end: hhmm }).nullable().optional(),
  city: z.enum(CITIES, { error: 'v.city' }).nullable().optional(),
  interests: z.array(z.enum(INTERESTS, { error: 'v.interest' })).max(INTERESTS.length).optional(),
});

export interface NotificationPrefsDto {
  optOut: NotificationTopic[];
  quietHours: { start: string; end: string } | null;
  city: (typeof CITIES)[number] | null;
  interests: Interest[];
  channels: { bot: boolean; subscribe: Record<string, number> };
}

/** After wx.requestSubscribeMessage: which templates the resident accepted (one-time grants). */
export const SubscribeGrantsBody = z.strictObject({
  accepted: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'v.templateId' })).max(3, { error: 'v.range' }),
  rejected: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'v.templateId' })).max(3, { error: 'v.range' }).default([]),
});

export interface InboxItemDto {
  id: string;
  topic: NotificationTopic;
  /** Already in the resident's language. */
  title: string;
  body: string;
  /** A mini-program page, e.g. "pages/applications/detail?id=...". */
  link?: string;
  createdAt: string;
  readAt: string | null;
}

const localised = (max: number) => z.strictObject({
  'zh-Hans': z.string().trim().min(1, { error: 'v.required' }).max(max, { error: 'v.tooLong' }),
  'zh-Hant': z.string().trim().min(1, { error: 'v.required' }).max(max, { error: 'v.tooLong' }),
  en: z.string().trim().min(1, { error: 'v.required' }).max(max * 2, { error: 'v.tooLong' }),
});

export const BroadcastAudience = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('all') }),
  z.strictObject({ type: z.literal('city'), cities: z.array(z.enum(CITIES, { error: 'v.city' })).min(1).max(CITIES.length) }),
  z.strictObject({ type: z.literal('interest'), interests: z.array(z.enum(INTERESTS, { error: 'v.interest' })).min(1).max(INTERESTS.length) }),
  z.strictObject({ type: z.literal('lang'), langs: z.array(z.enum(LANGS, { error: 'v.lang' })).min(1).max(LANGS.length) }),
  /** WeChat groups the bot is in (reported by the bot); empty = every known group. */
  z.strictObject({ type: z.literal('groups'), roomIds: z.array(z.string().min(1).max(128)).max(500).default([]) }),
], { error: 'v.audience' });
export type BroadcastAudienceDto = z.infer<typeof BroadcastAudience>;

export const BroadcastCreateBody = z.strictObject({
  title: localised(40),
  body: localised(500),
  link: z.string().max(200, { error: 'v.tooLong' }).regex(/^[a-z0-9/_-]+(\?[A-Za-z0-9=&_-]*)?$/, { error: 'v.link' }).optional(),
  audience: BroadcastAudience,
  /** Send at this time (ISO 8601); absent = now. */
  scheduleAt: z.iso.datetime({ offset: true, error: 'v.datetime' }).optional(),
  /** Messages per minute across all workers; absent = the server's default. */
  ratePerMinute: z.number({ error: 'v.number' }).int().min(1, { error: 'v.range' }).max(100_000, { error: 'v.range' }).optional(),
});

export const BroadcastPreviewBody = z.strictObject({ audience: BroadcastAudience });

export const BROADCAST_STATES = ['scheduled', 'sending', 'paused', 'cancelled', 'done'] as const;
export type BroadcastState = (typeof BROADCAST_STATES)[number];

export interface BroadcastDto {
  id: string;
  title: LocalisedText;
  body: LocalisedText;
  link?: string;
  audience: BroadcastAudienceDto;
  state: BroadcastState;
  scheduleAt: string;
  ratePerMinute: number;
  counts: { recipients: number; pending: number; sent: number; failed: number; dead: number; cancelled: number };
  createdAt: string;
}

export interface NoticeDto {
  id: string;
  title: string;
  body: string;
  link?: string;
  publishedAt: string;
}

export const NOTIFY_API = {
  inbox: '/api/inbox',
  inboxUnread: '/api/inbox/unread-count',
  inboxRead: (id: string) => `/api/inbox/${id}/read`,
  inboxReadAll: '/api/inbox/read-all',
  prefs: '/api/me/notification-preferences',
  subscribeTemplates: '/api/notifications/templates',
  subscribeGrants: '/api/notifications/grants',
  notices: '/api/notices',
  adminBroadcasts: '/api/admin/broadcasts',
  adminBroadcastPreview: '/api/admin/broadcasts/preview',
  adminBroadcast: (id: string) => `/api/admin/broadcasts/${id}`,
  adminBroadcastPause: (id: string) => `/api/admin/broadcasts/${id}/pause`,
  adminBroadcastResume: (id: string) => `/api/admin/broadcasts/${id}/resume`,
  adminBroadcastCancel: (id: string) => `/api/admin/broadcasts/${id}/cancel`,
  adminDeadNotifications: '/api/admin/notifications',
  adminNotificationRetry: (id: string) => `/api/admin/notifications/${id}/retry`,
  internalRooms: '/internal/rooms',
} as const;

const pageLimit = z.coerce.number({ error: 'v.number' }).int({ error: 'v.number' }).min(1, { error: 'v.range' }).max(100, { error: 'v.range' }).default(20);

/** GET NOTIFY_API.inbox: newest first; `cursor` is the last item id of the previous page. */
export const InboxListQuery = z.strictObject({ cursor: objectId.optional(), limit: pageLimit });

/** GET NOTIFY_API.adminDeadNotifications. */
export const DeadNotificationsQuery = z.strictObject({
  state: z.enum(['dead', 'failed'], { error: 'v.state' }).default('dead'),
  cursor: objectId.optional(),
  limit: pageLimit,
});

/** GET NOTIFY_API.subscribeTemplates: template ids per topic (null = no template configured). */
export type SubscribeTemplatesDto = Record<NotificationTopic, string | null>;

/** A message that could not be delivered, for admins (no personal payload). */
export interface AdminNotificationDto {
  id: string;
  dedupeKey: string;
  userId: string;
  kind: string;
  topic: NotificationTopic;
  channel: NotificationChannel;
  state: string;
  attempts: number;
  lastError: string | null;
  broadcastId: string | null;
  updatedAt: string;
}

/** GET NOTIFY_API.notices / NOTIFY_API.adminBroadcasts: how many, newest first. */
export const NoticeListQuery = z.strictObject({
  limit: z.coerce.number({ error: 'v.number' }).int({ error: 'v.number' }).min(1, { error: 'v.range' }).max(100, { error: 'v.range' }).default(20),
});

/** POST NOTIFY_API.internalRooms (bot token): the groups the bot is in. */
export const InternalRoomsBody = z.strictObject({
  rooms: z.array(z.strictObject({ id: z.string().min(1).max(128), topic: z.string().max(200).default('') })).max(500, { error: 'v.range' }),
});

/** Bot commands in the admin group act for the account the speaking contact is bound to. */
export const INTERNAL_ADMIN_API = {
  authorize: '/internal/admin/authorize',
  preview: '/internal/admin/broadcasts/preview',
  broadcasts: '/internal/admin/broadcasts',
  stats: '/internal/admin/stats',
} as const;
const contactId = z.string().min(1, { error: 'v.required' }).max(128, { error: 'v.tooLong' });
export const InternalAdminContactBody = z.strictObject({ contactId });
export const InternalAdminPreviewBody = z.strictObject({ contactId, audience: BroadcastAudience });
/** `/broadcast send <title> | <body>`: one text for all three languages, to every resident. */
export const InternalAdminBroadcastBody = z.strictObject({
  contactId,
  title: z.string().trim().min(1, { error: 'v.required' }).max(40, { error: 'v.tooLong' }),
  body: z.string().trim().min(1, { error: 'v.required' }).max(500, { error: 'v.tooLong' }),
});

export interface AdminStatsDto {
  /** Notifications created in the last 24 hours, by state (sending counts as pending). */
  last24h: Omit<BroadcastDto['counts'], 'recipients'>;
  lastBroadcast: BroadcastDto | null;
  /** Today's highlights of the operations dashboard (dashboard.ts, one-day window). */
  operations: {
    waiting: number;
    oldestWaitingMinutes: number | null;
    enquiriesToday: { faq: number; clarify: number; unknown: number };
    topUnanswered: { question: string; total: number } | null;
  };
}

import { Types } from 'mongoose';
import {
  APPLICATION_STATUSES, DASHBOARD_BROADCASTS, DASHBOARD_MESSAGE_STATES, DASHBOARD_TOP_UNANSWERED, ENQUIRY_OUTCOMES, NOTIFICATION_CHANNELS,
  type ApplicationStatus, type BroadcastDto, type DashboardDto, type DashboardMessageState, type EnquiryOutcomeCounts, type NotificationChannel,
} from '@bay/shared';
import type { ApplicationDoc, ApplicationModel } from '../applications/application.model.js';
import type { NotificationModel } from '../notifications/notification.model.js';
import { hkDay, type EnquiryOutcomeDoc, type EnquiryOutcomeModel } from '../enquiries/outcome.model.js';
import type { ReviewGroupDoc, ReviewGroupModel } from '../enquiries/review/review.model.js';

const MINUTE = 60_000;
const DAY = 24 * 3600_000;
/** Applications of the window read per request; beyond it perDay and firstReview say `truncated`. */
export const DASHBOARD_APPLICATION_CAP = 20_000;
/** Figures are recomputed at most this often per instance and window (many admins, one computation). */
export const DASHBOARD_CACHE_MS = 3_000;

export interface DashboardDeps {
  applications: ApplicationModel;
  notifications: NotificationModel;
  outcomes: EnquiryOutcomeModel;
  reviewGroups: ReviewGroupModel;
  ports: { nowVsUsual(): Promise<DashboardDto['ports']> };
  broadcasts: { list(limit: number): Promise<BroadcastDto[]> };
  now?: () => Date;
  cacheMs?: number;
}

const zeroStatuses = (): Record<ApplicationStatus, number> =>
  Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0])) as Record<ApplicationStatus, number>;
const zeroMessages = (): Record<DashboardMessageState, number> =>
  Object.fromEntries(DASHBOARD_MESSAGE_STATES.map((s) => [s, 0])) as Record<DashboardMessageState, number>;
const zeroOutcomes = (): EnquiryOutcomeCounts => ({ faq: 0, clarify: 0, unknown: 0 });

/** The q-th quantile (0..1) of sorted values, nearest rank; null when empty. */
export function quantile(sorted: number[], q: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The Hong Kong dates of the last `days` days, oldest first, and the instant the first began. */
export function dayWindow(at: Date, days: number): { dayKeys: string[]; since: Date } {
  const today = hkDay(at);
  const todayStart = Date.parse(`${today}T00:00:00+08:00`);
  const dayKeys = Array.from({ length: days }, (_, i) => hkDay(new Date(todayStart + (i - days + 1) * DAY + 12 * 3600_000)));
  return { dayKeys, since: new Date(todayStart - (days - 1) * DAY) };
}

type AppRow = Pick<ApplicationDoc, '_id' | 'status' | 'createdAt' | 'timeline'>;

/**
 * The operations dashboard: every figure read from the database on request, in a handful of
 * queries on indexed fields (docs/dashboard.md lists them).
 */
export function createDashboardService(deps: DashboardDeps) {
  const now = deps.now ?? (() => new Date());
  const cacheMs = deps.cacheMs ?? DASHBOARD_CACHE_MS;
  const cache = new Map<number, { doneAt: number | null; value: Promise<DashboardDto> }>();

  async function applicationFigures(since: Date, at: Date, dayKeys: string[]) {
    const [byStatusList, rows, oldest] = await Promise.all([
      // Equality on the indexed status: one count each.
      Promise.all(APPLICATION_STATUSES.map(async (s) => [s, await deps.applications.countDocuments({ status: s })] as const)),
      deps.applications.find({ createdAt: { $gte: since } }, { status: 1, createdAt: 1, timeline: 1 })
        .sort({ createdAt: -1 }).limit(DASHBOARD_APPLICATION_CAP + 1).lean<AppRow[]>(),
      deps.applications.find({ status: 'submitted' }, { createdAt: 1 }).sort({ status: 1, _id: 1 }).limit(1).lean<Pick<ApplicationDoc, '_id' | 'createdAt'>[]>(),
    ]);
    const truncated = rows.length > DASHBOARD_APPLICATION_CAP;
    const counted = rows.slice(0, DASHBOARD_APPLICATION_CAP);
    const perDay = new Map(dayKeys.map((day) => [day, zeroStatuses()]));
    const waits: number[] = [];
    for (const a of counted) {
      const c = perDay.get(hkDay(new Date(a.createdAt)));
      if (c) c[a.status] += 1;
      // The first act of the reviewing side (a reviewer, or the employer whose job it is).
      const first = a.timeline.find((e) => e.by === 'reviewer' || e.by === 'employer');
      if (first) waits.push(Math.max(0, Math.round((new Date(first.at).getTime() - new Date(a.createdAt).getTime()) / MINUTE)));
    }
    waits.sort((x, y) => x - y);
    const byStatus = Object.fromEntries(byStatusList) as Record<ApplicationStatus, number>;
    const oldestAt = oldest[0]?.createdAt;
    return {
      applications: { byStatus, perDay: dayKeys.map((day) => ({ day, counts: perDay.get(day)! })), truncated },
      firstReview: {
        reviewed: waits.length,
        medianMinutes: quantile(waits, 0.5),
        p90Minutes: quantile(waits, 0.9),
        waiting: byStatus.submitted,
        oldestWaitingMinutes: oldestAt ? Math.max(0, Math.round((at.getTime() - new Date(oldestAt).getTime()) / MINUTE)) : null,
      },
    };
  }

  /** Messages created since: notifications' `_id` is made when the relay inserts them, so the window is an `_id` range. */
  async function messageFigures(since: Date): Promise<DashboardDto['messages']> {
    const rows = await deps.notifications.aggregate<{ _id: { c: string; s: string }; n: number }>([
      { $match: { _id: { $gte: Types.ObjectId.createFromTime(Math.floor(since.getTime() / 1000)) } } },
      { $group: { _id: { c: '$channel', s: '$state' }, n: { $sum: 1 } } },
    ]);
    const by = new Map<NotificationChannel, Record<DashboardMessageState, number>>(NOTIFICATION_CHANNELS.map((c) => [c, zeroMessages()]));
    for (const r of rows) {
      const counts = by.get(r._id.c as NotificationChannel);
      const state = (r._id.s === 'sending' ? 'pending' : r._id.s) as DashboardMessageState;
      if (counts && state in counts) counts[state] += r.n;
    }
    return NOTIFICATION_CHANNELS.map((channel) => ({ channel, counts: by.get(channel)! }));
  }

  async function enquiryFigures(dayKeys: string[]): Promise<DashboardDto['enquiries']> {
    const docs = await deps.outcomes.find({ day: { $gte: dayKeys[0]! } }).lean<EnquiryOutcomeDoc[]>();
    const perDay = new Map(dayKeys.map((day) => [day, zeroOutcomes()]));
    const totals = zeroOutcomes();
    for (const d of docs) {
      const c = perDay.get(d.day);
      if (!c) continue;
      for (const o of ENQUIRY_OUTCOMES) {
        c[o] += d[o] ?? 0;
        totals[o] += d[o] ?? 0;
      }
    }
    return { totals, perDay: dayKeys.map((day) => ({ day, ...perDay.get(day)! })) };
  }

  async function unansweredFigures(): Promise<DashboardDto['unanswered']> {
    const groups = await deps.reviewGroups.find({ status: 'open' }).sort({ status: 1, total: -1, _id: -1 })
      .limit(DASHBOARD_TOP_UNANSWERED).lean<ReviewGroupDoc[]>();
    return groups.map((g) => ({
      id: String(g._id),
      question: g.question,
      total: g.total,
      clarify: g.counts.clarify,
      unknown: g.counts.unknown,
      thumbsDown: g.counts.thumbsDown,
      lastSeen: new Date(g.lastSeen).toISOString(),
    }));
  }

  async function compute(days: number): Promise<DashboardDto> {
    const at = now();
    const { dayKeys, since } = dayWindow(at, days);
    const [apps, ports, messages, broadcasts, enquiries, unanswered] = await Promise.all([
      applicationFigures(since, at, dayKeys),
      deps.ports.nowVsUsual(),
      messageFigures(since),
      deps.broadcasts.list(DASHBOARD_BROADCASTS),
      enquiryFigures(dayKeys),
      unansweredFigures(),
    ]);
    return { at: at.toISOString(), days, dayKeys, ...apps, ports, messages, broadcasts, enquiries, unanswered };
  }

  /**
   * The figures for a window of `days` Hong Kong days: a computation still running is shared, and a
   * finished one is reused for DASHBOARD_CACHE_MS (so slow engines never pile computations up).
   */
  function figures(days: number): Promise<DashboardDto> {
    const hit = cache.get(days);
    if (hit && (hit.doneAt === null || Date.now() - hit.doneAt < cacheMs)) return hit.value;
    const entry: { doneAt: number | null; value: Promise<DashboardDto> } = { doneAt: null, value: compute(days) };
    cache.set(days, entry);
    entry.value.then(
      () => { entry.doneAt = Date.now(); },
      () => { if (cache.get(days) === entry) cache.delete(days); },
    );
    return entry.value;
  }

  return { figures };
}
export type DashboardService = ReturnType<typeof createDashboardService>;

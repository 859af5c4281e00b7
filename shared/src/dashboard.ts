import { z } from 'zod';
import { PAGE_PATHS } from './pages.js';
import type { LocalisedText } from './dto.js';
import type { ApplicationStatus } from './enums.js';
import type { WaitDirection, WaitMode } from './customs.js';
import type { BroadcastDto, NotificationChannel } from './notify.js';

/*
 * Operations dashboard (粤治慧 side, issue 16): figures an admin watches, computed by the server
 * from the database on each request (docs/dashboard.md says how each one is counted).
 */

export const DASHBOARD_API = { admin: '/api/admin/dashboard' } as const;
export const DASHBOARD_PAGE = PAGE_PATHS.adminDashboard;

/** The window of the per-day figures, in Hong Kong days ending today. */
export const DASHBOARD_DEFAULT_DAYS = 14;
export const DASHBOARD_MAX_DAYS = 90;
/** The page reloads its figures this often while it is open. */
export const DASHBOARD_POLL_MS = 15_000;
/** Open unanswered-question groups shown, most asked first. */
export const DASHBOARD_TOP_UNANSWERED = 5;
/** Recent broadcasts shown with their progress. */
export const DASHBOARD_BROADCASTS = 5;

/** How an enquiry from the knowledge base ended: answered directly, asked back with options, or "don't know". */
export const ENQUIRY_OUTCOMES = ['faq', 'clarify', 'unknown'] as const;
export type EnquiryOutcome = (typeof ENQUIRY_OUTCOMES)[number];
export type EnquiryOutcomeCounts = Record<EnquiryOutcome, number>;

/** Message states as the dashboard shows them (`sending` counts as pending). */
export const DASHBOARD_MESSAGE_STATES = ['sent', 'pending', 'failed', 'dead', 'cancelled'] as const;
export type DashboardMessageState = (typeof DASHBOARD_MESSAGE_STATES)[number];

export const DashboardQuery = z.strictObject({
  days: z.coerce.number({ error: 'v.number' }).int({ error: 'v.number' })
    .min(1, { error: 'v.range' }).max(DASHBOARD_MAX_DAYS, { error: 'v.range' }).default(DASHBOARD_DEFAULT_DAYS),
});

export interface DashboardDto {
  /** When the figures were computed. */
  at: string;
  days: number;
  /** The per-day window: Hong Kong dates, oldest first (`days` of them, the last is today). */
  dayKeys: string[];
  applications: {
    /** Every application, by its status now. */
    byStatus: Record<ApplicationStatus, number>;
    /** Applications submitted on each day of the window, by their status now. Same order as dayKeys. */
    perDay: { day: string; counts: Record<ApplicationStatus, number> }[];
    /** More applications were submitted in the window than one request reads: perDay and firstReview are a lower bound. */
    truncated: boolean;
  };
  /** Of the applications submitted in the window: how long until a reviewer or employer first acted. */
  firstReview: {
    reviewed: number;
    medianMinutes: number | null;
    p90Minutes: number | null;
    /** Still submitted and not yet looked at. */
    waiting: number;
    oldestWaitingMinutes: number | null;
  };
  /** Every port, direction and mode: the wait now (fresh feed or reports) and the usual for this weekday and hour. */
  ports: {
    portId: string;
    name: LocalisedText;
    direction: WaitDirection;
    mode: WaitMode;
    nowMinutes: number | null;
    nowSource: 'feed' | 'reports' | null;
    usualMinutes: number | null;
    usualSamples: number;
  }[];
  /** Messages created in the window, per channel and state. */
  messages: { channel: NotificationChannel; counts: Record<DashboardMessageState, number> }[];
  /** The newest broadcasts and how far each has gone. */
  broadcasts: BroadcastDto[];
  /** Knowledge-base answers in the window. */
  enquiries: { totals: EnquiryOutcomeCounts; perDay: ({ day: string } & EnquiryOutcomeCounts)[] };
  /** Open groups of unanswered questions, most asked first. */
  unanswered: { id: string; question: string; total: number; clarify: number; unknown: number; thumbsDown: number; lastSeen: string }[];
}

export const DASHBOARD_UI = {
  'zh-Hans': {
    title: '运行看板', nav: '运行看板', updated: '更新于 {{time}}', refreshing: '正在刷新…', stale: '未能刷新，显示的是 {{time}} 的数据',
    window: '近 {{days}} 天',
    applications: '申请', byStatus: '各状态申请数', perDay: '每日新申请（按当前状态）', truncated: '申请太多，只统计了其中一部分',
    firstReview: '首次审核用时', reviewed: '已审核 {{n}} 份', median: '中位数 {{time}}', p90: '90% 在 {{time}} 内',
    waiting: '等待审核 {{n}} 份', oldestWaiting: '最久已等 {{time}}', noReviews: '窗口内还没有审核',
    ports: '口岸等候：现在与平时', now: '现在', usual: '平时', noWaits: '暂无口岸等候数据', minutes: '{{n}} 分钟', noFigure: '—',
    messages: '消息投递（按渠道）', noMessages: '窗口内没有消息',
    broadcasts: '群发进度', noBroadcasts: '还没有群发', progress: '已送达 {{sent}} / {{recipients}}',
    enquiries: '咨询答复', noEnquiries: '窗口内没有咨询',
    outcome: { faq: '直接回答', clarify: '追问', unknown: '答不上' },
    unanswered: '未能直接回答的热门问题', medianLabel: '中位数', p90Label: '九成在此时间内', waitingNow: '等待审核',
    inboxPendingHint: '站内信「待发送」：已在居民的站内信里，等居民绑定机器人后再推送到微信', noUnanswered: '没有待处理的问题', asked: '{{n}} 次',
    channel: { bot: '机器人', subscribe: '订阅消息', inbox: '站内信' },
    state: { sent: '已送达', pending: '待发送', failed: '失败重试中', dead: '放弃', cancelled: '已取消' },
    duration: { m: '{{n}} 分钟', h: '{{n}} 小时', d: '{{n}} 天' },
  },
  'zh-Hant': {
    title: '運行看板', nav: '運行看板', updated: '更新於 {{time}}', refreshing: '正在重新整理…', stale: '未能重新整理，顯示的是 {{time}} 的數據',
    window: '近 {{days}} 天',
    applications: '申請', byStatus: '各狀態申請數', perDay: '每日新申請（按目前狀態）', truncated: '申請太多，只統計了其中一部分',
    firstReview: '首次審核用時', reviewed: '已審核 {{n}} 份', median: '中位數 {{time}}', p90: '90% 在 {{time}} 內',
    waiting: '等待審核 {{n}} 份', oldestWaiting: '最久已等 {{time}}', noReviews: '窗口內還沒有審核',
    ports: '口岸等候：現在與平時', now: '現在', usual: '平時', noWaits: '暫無口岸等候數據', minutes: '{{n}} 分鐘', noFigure: '—',
    messages: '訊息投遞（按渠道）', noMessages: '窗口內沒有訊息',
    broadcasts: '群發進度', noBroadcasts: '還沒有群發', progress: '已送達 {{sent}} / {{recipients}}',
    enquiries: '查詢答覆', noEnquiries: '窗口內沒有查詢',
    outcome: { faq: '直接回答', clarify: '追問', unknown: '答不上' },
    unanswered: '未能直接回答的熱門問題', medianLabel: '中位數', p90Label: '九成在此時間內', waitingNow: '等待審核',
    inboxPendingHint: '站內信「待發送」：已在居民的站內信裡，等居民綁定機械人後再推送到微信', noUnanswered: '沒有待處理的問題', asked: '{{n}} 次',
    channel: { bot: '機械人', subscribe: '訂閱訊息', inbox: '站內信' },
    state: { sent: '已送達', pending: '待發送', failed: '失敗重試中', dead: '放棄', cancelled: '已取消' },
    duration: { m: '{{n}} 分鐘', h: '{{n}} 小時', d: '{{n}} 天' },
  },
  en: {
    title: 'Operations', nav: 'Operations', updated: 'Updated {{time}}', refreshing: 'Refreshing…', stale: 'Could not refresh; showing figures from {{time}}',
    window: 'Last {{days}} days',
    applications: 'Applications', byStatus: 'Applications by status', perDay: 'New applications per day (by status now)', truncated: 'Too many applications: only some were counted',
    firstReview: 'Time to first review', reviewed: '{{n}} reviewed', median: 'Median {{time}}', p90: '90% within {{time}}',
    waiting: '{{n}} waiting for review', oldestWaiting: 'Oldest has waited {{time}}', noReviews: 'No reviews in this window yet',
    ports: 'Port waits: now vs usual', now: 'Now', usual: 'Usual', noWaits: 'No port wait figures yet', minutes: '{{n}} min', noFigure: '—',
    messages: 'Messages by channel', noMessages: 'No messages in this window',
    broadcasts: 'Broadcast progress', noBroadcasts: 'No broadcasts yet', progress: '{{sent}} of {{recipients}} delivered',
    enquiries: 'Enquiry answers', noEnquiries: 'No enquiries in this window',
    outcome: { faq: 'Answered directly', clarify: 'Asked back', unknown: 'Unknown' },
    unanswered: 'Top questions not answered directly', medianLabel: 'Median', p90Label: '90% within', waitingNow: 'Waiting for review',
    inboxPendingHint: 'Inbox "pending": already in the resident\'s inbox; pushed to WeChat once they bind the bot', noUnanswered: 'No open questions', asked: '{{n}}×',
    channel: { bot: 'Bot', subscribe: 'Subscribe message', inbox: 'Inbox' },
    state: { sent: 'Delivered', pending: 'Pending', failed: 'Failed (retrying)', dead: 'Dead', cancelled: 'Cancelled' },
    duration: { m: '{{n}} min', h: '{{n}} h', d: '{{n}} d' },
  },
};

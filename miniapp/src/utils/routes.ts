import { DASHBOARD_PAGE, applicationPagePath } from '@bay/shared';

/** Every page URL in one place (paths match app.config.ts). */
export const routes = {
  home: '/pages/index/index',
  login: '/pages/login/index',
  application: (id: string) => `/${applicationPagePath(id)}`,
  jobs: '/packages/jobs/list/index',
  job: (id: string) => `/packages/jobs/detail/index?id=${encodeURIComponent(id)}`,
  apply: (jobId: string) => `/packages/jobs/apply/index?jobId=${encodeURIComponent(jobId)}`,
  me: '/packages/me/index/index',
  myApplications: '/packages/me/applications/index',
  identityConsent: (pendingId: string) => `/packages/me/consent/index?pending=${encodeURIComponent(pendingId)}`,
  ask: '/packages/ask/index',
  inbox: '/packages/inbox/index',
  notices: '/packages/inbox/notices/index',
  notice: (id: string) => `/packages/inbox/notice/index?id=${encodeURIComponent(id)}`,
  notificationSettings: '/packages/me/settings/index',
  adminBroadcasts: '/packages/admin/broadcasts/index',
  adminBroadcast: (id: string) => `/packages/admin/broadcast/index?id=${encodeURIComponent(id)}`,
  adminCompose: '/packages/admin/compose/index',
  adminDead: '/packages/admin/dead/index',
  adminHandoffs: '/packages/admin/handoffs/index',
  adminReview: '/packages/admin/review/index',
  adminDashboard: `/${DASHBOARD_PAGE}`,
  admin: '/packages/admin/list/index',
  adminApplication: (id: string) => `/packages/admin/detail/index?id=${encodeURIComponent(id)}`,
} as const;

/** An inbox or notice link ("pages/x/y?id=1") as a navigable URL. */
export function linkUrl(link: string): string {
  return link.startsWith('/') ? link : `/${link}`;
}

import { PAGE_PATHS, pageLinks } from '@bay/shared';

const at = (path: string) => `/${path}`;

/** Every page URL the mini-program navigates to, from shared's page registry (shared/src/pages.ts). */
export const routes = {
  home: at(PAGE_PATHS.home),
  login: at(PAGE_PATHS.login),
  application: (id: string) => at(pageLinks.application(id)),
  jobs: at(PAGE_PATHS.jobs),
  job: (id: string) => at(pageLinks.job(id)),
  apply: (jobId: string) => at(pageLinks.apply(jobId)),
  me: at(PAGE_PATHS.me),
  myApplications: at(PAGE_PATHS.myApplications),
  identityConsent: (pendingId: string) => at(pageLinks.identityConsent(pendingId)),
  ask: at(PAGE_PATHS.ask),
  inbox: at(PAGE_PATHS.inbox),
  notices: at(PAGE_PATHS.notices),
  notice: (id: string) => at(pageLinks.notice(id)),
  notificationSettings: at(PAGE_PATHS.notificationSettings),
  adminBroadcasts: at(PAGE_PATHS.adminBroadcasts),
  adminBroadcast: (id: string) => at(pageLinks.adminBroadcast(id)),
  adminCompose: at(PAGE_PATHS.adminCompose),
  adminDead: at(PAGE_PATHS.adminDead),
  adminHandoffs: at(PAGE_PATHS.adminHandoffs),
  adminReview: at(PAGE_PATHS.adminReview),
  adminDashboard: at(PAGE_PATHS.adminDashboard),
  admin: at(PAGE_PATHS.admin),
  adminApplication: (id: string) => at(pageLinks.adminApplication(id)),
} as const;

/** An inbox or notice link ("pages/x/y?id=1") as a navigable URL. */
export function linkUrl(link: string): string {
  return link.startsWith('/') ? link : `/${link}`;
}

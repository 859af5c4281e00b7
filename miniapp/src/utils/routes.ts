import { applicationPagePath } from '@bay/shared';

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
  admin: '/packages/admin/list/index',
  adminApplication: (id: string) => `/packages/admin/detail/index?id=${encodeURIComponent(id)}`,
} as const;

/**
 * Every mini-program page, as app.config.ts declares it (no leading slash), and the builders for
 * links with a query. The server's links (notifications, search results, enquiry answers), the
 * bot's cards and the mini-program's own navigation all come from here; miniapp/test/app-config
 * checks that each path is a declared page.
 */
// Not URLSearchParams: older WeChat base libraries do not have it.
const q = (params: Record<string, string>) => Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');

export const PAGE_PATHS = {
  home: 'pages/index/index',
  login: 'pages/login/index',
  application: 'pages/applications/detail',
  jobs: 'packages/jobs/list/index',
  job: 'packages/jobs/detail/index',
  apply: 'packages/jobs/apply/index',
  me: 'packages/me/index/index',
  myApplications: 'packages/me/applications/index',
  identityConsent: 'packages/me/consent/index',
  notificationSettings: 'packages/me/settings/index',
  ask: 'packages/ask/index',
  inbox: 'packages/inbox/index',
  notices: 'packages/inbox/notices/index',
  notice: 'packages/inbox/notice/index',
  payment: 'packages/payment/index/index',
  paymentAdvisor: 'packages/payment/advisor/index',
  travel: 'packages/travel/index/index',
  northbound: 'packages/travel/northbound/index',
  customs: 'packages/customs/index/index',
  customsPort: 'packages/customs/port/index',
  customsGuide: 'packages/customs/guide/index',
  admin: 'packages/admin/list/index',
  adminApplication: 'packages/admin/detail/index',
  adminBroadcasts: 'packages/admin/broadcasts/index',
  adminBroadcast: 'packages/admin/broadcast/index',
  adminCompose: 'packages/admin/compose/index',
  adminDead: 'packages/admin/dead/index',
  adminHandoffs: 'packages/admin/handoffs/index',
  adminReview: 'packages/admin/review/index',
  adminOrgs: 'packages/admin/orgs/index',
  adminDashboard: 'packages/admin/dashboard/index',
} as const;
export type PageName = keyof typeof PAGE_PATHS;

/** Page links with their query (no leading slash, as the server and WeChat's APIs take them). */
export const pageLinks = {
  application: (id: string) => `${PAGE_PATHS.application}?${q({ id })}`,
  job: (id: string) => `${PAGE_PATHS.job}?${q({ id })}`,
  apply: (jobId: string) => `${PAGE_PATHS.apply}?${q({ jobId })}`,
  identityConsent: (pending: string) => `${PAGE_PATHS.identityConsent}?${q({ pending })}`,
  notice: (id: string) => `${PAGE_PATHS.notice}?${q({ id })}`,
  paymentAdvisor: (method: string) => `${PAGE_PATHS.paymentAdvisor}?${q({ method })}`,
  travelRoute: (from: string, to: string) => `${PAGE_PATHS.travel}?${q({ from, to })}`,
  customsPort: (id: string) => `${PAGE_PATHS.customsPort}?${q({ id })}`,
  customsGuide: (query: string) => `${PAGE_PATHS.customsGuide}?${q({ q: query })}`,
  adminApplication: (id: string) => `${PAGE_PATHS.adminApplication}?${q({ id })}`,
  adminBroadcast: (id: string) => `${PAGE_PATHS.adminBroadcast}?${q({ id })}`,
} as const;

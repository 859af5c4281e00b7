/*
 * Main package: home, sign-in and the application detail (the bot links to APPLICATION_PAGE,
 * so it must stay at that path; test/app-config.test.ts checks). Each scenario is a subpackage.
 */
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/login/index', 'pages/applications/detail'],
  subPackages: [
    // Payment (支付): converter (the home tile opens packages/payment/index/index) and the payment-method advisor.
    { root: 'packages/payment', pages: ['index/index', 'advisor/index'] },
    { root: 'packages/jobs', pages: ['list/index', 'detail/index', 'apply/index'] },
    { root: 'packages/me', pages: ['index/index', 'applications/index', 'consent/index', 'settings/index'] },
    {
      root: 'packages/admin',
      pages: ['list/index', 'detail/index', 'broadcasts/index', 'broadcast/index', 'compose/index', 'dead/index', 'handoffs/index', 'review/index', 'orgs/index', 'dashboard/index'],
    },
    // ENQUIRY_DEFAULT_PAGE (shared): the server links answers here, so it stays at packages/ask/index.
    { root: 'packages/ask', pages: ['index'] },
    // Inbox and the notice board: inbox links and notice links point here.
    { root: 'packages/inbox', pages: ['index', 'notices/index', 'notice/index'] },
    // Travel: route finder (the home's 出行 tile opens packages/travel/index/index) and Northbound Travel.
    { root: 'packages/travel', pages: ['index/index', 'northbound/index'] },
    // Customs (通关): the home tile opens packages/customs/index/index (docs/scenarios.md).
    { root: 'packages/customs', pages: ['index/index', 'port/index', 'guide/index'] },
    // Life scenarios (shared LIFE_PAGES): 通讯, 医疗, 教育, 吃住游, each one LifePage (components/life-page).
    { root: 'packages/telecom', pages: ['index/index'] },
    { root: 'packages/health', pages: ['index/index'] },
    { root: 'packages/education', pages: ['index/index'] },
    { root: 'packages/stay', pages: ['index/index'] },
    // Employers (issue 16, shared EMPLOYER_PAGES): my organisation, its jobs and their applicants. The admins' page to
    // verify organisations is packages/admin/orgs/index.
    { root: 'packages/employer', pages: ['index/index', 'jobs/index', 'job/index', 'applicants/index', 'applicant/index'] },
  ],
  preloadRule: {
    'pages/index/index': { network: 'all', packages: ['packages/jobs', 'packages/me'] },
  },
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#0b5f8a',
    navigationBarTitleText: '湾事通',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f6f9',
  },
});

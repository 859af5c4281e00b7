import { LIFE_PAGES } from '@bay/shared';

/*
 * The home grid. Scenario first pages are fixed paths agreed with each scenario's engineer
 * (docs/scenarios.md, "Shell"): a tile links there even before its subpackage is registered.
 */
export const SCENARIO_PAGES = {
  travel: '/packages/travel/index/index',
  customs: '/packages/customs/index/index',
  payment: '/packages/payment/index/index',
  jobs: '/packages/jobs/list/index',
  ...LIFE_PAGES,
} as const;

export type TileKey = 'travel' | 'customs' | 'payment' | 'jobs' | 'telecom' | 'health' | 'education' | 'stay' | 'ask' | 'applications' | 'inbox' | 'me' | 'employer' | 'admin';

export interface TileSpec {
  key: TileKey;
  /** DOM id (tests and the end-to-end suite click these). */
  id: string;
  /** i18n keys of the label and the one-line description. */
  titleKey: string;
  descKey: string;
  /** Icon glyph key. */
  iconKey: string;
  /** Open without signing in (public information and the Ask page). */
  open: boolean;
  /** Shown in elder mode too (the elder home keeps the fewest, most used tiles). */
  elder: boolean;
}

export const TILES: readonly TileSpec[] = [
  { key: 'travel', id: 'nav-travel', titleKey: 'ui.shell.travel', descKey: 'ui.shell.travelDesc', iconKey: 'ui.shell.icon.travel', open: true, elder: true },
  { key: 'customs', id: 'nav-customs', titleKey: 'ui.shell.customs', descKey: 'ui.shell.customsDesc', iconKey: 'ui.shell.icon.customs', open: true, elder: true },
  { key: 'payment', id: 'nav-payment', titleKey: 'ui.shell.payment', descKey: 'ui.shell.paymentDesc', iconKey: 'ui.shell.icon.payment', open: true, elder: true },
  { key: 'telecom', id: 'nav-telecom', titleKey: 'life.scenario.telecom', descKey: 'life.scenarioDesc.telecom', iconKey: 'ui.shell.icon.telecom', open: true, elder: false },
  { key: 'health', id: 'nav-health', titleKey: 'life.scenario.health', descKey: 'life.scenarioDesc.health', iconKey: 'ui.shell.icon.health', open: true, elder: true },
  { key: 'education', id: 'nav-education', titleKey: 'life.scenario.education', descKey: 'life.scenarioDesc.education', iconKey: 'ui.shell.icon.education', open: true, elder: false },
  { key: 'stay', id: 'nav-stay', titleKey: 'life.scenario.stay', descKey: 'life.scenarioDesc.stay', iconKey: 'ui.shell.icon.stay', open: true, elder: false },
  { key: 'jobs', id: 'nav-jobs', titleKey: 'ui.home.jobs', descKey: 'ui.home.jobsDesc', iconKey: 'ui.home.icon.jobs', open: false, elder: true },
  { key: 'ask', id: 'nav-ask', titleKey: 'ui.home.ask', descKey: 'ui.home.askDesc', iconKey: 'ui.home.icon.ask', open: true, elder: true },
  { key: 'applications', id: 'nav-applications', titleKey: 'ui.home.applications', descKey: 'ui.home.applicationsDesc', iconKey: 'ui.home.icon.applications', open: false, elder: false },
  { key: 'inbox', id: 'nav-inbox', titleKey: 'ui.home.inbox', descKey: 'ui.home.inboxDesc', iconKey: 'ui.home.icon.inbox', open: false, elder: true },
  { key: 'me', id: 'nav-me', titleKey: 'ui.home.me', descKey: 'ui.home.meDesc', iconKey: 'ui.home.icon.me', open: false, elder: false },
  // Employers (issue 16): signed-in residents (to register or join an organisation) and employers; elder mode keeps it for employers.
  { key: 'employer', id: 'nav-employer', titleKey: 'employer.tile', descKey: 'employer.tileDesc', iconKey: 'employer.icon', open: false, elder: false },
  { key: 'admin', id: 'nav-admin', titleKey: 'ui.home.admin', descKey: 'ui.home.adminDesc', iconKey: 'ui.home.icon.admin', open: false, elder: true },
];

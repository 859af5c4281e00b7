/** Languages the product speaks. zh-Hant is written the Hong Kong way (繁體). */
export const LANGS = ['zh-Hans', 'zh-Hant', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh-Hans';

/**
 * Maps WeChat's language setting (zh_CN, zh_HK, zh_TW, en...) or an
 * Accept-Language header to one of ours.
 */
export function toLang(input: string | null | undefined): Lang {
  if (!input) return DEFAULT_LANG;
  const first = input.split(',')[0]!.trim().toLowerCase().replace('_', '-');
  if ((LANGS as readonly string[]).map((l) => l.toLowerCase()).includes(first)) {
    return LANGS.find((l) => l.toLowerCase() === first)!;
  }
  if (first.startsWith('zh-hk') || first.startsWith('zh-tw') || first.startsWith('zh-mo') || first.includes('hant')) return 'zh-Hant';
  if (first.startsWith('zh')) return 'zh-Hans';
  if (first.startsWith('en')) return 'en';
  return DEFAULT_LANG;
}

/** employer: a member of a registered organisation (shared/src/employer.ts); residents become one by registering or joining. */
export const ROLES = ['resident', 'reviewer', 'admin', 'employer'] as const;
export type Role = (typeof ROLES)[number];

/** The eleven GBA cities. */
export const CITIES = [
  'guangzhou', 'shenzhen', 'zhuhai', 'foshan', 'huizhou', 'dongguan', 'zhongshan', 'jiangmen', 'zhaoqing',
  'hongkong', 'macao',
] as const;
export type City = (typeof CITIES)[number];

export const DOC_TYPES = ['hkid', 'macao_id', 'home_return_permit', 'mainland_id'] as const;
export type DocType = (typeof DOC_TYPES)[number];

export const APPLICATION_STATUSES = ['submitted', 'under_review', 'interview', 'offered', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Who may move an application from one status to another. The one place that knows. */
export const STATUS_TRANSITIONS: Record<ApplicationStatus, Partial<Record<ApplicationStatus, 'reviewer' | 'resident'>>> = {
  submitted: { under_review: 'reviewer', rejected: 'reviewer', withdrawn: 'resident' },
  under_review: { interview: 'reviewer', rejected: 'reviewer', withdrawn: 'resident' },
  interview: { offered: 'reviewer', rejected: 'reviewer', withdrawn: 'resident' },
  offered: {},
  rejected: {},
  withdrawn: {},
};

export function canTransition(from: ApplicationStatus, to: ApplicationStatus, actor: 'reviewer' | 'resident'): boolean {
  return STATUS_TRANSITIONS[from][to] === actor;
}

export function nextStatuses(from: ApplicationStatus, actor: 'reviewer' | 'resident'): ApplicationStatus[] {
  return (Object.entries(STATUS_TRANSITIONS[from]) as [ApplicationStatus, string][])
    .filter(([, who]) => who === actor)
    .map(([to]) => to);
}

export const INDUSTRIES = [
  'technology', 'finance', 'logistics', 'manufacturing', 'hospitality', 'education', 'healthcare', 'retail', 'construction', 'public_service',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

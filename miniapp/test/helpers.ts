import type { ApplicationDto, ApplicationStatus, JobDto, Lang, UserDto } from '@bay/shared';
import { taroMock, type FakeResponse, type RecordedRequest } from './taro';
import { resetPrefsForTests } from '../src/store/prefs';
import { resetSessionForTests } from '../src/store/session';

export { taroMock };

/** A fresh app state: storage, prefs and session as a resident who opened the app before. */
export function startApp(opts: { lang?: Lang; user?: UserDto | null; elder?: boolean } = {}): void {
  taroMock.reset();
  if (opts.lang) taroMock.storage.set('bay.lang', opts.lang);
  if (opts.elder) taroMock.storage.set('bay.elder', true);
  const user = opts.user === undefined ? resident() : opts.user;
  if (user) {
    taroMock.storage.set('bay.token', 'test-token');
    taroMock.storage.set('bay.user', user);
  }
  resetPrefsForTests();
  resetSessionForTests();
}

type Route = (req: RecordedRequest) => FakeResponse;

/** Answers requests by "METHOD /path" (query ignored); anything else is a 404. */
export function serveApi(routes: Record<string, Route | FakeResponse>): void {
  taroMock.onRequest((req) => {
    const key = `${req.method} ${req.url.split('?')[0]}`;
    const route = routes[key];
    if (!route) return { statusCode: 404, data: { error: { code: 'notFound', message: `no route ${key}` } } };
    return typeof route === 'function' ? route(req) : route;
  });
}

export const ok = (data: unknown, statusCode = 200): FakeResponse => ({ statusCode, data });
export const fail = (statusCode: number, code: string, message: string, fields?: Record<string, string>): FakeResponse => ({
  statusCode,
  data: { error: { code, message, ...(fields ? { fields } : {}) } },
});

export function resident(overrides: Partial<UserDto> = {}): UserDto {
  return { id: 'u1', role: 'resident', lang: 'zh-Hans', nickname: 'demo-resident', botBound: false, ...overrides };
}

export const JOB_ID = '65a1b2c3d4e5f60718293a4b';
export const APP_ID = '65a1b2c3d4e5f60718293a99';

export function job(overrides: Partial<JobDto> = {}): JobDto {
  return {
    id: JOB_ID,
    title: { 'zh-Hans': '前端工程师', 'zh-Hant': '前端工程師', en: 'Front-end engineer' },
    employer: { 'zh-Hans': '前海科技', 'zh-Hant': '前海科技', en: 'Qianhai Tech' },
    city: 'shenzhen',
    industry: 'technology',
    salaryMin: 18000,
    salaryMax: 28000,
    currency: 'CNY',
    salaryPeriod: 'month',
    languages: ['普通话'],
    description: { 'zh-Hans': '开发小程序', 'zh-Hant': '開發小程式', en: 'Build mini-programs' },
    openToHkMo: true,
    postedAt: '2025-03-01T08:00:00.000Z',
    ...overrides,
  };
}

/** An application that went through `path` one hour apart, ending in the last status. */
export function application(path: ApplicationStatus[] = ['submitted'], overrides: Partial<ApplicationDto> = {}): ApplicationDto {
  const start = Date.parse('2025-03-02T08:00:00.000Z');
  const timeline = path.map((status, i) => ({
    status,
    at: new Date(start + i * 3_600_000).toISOString(),
    by: (i === 0 || status === 'withdrawn' ? 'resident' : 'reviewer') as 'resident' | 'reviewer',
    ...(status === 'interview' ? { note: '3月5日上午10点' } : {}),
  }));
  return {
    id: APP_ID,
    jobId: JOB_ID,
    title: job().title,
    status: path[path.length - 1]!,
    name: '陈大文',
    phone: '+852****4567',
    docType: 'hkid',
    docNumber: '****4563',
    resume: '五年经验',
    timeline,
    createdAt: timeline[0]!.at,
    updatedAt: timeline[timeline.length - 1]!.at,
    ...overrides,
  };
}

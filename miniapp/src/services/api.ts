import {
  API,
  type ApplicationCreate,
  type ApplicationDto,
  type ApplicationStatus,
  type BindCodeDto,
  type City,
  type EnquiryAnswerDto,
  type EnquiryAnswerRequest,
  type JobDto,
  type Lang,
  type Page,
  type UserDto,
} from '@bay/shared';
import { request } from './request';

/* Typed calls to the server, one function per endpoint in shared/src/api.ts. */

export const jobsApi = {
  list: (q: { city?: City; cursor?: string | null; limit?: number }) =>
    request<Page<JobDto>>(API.jobs, { query: { city: q.city, cursor: q.cursor ?? undefined, limit: q.limit ?? 20 } }),
  get: (id: string) => request<JobDto>(API.job(id)),
};

export const applicationsApi = {
  create: (body: ApplicationCreate) => request<ApplicationDto>(API.applications, { method: 'POST', body }),
  list: () => request<Page<ApplicationDto> | ApplicationDto[]>(API.applications).then(itemsOf),
  get: (id: string) => request<ApplicationDto>(API.application(id)),
  withdraw: (id: string) => request<ApplicationDto>(API.withdraw(id), { method: 'POST', body: {} }),
};

export const meApi = {
  get: () => request<UserDto>(API.me),
  setLang: (lang: Lang) => request<UserDto>(API.me, { method: 'PATCH', body: { lang } }),
  bindCode: () => request<BindCodeDto>(API.bindCodes, { method: 'POST', body: {} }),
};

export const enquiriesApi = {
  /** Public; with a session the server also answers personal intents for the signed-in resident. */
  answer: (body: EnquiryAnswerRequest) => request<EnquiryAnswerDto>(API.enquiryAnswer, { method: 'POST', body }),
};

export const adminApi = {
  list: (status?: ApplicationStatus) =>
    request<Page<ApplicationDto> | ApplicationDto[]>(API.adminApplications, { query: { status, limit: 100 } }).then(itemsOf),
  setStatus: (id: string, status: ApplicationStatus, note?: string) =>
    request<ApplicationDto>(API.adminApplicationStatus(id), {
      method: 'POST',
      body: note && note.trim() ? { status, note: note.trim() } : { status },
    }),
};

/** Lists come as Page<T>; a bare array is accepted too. */
function itemsOf<T>(data: Page<T> | T[]): T[] {
  return Array.isArray(data) ? data : data.items;
}

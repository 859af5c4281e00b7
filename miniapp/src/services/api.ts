import {
  DASHBOARD_API, type DashboardDto,
  API,
  type ApplicationCreate,
  type ApplicationDto,
  type ApplicationStatus,
  type BindCodeDto,
  type AdminNotificationDto,
  type BroadcastAudienceDto,
  type BroadcastCreateBody,
  type BroadcastDto,
  type City,
  type EnquiryAnswerDto,
  type HandoffState,
  type HandoffTicketDto,
  type InboxItemDto,
  type NoticeDto,
  type NotificationPrefsBody,
  type NotificationPrefsDto,
  type SubscribeGrantsBody,
  type SubscribeTemplatesDto,
  type EnquiryAnswerRequest,
  type EnquiryFeedbackRequest,
  type KbEntry,
  type KbEntryDraftDto,
  type KbEntryDto,
  type ReviewAttachRequest,
  type ReviewGroupDto,
  type ReviewResolutionDto,
  type ReviewStatus,
  type JobDto,
  type Lang,
  type Page,
  type UserDto,
  NOTIFY_API,
  SEARCH_API,
  type SearchResultDto,
  JOB_API,
  type JobAlertDto,
  type JobAlertInput,
  type JobSearchPageDto,
  type JobSearchRequest,
  type SavedJobDto,
} from '@bay/shared';
import type { z } from 'zod';
import { request } from './request';

/* Typed calls to the server, one function per endpoint in shared/src/api.ts. */

export const jobsApi = {
  list: (q: { city?: City; cursor?: string | null; limit?: number }) =>
    request<Page<JobDto>>(API.jobs, { query: { city: q.city, cursor: q.cursor ?? undefined, limit: q.limit ?? 20 } }),
  get: (id: string) => request<JobDto>(API.job(id)),
};

/** Job search, saved jobs and job alerts (issue 4). */
export const jobSearchApi = {
  /** Query parameters as JobSearchQuery (shared) takes them; empty ones are left out. */
  search: (q: Partial<Record<keyof JobSearchRequest, string | number | undefined>>) => request<JobSearchPageDto>(API.jobs, { query: { ...q, limit: q.limit ?? 20 } }),
  saved: () => request<Page<SavedJobDto>>(JOB_API.savedJobs),
  save: (jobId: string) => request<void>(JOB_API.savedJob(jobId), { method: 'PUT', body: {} }),
  unsave: (jobId: string) => request<void>(JOB_API.savedJob(jobId), { method: 'DELETE' }),
  alerts: () => request<{ items: JobAlertDto[] }>(JOB_API.jobAlerts),
  createAlert: (body: JobAlertInput) => request<JobAlertDto>(JOB_API.jobAlerts, { method: 'POST', body }),
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

/** Cross-scenario search (the home page's search box); public. */
export const searchApi = {
  search: (q: string, lang: Lang, limit = 5) => request<SearchResultDto>(SEARCH_API, { query: { q, lang, limit } }),
};

export const enquiriesApi = {
  /** Public; with a session the server also answers personal intents for the signed-in resident. */
  answer: (body: EnquiryAnswerRequest) => request<EnquiryAnswerDto>(API.enquiryAnswer, { method: 'POST', body }),
  /** 👍 / 👎 on an answer; public, nothing about the resident is kept. */
  feedback: (body: EnquiryFeedbackRequest) => request<void>(API.enquiryFeedback, { method: 'POST', body }),
};

/** Unanswered-question review (admins): grouped questions, attach to an entry, new entry, dismiss. */
export const reviewApi = {
  list: (q: { status?: ReviewStatus; cursor?: string | null; limit?: number } = {}) =>
    request<Page<ReviewGroupDto>>(API.adminEnquiryReview, { query: { status: q.status, cursor: q.cursor ?? undefined, limit: q.limit ?? 20 } }),
  attach: (id: string, body: ReviewAttachRequest) => request<ReviewResolutionDto>(API.adminEnquiryReviewAttach(id), { method: 'POST', body }),
  draft: (id: string) => request<KbEntryDraftDto>(API.adminEnquiryReviewDraft(id)),
  newEntry: (id: string, entry: KbEntry) => request<ReviewResolutionDto>(API.adminEnquiryReviewNewEntry(id), { method: 'POST', body: entry }),
  dismiss: (id: string) => request<ReviewGroupDto>(API.adminEnquiryReviewDismiss(id), { method: 'POST', body: {} }),
  /** One page of knowledge-base entries by id (GET /api/admin/kb), for picking an entry. */
  kbPage: (cursor?: string | null) => request<Page<KbEntryDto>>(API.adminKb, { query: { cursor: cursor ?? undefined, limit: 300 } }),
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

export const inboxApi = {
  list: (cursor?: string | null) => request<Page<InboxItemDto>>(NOTIFY_API.inbox, { query: { cursor: cursor ?? undefined, limit: 20 } }),
  unread: () => request<{ count?: number; unread?: number }>(NOTIFY_API.inboxUnread).then((d) => d.count ?? d.unread ?? 0),
  read: (id: string) => request<unknown>(NOTIFY_API.inboxRead(id), { method: 'POST', body: {} }),
  readAll: () => request<unknown>(NOTIFY_API.inboxReadAll, { method: 'POST', body: {} }),
};

export const notifyApi = {
  prefs: () => request<NotificationPrefsDto>(NOTIFY_API.prefs),
  savePrefs: (body: z.input<typeof NotificationPrefsBody>) => request<NotificationPrefsDto>(NOTIFY_API.prefs, { method: 'PATCH', body }),
  /** Template ids the mini-program may ask grants for (WeChat allows 3 per request). */
  templates: () => request<SubscribeTemplatesDto>(NOTIFY_API.subscribeTemplates).then(templateIdsOf),
  grants: (body: z.input<typeof SubscribeGrantsBody>) => request<unknown>(NOTIFY_API.subscribeGrants, { method: 'POST', body }),
  notices: (limit = 20) => request<Page<NoticeDto> | NoticeDto[]>(NOTIFY_API.notices, { query: { limit } }).then(itemsOf),
};

export const broadcastsApi = {
  list: () => request<Page<BroadcastDto> | BroadcastDto[]>(NOTIFY_API.adminBroadcasts, { query: { limit: 50 } }).then(itemsOf),
  get: (id: string) => request<BroadcastDto>(NOTIFY_API.adminBroadcast(id)),
  preview: (audience: BroadcastAudienceDto) =>
    request<{ recipients?: number; count?: number }>(NOTIFY_API.adminBroadcastPreview, { method: 'POST', body: { audience } }).then(
      (d) => d.recipients ?? d.count ?? 0,
    ),
  create: (body: z.input<typeof BroadcastCreateBody>) => request<BroadcastDto>(NOTIFY_API.adminBroadcasts, { method: 'POST', body }),
  pause: (id: string) => request<BroadcastDto>(NOTIFY_API.adminBroadcastPause(id), { method: 'POST', body: {} }),
  resume: (id: string) => request<BroadcastDto>(NOTIFY_API.adminBroadcastResume(id), { method: 'POST', body: {} }),
  cancel: (id: string) => request<BroadcastDto>(NOTIFY_API.adminBroadcastCancel(id), { method: 'POST', body: {} }),
};

/** The operations dashboard (admins). */
export const dashboardApi = {
  get: (days: number) => request<DashboardDto>(DASHBOARD_API.admin, { query: { days } }),
};

export const deadNotificationsApi = {
  list: () =>
    request<Page<AdminNotificationDto> | AdminNotificationDto[]>(NOTIFY_API.adminDeadNotifications, { query: { state: 'dead', limit: 100 } }).then(itemsOf),
  retry: (id: string) => request<unknown>(NOTIFY_API.adminNotificationRetry(id), { method: 'POST', body: {} }),
};

export const handoffsApi = {
  list: (state?: HandoffState) => request<Page<HandoffTicketDto> | HandoffTicketDto[]>(API.adminHandoffs, { query: { state, limit: 50 } }).then(itemsOf),
  reply: (id: string, text: string) => request<HandoffTicketDto>(API.adminHandoffReply(id), { method: 'POST', body: { text } }),
};

/** Configured template ids, application updates first (the tap that asks is an application submit). */
function templateIdsOf(data: SubscribeTemplatesDto): string[] {
  const ordered = [data.application, data.handoff, data.broadcast, ...Object.values(data)];
  return [...new Set(ordered.filter((id): id is string => typeof id === 'string' && id.length > 0))];
}

/** Lists come as Page<T>; a bare array is accepted too. */
function itemsOf<T>(data: Page<T> | T[]): T[] {
  return Array.isArray(data) ? data : data.items;
}

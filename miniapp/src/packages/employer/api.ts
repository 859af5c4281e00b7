import {
  EMPLOYER_API,
  type ApplicationDto,
  type ApplicationStatus,
  type EmployerJobCreate,
  type EmployerJobDto,
  type EmployerJobUpdate,
  type JobState,
  type OrgDto,
  type OrgInviteDto,
  type OrgRegisterRequest,
  type Page,
  type RevealDto,
  type RevealableField,
} from '@bay/shared';
import { request } from '../../services/request';

/* The employer API (shared EMPLOYER_API), kept in this subpackage so the main package does not carry it. */
export const employerApi = {
  register: (body: OrgRegisterRequest) => request<OrgDto>(EMPLOYER_API.orgs, { method: 'POST', body }),
  org: () => request<OrgDto>(EMPLOYER_API.org),
  invite: () => request<OrgInviteDto>(EMPLOYER_API.invites, { method: 'POST', body: {} }),
  removeMember: (userId: string) => request<void>(EMPLOYER_API.member(userId), { method: 'DELETE' }),
  join: (code: string) => request<OrgDto>(EMPLOYER_API.join, { method: 'POST', body: { code } }),
  jobs: () => request<{ items: EmployerJobDto[] }>(EMPLOYER_API.jobs).then((d) => d.items),
  job: (id: string) => request<EmployerJobDto>(EMPLOYER_API.job(id)),
  createJob: (body: EmployerJobCreate) => request<EmployerJobDto>(EMPLOYER_API.jobs, { method: 'POST', body }),
  updateJob: (id: string, body: EmployerJobUpdate) => request<EmployerJobDto>(EMPLOYER_API.job(id), { method: 'PATCH', body }),
  setJobState: (id: string, state: JobState) => request<EmployerJobDto>(EMPLOYER_API.jobState(id), { method: 'POST', body: { state } }),
  applicants: (jobId: string, q: { status?: ApplicationStatus; cursor?: string | null }) =>
    request<Page<ApplicationDto>>(EMPLOYER_API.jobApplications(jobId), { query: { status: q.status, cursor: q.cursor ?? undefined, limit: 20 } }),
  application: (id: string) => request<ApplicationDto>(EMPLOYER_API.application(id)),
  setStatus: (id: string, status: ApplicationStatus, note?: string) =>
    request<ApplicationDto>(EMPLOYER_API.applicationStatus(id), { method: 'POST', body: note?.trim() ? { status, note: note.trim() } : { status } }),
  reveal: (id: string, reason: string, fields: RevealableField[]) =>
    request<RevealDto>(EMPLOYER_API.applicationReveal(id), { method: 'POST', body: { reason: reason.trim(), fields } }),
};

/** A page path of EMPLOYER_PAGES as a navigable URL. */
export const pageUrl = (path: string): string => `/${path}`;

import { PAGE_PATHS, pageLinks } from './pages.js';
/**
 * HTTP paths of the server. Public API under /api (session token in `Authorization: Bearer`),
 * the bot's internal API under /internal (BOT_API_TOKEN in `Authorization: Bearer`).
 */
export const API = {
  wechatLogin: '/api/auth/wechat',
  devLogin: '/api/auth/dev-login',
  me: '/api/me',
  jobs: '/api/jobs',
  job: (id: string) => `/api/jobs/${id}`,
  applications: '/api/applications',
  application: (id: string) => `/api/applications/${id}`,
  withdraw: (id: string) => `/api/applications/${id}/withdraw`,
  bindCodes: '/api/bind-codes',
  adminApplications: '/api/admin/applications',
  adminApplicationStatus: (id: string) => `/api/admin/applications/${id}/status`,
  adminApplicationReveal: (id: string) => `/api/admin/applications/${id}/reveal`,
  adminAudit: '/api/admin/audit',
  enquiryAnswer: '/api/enquiries/answer',
  adminKb: '/api/admin/kb',
  adminKbEntry: (id: string) => `/api/admin/kb/${id}`,
  adminHandoffs: '/api/admin/handoffs',
  adminHandoffReply: (id: string) => `/api/admin/handoffs/${id}/reply`,
  health: '/healthz',
  internalBind: '/internal/bind',
  internalOutboxClaim: '/internal/outbox/claim',
  internalOutboxAck: (id: string) => `/internal/outbox/${id}/ack`,
  /** Several acks in one request (OutboxAckManyBody → OutboxAckManyResultDto). */
  internalOutboxAckMany: '/internal/outbox/ack',
  internalOutboxFail: (id: string) => `/internal/outbox/${id}/fail`,
  internalEnquiryAnswer: '/internal/enquiries/answer',
  // Unanswered-question review (shared/src/enquiry-review.ts).
  enquiryFeedback: '/api/enquiries/feedback',
  internalEnquiryFeedback: '/internal/enquiries/feedback',
  adminEnquiryReview: '/api/admin/enquiries/review',
  adminEnquiryReviewAttach: (id: string) => `/api/admin/enquiries/review/${id}/attach`,
  adminEnquiryReviewDraft: (id: string) => `/api/admin/enquiries/review/${id}/draft`,
  adminEnquiryReviewNewEntry: (id: string) => `/api/admin/enquiries/review/${id}/new-entry`,
  adminEnquiryReviewDismiss: (id: string) => `/api/admin/enquiries/review/${id}/dismiss`,
} as const;

/** The mini-program page that shows one application; used in bot links and cards. */
export const APPLICATION_PAGE = PAGE_PATHS.application;
export const applicationPagePath = pageLinks.application;

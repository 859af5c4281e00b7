import type { ErrorCode } from './error-codes.js';
import type { ApplicationStatus, City, DocType, Industry, Lang, Role } from './enums.js';

export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; fields?: Record<string, string> };
}

export interface UserDto {
  id: string;
  role: Role;
  lang: Lang;
  nickname?: string;
  botBound: boolean;
}

export interface SessionDto {
  token: string;
  user: UserDto;
}

export interface LocalisedText {
  'zh-Hans': string;
  'zh-Hant': string;
  en: string;
}

export interface JobDto {
  id: string;
  title: LocalisedText;
  employer: LocalisedText;
  city: City;
  district?: string;
  industry: Industry;
  salaryMin: number;
  salaryMax: number;
  /** ISO 4217: CNY, HKD or MOP. */
  currency: 'CNY' | 'HKD' | 'MOP';
  salaryPeriod: 'month' | 'hour';
  languages: string[];
  description: LocalisedText;
  openToHkMo: boolean;
  postedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TimelineEntryDto {
  status: ApplicationStatus;
  at: string;
  /** employer: a member of the organisation that posted the job (the reviewing side of the machine). */
  by: 'resident' | 'reviewer' | 'employer' | 'system';
  note?: string;
}

export interface ApplicationDto {
  id: string;
  jobId: string;
  /** What the application is for, in three languages: the job's title, or "Northbound Travel · <plate>" from the scheme's rules. */
  title: LocalisedText;
  status: ApplicationStatus;
  name: string;
  /** Masked: "+852****4567". */
  phone: string;
  docType: DocType;
  /** Masked: "****4563". */
  docNumber: string;
  /** True when name and document equal the resident's linked verified identity at submission. */
  verified?: boolean;
  resume: string;
  timeline: TimelineEntryDto[];
  /** Set on Northbound Travel applications only (job applications omit it); jobId is then ''. */
  type?: 'job' | 'northbound';
  northbound?: { scheme: 'hk' | 'macao'; plate: string };
  createdAt: string;
  updatedAt: string;
}

export interface BindCodeDto {
  code: string;
  expiresAt: string;
}

export interface BotBindResultDto {
  userId: string;
  lang: Lang;
  nickname?: string;
}

/**
 * What the bot is asked to deliver, by `kind`. The bot renders the text in `lang` from the shared
 * catalogs. Narrow on `kind` before reading `payload`.
 */
interface OutboxMessageBase {
  id: string;
  dedupeKey: string;
  lang: Lang;
  contactId: string;
  attempts: number;
}

/** An application changed status. */
export interface StatusOutboxMessageDto extends OutboxMessageBase {
  kind: 'application.status';
  payload: {
    applicationId: string;
    /** The application's title (ApplicationDto.title). */
    title: LocalisedText;
    status: ApplicationStatus;
    at: string;
    note?: string;
  };
}

/**
 * A member of staff answered the resident's handoff ticket ("转人工"). Send `text` as it is (staff
 * wrote it for this resident), e.g. with the catalog line `bot.handoffReply`.
 */
export interface HandoffReplyOutboxMessageDto extends OutboxMessageBase {
  kind: 'handoff.reply';
  payload: {
    ticketId: string;
    text: string;
    at: string;
  };
}

/**
 * A notice an admin broadcast (issue 6), already in the recipient's language. `roomId` set: send to
 * that WeChat group instead of a contact (`contactId` is then empty).
 */
export interface BroadcastOutboxMessageDto extends OutboxMessageBase {
  kind: 'broadcast';
  roomId?: string;
  payload: {
    broadcastId: string;
    title: string;
    body: string;
    /** A mini-program page, e.g. "pages/notices/index". */
    link?: string;
  };
}

/** A new job matches one of the resident's saved searches (issue 4); link with jobPagePath(payload.jobId). */
export interface JobAlertOutboxMessageDto extends OutboxMessageBase {
  kind: 'job.alert';
  payload: import('./jobs.js').JobAlertPayload;
}

export type OutboxMessageDto = StatusOutboxMessageDto | HandoffReplyOutboxMessageDto | BroadcastOutboxMessageDto | JobAlertOutboxMessageDto;
export type OutboxMessageKind = OutboxMessageDto['kind'];
/** The payload of one kind of message, as the bot receives it. */
export type OutboxPayloadOf<K extends OutboxMessageKind> = Extract<OutboxMessageDto, { kind: K }>['payload'];
/**
 * A message's kind with its payload, keyed by kind: what the server's outbox enqueues and stores
 * (one union for every sender: application status, handoff replies, broadcasts, job alerts).
 */
export type OutboxContent = { [K in OutboxMessageKind]: { kind: K; payload: OutboxPayloadOf<K> } }[OutboxMessageKind];

/**
 * POST /internal/outbox/ack: `sent` are the ids now sent (including ones that already were);
 * `refused` the others, which no retry can change: `notFound` (no such message) or `conflict`
 * (dead or cancelled meanwhile).
 */
export interface OutboxAckManyResultDto {
  sent: string[];
  refused: { id: string; code: 'notFound' | 'conflict' }[];
}

import { Schema, type Connection, type Model, type Types } from 'mongoose';
import {
  APPLICATION_STATUSES, DOC_TYPES, maskDocNumber, maskPhone,
  APPLICATION_TYPES, NORTHBOUND_SCHEMES,
  type ApplicationDto, type LocalisedText, type OutboxPayloadOf, type StatusOutboxMessageDto, type TimelineEntryDto,
} from '@bay/shared';
import { copyLocalised } from '../jobs/job.model.js';

/** A step of the application's history, as stored: the DTO's entry with a Date. */
export interface TimelineEntry extends Pick<TimelineEntryDto, 'status' | 'by' | 'note'> {
  at: Date;
}

/** The payload of an application.status message: the bot's own DTO payload (shared). */
export type StatusPayload = OutboxPayloadOf<'application.status'>;

/** A notification waiting, inside its application, to be copied to `notifications` by the relay. */
export interface OutboxEntry extends Pick<StatusOutboxMessageDto, 'dedupeKey' | 'kind' | 'payload'> {
  createdAt: Date;
}

/**
 * An application as stored: the DTO's fields, with ObjectIds, Dates and the encrypted phone and
 * document number. `type` is missing on applications stored before types existed (those are job
 * applications); `northbound` is set on Northbound Travel applications only, and `resume` is ''
 * for them. `title` was stored as `jobTitle` until issue 17 (migrations.ts renames it).
 */
export interface ApplicationDoc extends Pick<ApplicationDto, 'type' | 'title' | 'northbound' | 'status' | 'name' | 'docType' | 'verified' | 'resume'> {
  _id: Types.ObjectId;
  /**
   * One application per user and job (`${userId}:${jobId}`) or per user, scheme and plate for
   * Northbound Travel (`${userId}:northbound:${scheme}:${plate}`).
   */
  uniqueKey: string;
  userId: Types.ObjectId;
  /** Job applications only. */
  jobId?: Types.ObjectId;
  /** Encrypted at rest (core/crypto.ts, `enc:v1:…`); see APPLICATION_ENCRYPTED_FIELDS. */
  phone: string;
  /** Encrypted at rest, like phone. */
  docNumber: string;
  timeline: TimelineEntry[];
  outbox: OutboxEntry[];
  createdAt: Date;
  updatedAt: Date;
}

const localised = new Schema<LocalisedText>({ 'zh-Hans': String, 'zh-Hant': String, en: String }, { _id: false });

const timelineSchema = new Schema<TimelineEntry>(
  {
    status: { type: String, enum: APPLICATION_STATUSES, required: true },
    at: { type: Date, required: true },
    by: { type: String, enum: ['resident', 'reviewer', 'employer', 'system'], required: true },
    note: String,
  },
  { _id: false },
);

const outboxSchema = new Schema<OutboxEntry>(
  {
    dedupeKey: { type: String, required: true },
    kind: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
  },
  { _id: false },
);

const applicationSchema = new Schema<ApplicationDoc>(
  {
    uniqueKey: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, enum: APPLICATION_TYPES, default: 'job' },
    jobId: { type: Schema.Types.ObjectId, required: function (this: ApplicationDoc) { return this.type !== 'northbound'; } },
    northbound: {
      type: new Schema({ scheme: { type: String, enum: NORTHBOUND_SCHEMES, required: true }, plate: { type: String, required: true } }, { _id: false }),
      required: false,
    },
    title: { type: localised, required: true },
    status: { type: String, enum: APPLICATION_STATUSES, required: true },
    name: { type: String, required: true },
    phone: { type: String, required: true },
    docType: { type: String, enum: DOC_TYPES, required: true },
    docNumber: { type: String, required: true },
    verified: { type: Boolean, default: false },
    resume: { type: String, required: function (this: ApplicationDoc) { return this.type !== 'northbound'; } },
    timeline: { type: [timelineSchema], default: [] },
    outbox: { type: [outboxSchema], default: [] },
  },
  { timestamps: true, collection: 'applications' },
);
// POST /api/applications: refuse a second application by the same user to the same job.
applicationSchema.index({ uniqueKey: 1 }, { unique: true });
// GET /api/applications: mine, newest first.
applicationSchema.index({ userId: 1, _id: -1 });
// GET /api/admin/applications?status=…: newest first.
applicationSchema.index({ status: 1, _id: -1 });
// An employer's applicants to one job, newest first (employers module); applicant counts per job.
applicationSchema.index({ jobId: 1, _id: -1 });
// Operations dashboard: applications submitted in a window.
applicationSchema.index({ createdAt: -1 });
// Outbox relay sweep: applications that still hold embedded entries.
applicationSchema.index({ 'outbox.dedupeKey': 1 });

/** Stored encrypted; key rotation (cli/rotate-keys.ts) re-encrypts exactly these. */
export const APPLICATION_ENCRYPTED_FIELDS = ['phone', 'docNumber'] as const;

export type ApplicationModel = Model<ApplicationDoc>;
export const applicationModel = (conn: Connection): ApplicationModel =>
  (conn.models.Application as ApplicationModel | undefined) ?? conn.model<ApplicationDoc>('Application', applicationSchema);

/**
 * The only way an application leaves the server: phone and document number decrypted with
 * `decrypt` (the field cipher) and masked at once. Full values leave only through the audited
 * reveal (ApplicationService.reveal).
 */
export function toApplicationDto(a: ApplicationDoc, decrypt: (stored: string) => string): ApplicationDto {
  return {
    id: String(a._id),
    jobId: a.jobId ? String(a.jobId) : '',
    ...(a.type === 'northbound' && a.northbound ? { type: 'northbound' as const, northbound: { scheme: a.northbound.scheme, plate: a.northbound.plate } } : {}),
    title: copyLocalised(a.title),
    status: a.status,
    name: a.name,
    phone: maskPhone(decrypt(a.phone)),
    docType: a.docType,
    docNumber: maskDocNumber(decrypt(a.docNumber)),
    ...(a.verified ? { verified: true } : {}),
    resume: a.resume ?? '',
    timeline: a.timeline.map((t) => ({ status: t.status, at: new Date(t.at).toISOString(), by: t.by, ...(t.note ? { note: t.note } : {}) })),
    createdAt: new Date(a.createdAt).toISOString(),
    updatedAt: new Date(a.updatedAt).toISOString(),
  };
}

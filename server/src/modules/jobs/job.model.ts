import { Schema, Types, type Connection, type Model } from 'mongoose';
import { CITIES, INDUSTRIES, JOB_STATES, type JobAlertDto, type JobDto, type JobState, type JobSummaryDto, type LocalisedText } from '@bay/shared';

/** A job as stored: the DTO's fields (a Date for `postedAt`) and what only the server keeps. */
export interface JobDoc extends Omit<JobDto, 'id' | 'postedAt'> {
  _id: Types.ObjectId;
  /** Stable key of seeded jobs, so seeding is an idempotent upsert. */
  slug: string;
  /** Demonstration data, not a real vacancy. */
  demo: boolean;
  postedAt: Date;
  /** Set when an admin deletes the job: kept (soft) so other instances' indexes see the removal by polling `updatedAt`. */
  deletedAt?: Date | null;
  /** The organisation that posted it (modules/employers); null for admin and seeded jobs. */
  orgId?: Types.ObjectId | null;
  /** Set by its employer; admin and seeded jobs stay open. */
  state?: JobState;
  /**
   * Shown to residents (search, detail, applying): open and, for an organisation's job, the
   * organisation verified. Kept by the employers module; missing means listed (older documents).
   */
  live?: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const localised = new Schema<LocalisedText>(
  { 'zh-Hans': { type: String, required: true }, 'zh-Hant': { type: String, required: true }, en: { type: String, required: true } },
  { _id: false },
);

const jobSchema = new Schema<JobDoc>(
  {
    slug: { type: String, required: true },
    title: { type: localised, required: true },
    employer: { type: localised, required: true },
    city: { type: String, enum: CITIES, required: true },
    district: String,
    industry: { type: String, enum: INDUSTRIES, required: true },
    salaryMin: { type: Number, required: true },
    salaryMax: { type: Number, required: true },
    currency: { type: String, enum: ['CNY', 'HKD', 'MOP'], required: true },
    salaryPeriod: { type: String, enum: ['month', 'hour'], required: true },
    languages: { type: [String], default: [] },
    description: { type: localised, required: true },
    openToHkMo: { type: Boolean, default: true },
    demo: { type: Boolean, default: false },
    postedAt: { type: Date, required: true },
    deletedAt: { type: Date, default: null },
    orgId: { type: Schema.Types.ObjectId, default: null },
    state: { type: String, enum: JOB_STATES, default: 'open' },
    live: { type: Boolean, default: true },
  },
  { timestamps: true, collection: 'jobs' },
);
// Seeding: upsert by slug.
jobSchema.index({ slug: 1 }, { unique: true });
// GET /api/jobs?city=…(&industry=…) newest first, cursor on _id.
jobSchema.index({ city: 1, industry: 1, _id: -1 });
// GET /api/jobs?industry=… newest first.
jobSchema.index({ industry: 1, _id: -1 });

// An organisation's own jobs, newest first (employers module).
jobSchema.index({ orgId: 1, _id: -1 });

// Search index freshness: jobs changed since the last poll (job.search.ts).
jobSchema.index({ updatedAt: 1 });

export type JobModel = Model<JobDoc>;
export const jobModel = (conn: Connection): JobModel => (conn.models.Job as JobModel | undefined) ?? conn.model<JobDoc>('Job', jobSchema);

/** Residents see a job (search index, detail, applying) only while it is listed. */
export const isListed = (j: Pick<JobDoc, 'deletedAt' | 'live'>): boolean => !j.deletedAt && j.live !== false;

export function toJobDto(j: JobDoc): JobDto {
  return { ...toJobSummaryDto(j), description: copyLocalised(j.description) };
}

/** The three languages of a stored text and nothing else (stored documents may carry more keys). */
export const copyLocalised = (t: LocalisedText): LocalisedText => ({ 'zh-Hans': t['zh-Hans'], 'zh-Hant': t['zh-Hant'], en: t.en });

export function toJobSummaryDto(j: Omit<JobDoc, 'description'>): JobSummaryDto {
  return {
    id: String(j._id),
    title: copyLocalised(j.title),
    employer: copyLocalised(j.employer),
    city: j.city,
    ...(j.district ? { district: j.district } : {}),
    industry: j.industry,
    salaryMin: j.salaryMin,
    salaryMax: j.salaryMax,
    currency: j.currency,
    salaryPeriod: j.salaryPeriod,
    languages: j.languages ?? [],
    openToHkMo: j.openToHkMo,
    postedAt: new Date(j.postedAt).toISOString(),
  };
}

/**
 * One marker document per deployment (`_id: 'jobs'`), touched on every job write: instances poll it
 * by `_id` (an indexed point read on every engine) and scan `jobs` by `updatedAt` only when it moved.
 */
export interface JobsMarkerDoc {
  _id: string;
  changedAt: Date;
}
const markerSchema = new Schema<JobsMarkerDoc>({ _id: { type: String, required: true }, changedAt: { type: Date, required: true } }, { collection: 'jobs_meta', versionKey: false });
export type JobsMarkerModel = Model<JobsMarkerDoc>;
export const jobsMarkerModel = (conn: Connection): JobsMarkerModel =>
  (conn.models.JobsMarker as JobsMarkerModel | undefined) ?? conn.model<JobsMarkerDoc>('JobsMarker', markerSchema);

/** A resident's saved job. */
export interface SavedJobDoc {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  jobId: Types.ObjectId;
  createdAt: Date;
}
const savedJobSchema = new Schema<SavedJobDoc>(
  { userId: { type: Schema.Types.ObjectId, required: true }, jobId: { type: Schema.Types.ObjectId, required: true } },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'saved_jobs' },
);
// Save is idempotent (one per resident and job); the resident's list, newest first.
savedJobSchema.index({ userId: 1, jobId: 1 }, { unique: true });
savedJobSchema.index({ userId: 1, _id: -1 });
export type SavedJobModel = Model<SavedJobDoc>;
export const savedJobModel = (conn: Connection): SavedJobModel =>
  (conn.models.SavedJob as SavedJobModel | undefined) ?? conn.model<SavedJobDoc>('SavedJob', savedJobSchema);

/** A resident's saved search: new jobs that match it are sent to them (job.alerts.ts). */
export interface JobAlertDoc extends Pick<JobAlertDto, 'q' | 'city' | 'industry' | 'salaryMin' | 'salaryMax' | 'openToHkMo'> {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  /** Looser than JobAlertDto's JobLanguage: the schema stores any string. */
  language?: string;
  createdAt: Date;
}
const jobAlertSchema = new Schema<JobAlertDoc>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    q: String,
    city: { type: String, enum: CITIES },
    industry: { type: String, enum: INDUSTRIES },
    salaryMin: Number,
    salaryMax: Number,
    language: String,
    openToHkMo: Boolean,
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'job_alerts' },
);
// The resident's alerts (list, count against the limit).
jobAlertSchema.index({ userId: 1, _id: -1 });
export type JobAlertModel = Model<JobAlertDoc>;
export const jobAlertModel = (conn: Connection): JobAlertModel =>
  (conn.models.JobAlert as JobAlertModel | undefined) ?? conn.model<JobAlertDoc>('JobAlert', jobAlertSchema);

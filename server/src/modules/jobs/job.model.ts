import { Schema, Types, type Connection, type Model } from 'mongoose';
import { CITIES, INDUSTRIES, type City, type Industry, type JobDto, type LocalisedText } from '@bay/shared';

export interface JobDoc {
  _id: Types.ObjectId;
  /** Stable key of seeded jobs, so seeding is an idempotent upsert. */
  slug: string;
  title: LocalisedText;
  employer: LocalisedText;
  city: City;
  district?: string;
  industry: Industry;
  salaryMin: number;
  salaryMax: number;
  currency: JobDto['currency'];
  salaryPeriod: JobDto['salaryPeriod'];
  languages: string[];
  description: LocalisedText;
  openToHkMo: boolean;
  /** Demonstration data, not a real vacancy. */
  demo: boolean;
  postedAt: Date;
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
  },
  { timestamps: true, collection: 'jobs' },
);
// Seeding: upsert by slug.
jobSchema.index({ slug: 1 }, { unique: true });
// GET /api/jobs?city=…(&industry=…) newest first, cursor on _id.
jobSchema.index({ city: 1, industry: 1, _id: -1 });
// GET /api/jobs?industry=… newest first.
jobSchema.index({ industry: 1, _id: -1 });

export type JobModel = Model<JobDoc>;
export const jobModel = (conn: Connection): JobModel => (conn.models.Job as JobModel | undefined) ?? conn.model<JobDoc>('Job', jobSchema);

export function toJobDto(j: JobDoc): JobDto {
  return {
    id: String(j._id),
    title: pickText(j.title),
    employer: pickText(j.employer),
    city: j.city,
    ...(j.district ? { district: j.district } : {}),
    industry: j.industry,
    salaryMin: j.salaryMin,
    salaryMax: j.salaryMax,
    currency: j.currency,
    salaryPeriod: j.salaryPeriod,
    languages: j.languages ?? [],
    description: pickText(j.description),
    openToHkMo: j.openToHkMo,
    postedAt: new Date(j.postedAt).toISOString(),
  };
}

export const pickText = (t: LocalisedText): LocalisedText => ({ 'zh-Hans': t['zh-Hans'], 'zh-Hant': t['zh-Hant'], en: t.en });

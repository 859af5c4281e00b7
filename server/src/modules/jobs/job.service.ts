import { Types } from 'mongoose';
import type { City, Industry, JobDto, Page } from '@bay/shared';
import { toJobDto, type JobDoc, type JobModel } from './job.model.js';

export interface JobListParams {
  city?: City;
  industry?: Industry;
  cursor?: string;
  limit: number;
}

export function createJobService(jobs: JobModel) {
  return {
    /** Newest first; `nextCursor` is the last id of this page when more follow. */
    async list(params: JobListParams): Promise<Page<JobDto>> {
      const filter: Record<string, unknown> = {};
      if (params.city) filter.city = params.city;
      if (params.industry) filter.industry = params.industry;
      if (params.cursor) filter._id = { $lt: new Types.ObjectId(params.cursor) };
      const docs = await jobs.find(filter).sort({ _id: -1 }).limit(params.limit + 1).lean<JobDoc[]>();
      const more = docs.length > params.limit;
      const items = docs.slice(0, params.limit);
      return { items: items.map(toJobDto), nextCursor: more ? String(items[items.length - 1]!._id) : null };
    },
    findById: (id: string) => jobs.findById(id).lean<JobDoc>(),
  };
}
export type JobService = ReturnType<typeof createJobService>;

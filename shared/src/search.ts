import { z } from 'zod';
import type { Lang } from './enums.js';

/** GET /api/search: one search box across every scenario (issue 4). */
export const SEARCH_API = '/api/search';

/**
 * Result groups, in the order the home page shows them. `kb` is the enquiry knowledge base;
 * the others appear only when the server has a module for them.
 */
export const SEARCH_GROUPS = ['kb', 'jobs', 'travel', 'customs', 'payment', 'life'] as const;
export type SearchGroup = (typeof SEARCH_GROUPS)[number];

/** `?lang=` (any route) picks the language of titles and errors; it is not part of this schema. */
export const SearchQuery = z.strictObject({
  q: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(100, { error: 'v.tooLong' }),
  /** Results per group. */
  limit: z.coerce.number({ error: 'v.number' }).int({ error: 'v.number' }).min(1, { error: 'v.range' }).max(20, { error: 'v.range' }).default(5),
});
export type SearchRequest = z.input<typeof SearchQuery>;

export interface SearchHitDto {
  /** The item's id in its own module (KB entry id, job id, ...). */
  id: string;
  title: string;
  /** One line of context (an answer's start, an employer and city ...). */
  subtitle?: string;
  /** A mini-program page path without a leading slash, e.g. "packages/jobs/detail/index?id=…". */
  link: string;
}

export interface SearchGroupDto {
  group: SearchGroup;
  hits: SearchHitDto[];
}

/** Only groups with at least one hit, in SEARCH_GROUPS order; `lang` is the language of the titles. */
export interface SearchResultDto {
  q: string;
  lang: Lang;
  groups: SearchGroupDto[];
}

import { z } from 'zod';

/**
 * Building blocks of seeded, sourced content (customs guide and ports, the life scenarios):
 * text in all three languages, ids, "as of" dates and official sources. One definition here, so
 * every scenario's content is validated by the same rules and reports the same error keys.
 */

/** Text in 简体, 繁體 and English (English may be twice as long). */
export const localisedText = (max: number) => z.strictObject({
  'zh-Hans': z.string().trim().min(1, { error: 'v.required' }).max(max, { error: 'v.tooLong' }),
  'zh-Hant': z.string().trim().min(1, { error: 'v.required' }).max(max, { error: 'v.tooLong' }),
  en: z.string().trim().min(1, { error: 'v.required' }).max(max * 2, { error: 'v.tooLong' }),
});
/** A content id: lower case letters, digits and dashes. */
export const contentSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,59}$/, { error: 'v.slug' });
/** When the content was checked against its source: YYYY-MM or YYYY-MM-DD. */
export const asOfDate = z.string().regex(/^20[0-9]{2}-(0[1-9]|1[0-2])(-[0-3][0-9])?$/, { error: 'v.asOf' });
/** The official page a fact comes from (https only). */
export const officialSource = z.strictObject({
  name: localisedText(120),
  url: z.string().max(300, { error: 'v.tooLong' }).regex(/^https:\/\/[^\s]+$/, { error: 'v.url' }),
});
/** Words residents type for an entry (any script), for search and lookups. */
export const contentAliases = z.strictObject({
  'zh-Hans': z.array(z.string().trim().min(1).max(40)).max(30).default([]),
  'zh-Hant': z.array(z.string().trim().min(1).max(40)).max(30).default([]),
  en: z.array(z.string().trim().min(1).max(40)).max(30).default([]),
});

/** `verified`: checked against the official page on `asOf`; `unverified`: written conservatively, check the source. */
export const CONFIDENCES = ['verified', 'unverified'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

import { z } from 'zod';
import { LangSchema } from './schemas.js';

/** Knowledge-base topics (issue 5). */
export const KB_TOPICS = [
  'travel', 'customs', 'payment', 'jobs', 'telecom', 'healthcare', 'education', 'social_insurance', 'residence', 'daily_life',
] as const;
export type KbTopic = (typeof KB_TOPICS)[number];

const localisedList = z.strictObject({
  'zh-Hans': z.array(z.string().min(2).max(120)).min(2).max(20),
  'zh-Hant': z.array(z.string().min(2).max(120)).min(2).max(20),
  en: z.array(z.string().min(2).max(160)).min(2).max(20),
});
const localisedAnswer = z.strictObject({
  'zh-Hans': z.string().min(10).max(400),
  'zh-Hant': z.string().min(10).max(400),
  en: z.string().min(10).max(800),
});

/**
 * One knowledge-base entry. Seed files (server/src/modules/enquiries/kb/<topic>.json, arrays of
 * entries) are versioned; admins edit entries through the admin API with the same schema.
 * Facts must be real: `source` names the official body and page, `lastVerified` the day the
 * fact was checked, and an answer says plainly when a detail should be confirmed with that body.
 */
export const KbEntrySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(80),
  topic: z.enum(KB_TOPICS),
  tags: z.array(z.string().min(1).max(40)).max(20),
  questions: localisedList,
  answer: localisedAnswer,
  source: z.strictObject({
    org: z.strictObject({ 'zh-Hans': z.string().min(2).max(80), 'zh-Hant': z.string().min(2).max(80), en: z.string().min(2).max(120) }),
    url: z.url({ protocol: /^https$/ }),
  }),
  lastVerified: z.iso.date(),
  /** A mini-program page with details, e.g. "packages/jobs/list/index". */
  link: z.string().max(200).optional(),
});
export type KbEntry = z.infer<typeof KbEntrySchema>;

export const EnquiryAnswerBody = z.strictObject({
  question: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(500, { error: 'v.tooLong' }),
  lang: LangSchema.optional(),
});

export const ENQUIRY_INTENTS = ['faq', 'clarify', 'application_status', 'subscribe', 'unsubscribe', 'handoff', 'greeting', 'unknown'] as const;
export type EnquiryIntent = (typeof ENQUIRY_INTENTS)[number];

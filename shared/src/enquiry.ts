import { z } from 'zod';
import { PAGE_PATHS } from './pages.js';
import { LangSchema, objectId } from './schemas.js';
import type { Lang } from './enums.js';

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
 * One knowledge-base entry. Seed files (server/src/seed/content/kb/<topic>.json, arrays of
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

/** A knowledge-base entry id (the `id` of KbEntrySchema). */
export const KbEntryId = z.string({ error: 'v.kbId' }).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'v.kbId' }).max(80, { error: 'v.kbId' });

/** Recent turns of the conversation, oldest first; a handoff ticket keeps them for the staff who answer. */
export const TranscriptSchema = z.array(z.strictObject({
  role: z.enum(['user', 'bot'], { error: 'v.invalid' }),
  text: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(1000, { error: 'v.tooLong' }),
}), { error: 'v.invalid' }).max(20, { error: 'v.tooLong' });
export type TranscriptTurn = z.infer<typeof TranscriptSchema>[number];

const enquiryFields = {
  question: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(500, { error: 'v.tooLong' }),
  /** The caller's language setting: used for the answer only when the question's own language is ambiguous. */
  lang: LangSchema.optional(),
  /** Answer this entry directly (the resident picked one of the numbered `suggestions`). */
  entryId: KbEntryId.optional(),
  /** Recent turns, attached to a handoff ticket when the resident asks for a person. */
  transcript: TranscriptSchema.optional(),
};

/** POST /api/enquiries/answer (session optional: personal intents use the signed-in user). */
export const EnquiryAnswerBody = z.strictObject(enquiryFields);
export type EnquiryAnswerRequest = z.input<typeof EnquiryAnswerBody>;

/** POST /internal/enquiries/answer (bot token): the bot passes the WeChat contact it talks to. */
export const InternalEnquiryAnswerBody = z.strictObject({
  ...enquiryFields,
  contactId: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(128, { error: 'v.tooLong' }),
});
export type InternalEnquiryAnswerRequest = z.input<typeof InternalEnquiryAnswerBody>;

export const ENQUIRY_INTENTS = ['faq', 'clarify', 'application_status', 'subscribe', 'unsubscribe', 'handoff', 'greeting', 'unknown'] as const;
export type EnquiryIntent = (typeof ENQUIRY_INTENTS)[number];

export interface EnquirySourceDto {
  /** The knowledge-base entry id. */
  id: string;
  /** The official body, in the answer's language. */
  title: string;
  url: string;
}

/**
 * The answer to one question. `lang` is the language and script the answer is written in (the
 * question's own). `sources` cite the entries used; for `clarify` they are the suggested entries,
 * in the same order as `suggestions`. `suggestions` (only with `clarify`) are numbered 1..3 in
 * order: the resident replies with the number and the client sends that suggestion's id as
 * `entryId`. FAQ answers end with a line linking into the mini-program (the entry's `link` page,
 * else ENQUIRY_DEFAULT_PAGE): `<label>: <MINIAPP_H5_URL>/#/<page>`; the mini-program can take
 * the page path after `#/`.
 */
export interface EnquiryAnswerDto {
  answer: string;
  lang: Lang;
  intent: EnquiryIntent;
  /** 0..1: how sure the engine is that the answer fits (1 for commands and personal intents). */
  confidence: number;
  sources: EnquirySourceDto[];
  suggestions?: { id: string; title: string }[];
}

/** The mini-program page an FAQ answer links to when its entry names none (`?entry=<id>` appended). */
export const ENQUIRY_DEFAULT_PAGE = PAGE_PATHS.ask;

/** GET /api/admin/kb: entries sorted by id, `cursor` = the last id of the previous page. */
export const KbListQuery = z.strictObject({
  topic: z.enum(KB_TOPICS, { error: 'v.kbTopic' }).optional(),
  cursor: KbEntryId.optional(),
  limit: z.coerce.number({ error: 'v.number' }).int({ error: 'v.number' }).min(1, { error: 'v.range' }).max(300, { error: 'v.range' }).default(100),
});
export const KbIdParams = z.strictObject({ id: KbEntryId });

export interface KbEntryDto extends KbEntry {
  /** seed: as in the versioned files; admin: edited through the admin API (a re-seed leaves it alone). */
  origin: 'seed' | 'admin';
  updatedAt: string;
}

/** Handoff tickets: a resident asked for a person ("转人工"); staff answer through the admin API. */
export const HANDOFF_STATES = ['open', 'answered', 'closed'] as const;
export type HandoffState = (typeof HANDOFF_STATES)[number];

export const HandoffListQuery = z.strictObject({
  state: z.enum(HANDOFF_STATES, { error: 'v.status' }).optional(),
  cursor: objectId.optional(),
  limit: z.coerce.number({ error: 'v.number' }).int({ error: 'v.number' }).min(1, { error: 'v.range' }).max(100, { error: 'v.range' }).default(50),
});

/** POST /api/admin/handoffs/:id/reply */
export const HandoffReplyBody = z.strictObject({
  text: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(1000, { error: 'v.tooLong' }),
});

export interface HandoffTicketDto {
  id: string;
  userId: string | null;
  /** The bot contact when the resident asked in chat. */
  contactId: string | null;
  lang: Lang;
  transcript: TranscriptTurn[];
  state: HandoffState;
  replies: { at: string; text: string; by: string }[];
  createdAt: string;
  updatedAt: string;
}

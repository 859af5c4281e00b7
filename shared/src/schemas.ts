import { z } from 'zod';
import { APPLICATION_STATUSES, CITIES, DOC_TYPES, INDUSTRIES, LANGS, ROLES } from './enums.js';
import { DOC_VALIDATORS, isValidPhone, normaliseDocNumber, normalisePhone } from './documents.js';

/*
 * Every message below is a key in the i18n catalogs (messages.ts); the server and the
 * mini-program translate it into the resident's language. Objects are strict: unknown
 * keys are refused rather than silently dropped.
 */

/** A MongoDB ObjectId in a path, query or body (lower-case hex, as the server prints them). */
/** The one ObjectId schema of the contracts: every other module imports it from here. */
export const objectId = z.string({ error: (issue) => (issue.input === undefined ? 'v.required' : 'v.id') }).regex(/^[0-9a-f]{24}$/, { error: 'v.id' });
const text = (max: number) => z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(max, { error: 'v.tooLong' });

export const IdParams = z.strictObject({ id: objectId });

/** A request part that must be empty: the server applies it to every body or query a route does not describe. */
export const NoInput = z.strictObject({});

export const LangSchema = z.enum(LANGS, { error: 'v.lang' });

export const WechatLoginBody = z.strictObject({
  code: z.string({ error: 'v.required' }).min(1, { error: 'v.required' }).max(128, { error: 'v.tooLong' }),
  lang: LangSchema.optional(),
});

export const DevLoginBody = z.strictObject({
  /** A stable handle for the demo account, e.g. "demo-resident". */
  handle: z.string({ error: 'v.required' }).regex(/^[a-z0-9-]{3,40}$/, { error: 'v.handle' }),
  role: z.enum(ROLES, { error: 'v.role' }).optional(),
  lang: LangSchema.optional(),
});

export const UpdateMeBody = z.strictObject({
  lang: LangSchema.optional(),
  nickname: text(40).optional(),
});

export const JobListQuery = z.strictObject({
  city: z.enum(CITIES, { error: 'v.city' }).optional(),
  industry: z.enum(INDUSTRIES, { error: 'v.industry' }).optional(),
  cursor: objectId.optional(),
  limit: z.coerce.number({ error: 'v.number' }).int({ error: 'v.number' }).min(1, { error: 'v.range' }).max(50, { error: 'v.range' }).default(20),
});

export const ApplicationCreateBody = z
  .strictObject({
    jobId: objectId,
    name: text(60),
    phone: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(20, { error: 'v.tooLong' })
      .refine(isValidPhone, { error: 'v.phone' }).transform(normalisePhone),
    docType: z.enum(DOC_TYPES, { error: 'v.docType' }),
    docNumber: z.string({ error: 'v.required' }).trim().min(1, { error: 'v.required' }).max(24, { error: 'v.tooLong' })
      .transform(normaliseDocNumber),
    resume: text(2000),
  })
  .superRefine((value, ctx) => {
    const valid = DOC_VALIDATORS[value.docType];
    if (valid && value.docNumber && !valid(value.docNumber)) {
      ctx.addIssue({ code: 'custom', path: ['docNumber'], message: `v.docNumber.${value.docType}` });
    }
  });
export type ApplicationCreate = z.input<typeof ApplicationCreateBody>;

export const StatusChangeBody = z.strictObject({
  status: z.enum(APPLICATION_STATUSES, { error: 'v.status' }),
  note: z.string().trim().max(500, { error: 'v.tooLong' }).optional(),
});

export const ApplicationListQuery = z.strictObject({
  status: z.enum(APPLICATION_STATUSES, { error: 'v.status' }).optional(),
  cursor: objectId.optional(),
  limit: z.coerce.number({ error: 'v.number' }).int({ error: 'v.number' }).min(1, { error: 'v.range' }).max(100, { error: 'v.range' }).default(20),
});

/** Bind codes: 6 characters from an alphabet without look-alikes (no 0/O, 1/I/L). */
export const BIND_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const BIND_CODE_PATTERN = /^[2-9A-HJKMNP-Z]{6}$/;

export const BotBindBody = z.strictObject({
  code: z.string({ error: 'v.required' }).trim().toUpperCase().regex(BIND_CODE_PATTERN, { error: 'v.bindCode' }),
  contactId: text(128),
  contactName: z.string().max(128, { error: 'v.tooLong' }).optional(),
});

export const OutboxClaimBody = z.strictObject({
  workerId: text(64),
  limit: z.number({ error: 'v.number' }).int().min(1, { error: 'v.range' }).max(100, { error: 'v.range' }).default(10),
  leaseMs: z.number({ error: 'v.number' }).int().min(1000, { error: 'v.range' }).max(600_000, { error: 'v.range' }).default(30_000),
  /** Long poll: when nothing is due, wait up to this long for a new message before answering (0 = answer at once). */
  waitMs: z.number({ error: 'v.number' }).int().min(0, { error: 'v.range' }).max(20_000, { error: 'v.range' }).default(0),
});

export const OutboxAckBody = z.strictObject({ workerId: text(64) });
/** The deliveries of one bot round, acknowledged together (at most a claim's worth). */
export const OutboxAckManyBody = z.strictObject({ workerId: text(64), ids: z.array(objectId).min(1, { error: 'v.range' }).max(100, { error: 'v.range' }) });
/**
 * Why a delivery failed, as the bot knows it: `contactGone` (no such WeChat contact: the server
 * re-routes the message to the person's next channel), `roomGone` (a group the bot is no longer
 * in), `sendFailed` (anything else: retried with backoff). `error` is the text, for people only.
 */
export const OUTBOX_FAILURE_REASONS = ['contactGone', 'roomGone', 'sendFailed'] as const;
export type OutboxFailureReason = (typeof OUTBOX_FAILURE_REASONS)[number];
export const OutboxFailBody = z.strictObject({
  workerId: text(64),
  error: z.string().max(1000).default('unknown'),
  reason: z.enum(OUTBOX_FAILURE_REASONS, { error: 'v.invalid' }).default('sendFailed'),
});


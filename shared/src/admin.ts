import { z } from 'zod';
import type { Page } from './dto.js';
import { objectId } from './schemas.js';

/*
 * Admin contracts: revealing personal data with a reason, and reading the audit log.
 * Messages are i18n keys (messages.ts); objects are strict like every other schema.
 */


/** Fields of an application that are stored encrypted and can be revealed in full. */
export const REVEALABLE_FIELDS = ['phone', 'docNumber'] as const;
export type RevealableField = (typeof REVEALABLE_FIELDS)[number];

/** POST /api/admin/applications/:id/reveal */
export const RevealBody = z.strictObject({
  /** Why the full values are needed; recorded in the audit log. 5–200 characters, one line. */
  reason: z.string({ error: 'v.revealReason' }).trim()
    .min(5, { error: 'v.revealReason' }).max(200, { error: 'v.revealReason' })
    .refine((s) => !/\p{Cc}/u.test(s), { error: 'v.revealReason' }),
  fields: z.array(z.enum(REVEALABLE_FIELDS, { error: 'v.revealFields' }), { error: 'v.revealFields' })
    .min(1, { error: 'v.revealFields' }).max(REVEALABLE_FIELDS.length, { error: 'v.revealFields' })
    .refine((f) => new Set(f).size === f.length, { error: 'v.revealFields' }),
});
export type RevealRequest = z.input<typeof RevealBody>;

/** The full values asked for (only those), and the audit entry that records the reveal. */
export interface RevealDto {
  id: string;
  auditId: string;
  phone?: string;
  docNumber?: string;
}

/** Every kind of audited admin action. */
export const AUDIT_ACTIONS = ['application.status', 'application.reveal', 'admin.grant', 'kb.upsert', 'kb.delete', 'handoff.reply', 'broadcast.create', 'broadcast.pause', 'broadcast.resume', 'broadcast.cancel', 'notification.retry', 'customs.port.upsert', 'customs.port.delete', 'customs.guide.upsert', 'customs.guide.delete', 'customs.wait.feed', 'travel.option.upsert', 'travel.option.delete', 'travel.rules.upsert', 'payment.rate.update', 'payment.method.upsert', 'payment.method.delete', 'job.create', 'job.update', 'job.delete', 'review.dismiss', 'life.entry.upsert', 'life.entry.delete', 'org.register', 'org.review', 'org.invite', 'org.join', 'org.member.remove', 'job.state'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_TARGET_TYPES = ['application', 'user', 'kb_entry', 'handoff', 'broadcast', 'notification', 'customs_port', 'customs_guide_item', 'travel_option', 'travel_rules', 'payment_rate', 'payment_method', 'job_posting', 'review_group', 'life_entry', 'organisation'] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

/** pending: written before the action ran; succeeded / failed once it finished. */
export const AUDIT_OUTCOMES = ['pending', 'succeeded', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** GET /api/admin/audit: newest first, filters combine with AND. */
export const AuditListQuery = z.strictObject({
  action: z.enum(AUDIT_ACTIONS, { error: 'v.auditAction' }).optional(),
  /** User id of the actor. */
  actor: objectId.optional(),
  targetType: z.enum(AUDIT_TARGET_TYPES, { error: 'v.auditTarget' }).optional(),
  targetId: objectId.optional(),
  cursor: objectId.optional(),
  limit: z.coerce.number({ error: 'v.number' }).int({ error: 'v.number' }).min(1, { error: 'v.range' }).max(100, { error: 'v.range' }).default(50),
});

export interface AuditEntryDto {
  id: string;
  at: string;
  /** `via: 'cli'` entries come from the admin CLI: no user id, the operating-system user as name. */
  actor: { userId: string | null; role: string; via: 'api' | 'cli'; name?: string };
  action: AuditAction;
  target: { type: AuditTargetType; id: string };
  /** What was done (statuses, fields, reason); never secrets or full identity numbers. */
  details: Record<string, unknown>;
  outcome: AuditOutcome;
  /** Error code when the action failed. */
  error?: string;
  ip: string | null;
  requestId: string;
}

export type AuditPageDto = Page<AuditEntryDto>;
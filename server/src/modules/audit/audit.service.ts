import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Context } from 'koa';
import { Types } from 'mongoose';
import type { AuditAction, AuditEntryDto, AuditTargetType, Page } from '@bay/shared';
import { currentUser } from '../../core/auth.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { toAuditEntryDto, type AuditActor, type AuditDoc, type AuditModel } from './audit.model.js';

/** Who is acting, from where: the same for every entry of one request or CLI run. */
export interface AuditContext {
  actor: AuditActor;
  ip: string | null;
  requestId: string;
}

export interface AuditIntent {
  action: AuditAction;
  target: { type: AuditTargetType; id: string };
  /** What is asked (e.g. the new status, the fields and reason of a reveal). No secrets. */
  details?: Record<string, unknown>;
}

export interface AuditListParams {
  action?: AuditAction;
  actor?: string;
  targetType?: AuditTargetType;
  targetId?: string;
  cursor?: string;
  limit: number;
}

/** The audit context of an API request: the signed-in user, the client address, a request id. */
export function auditContextOf(ctx: Context): AuditContext {
  const user = currentUser(ctx);
  let requestId = ctx.state.requestId as string | undefined;
  if (!requestId) {
    requestId = randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
  }
  return { actor: { userId: user._id, role: user.role, via: 'api' }, ip: ctx.ip || null, requestId };
}

/** The audit context of one admin CLI run: no user, the operating-system account as the name. */
export function cliAuditContext(): AuditContext {
  let name = 'unknown';
  try { name = userInfo().username; } catch { /* no passwd entry (some containers) */ }
  return { actor: { userId: null, role: 'operator', via: 'cli', name }, ip: null, requestId: `cli:${randomUUID()}` };
}

interface Deps {
  audit: AuditModel;
  logger: Logger;
}

export function createAuditService({ audit, logger }: Deps) {
  /**
   * Runs an admin action with its audit entry, write-ahead:
   *
   * 1. The entry is inserted first with `outcome: 'pending'`. If that insert fails, the action is
   *    never attempted and the request fails (503/500): no admin action happens without a record.
   * 2. The action runs.
   * 3. The entry is settled once: `succeeded` (with details only known afterwards, e.g. the status
   *    moved from) or `failed` (with the error code), and the action's own error is rethrown.
   *
   * If step 3 cannot be written, the entry stays `pending`: the record of who asked for what, when
   * and why already exists, so the action is not unrecorded. For a status change the change has
   * been committed and answering an error would invite a wrong retry, so the result is returned
   * and the missing outcome is logged loudly; a `pending` entry means "outcome not confirmed" and
   * can be checked against the application's timeline. No multi-document transaction is needed
   * (FerretDB has none), and the insert alone is atomic on both engines.
   */
  async function run<T>(
    context: AuditContext,
    intent: AuditIntent,
    perform: (auditId: string) => Promise<T>,
    describe?: (result: T) => Record<string, unknown>,
  ): Promise<T> {
    const entry = await audit.create({
      at: new Date(),
      actor: context.actor,
      action: intent.action,
      target: intent.target,
      details: intent.details ?? {},
      outcome: 'pending',
      ip: context.ip,
      requestId: context.requestId,
    });
    const auditId = String(entry._id);
    let result: T;
    try {
      result = await perform(auditId);
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'internal';
      await settle(auditId, { outcome: 'failed', error: code }, intent.action);
      throw err;
    }
    const extra = describe ? Object.fromEntries(Object.entries(describe(result)).map(([k, v]) => [`details.${k}`, v])) : {};
    await settle(auditId, { outcome: 'succeeded', ...extra }, intent.action);
    return result;
  }

  async function settle(auditId: string, $set: Record<string, unknown>, action: AuditAction): Promise<void> {
    try {
      await audit.updateOne({ _id: auditId, outcome: 'pending' }, { $set: { ...$set, settledAt: new Date() } });
    } catch (err) {
      logger.error({ auditId, action, err: err instanceof Error ? { name: err.name, message: err.message } : String(err) }, 'audit entry left pending: outcome not recorded');
    }
  }

  async function list(params: AuditListParams): Promise<Page<AuditEntryDto>> {
    const filter: Record<string, unknown> = {};
    if (params.action) filter.action = params.action;
    if (params.actor) filter['actor.userId'] = new Types.ObjectId(params.actor);
    if (params.targetType) filter['target.type'] = params.targetType;
    if (params.targetId) filter['target.id'] = params.targetId;
    if (params.cursor) filter._id = { $lt: new Types.ObjectId(params.cursor) };
    const docs = await audit.find(filter).sort({ _id: -1 }).limit(params.limit + 1).lean<AuditDoc[]>();
    const more = docs.length > params.limit;
    const items = docs.slice(0, params.limit);
    return { items: items.map(toAuditEntryDto), nextCursor: more ? String(items[items.length - 1]!._id) : null };
  }

  return { run, list };
}
export type AuditService = ReturnType<typeof createAuditService>;

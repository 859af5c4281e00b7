import { Schema, type Connection, type Model, type Types } from 'mongoose';
import {
  AUDIT_ACTIONS, AUDIT_OUTCOMES, AUDIT_TARGET_TYPES,
  type AuditEntryDto,
} from '@bay/shared';

/** Who acted, as stored: the DTO's actor with an ObjectId. */
export interface AuditActor extends Pick<AuditEntryDto['actor'], 'role' | 'via' | 'name'> {
  /** null for the admin CLI, which runs as an operator on the server, not as a user. */
  userId: Types.ObjectId | null;
}

export interface AuditDoc extends Pick<AuditEntryDto, 'action' | 'target' | 'details' | 'outcome' | 'error' | 'ip' | 'requestId'> {
  _id: Types.ObjectId;
  at: Date;
  actor: AuditActor;
  settledAt?: Date;
}

const actorSchema = new Schema<AuditActor>(
  { userId: { type: Schema.Types.ObjectId, default: null }, role: { type: String, required: true }, via: { type: String, enum: ['api', 'cli'], required: true }, name: String },
  { _id: false },
);

const auditSchema = new Schema<AuditDoc>(
  {
    at: { type: Date, required: true },
    actor: { type: actorSchema, required: true },
    action: { type: String, enum: AUDIT_ACTIONS, required: true },
    target: {
      type: new Schema({ type: { type: String, enum: AUDIT_TARGET_TYPES, required: true }, id: { type: String, required: true } }, { _id: false }),
      required: true,
    },
    details: { type: Schema.Types.Mixed, default: {} },
    outcome: { type: String, enum: AUDIT_OUTCOMES, required: true },
    error: String,
    settledAt: Date,
    ip: { type: String, default: null },
    requestId: { type: String, required: true },
  },
  // `minimize: false` keeps an empty details object; versionKey off: entries are never re-saved.
  { collection: 'audit', minimize: false, versionKey: false },
);
// GET /api/admin/audit?action=…: newest first.
auditSchema.index({ action: 1, _id: -1 });
// GET /api/admin/audit?actor=…: newest first.
auditSchema.index({ 'actor.userId': 1, _id: -1 });
// GET /api/admin/audit?targetId=…: the history of one application or user.
auditSchema.index({ 'target.id': 1, _id: -1 });

/*
 * Append-only: the only write after the insert is the audit service settling `outcome` once
 * (its filter always contains `outcome: 'pending'`). Everything else that could rewrite or remove
 * entries is refused at the model, so a later caller cannot do it by accident.
 */
const refuse = () => { throw new Error('the audit log is append-only'); };
auditSchema.pre(['deleteOne', 'deleteMany', 'findOneAndDelete', 'findOneAndReplace', 'replaceOne', 'updateMany'], refuse);
auditSchema.pre('deleteOne', { document: true, query: false }, refuse);
auditSchema.pre(['updateOne', 'findOneAndUpdate'], function guardSettle(this: { getFilter(): Record<string, unknown> }) {
  if (this.getFilter().outcome !== 'pending') refuse();
});

export type AuditModel = Model<AuditDoc>;
export const auditModel = (conn: Connection): AuditModel =>
  (conn.models.AuditEntry as AuditModel | undefined) ?? conn.model<AuditDoc>('AuditEntry', auditSchema);

export function toAuditEntryDto(a: AuditDoc): AuditEntryDto {
  return {
    id: String(a._id),
    at: new Date(a.at).toISOString(),
    actor: { userId: a.actor.userId ? String(a.actor.userId) : null, role: a.actor.role, via: a.actor.via, ...(a.actor.name ? { name: a.actor.name } : {}) },
    action: a.action,
    target: { type: a.target.type, id: a.target.id },
    details: a.details ?? {},
    outcome: a.outcome,
    ...(a.error ? { error: a.error } : {}),
    ip: a.ip ?? null,
    requestId: a.requestId,
  };
}

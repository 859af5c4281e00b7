import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { BindCodeDto } from '@bay/shared';

export interface BindCodeDoc extends Pick<BindCodeDto, 'code'> {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  /** Checked on every claim; expired codes are swept in code (FerretDB has no TTL indexes). */
  expiresAt: Date;
  usedAt: Date | null;
  contactId: string | null;
  createdAt: Date;
}

const bindCodeSchema = new Schema<BindCodeDoc>(
  {
    code: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
    contactId: { type: String, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, collection: 'bind_codes' },
);
// POST /internal/bind: claim by code; uniqueness makes a fresh code never collide with a live one.
bindCodeSchema.index({ code: 1 }, { unique: true });
// Sweep: delete expired codes.
bindCodeSchema.index({ expiresAt: 1 });

export type BindCodeModel = Model<BindCodeDoc>;
export const bindCodeModel = (conn: Connection): BindCodeModel =>
  (conn.models.BindCode as BindCodeModel | undefined) ?? conn.model<BindCodeDoc>('BindCode', bindCodeSchema);

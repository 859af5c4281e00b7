import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** One-time subscribe-message grants a resident gave for a template (each allows one message). */
export interface SubscribeGrantDoc {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  templateId: string;
  available: number;
  updatedAt: Date;
}

const subscribeGrantSchema = new Schema<SubscribeGrantDoc>(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    templateId: { type: String, required: true },
    available: { type: Number, required: true, default: 0, min: 0 },
  },
  { collection: 'subscribe_grants', versionKey: false, timestamps: { createdAt: false, updatedAt: true } },
);
// One counter per resident and template (grant, consume, and the preferences' channel list).
subscribeGrantSchema.index({ userId: 1, templateId: 1 }, { unique: true });

export type SubscribeGrantModel = Model<SubscribeGrantDoc>;
export const subscribeGrantModel = (conn: Connection): SubscribeGrantModel =>
  (conn.models.SubscribeGrant as SubscribeGrantModel | undefined) ?? conn.model<SubscribeGrantDoc>('SubscribeGrant', subscribeGrantSchema);

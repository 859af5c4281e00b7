import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { NorthboundRules, TravelOption } from '@bay/shared';

/** seed: as in server/src/seed/content/travel; admin: edited through the admin API (a re-seed leaves it alone). */
export type ContentOrigin = 'seed' | 'admin';

export interface TravelOptionDoc extends TravelOption {
  _id: Types.ObjectId;
  origin: ContentOrigin;
  createdAt: Date;
  updatedAt: Date;
}

export interface NorthboundRulesDoc extends NorthboundRules {
  _id: Types.ObjectId;
  origin: ContentOrigin;
  createdAt: Date;
  updatedAt: Date;
}

/*
 * The content is validated by the shared zod schemas before it is written (seed loader, admin
 * API), so the mongoose schemas only need the keys and store the rest as it is.
 */
const optionSchema = new Schema<TravelOptionDoc>(
  { key: { type: String, required: true }, origin: { type: String, enum: ['seed', 'admin'], required: true } },
  { timestamps: true, collection: 'travel_options', strict: false },
);
// Upsert by key (seed, admin PUT/DELETE). The route finder reads the whole collection into memory.
optionSchema.index({ key: 1 }, { unique: true });

const rulesSchema = new Schema<NorthboundRulesDoc>(
  { key: { type: String, required: true }, origin: { type: String, enum: ['seed', 'admin'], required: true } },
  { timestamps: true, collection: 'travel_rules', strict: false },
);
// One document per scheme (hk, macao): upsert and read by key.
rulesSchema.index({ key: 1 }, { unique: true });

export type TravelOptionModel = Model<TravelOptionDoc>;
export type NorthboundRulesModel = Model<NorthboundRulesDoc>;

export function travelModels(conn: Connection) {
  return {
    travelOptions: (conn.models.TravelOption as TravelOptionModel | undefined) ?? conn.model<TravelOptionDoc>('TravelOption', optionSchema),
    travelRules: (conn.models.NorthboundRules as NorthboundRulesModel | undefined) ?? conn.model<NorthboundRulesDoc>('NorthboundRules', rulesSchema),
  };
}

import { Schema, Types, type Connection, type Model } from 'mongoose';
import {
  CURRENCIES, PAYMENT_CONFIDENCES, PAYMENT_FITS, PAYMENT_SIDES, PAYMENT_SITUATIONS,
  type LocalisedText, type PaymentMethodDto, type PaymentSourceDto, type RateDto,
} from '@bay/shared';

export interface RateDoc extends Pick<RateDto, 'base' | 'quote' | 'rate' | 'source' | 'kind' | 'note'> {
  _id: Types.ObjectId;
  /** `${base}-${quote}`: one stored rate per ordered pair (the inverse pair is removed on write). */
  pair: string;
  asOf: Date;
  /** Set by the seed; an admin write clears it, so re-seeding never overwrites an admin's rate. */
  seeded: boolean;
  updatedAt: Date;
  createdAt: Date;
}

export type MethodUseDoc = PaymentMethodDto['uses'][number];

/** A payment method as stored: the validated content (PaymentMethodBody output) with its id as `methodId`. */
export interface MethodDoc extends Omit<PaymentMethodDto, 'id' | 'kind' | 'editedByAdmin' | 'updatedAt'> {
  _id: Types.ObjectId;
  methodId: string;
  /** Looser than PaymentMethodDto's kind (an enum): the schema stores any string. */
  kind: string;
  /** An admin changed it: the seed then leaves it alone. */
  editedByAdmin: boolean;
  updatedAt: Date;
  createdAt: Date;
}

const localised = new Schema<LocalisedText>(
  { 'zh-Hans': { type: String, required: true }, 'zh-Hant': { type: String, required: true }, en: { type: String, required: true } },
  { _id: false },
);
const source = new Schema<PaymentSourceDto>({ name: { type: String, required: true }, url: { type: String, required: true } }, { _id: false });

const rateSchema = new Schema<RateDoc>(
  {
    pair: { type: String, required: true },
    base: { type: String, enum: CURRENCIES, required: true },
    quote: { type: String, enum: CURRENCIES, required: true },
    rate: { type: Number, required: true },
    asOf: { type: Date, required: true },
    source: { type: source, required: true },
    kind: { type: String, enum: ['peg', 'market', 'reference'], required: true },
    note: { type: localised, required: false },
    seeded: { type: Boolean, default: false },
  },
  { timestamps: true, collection: 'payment_rates' },
);
// Admin writes and the seed: upsert by pair.
rateSchema.index({ pair: 1 }, { unique: true });

const useSchema = new Schema<MethodUseDoc>(
  {
    side: { type: String, enum: PAYMENT_SIDES, required: true },
    situation: { type: String, enum: PAYMENT_SITUATIONS, required: true },
    fit: { type: String, enum: PAYMENT_FITS, required: true },
    note: { type: localised, required: true },
  },
  { _id: false },
);

const methodSchema = new Schema<MethodDoc>(
  {
    methodId: { type: String, required: true },
    name: { type: localised, required: true },
    home: { type: String, enum: [...PAYMENT_SIDES, 'any'], required: true },
    kind: { type: String, required: true },
    summary: { type: localised, required: true },
    requires: { type: localised, required: true },
    costs: { type: localised, required: true },
    uses: { type: [useSchema], default: [] },
    caveats: { type: [localised], default: [] },
    source: { type: source, required: true },
    moreSources: { type: [source], default: [] },
    asOf: { type: String, required: true },
    confidence: { type: String, enum: PAYMENT_CONFIDENCES, required: true },
    editedByAdmin: { type: Boolean, default: false },
  },
  { timestamps: true, collection: 'payment_methods' },
);
// Admin edits, the seed and `have=` look-ups: by method id.
methodSchema.index({ methodId: 1 }, { unique: true });

export type RateModel = Model<RateDoc>;
export type MethodModel = Model<MethodDoc>;
export const paymentModels = (conn: Connection) => ({
  paymentRates: (conn.models.PaymentRate as RateModel | undefined) ?? conn.model<RateDoc>('PaymentRate', rateSchema),
  paymentMethods: (conn.models.PaymentMethod as MethodModel | undefined) ?? conn.model<MethodDoc>('PaymentMethod', methodSchema),
});

import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { z } from 'zod';
import type { GuideItemData, GuideItemDto, PortData, PortDto, PortStarsDto, WaitReportBody } from '@bay/shared';

/**
 * Ports and guide items are stored as the validated content (PortBody / GuideItemBody output) with
 * the slug as `_id`, so reads by id are `_id` equality (pushed down on every FerretDB backend).
 * `editedByAdmin` stops the seed command from overwriting an admin's change.
 */
export interface PortDoc extends Omit<PortData, 'id'> { _id: string; editedByAdmin: boolean; updatedAt: Date }
export interface GuideItemDoc extends Omit<GuideItemData, 'id'> { _id: string; editedByAdmin: boolean; updatedAt: Date }

/** One observed wait: what a report or the feed sent (WaitReportBody), where, when and from whom. */
export interface WaitObservationDoc extends Pick<z.output<typeof WaitReportBody>, 'direction' | 'mode' | 'minutes'> {
  _id: Types.ObjectId;
  portId: string;
  source: 'feed' | 'report';
  /** The resident who reported (source report). */
  userId?: Types.ObjectId;
  observedAt: Date;
  /** Hong Kong weekday × 24 + hour of observedAt (0–167): the estimate's equality key. */
  slot: number;
  /** Stored but left out of figures: far from the recent median when it was reported. */
  excluded: boolean;
}

// Content is schemaless below the top level: zod validated it before it got here.
const portSchema = new Schema<PortDoc>(
  { _id: { type: String, required: true }, editedByAdmin: { type: Boolean, default: false } },
  { strict: false, timestamps: { createdAt: false, updatedAt: true }, collection: 'customs_ports', versionKey: false },
);
const guideSchema = new Schema<GuideItemDoc>(
  { _id: { type: String, required: true }, editedByAdmin: { type: Boolean, default: false } },
  { strict: false, timestamps: { createdAt: false, updatedAt: true }, collection: 'customs_guide', versionKey: false },
);

const waitSchema = new Schema<WaitObservationDoc>(
  {
    portId: { type: String, required: true },
    direction: { type: String, required: true },
    mode: { type: String, required: true },
    minutes: { type: Number, required: true },
    source: { type: String, enum: ['feed', 'report'], required: true },
    userId: { type: Schema.Types.ObjectId },
    observedAt: { type: Date, required: true },
    slot: { type: Number, required: true },
    excluded: { type: Boolean, default: false },
  },
  { collection: 'customs_wait_observations', versionKey: false },
);
// Current wait: newest observations of one port, direction and mode.
waitSchema.index({ portId: 1, direction: 1, mode: 1, observedAt: -1 });
// Estimate: the same weekday and hour (equality on every field).
waitSchema.index({ portId: 1, direction: 1, mode: 1, slot: 1 });
// One report per resident per port per interval; flood count per port.
waitSchema.index({ portId: 1, userId: 1, observedAt: -1 });

/** The ports one resident starred, in their order (`_id` = the user's id). */
export interface PortStarsDoc extends Pick<PortStarsDto, 'portIds'> { _id: Types.ObjectId; updatedAt: Date }
const starsSchema = new Schema<PortStarsDoc>(
  { _id: { type: Schema.Types.ObjectId, required: true }, portIds: { type: [String], default: [] } },
  { collection: 'customs_port_stars', versionKey: false, timestamps: { createdAt: false, updatedAt: true } },
);

export type PortModel = Model<PortDoc>;
export type GuideItemModel = Model<GuideItemDoc>;
export type WaitObservationModel = Model<WaitObservationDoc>;

export function customsModels(conn: Connection) {
  return {
    customsPorts: (conn.models.CustomsPort as PortModel | undefined) ?? conn.model<PortDoc>('CustomsPort', portSchema),
    customsGuide: (conn.models.CustomsGuideItem as GuideItemModel | undefined) ?? conn.model<GuideItemDoc>('CustomsGuideItem', guideSchema),
    customsWaits: (conn.models.CustomsWaitObservation as WaitObservationModel | undefined) ?? conn.model<WaitObservationDoc>('CustomsWaitObservation', waitSchema),
    customsStars: (conn.models.CustomsPortStars as Model<PortStarsDoc> | undefined) ?? conn.model<PortStarsDoc>('CustomsPortStars', starsSchema),
  };
}
export type CustomsModels = ReturnType<typeof customsModels>;

export function toPortDto(d: PortDoc): PortDto {
  return {
    id: d._id, name: d.name, kind: d.kind, border: d.border, order: d.order, city: d.city, address: d.address,
    ...(d.lat !== undefined ? { lat: d.lat } : {}), ...(d.lng !== undefined ? { lng: d.lng } : {}),
    hours: d.hours, modes: d.modes, facilities: d.facilities ?? [], transport: d.transport,
    source: d.source, asOf: d.asOf, confidence: d.confidence,
  };
}

export function toGuideItemDto(d: GuideItemDoc): GuideItemDto {
  return {
    id: d._id, category: d.category, name: d.name, aliases: d.aliases, rules: d.rules,
    source: d.source, moreSources: d.moreSources ?? [], asOf: d.asOf, confidence: d.confidence,
  };
}

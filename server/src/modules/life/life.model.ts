import { Schema, type Connection, type Model } from 'mongoose';
import type { LifeEntryData, LifeEntryDto } from '@bay/shared';

/**
 * Life-scenario entries are stored as the validated content (LifeEntryBody output) with the slug as
 * `_id`; reads by scenario are `scenario` equality (pushed down on FerretDB/PostgreSQL).
 * `editedByAdmin` stops the seed from overwriting an admin's change.
 */
export interface LifeEntryDoc extends Omit<LifeEntryData, 'id'> { _id: string; editedByAdmin: boolean; updatedAt: Date }

// Content is schemaless below the top level: zod validated it before it got here.
const lifeEntrySchema = new Schema<LifeEntryDoc>(
  { _id: { type: String, required: true }, scenario: { type: String, required: true }, editedByAdmin: { type: Boolean, default: false } },
  { strict: false, timestamps: { createdAt: false, updatedAt: true }, collection: 'life_entries', versionKey: false },
);
lifeEntrySchema.index({ scenario: 1 });

export function lifeModels(conn: Connection) {
  return {
    lifeEntries: (conn.models.LifeEntry as Model<LifeEntryDoc> | undefined) ?? conn.model<LifeEntryDoc>('LifeEntry', lifeEntrySchema),
  };
}
export type LifeModels = ReturnType<typeof lifeModels>;

export function toLifeEntryDto(d: LifeEntryDoc): LifeEntryDto {
  return {
    id: d._id, scenario: d.scenario, section: d.section, order: d.order, places: d.places,
    ...(d.city ? { city: d.city } : {}),
    title: d.title, summary: d.summary, details: d.details ?? [], facts: d.facts ?? [],
    ...(d.period ? { period: d.period } : {}),
    aliases: d.aliases ?? { 'zh-Hans': [], 'zh-Hant': [], en: [] },
    source: d.source, moreSources: d.moreSources ?? [], asOf: d.asOf, confidence: d.confidence,
  };
}

import { Schema, type Connection, type Model } from 'mongoose';
import { KB_TOPICS, type KbEntry, type KbEntryDto } from '@bay/shared';

/**
 * `kb_entries`: the knowledge base. `_id` is the entry id (a slug), so seeding upserts by id with
 * an `_id` equality (the one filter every engine pushes down) and needs no second unique index.
 * Content is validated with the shared KbEntrySchema before every write and again when the index
 * is built, so the mongoose schema only describes the stored shape.
 */
export interface KbDoc extends Omit<KbEntry, 'id'>, Pick<KbEntryDto, 'origin'> {
  _id: string;
  /** sha256 of the seed file's entry as last written; an unchanged file entry is not rewritten. */
  seedHash?: string | null;
  /** Soft delete: an admin removed the entry; a re-seed does not bring it back. */
  deletedAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const kbSchema = new Schema<KbDoc>(
  {
    _id: { type: String, required: true },
    topic: { type: String, enum: KB_TOPICS, required: true },
    tags: { type: [String], default: [] },
    questions: { type: Schema.Types.Mixed, required: true },
    answer: { type: Schema.Types.Mixed, required: true },
    source: { type: Schema.Types.Mixed, required: true },
    lastVerified: { type: String, required: true },
    link: String,
    origin: { type: String, enum: ['seed', 'admin'], required: true },
    seedHash: { type: String, default: null },
    deletedAt: { type: Date, default: null },
  },
  // minimize: false keeps nested objects exactly as validated.
  { collection: 'kb_entries', timestamps: true, versionKey: false, minimize: false },
);
// Admin listing by topic (GET /api/admin/kb?topic=…); ids sort by _id.
kbSchema.index({ topic: 1, _id: 1 });

export type KbModel = Model<KbDoc>;
export const kbModel = (conn: Connection): KbModel => (conn.models.KbEntry as KbModel | undefined) ?? conn.model<KbDoc>('KbEntry', kbSchema);

export function toKbEntry(d: KbDoc): KbEntry {
  return {
    id: d._id,
    topic: d.topic,
    tags: d.tags,
    questions: d.questions,
    answer: d.answer,
    source: d.source,
    lastVerified: d.lastVerified,
    ...(d.link ? { link: d.link } : {}),
  };
}

export function toKbEntryDto(d: KbDoc): KbEntryDto {
  return { ...toKbEntry(d), origin: d.origin, updatedAt: new Date(d.updatedAt).toISOString() };
}

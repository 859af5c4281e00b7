import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { HANDOFF_STATES, LANGS, type HandoffTicketDto } from '@bay/shared';

export interface HandoffReply extends Pick<HandoffTicketDto['replies'][number], 'text'> {
  _id: Types.ObjectId;
  at: Date;
  /** The staff member's user id. */
  by: Types.ObjectId;
}

/** `handoff_tickets`: a resident asked for a person; staff answer through the admin API. */
export interface HandoffDoc extends Pick<HandoffTicketDto, 'contactId' | 'lang' | 'transcript' | 'state'> {
  _id: Types.ObjectId;
  userId: Types.ObjectId | null;
  replies: HandoffReply[];
  createdAt: Date;
  updatedAt: Date;
}

const handoffSchema = new Schema<HandoffDoc>(
  {
    userId: { type: Schema.Types.ObjectId, default: null },
    contactId: { type: String, default: null },
    lang: { type: String, enum: LANGS, required: true },
    transcript: { type: [new Schema({ role: { type: String, enum: ['user', 'bot'], required: true }, text: { type: String, required: true } }, { _id: false })], default: [] },
    state: { type: String, enum: HANDOFF_STATES, required: true, default: 'open' },
    replies: {
      type: [new Schema({ at: { type: Date, required: true }, by: { type: Schema.Types.ObjectId, required: true }, text: { type: String, required: true } })],
      default: [],
    },
  },
  { collection: 'handoff_tickets', timestamps: true },
);
// GET /api/admin/handoffs?state=open: newest first.
handoffSchema.index({ state: 1, _id: -1 });

export type HandoffModel = Model<HandoffDoc>;
export const handoffModel = (conn: Connection): HandoffModel =>
  (conn.models.HandoffTicket as HandoffModel | undefined) ?? conn.model<HandoffDoc>('HandoffTicket', handoffSchema);

export function toHandoffDto(d: HandoffDoc): HandoffTicketDto {
  return {
    id: String(d._id),
    userId: d.userId ? String(d.userId) : null,
    contactId: d.contactId ?? null,
    lang: d.lang,
    transcript: d.transcript.map((t) => ({ role: t.role, text: t.text })),
    state: d.state,
    replies: d.replies.map((r) => ({ at: new Date(r.at).toISOString(), text: r.text, by: String(r.by) })),
    createdAt: new Date(d.createdAt).toISOString(),
    updatedAt: new Date(d.updatedAt).toISOString(),
  };
}

import { Schema, type Connection, type Model } from 'mongoose';
import { ENQUIRY_OUTCOMES, type EnquiryAnswerDto, type EnquiryOutcome, type EnquiryOutcomeCounts } from '@bay/shared';
import type { Logger } from 'pino';
import { lockKeys, type Locks } from '../../core/lock.js';

/**
 * `enquiry_outcomes`: how knowledge-base enquiries ended, counted per Hong Kong day and channel
 * (`_id` = `<YYYY-MM-DD>|<channel>`). Only counters: no question, no asker. The operations
 * dashboard sums them; the unanswered questions themselves are kept by review/. A counter is
 * missing until its first answer of the day (the upsert's `$inc` creates it).
 */
export interface EnquiryOutcomeDoc extends Partial<EnquiryOutcomeCounts> {
  _id: string;
  day: string;
  channel: 'app' | 'bot';
}

const outcomeSchema = new Schema<EnquiryOutcomeDoc>(
  {
    _id: { type: String, required: true },
    day: { type: String, required: true },
    channel: { type: String, enum: ['app', 'bot'], required: true },
    // No defaults: an upsert's $inc creates the counter it touches.
    ...Object.fromEntries(ENQUIRY_OUTCOMES.map((o) => [o, { type: Number }])),
  },
  { collection: 'enquiry_outcomes', versionKey: false },
);
// Dashboard: the days of a window.
outcomeSchema.index({ day: 1 });

export type EnquiryOutcomeModel = Model<EnquiryOutcomeDoc>;
export const enquiryOutcomeModel = (conn: Connection): EnquiryOutcomeModel =>
  (conn.models.EnquiryOutcome as EnquiryOutcomeModel | undefined) ?? conn.model<EnquiryOutcomeDoc>('EnquiryOutcome', outcomeSchema);

const HK_OFFSET_MS = 8 * 3600_000;
/** The Hong Kong calendar date of an instant (Hong Kong has no daylight saving). */
export const hkDay = (at: Date): string => new Date(at.getTime() + HK_OFFSET_MS).toISOString().slice(0, 10);

const isOutcome = (intent: string): intent is EnquiryOutcome => (ENQUIRY_OUTCOMES as readonly string[]).includes(intent);
const isDuplicateKey = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;

/**
 * The hook in EnquiryService.answer beside the review recorder: one `$inc` per answer, never
 * delaying or failing it (errors are logged). Commands (状态, 退订, 人工) are not counted.
 */
export function createOutcomeCounter({ outcomes, logger, locks, now = () => new Date() }: { outcomes: EnquiryOutcomeModel; logger: Logger; locks: Locks; now?: () => Date }) {
  const pending = new Set<Promise<void>>();

  async function write(intent: EnquiryOutcome, channel: 'app' | 'bot'): Promise<void> {
    const day = hkDay(now());
    const id = `${day}|${channel}`;
    const op = () => outcomes.updateOne({ _id: id }, { $inc: { [intent]: 1 }, $setOnInsert: { day, channel } }, { upsert: true });
    // withLock: MongoDB makes the $inc atomic by itself; FerretDB loses concurrent ones (core/lock.ts).
    await locks.withLock(lockKeys.enquiryOutcome(id), async () => {
      try {
        await op();
      } catch (err) {
        // Two first answers of a day at once (MongoDB): one upsert inserted, the other now finds the document.
        if (!isDuplicateKey(err)) throw err;
        await op();
      }
    });
  }

  function count(dto: Pick<EnquiryAnswerDto, 'intent'>, channel: 'app' | 'bot'): void {
    if (!isOutcome(dto.intent)) return;
    const p = write(dto.intent, channel)
      .catch((err: unknown) => logger.warn({ err: err instanceof Error ? { name: err.name, message: err.message } : err }, 'enquiry outcome not counted'))
      .finally(() => { pending.delete(p); });
    pending.add(p);
  }

  /** Resolves once every count started so far is written (tests, graceful shutdown). */
  const idle = async () => { await Promise.all([...pending]); };

  return { count, idle };
}
export type OutcomeCounter = ReturnType<typeof createOutcomeCounter>;

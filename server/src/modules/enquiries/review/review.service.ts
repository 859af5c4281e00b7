import { Types } from 'mongoose';
import {
  KbEntrySchema, LANGS, REVIEW_MAX_SAMPLES, REVIEW_PLACEHOLDER,
  type EnquiryAnswerDto, type KbEntry, type KbEntryDraftDto, type KbEntryDto, type KbTopic, type Lang, type Page, type ReviewGroupDto, type ReviewListParams,
  type ReviewReason, type ReviewResolutionDto,
} from '@bay/shared';
import { AppError, notFound } from '../../../core/errors.js';
import { lockKeys, type Locks } from '../../../core/lock.js';
import type { Logger } from '../../../core/logger.js';
import type { EnquiryService } from '../enquiry.service.js';
import { toKbEntry, toKbEntryDto, type KbDoc, type KbModel } from '../kb.model.js';
import { detectLang } from '../../../text/script.js';
import { toReviewGroupDto, type ReviewGroupDoc, type ReviewGroupModel, type ReviewItemModel } from './review.model.js';
import { hasPlaceholder, jaccard, questionKey, questionTokens, scrubQuestion, SIMILARITY_THRESHOLD } from './review.text.js';

/** One question to keep. Nothing about the caller: the channel only says app or chat. */
export interface ReviewInput {
  question: string;
  lang: Lang;
  reason: ReviewReason;
  channel: 'app' | 'bot';
  entryIds?: readonly string[];
  confidence?: number | null;
}

/** Open groups compared by similarity per recorded question (most recently seen first). */
const MAX_CANDIDATES = 200;
/** Entry ids kept per group. */
const MAX_ENTRY_IDS = 10;
/** Recordings waiting for the lock; beyond this, outcomes are dropped (and logged) rather than queued without bound. */
const MAX_PENDING = 500;
/** All recording is serialised (exclusive, every engine): grouping reads, decides, then writes. */
const RECORD_LOCK = lockKeys.reviewRecord;
const groupLock = lockKeys.reviewGroup;

interface RecorderDeps {
  items: ReviewItemModel;
  groups: ReviewGroupModel;
  logger: Logger;
  locks: Locks;
}

const isProblem = (reason: ReviewReason) => reason !== 'thumbsUp';
const errInfo = (err: unknown) => (err instanceof Error ? { name: err.name, message: err.message } : err);

/**
 * Keeps questions for review: scrubs the text, finds the open group it belongs to (same normalised
 * key, else the most similar representative at Jaccard ≥ SIMILARITY_THRESHOLD over search terms),
 * updates that group's counters or opens a new one, and stores the item. A 👍 never opens a group.
 */
export function createReviewRecorder({ items, groups, logger, locks }: RecorderDeps) {
  let pending = 0;

  function bestMatch<G extends Pick<ReviewGroupDoc, 'tokens'>>(candidates: G[], tokens: string[]): G | null {
    let best: G | null = null;
    let bestScore = SIMILARITY_THRESHOLD;
    for (const g of candidates) {
      const score = jaccard(tokens, g.tokens);
      if (score >= bestScore && (!best || score > bestScore)) {
        best = g;
        bestScore = score;
      }
    }
    return best;
  }

  async function countIn(group: ReviewGroupDoc, text: string, input: ReviewInput, entryIds: string[], now: Date): Promise<void> {
    const newIds = entryIds.filter((id) => !group.entryIds.includes(id)).slice(0, Math.max(0, MAX_ENTRY_IDS - group.entryIds.length));
    const addToSet: Record<string, unknown> = {};
    if (!group.langs.includes(input.lang)) addToSet.langs = input.lang;
    if (group.samples.length < REVIEW_MAX_SAMPLES && !group.samples.includes(text)) addToSet.samples = text;
    if (newIds.length) addToSet.entryIds = { $each: newIds };
    await groups.updateOne(
      { _id: group._id },
      {
        $inc: { [`counts.${input.reason}`]: 1, ...(isProblem(input.reason) ? { total: 1 } : {}) },
        $set: { lastSeen: now },
        ...(Object.keys(addToSet).length ? { $addToSet: addToSet } : {}),
      },
    );
  }

  async function open(key: string, tokens: string[], text: string, input: ReviewInput, entryIds: string[], now: Date): Promise<ReviewGroupDoc> {
    const counts = { clarify: 0, unknown: 0, thumbsDown: 0, thumbsUp: 0, [input.reason]: 1 };
    const [created] = await groups.insertMany([{
      openKey: key, key, status: 'open', question: text, tokens, samples: [text], langs: [input.lang], counts, total: 1,
      entryIds: entryIds.slice(0, MAX_ENTRY_IDS), firstSeen: now, lastSeen: now, resolvedEntryId: null, resolvedAt: null,
    }]);
    return created!.toObject() as ReviewGroupDoc;
  }

  /** Records one question; resolves to the group it was counted in (null when none). */
  async function record(input: ReviewInput): Promise<ReviewGroupDoc | null> {
    const text = scrubQuestion(input.question).slice(0, 500);
    const key = questionKey(text);
    // Nothing left but numbers and punctuation ("2": a numbered reply with no options pending): nothing to learn from.
    if (!key.split(REVIEW_PLACEHOLDER).join('') || !/\p{L}/u.test(text.split(REVIEW_PLACEHOLDER).join(''))) return null;
    const tokens = questionTokens(text);
    const entryIds = [...new Set(input.entryIds ?? [])];
    return locks.exclusive(RECORD_LOCK, async () => {
      const now = new Date();
      let group = await groups.findOne({ openKey: key }).lean<ReviewGroupDoc>();
      if (!group && tokens.length) {
        // Only the tokens of the candidates (decoding whole groups was most of the cost per ask-back), then the one that matched.
        const candidates = await groups.find({ status: 'open', tokens: { $in: tokens } }, { tokens: 1 }).sort({ lastSeen: -1 }).limit(MAX_CANDIDATES).lean<Pick<ReviewGroupDoc, '_id' | 'tokens'>[]>();
        const best = bestMatch(candidates, tokens);
        group = best ? await groups.findById(best._id).lean<ReviewGroupDoc>() : null;
      }
      if (group) await countIn(group, text, input, entryIds, now);
      else if (isProblem(input.reason)) group = await open(key, tokens, text, input, entryIds, now);
      await items.insertMany([{
        text, key, lang: input.lang, reason: input.reason, channel: input.channel, entryIds, confidence: input.confidence ?? null, groupId: group?._id ?? null,
      }]);
      return group;
    });
  }

  /**
   * The hook in EnquiryService.answer: keeps every ask-back and "don't know", without delaying or
   * ever failing the answer (errors are logged).
   */
  function recordOutcome(question: string, dto: EnquiryAnswerDto, channel: 'app' | 'bot'): void {
    if (dto.intent !== 'clarify' && dto.intent !== 'unknown') return;
    if (pending >= MAX_PENDING) {
      logger.warn({ pending }, 'enquiry review: too many outcomes waiting; one dropped');
      return;
    }
    pending++;
    record({ question, lang: dto.lang, reason: dto.intent, channel, entryIds: dto.suggestions?.map((s) => s.id) ?? [], confidence: dto.confidence })
      .catch((err: unknown) => logger.warn({ err: errInfo(err) }, 'enquiry review: outcome not recorded'))
      .finally(() => { pending--; });
  }

  /** Resolves once every outcome queued so far is written (tests, graceful shutdown). */
  const idle = () => locks.exclusive(RECORD_LOCK, async () => undefined);

  return { record, recordOutcome, idle };
}
export type ReviewRecorder = ReturnType<typeof createReviewRecorder>;

interface ServiceDeps {
  recorder: ReviewRecorder;
  groups: ReviewGroupModel;
  kb: KbModel;
  enquiries: EnquiryService;
  locks: Locks;
}

export interface FeedbackInput {
  question: string;
  lang: Lang;
  entryId?: string;
  helpful: boolean;
}

/** Feedback from residents, and the admin side: list, attach, draft / new entry, dismiss. */
export function createReviewService({ recorder, groups, kb, enquiries, locks }: ServiceDeps) {
  /** 👍 / 👎 on an answer. An entry id the index does not know is dropped (the rating is kept). */
  async function feedback(input: FeedbackInput, channel: 'app' | 'bot'): Promise<void> {
    let entryIds: string[] = [];
    if (input.entryId) entryIds = (await enquiries.ready()).get(input.entryId) ? [input.entryId] : [];
    // The page's language is only a hint: a Chinese question asked on the English page is Chinese.
    await recorder.record({ question: input.question, lang: detectLang(input.question, input.lang).lang, reason: input.helpful ? 'thumbsUp' : 'thumbsDown', channel, entryIds, confidence: null });
  }

  async function list(params: ReviewListParams): Promise<Page<ReviewGroupDto>> {
    const filter: Record<string, unknown> = { status: params.status };
    if (params.cursor) {
      const [total, id] = params.cursor.split('.') as [string, string];
      const t = Number(total);
      filter.$or = [{ total: { $lt: t } }, { total: t, _id: { $lt: new Types.ObjectId(id) } }];
    }
    const docs = await groups.find(filter).sort({ total: -1, _id: -1 }).limit(params.limit + 1).lean<ReviewGroupDoc[]>();
    const more = docs.length > params.limit;
    const page = docs.slice(0, params.limit);
    const last = page[page.length - 1];
    return { items: page.map(toReviewGroupDto), nextCursor: more && last ? `${last.total}.${String(last._id)}` : null };
  }

  async function openGroup(id: string): Promise<ReviewGroupDoc> {
    const group = await groups.findById(id).lean<ReviewGroupDoc>();
    if (!group) throw notFound();
    if (group.status !== 'open') throw new AppError(409, 'conflict', 'e.reviewClosed');
    return group;
  }

  async function resolve(group: ReviewGroupDoc, status: 'attached' | 'new-entry' | 'dismissed', entryId: string | null): Promise<ReviewGroupDto> {
    const after = await groups.findOneAndUpdate(
      { _id: group._id, status: 'open' },
      // Frees the normalised question: the next time it is asked it opens a new group.
      { $set: { status, openKey: `${group.key}#${String(group._id)}`, resolvedEntryId: entryId, resolvedAt: new Date() } },
      { returnDocument: 'after' },
    ).lean<ReviewGroupDoc>();
    if (!after) throw new AppError(409, 'conflict', 'e.reviewClosed');
    return toReviewGroupDto(after);
  }

  /** The group's question written in `lang` (a sample whose script is that language), else the representative. */
  function questionIn(group: ReviewGroupDoc, lang: Lang): string {
    const usable = group.samples.filter((s) => !hasPlaceholder(s));
    return usable.find((s) => detectLang(s).lang === lang) ?? group.question;
  }

  const liveEntry = (id: string) => kb.findOne({ _id: id, deletedAt: null }).lean<KbDoc>();

  /**
   * Adds the group's question (or `question`) to the entry's `lang` list and saves the entry the way
   * PUT /api/admin/kb/:id does (EnquiryService.upsertKb: marked as an admin edit, index rebuilt).
   * A variant the entry already has (same normalised form) is not added twice.
   * 404 unknown group or entry · 409 group not open, or 20 variants already · 400 placeholder in the text.
   */
  async function attach(id: string, body: { entryId: string; lang: Lang; question?: string }): Promise<ReviewResolutionDto> {
    return locks.exclusive(groupLock(id), async () => {
      const group = await openGroup(id);
      const doc = await liveEntry(body.entryId);
      if (!doc) throw notFound();
      const entry = toKbEntry(doc);
      const question = body.question ?? questionIn(group, body.lang);
      if (hasPlaceholder(question)) throw new AppError(400, 'validation', 'e.validation', { question: 'v.reviewPlaceholder' });
      const existing = entry.questions[body.lang];
      let saved: KbEntryDto | null = null;
      if (!existing.some((q) => questionKey(q) === questionKey(question))) {
        if (existing.length >= 20) throw new AppError(409, 'conflict', 'e.reviewVariantsFull');
        const parsed = KbEntrySchema.safeParse({ ...entry, questions: { ...entry.questions, [body.lang]: [...existing, question] } });
        if (!parsed.success) throw new AppError(400, 'validation', 'e.validation', { question: 'v.reviewQuestion' });
        saved = (await enquiries.upsertKb(parsed.data)).entry;
      }
      const resolved = await resolve(group, 'attached', entry.id);
      return { group: resolved, entry: saved ?? toKbEntryDto(doc), added: saved !== null };
    });
  }

  /** A KbEntry to complete: the group's questions as variants of the language they are written in. */
  async function draft(id: string): Promise<KbEntryDraftDto> {
    const group = await groups.findById(id).lean<ReviewGroupDoc>();
    if (!group) throw notFound();
    const questions = Object.fromEntries(LANGS.map((l) => [l, [] as string[]])) as Record<Lang, string[]>;
    for (const sample of group.samples) {
      if (hasPlaceholder(sample)) continue;
      const lang = detectLang(sample, group.langs[0]).lang;
      if (!questions[lang].includes(sample)) questions[lang].push(sample);
    }
    let topic: KbTopic | null = null;
    for (const entryId of group.entryIds) {
      const entry = await liveEntry(entryId);
      if (entry) { topic = entry.topic; break; }
    }
    const empty = Object.fromEntries(LANGS.map((l) => [l, ''])) as Record<Lang, string>;
    return { id: '', topic, tags: [], questions, answer: { ...empty }, source: { org: { ...empty }, url: '' }, lastVerified: new Date().toISOString().slice(0, 10) };
  }

  /** Creates the entry (as PUT /api/admin/kb/:id would) and marks the group new-entry. 409 when the id is taken. */
  async function newEntry(id: string, entry: KbEntry): Promise<ReviewResolutionDto> {
    return locks.exclusive(groupLock(id), async () => {
      const group = await openGroup(id);
      if (await liveEntry(entry.id)) throw new AppError(409, 'conflict', 'e.reviewEntryExists', { id: 'v.kbId' });
      const saved = (await enquiries.upsertKb(entry)).entry;
      return { group: await resolve(group, 'new-entry', entry.id), entry: saved, added: true };
    });
  }

  async function dismiss(id: string): Promise<ReviewGroupDto> {
    return locks.exclusive(groupLock(id), async () => resolve(await openGroup(id), 'dismissed', null));
  }

  return { feedback, list, attach, draft, newEntry, dismiss, record: recorder.record, idle: recorder.idle };
}
export type ReviewService = ReturnType<typeof createReviewService>;

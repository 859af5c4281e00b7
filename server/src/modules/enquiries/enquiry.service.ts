import { LRUCache } from 'lru-cache';
import { Types } from 'mongoose';
import {
  ENQUIRY_DEFAULT_PAGE, KbEntrySchema, translator,
  type EnquiryAnswerDto, type EnquiryIntent, type HandoffTicketDto, type KbEntry, type KbEntryDto, type KbTopic, type Lang, type Page, type TranscriptTurn, textIn,
} from '@bay/shared';
import { AppError, notFound } from '../../core/errors.js';
import { lockKeys, type Locks } from '../../core/lock.js';
import type { Logger } from '../../core/logger.js';
import type { ApplicationDoc, ApplicationModel } from '../applications/application.model.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import type { UserDoc, UserModel } from '../users/user.model.js';
import { buildIndex, decideIntent, type KbIndex, type RankedEntry } from './enquiry.index.js';
import { defaultAnswerConfidence } from './calibration.js';
import { toHandoffDto, type HandoffDoc, type HandoffModel } from './handoff.model.js';
import { toKbEntry, toKbEntryDto, type KbDoc, type KbModel } from './kb.model.js';
import type { LlmClient } from './llm.client.js';
import { warmUp } from '../../text/chinese.js';
import { detectCommand, PERSONAL_INTENTS } from './nlp/intents.js';
import { followUpOf } from './nlp/follow-up.js';
import { normalise } from '../../text/normalise.js';
import { setTopicOptOut } from '../users/notify-prefs.js';
import { detectLang } from '../../text/script.js';

export interface EnquiryOptions {
  /**
   * Answer directly at or above this calibrated confidence; ask back with three candidates below
   * it. Unset: the calibration's cost-derived threshold (calibration.ts).
   */
  answerConfidence?: number;
  /** Answers kept per normalised question and language (0 = no cache). */
  cacheSize: number;
  /** Base URL of the H5 build: FAQ answers link to `<base>/#/<page>`. */
  miniappH5Url: string;
}

interface Deps {
  kb: KbModel;
  handoffs: HandoffModel;
  users: UserModel;
  applications: ApplicationModel;
  outbox: Pick<OutboxService, 'enqueue'>;
  logger: Logger;
  locks: Locks;
  options: EnquiryOptions;
  llm?: LlmClient | null;
  /** Unanswered-question review (review/): told of every ask-back and "don't know"; never delays or fails an answer. */
  review?: { recordOutcome(question: string, dto: EnquiryAnswerDto, channel: EnquiryCaller['channel']): void } | null;
  /** Operations dashboard: counts each answer as direct, asked back or unknown (outcome.model.ts); never delays or fails an answer. */
  outcomes?: { count(dto: EnquiryAnswerDto, channel: EnquiryCaller['channel']): void } | null;
}

export interface EnquiryInput {
  question: string;
  lang?: Lang;
  entryId?: string;
  transcript?: TranscriptTurn[];
}

/** Who asks: the signed-in user of the mini-program (or nobody), or a bot contact (bound or not). */
export type EnquiryCaller =
  | { channel: 'app'; user: UserDoc | null }
  | { channel: 'bot'; contactId: string };

interface Understood {
  lang: Lang;
  command: ReturnType<typeof detectCommand>;
  /** The answer-cache key: answer language and normalised question. */
  key: string;
}

interface Cache<V> { get(key: string): V | undefined; set(key: string, value: V): unknown; clear(): void }
/** A bounded least-recently-used cache (lru-cache, as the job search uses); size 0 turns caching off. */
function lru<V extends object>(max: number): Cache<V> {
  return max > 0 ? new LRUCache<string, V>({ max }) : { get: () => undefined, set: () => undefined, clear: () => undefined };
}

const MAX_APPLICATIONS_LISTED = 5;

export function createEnquiryService(deps: Deps) {
  const { kb, handoffs, users, applications, outbox, logger, locks, options } = deps;
  let index: KbIndex | undefined;
  let building: Promise<KbIndex> | undefined;
  const cache = lru<EnquiryAnswerDto>(options.cacheSize);
  const answerConfidence = options.answerConfidence ?? defaultAnswerConfidence();
  /**
   * What the text itself says, keyed on the raw question and the caller's language hint: the
   * answer language, the command or personal intent, and the answer-cache key. All three are pure
   * functions of that input (script detection, opencc and Cantonese rewriting run 3–4 times per
   * question otherwise), so a repeated question costs one hash of its text before the answer cache.
   * Sized like the answer cache; off with it.
   */
  const understood = lru<Understood>(options.cacheSize);

  /** Builds the index from the database copy of the knowledge base (invalid documents are skipped and logged). */
  async function rebuild(): Promise<KbIndex> {
    const started = performance.now();
    warmUp();
    const docs = await kb.find({ deletedAt: null }).lean<KbDoc[]>();
    const entries: KbEntry[] = [];
    for (const d of docs) {
      const parsed = KbEntrySchema.safeParse(toKbEntry(d));
      if (parsed.success) entries.push(parsed.data);
      else logger.error({ entryId: d._id, issues: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`) }, 'kb entry in the database is invalid; left out of the index');
    }
    const built = buildIndex(entries);
    index = built;
    cache.clear();
    logger.info({ entries: built.size, indexMs: Math.round(built.buildMs), totalMs: Math.round(performance.now() - started) }, 'enquiry index built');
    return built;
  }

  /** The current index; the first call builds it (concurrent callers share that build). */
  function ready(): Promise<KbIndex> {
    if (index) return Promise.resolve(index);
    building ??= rebuild().finally(() => { building = undefined; });
    return building;
  }

  const link = (entry: KbEntry) => `${options.miniappH5Url}/#/${entry.link ?? `${ENQUIRY_DEFAULT_PAGE}?entry=${entry.id}`}`;
  const source = (entry: KbEntry, lang: Lang) => ({ id: entry.id, title: entry.source.org[lang], url: entry.source.url });
  const reply = (answer: string, lang: Lang, intent: EnquiryIntent, confidence: number, extra: Partial<EnquiryAnswerDto> = {}): EnquiryAnswerDto =>
    ({ answer, lang, intent, confidence, sources: [], ...extra });

  async function faqAnswer(entry: KbEntry, lang: Lang, confidence: number, question: string, context: readonly KbEntry[]): Promise<EnquiryAnswerDto> {
    const t = translator(lang);
    let text = entry.answer[lang];
    if (deps.llm) text = (await deps.llm.phrase(question, lang, context)) ?? text;
    return reply(`${text}\n${t('enquiry.details', { link: link(entry) })}`, lang, 'faq', confidence, { sources: [source(entry, lang)] });
  }

  function clarify(ranked: RankedEntry[], lang: Lang, confidence: number): EnquiryAnswerDto {
    const t = translator(lang);
    const top = ranked.slice(0, 3);
    const suggestions = top.map((r) => ({ id: r.entry.id, title: r.entry.questions[lang][0]! }));
    const lines = suggestions.map((s, i) => `${i + 1}. ${s.title}`);
    return reply([t('enquiry.clarify'), ...lines].join('\n'), lang, 'clarify', confidence, {
      sources: top.map((r) => source(r.entry, lang)),
      suggestions,
    });
  }

  /** Language, command and answer-cache key of a question (memoised on the raw text, see `understood`). */
  function understand(question: string, requested: Lang | undefined): Understood {
    const rawKey = `${requested ?? ''}\u0000${question}`;
    let u = understood.get(rawKey);
    if (!u) {
      const { lang } = detectLang(question, requested);
      u = { lang, command: detectCommand(question), key: `${lang}\u0000${normalise(question)}` };
      understood.set(rawKey, u);
    }
    return u;
  }

  /** Knowledge-base answers depend only on the normalised question and the answer language: cached. */
  async function searchAnswer(question: string, lang: Lang, key: string): Promise<EnquiryAnswerDto> {
    const cached = cache.get(key);
    if (cached) return cached;
    const idx = await ready();
    const outcome = idx.search(question, 3);
    // One rule decides answer / ask back / don't know, shared with the evaluator (decideIntent).
    const intent = decideIntent(outcome, answerConfidence);
    let dto: EnquiryAnswerDto;
    if (intent === 'unknown') dto = reply(translator(lang)('enquiry.unknown'), lang, 'unknown', outcome.confidence);
    else if (intent === 'faq') {
      dto = await faqAnswer(outcome.ranked[0]!.entry, lang, outcome.confidence, question, outcome.ranked.map((r) => r.entry));
    } else dto = clarify(outcome.ranked, lang, outcome.confidence);
    cache.set(key, dto);
    return dto;
  }

  /**
   * A knowledge-base answer, reading a follow-up ("那澳门呢?", "要几钱?") with the question before
   * it in the transcript (nlp/follow-up.ts). Said as a follow-up: the reading in context, unless
   * that finds nothing or the question alone is answered more surely. Merely short and without a
   * subject of its own: alone first, in context when alone it would not be answered directly and
   * in context it would be (or would ask back more surely: options about the ferry, not anything).
   */
  async function searchInContext(input: EnquiryInput, lang: Lang, key: string): Promise<EnquiryAnswerDto> {
    const followUp = followUpOf(input.question, input.transcript);
    if (!followUp) return searchAnswer(input.question, lang, key);
    const inContext = () => searchAnswer(followUp.question, lang, `${lang}\u0000${normalise(followUp.question)}`);
    if (followUp.explicit) {
      // "皇岗呢?" may well stand alone: the reading in context wins unless alone is surer.
      const [dto, alone] = await Promise.all([inContext(), searchAnswer(input.question, lang, key)]);
      if (dto.intent === 'unknown') return alone;
      return alone.intent === 'faq' && (dto.intent !== 'faq' || alone.confidence > dto.confidence) ? alone : dto;
    }
    const alone = await searchAnswer(input.question, lang, key);
    if (alone.intent === 'faq') return alone;
    const dto = await inContext();
    return dto.intent === 'faq' || (dto.intent === 'clarify' && dto.confidence > alone.confidence) ? dto : alone;
  }

  async function applicationStatus(user: UserDoc, lang: Lang): Promise<string> {
    const t = translator(lang);
    const mine = await applications.find({ userId: user._id }, { title: 1, status: 1, updatedAt: 1 })
      .sort({ _id: -1 }).limit(MAX_APPLICATIONS_LISTED + 1).lean<Pick<ApplicationDoc, '_id' | 'title' | 'status' | 'updatedAt'>[]>();
    if (!mine.length) return t('enquiry.noApplications');
    const lines = mine.slice(0, MAX_APPLICATIONS_LISTED).map((a, i) => t('enquiry.applicationLine', {
      n: i + 1,
      job: textIn(a.title, lang),
      status: t(`status.${a.status}`),
      date: new Date(a.updatedAt).toISOString().slice(0, 10),
    }));
    const more = mine.length > MAX_APPLICATIONS_LISTED ? [t('enquiry.moreApplications', { count: `${MAX_APPLICATIONS_LISTED}+` })] : [];
    return [t('enquiry.applicationsIntro'), ...lines, ...more].join('\n');
  }

  async function setOptOut(user: UserDoc, optOut: boolean): Promise<void> {
    // 退订 / TD / STOP opts out of broadcasts only: a resident's own updates still reach them.
    await setTopicOptOut(locks, users, user._id, 'broadcast', optOut);
  }

  async function openHandoff(user: UserDoc, caller: EnquiryCaller, lang: Lang, input: EnquiryInput): Promise<HandoffDoc> {
    const transcript = input.transcript?.length ? input.transcript.slice(-20) : [{ role: 'user' as const, text: input.question }];
    const [ticket] = await handoffs.insertMany([{
      userId: user._id,
      contactId: caller.channel === 'bot' ? caller.contactId : (user.bot?.contactId ?? null),
      lang,
      transcript,
      state: 'open',
      replies: [],
    }]);
    logger.info({ ticketId: String(ticket!._id), channel: caller.channel }, 'handoff ticket opened');
    return ticket!.toObject() as HandoffDoc;
  }

  /**
   * Answers one question. Order: an explicit entry id (a picked suggestion), then commands and
   * personal intents (only ever about the caller's own data; anonymous or unbound callers are told
   * to sign in or bind), then the knowledge base.
   */
  async function answer(input: EnquiryInput, caller: EnquiryCaller): Promise<EnquiryAnswerDto> {
    // The caller's setting (the request's lang, else the signed-in user's) decides only ambiguous text.
    const { lang, command, key } = understand(input.question, input.lang ?? (caller.channel === 'app' ? caller.user?.lang : undefined));
    const t = translator(lang);
    if (input.entryId) {
      const idx = await ready();
      const entry = idx.get(input.entryId);
      if (!entry) throw notFound();
      return faqAnswer(entry, lang, 1, input.question, [entry]);
    }
    if (command === 'greeting') return reply(t('enquiry.greeting'), lang, 'greeting', 1);
    if (command && PERSONAL_INTENTS.has(command)) {
      // Only ever the caller's own account: the session's user, or the user this contact is bound to.
      const user = caller.channel === 'app' ? caller.user : await users.findOne({ 'bot.contactId': caller.contactId }).lean<UserDoc>();
      if (!user) return reply(t(caller.channel === 'bot' ? 'enquiry.bindFirst' : 'enquiry.signIn'), lang, command, 1);
      switch (command) {
        case 'application_status':
          return reply(await applicationStatus(user, lang), lang, command, 1);
        case 'subscribe':
          await setOptOut(user, false);
          return reply(t('enquiry.subscribed'), lang, command, 1);
        case 'unsubscribe':
          await setOptOut(user, true);
          return reply(t('enquiry.unsubscribed'), lang, command, 1);
        case 'handoff': {
          const ticket = await openHandoff(user, caller, lang, input);
          return reply(t('enquiry.handoffCreated', { ticket: String(ticket._id).slice(-6).toUpperCase() }), lang, command, 1);
        }
      }
    }
    return searchInContext(input, lang, key).then((dto) => {
      deps.review?.recordOutcome(input.question, dto, caller.channel);
      deps.outcomes?.count(dto, caller.channel);
      return dto;
    });
  }

  // ---- admin: knowledge base ------------------------------------------------------------------

  async function listKb(params: { topic?: KbTopic; cursor?: string; limit: number }): Promise<Page<KbEntryDto>> {
    const filter: Record<string, unknown> = { deletedAt: null };
    if (params.topic) filter.topic = params.topic;
    if (params.cursor) filter._id = { $gt: params.cursor };
    const docs = await kb.find(filter).sort({ _id: 1 }).limit(params.limit + 1).lean<KbDoc[]>();
    const more = docs.length > params.limit;
    const items = docs.slice(0, params.limit);
    return { items: items.map(toKbEntryDto), nextCursor: more ? items[items.length - 1]!._id : null };
  }

  /** Creates or replaces an entry (marked as an admin edit) and rebuilds the index. */
  async function upsertKb(entry: KbEntry): Promise<{ created: boolean; entry: KbEntryDto }> {
    const { id, ...content } = entry;
    const doc = await locks.withLock(lockKeys.kbEntry(id), async () => {
      const before = await kb.findById(id, { _id: 1, deletedAt: 1 }).lean<Pick<KbDoc, '_id' | 'deletedAt'>>();
      await kb.updateOne(
        { _id: id },
        { $set: { ...content, origin: 'admin', deletedAt: null }, ...(content.link ? {} : { $unset: { link: 1 } }) },
        { upsert: true },
      );
      return { created: !before || !!before.deletedAt, doc: (await kb.findById(id).lean<KbDoc>())! };
    });
    await rebuild();
    return { created: doc.created, entry: toKbEntryDto(doc.doc) };
  }

  /** Soft-deletes an entry (a re-seed does not bring it back) and rebuilds the index. 404 when missing. */
  async function removeKb(id: string): Promise<void> {
    const removed = await locks.withLock(lockKeys.kbEntry(id), async () => {
      const res = await kb.updateOne({ _id: id, deletedAt: null }, { $set: { deletedAt: new Date(), origin: 'admin' } });
      return res.matchedCount > 0;
    });
    if (!removed) throw notFound();
    await rebuild();
  }

  // ---- admin: handoff tickets -----------------------------------------------------------------

  async function listHandoffs(params: { state?: HandoffDoc['state']; cursor?: string; limit: number }): Promise<Page<HandoffTicketDto>> {
    const filter: Record<string, unknown> = {};
    if (params.state) filter.state = params.state;
    if (params.cursor) filter._id = { $lt: new Types.ObjectId(params.cursor) };
    const docs = await handoffs.find(filter).sort({ _id: -1 }).limit(params.limit + 1).lean<HandoffDoc[]>();
    const more = docs.length > params.limit;
    const items = docs.slice(0, params.limit);
    return { items: items.map(toHandoffDto), nextCursor: more ? String(items[items.length - 1]!._id) : null };
  }

  /**
   * Records a staff reply on the ticket (state → answered) and enqueues it for the resident as an
   * outbox notification of kind `handoff.reply` (delivered by the bot once the resident has a bound
   * contact). 404 unknown ticket · 409 closed ticket.
   */
  async function replyToHandoff(id: string, staff: UserDoc, text: string): Promise<HandoffTicketDto> {
    const updated = await locks.withLock(lockKeys.handoff(id), async () => {
      const ticket = await handoffs.findById(id).lean<HandoffDoc>();
      if (!ticket) throw notFound();
      if (ticket.state === 'closed' || !ticket.userId) throw new AppError(409, 'conflict');
      const replyDoc = { _id: new Types.ObjectId(), at: new Date(), by: staff._id, text };
      const after = await handoffs.findOneAndUpdate(
        { _id: ticket._id },
        { $set: { state: 'answered' }, $push: { replies: replyDoc } },
        { returnDocument: 'after' },
      ).lean<HandoffDoc>();
      if (!after) throw notFound();
      const owner = await users.findById(ticket.userId, { lang: 1 }).lean<Pick<UserDoc, 'lang'>>();
      await outbox.enqueue([{
        dedupeKey: `handoff:${id}:${String(replyDoc._id)}`,
        userId: ticket.userId,
        kind: 'handoff.reply',
        payload: { ticketId: id, text, at: replyDoc.at.toISOString() },
        lang: owner?.lang ?? ticket.lang,
      }]);
      return after;
    });
    return toHandoffDto(updated);
  }

  return {
    ready,
    rebuild,
    answer,
    listKb,
    upsertKb,
    removeKb,
    listHandoffs,
    replyToHandoff,
    /** The current index, if built (for diagnostics and the benchmark). */
    get index(): KbIndex | undefined { return index; },
  };
}
export type EnquiryService = ReturnType<typeof createEnquiryService>;

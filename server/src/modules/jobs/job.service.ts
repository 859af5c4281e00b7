import { Types } from 'mongoose';
import {
  JOB_LANGUAGE_WORDS, LANGS, type JobState, MAX_JOB_ALERTS, jobPagePath, type AdminJobCreate, type City, type Industry, type JobAlertDto,
  type JobAlertInput, type JobAlertPayload, type JobSearchPageDto, type JobSummaryDto, type LocalisedText, type Page, type SavedJobDto,
} from '@bay/shared';
import { AppError, notFound } from '../../core/errors.js';
import { isDuplicateKey } from '../../core/db.js';
import type { Logger } from '../../core/logger.js';
import type { EnqueueMessage, OutboxService } from '../notifications/outbox.service.js';
import { localise } from '../notifications/notification.content.js';
import {
  isListed, type JobAlertDoc, type JobAlertModel, type JobDoc, type JobModel, type JobsMarkerModel, type SavedJobModel,
} from './job.model.js';
import { createJobSearchIndex, type JobSearchOptions } from './job.search.js';
import { indexTerms, jobMatches, LATIN, queryWords } from './job.terms.js';

export interface JobServiceDeps {
  jobs: JobModel;
  marker: JobsMarkerModel;
  saved: SavedJobModel;
  alerts: JobAlertModel;
  outbox: Pick<OutboxService, 'enqueue'>;
  logger: Logger;
  /** How often an instance looks for jobs other instances changed (default 3 s). */
  pollIntervalMs?: number;
}

/** Jobs changed within this window before the last poll are read again (clock skew between instances, writes in flight). */
const POLL_OVERLAP_MS = 5000;
const NO_DESCRIPTION = { description: 0 } as const;

/** A full garbage collection when the process runs with --expose-gc; nothing otherwise. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function createJobService(deps: JobServiceDeps) {
  const { jobs, marker, saved, alerts, outbox, logger } = deps;
  const pollIntervalMs = deps.pollIntervalMs ?? 3000;
  const index = createJobSearchIndex();
  let loading: Promise<void> | null = null;
  let lastMarker = 0;
  let since = 0;
  let lastPoll = 0;
  let polling: Promise<void> | null = null;

  /** Builds the index from the collection once (first use or start-up). */
  function ready(): Promise<void> {
    loading ??= (async () => {
      const m = await marker.findById('jobs').lean();
      const started = Date.now();
      // Streamed in batches: 100,000 jobs never sit in memory as documents all at once.
      let newest = 0;
      const cursor = jobs.find({}, NO_DESCRIPTION).lean<Omit<JobDoc, 'description'>[]>().cursor({ batchSize: 500 });
      let count = 0;
      async function* tracked() {
        for await (const d of cursor as AsyncIterable<Omit<JobDoc, 'description'>>) {
          newest = Math.max(newest, new Date(d.updatedAt).getTime());
          // The load's garbage (decoded documents, segmenter strings) would otherwise pile up in the
          // old generation until V8's next full collection; with --expose-gc (production's node
          // flags, server/package.json) it is collected every 20,000 jobs, keeping the peak low.
          if (++count % 20_000 === 0) collectGarbage();
          yield d;
        }
      }
      await index.loadStream(tracked());
      collectGarbage();
      lastMarker = m ? m.changedAt.getTime() : 0;
      since = newest;
      lastPoll = Date.now();
      logger.info({ jobs: index.size, ms: Date.now() - started, ...index.stats }, 'job search index built');
    })().catch((err: unknown) => {
      loading = null;
      throw err;
    });
    return loading;
  }

  /**
   * Picks up jobs other instances created, changed or deleted: reads the marker by _id and, only
   * when it moved, the jobs whose `updatedAt` is at or after the last seen one (minus an overlap).
   */
  function poll(): Promise<void> {
    polling ??= (async () => {
      lastPoll = Date.now();
      const m = await marker.findById('jobs').lean();
      const at = m ? m.changedAt.getTime() : 0;
      if (at === lastMarker) return;
      const changedDocs = await jobs.find({ updatedAt: { $gte: new Date(since - POLL_OVERLAP_MS) } }, NO_DESCRIPTION).sort({ updatedAt: 1 }).lean<Omit<JobDoc, 'description'>[]>();
      // Re-applying a job the index already holds (the overlap window) is harmless.
      for (const d of changedDocs) {
        index.apply(d);
        since = Math.max(since, new Date(d.updatedAt).getTime());
      }
      lastMarker = at;
    })().finally(() => { polling = null; });
    return polling;
  }
  /** Request-driven freshness: a search after the poll interval starts a poll in the background and answers from the current index. */
  function maybePoll(): void {
    if (Date.now() - lastPoll < pollIntervalMs || polling) return;
    poll().catch((err: unknown) => logger.warn({ err: err instanceof Error ? { name: err.name, message: err.message } : err }, 'job index poll failed'));
  }

  async function touchMarker(): Promise<void> {
    await marker.updateOne({ _id: 'jobs' }, { $set: { changedAt: new Date() } }, { upsert: true });
  }

  async function search(opts: JobSearchOptions): Promise<JobSearchPageDto> {
    await ready();
    maybePoll();
    return index.search(opts);
  }

  /** As search, already serialised (the route sends it as it is). */
  async function searchBody(opts: JobSearchOptions): Promise<Buffer> {
    await ready();
    maybePoll();
    return index.searchBody(opts);
  }

  /** A job residents may see (listed: not deleted, open, its organisation verified). */
  async function findById(id: string): Promise<JobDoc | null> {
    const doc = await jobs.findById(id).lean<JobDoc>();
    return doc && isListed(doc) ? doc : null;
  }

  /** Any job of this organisation that is not deleted, listed or not (the employer's own view). */
  function findOwned(id: string, orgId: Types.ObjectId): Promise<JobDoc | null> {
    return jobs.findOne({ _id: id, orgId, deletedAt: null }).lean<JobDoc>();
  }

  /** After a write: other instances see it through the marker, this one at once; alerts when it has just become listed. */
  async function changed(doc: JobDoc, wasListed: boolean): Promise<void> {
    await touchMarker();
    if (loading) index.apply(doc);
    if (isListed(doc) && !wasListed) await notifyAlerts(doc).catch((err: unknown) => logger.error({ err, jobId: String(doc._id) }, 'job alerts failed'));
  }

  // ---- admin, and employers through the employers module ----

  /** An admin's job (`owner` absent: listed at once) or an organisation's (listed when `owner.live`). */
  async function create(body: AdminJobCreate, id = new Types.ObjectId(), owner?: { orgId: Types.ObjectId; live: boolean }): Promise<JobDoc> {
    const now = new Date();
    const doc = await jobs.create({
      ...body, _id: id, slug: `${owner ? 'org' : 'admin'}-${String(id)}`, demo: false, postedAt: now, deletedAt: null,
      orgId: owner?.orgId ?? null, state: 'open', live: owner ? owner.live : true,
    });
    const lean = doc.toObject() as JobDoc;
    await changed(lean, false);
    return lean;
  }

  /** `orgId`: only that organisation's job (404 otherwise). */
  async function update(id: string, body: Partial<AdminJobCreate>, orgId?: Types.ObjectId): Promise<JobDoc> {
    const current = orgId ? await findOwned(id, orgId) : await findById(id);
    if (!current) throw notFound();
    const next = { ...current, ...body };
    if (next.salaryMin > next.salaryMax) throw new AppError(400, 'validation', 'e.validation', { salaryMax: 'v.salaryOrder' });
    const doc = await jobs.findOneAndUpdate({ _id: id, deletedAt: null, ...(orgId ? { orgId } : {}) }, { $set: body }, { returnDocument: 'after' }).lean<JobDoc>();
    if (!doc) throw notFound();
    await changed(doc, isListed(current));
    return doc;
  }

  /**
   * Sets an organisation's job state if it is still `from` (the caller holds the job's lock):
   * listed only when open and the organisation verified. Null when the state moved meanwhile.
   */
  async function setState(id: string, orgId: Types.ObjectId, from: JobState, to: JobState, orgVerified: boolean): Promise<JobDoc | null> {
    const before = await findOwned(id, orgId);
    if (!before || (before.state ?? 'open') !== from) return null;
    const doc = await jobs.findOneAndUpdate(
      { _id: id, orgId, deletedAt: null, state: from },
      { $set: { state: to, live: to === 'open' && orgVerified } },
      { returnDocument: 'after' },
    ).lean<JobDoc>();
    if (doc) await changed(doc, isListed(before));
    return doc;
  }

  /** After an organisation is verified (its open jobs listed) or rejected / suspended (all unlisted). */
  async function setOrgListed(orgId: Types.ObjectId, verified: boolean): Promise<number> {
    const filter = verified ? { orgId, deletedAt: null, state: 'open' as const, live: false } : { orgId, deletedAt: null, live: { $ne: false } };
    const ids = (await jobs.find(filter, { _id: 1 }).lean()).map((d) => d._id);
    if (!ids.length) return 0;
    await jobs.updateMany({ _id: { $in: ids } }, { $set: { live: verified } });
    const docs = await jobs.find({ _id: { $in: ids } }).lean<JobDoc[]>();
    await touchMarker();
    for (const doc of docs) {
      if (loading) index.apply(doc);
      if (verified && isListed(doc)) await notifyAlerts(doc).catch((err: unknown) => logger.error({ err, jobId: String(doc._id) }, 'job alerts failed'));
    }
    return docs.length;
  }

  /** An organisation's jobs, listed or not, newest first. */
  function listByOrg(orgId: Types.ObjectId, limit = 200): Promise<JobDoc[]> {
    return jobs.find({ orgId, deletedAt: null }).sort({ _id: -1 }).limit(limit).lean<JobDoc[]>();
  }

  async function remove(id: string): Promise<void> {
    const doc = await jobs.findOneAndUpdate({ _id: id, deletedAt: null }, { $set: { deletedAt: new Date() } }, { returnDocument: 'after' }).lean<JobDoc>();
    if (!doc) throw notFound();
    await touchMarker();
    if (loading) index.apply(doc);
  }

  /** Admin list: every live job, newest first (from the index). */
  async function adminList(cursor: string | undefined, limit: number): Promise<JobSearchPageDto> {
    return search({ sort: 'newest', cursor, limit });
  }

  // ---- saved jobs ----

  async function save(userId: Types.ObjectId, jobId: string): Promise<void> {
    if (!(await findById(jobId))) throw notFound();
    try {
      await saved.updateOne({ userId, jobId: new Types.ObjectId(jobId) }, { $setOnInsert: { createdAt: new Date() } }, { upsert: true });
    } catch (err) {
      // Two saves at once: the other one inserted it.
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async function unsave(userId: Types.ObjectId, jobId: string): Promise<void> {
    await saved.deleteOne({ userId, jobId: new Types.ObjectId(jobId) });
  }

  /** The resident's saved jobs, newest saved first; deleted jobs are left out. */
  async function savedList(userId: Types.ObjectId): Promise<Page<SavedJobDto>> {
    await ready();
    const rows = await saved.find({ userId }).sort({ _id: -1 }).limit(200).lean();
    const items: SavedJobDto[] = [];
    for (const r of rows) {
      const job = index.summary(String(r.jobId));
      if (job) items.push({ job, savedAt: new Date(r.createdAt).toISOString() });
    }
    return { items, nextCursor: null };
  }

  async function savedIds(userId: Types.ObjectId): Promise<string[]> {
    return (await saved.find({ userId }, { jobId: 1 }).lean()).map((r) => String(r.jobId));
  }

  // ---- alerts ----

  async function createAlert(userId: Types.ObjectId, body: JobAlertInput): Promise<JobAlertDto> {
    const count = await alerts.countDocuments({ userId });
    if (count >= MAX_JOB_ALERTS) throw new AppError(409, 'jobAlertLimit', 'e.jobAlertLimit', undefined, { max: MAX_JOB_ALERTS });
    const fields = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== ''));
    const doc = await alerts.create({ ...fields, userId });
    return toAlertDto(doc.toObject() as JobAlertDoc);
  }

  async function listAlerts(userId: Types.ObjectId): Promise<JobAlertDto[]> {
    return (await alerts.find({ userId }).sort({ _id: -1 }).lean<JobAlertDoc[]>()).map(toAlertDto);
  }

  async function deleteAlert(userId: Types.ObjectId, id: string): Promise<void> {
    const res = await alerts.deleteOne({ _id: id, userId });
    if (!res.deletedCount) throw notFound();
  }

  /** Does a new job meet a saved search? Filters as in search; every keyword word among the job's title and employer terms (Latin words also as prefixes). */
  function alertMatches(alert: JobAlertDoc, job: Omit<JobDoc, 'description'>, terms: Set<string>): boolean {
    const languageWord = alert.language as keyof typeof JOB_LANGUAGE_WORDS | undefined;
    const filters = { city: alert.city, industry: alert.industry, salaryMin: alert.salaryMin, salaryMax: alert.salaryMax, language: languageWord, openToHkMo: alert.openToHkMo };
    if (!jobMatches(job, filters)) return false;
    if (!alert.q) return true;
    const words = queryWords(alert.q);
    if (!words.length) return false;
    return words.every((w) => terms.has(w) || (LATIN.test(w) && w.length >= 3 && [...terms].some((t) => t.startsWith(w))));
  }

  /** Sends `job.alert` to every resident with a saved search the new job meets (one message per alert and job). */
  async function notifyAlerts(job: JobDoc): Promise<number> {
    const terms = new Set(indexTerms(`${job.title['zh-Hans']} ${job.title.en} ${job.employer['zh-Hans']} ${job.employer.en}`));
    const messages: EnqueueMessage[] = [];
    for await (const alert of alerts.find({}).lean<JobAlertDoc[]>().cursor()) {
      if (!alertMatches(alert as JobAlertDoc, job, terms)) continue;
      const a = alert as JobAlertDoc;
      const payload: JobAlertPayload = { alertId: String(a._id), jobId: String(job._id), jobTitle: { 'zh-Hans': job.title['zh-Hans'], 'zh-Hant': job.title['zh-Hant'], en: job.title.en }, city: job.city, ...(a.q ? { q: a.q } : {}) };
      messages.push({
        userId: a.userId,
        dedupeKey: `jobalert:${String(a._id)}:${String(job._id)}`,
        kind: 'job.alert' as const,
        payload,
        inbox: { ...jobAlertInbox(payload), link: jobPagePath(String(job._id)) },
      });
    }
    if (!messages.length) return 0;
    const { inserted } = await outbox.enqueue(messages);
    return inserted;
  }

  return {
    ready, poll, search, searchBody, findById, findOwned, create, update, setState, setOrgListed, listByOrg, remove, adminList,
    save, unsave, savedList, savedIds, createAlert, listAlerts, deleteAlert, notifyAlerts,
    /** The index (tests, the cross-scenario search). */
    index,
    /** Builds the index now and polls every interval; returns a stop function. */
    startSync(): () => void {
      ready().catch((err: unknown) => logger.warn({ err: err instanceof Error ? { name: err.name, message: err.message } : err }, 'job search index build failed'));
      const timer = setInterval(() => {
        if (!loading) return;
        void loading.then(() => poll()).catch((err: unknown) => logger.warn({ err: err instanceof Error ? { name: err.name, message: err.message } : err }, 'job index poll failed'));
      }, pollIntervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
export type JobService = ReturnType<typeof createJobService>;

function toAlertDto(a: JobAlertDoc): JobAlertDto {
  return {
    id: String(a._id),
    ...(a.q ? { q: a.q } : {}),
    ...(a.city ? { city: a.city as City } : {}),
    ...(a.industry ? { industry: a.industry as Industry } : {}),
    ...(a.salaryMin !== undefined && a.salaryMin !== null ? { salaryMin: a.salaryMin } : {}),
    ...(a.salaryMax !== undefined && a.salaryMax !== null ? { salaryMax: a.salaryMax } : {}),
    ...(a.language ? { language: a.language as JobAlertDto['language'] } : {}),
    ...(a.openToHkMo !== undefined && a.openToHkMo !== null ? { openToHkMo: a.openToHkMo } : {}),
    createdAt: new Date(a.createdAt).toISOString(),
  };
}

/** The inbox item of a job alert, in the three languages. */
export function jobAlertInbox(p: JobAlertPayload): { title: LocalisedText; body: LocalisedText } {
  return {
    title: localise((t) => t('inbox.jobAlertTitle')),
    body: localise((t, lang) => t('inbox.jobAlertBody', { job: p.jobTitle[lang], city: t(`city.${p.city}`), keywords: alertKeywords(p.q, lang) })),
  };
}

/** "「前端」" / ' "front-end"' after "saved search", or nothing. */
export function alertKeywords(q: string | undefined, lang: (typeof LANGS)[number]): string {
  if (!q) return '';
  return lang === 'en' ? ` "${q}"` : `「${q}」`;
}

export type { JobSummaryDto };

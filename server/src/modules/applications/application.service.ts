import { Types } from 'mongoose';
import { canTransition, type ApplicationStatus, type DocType, type LocalisedText, type NorthboundScheme, type Page, type ApplicationDto, type RevealableField, type RevealDto } from '@bay/shared';
import type { FieldCipher } from '../../core/crypto.js';
import { AppError, notFound } from '../../core/errors.js';
import { isDuplicateKey } from '../../core/db.js';
import { lockKeys, type Locks } from '../../core/lock.js';
import type { JobModel } from '../jobs/job.model.js';
import { isListed, copyLocalised } from '../jobs/job.model.js';
import { statusDedupeKey, type ApplicationRelay } from './application.relay.js';
import { toApplicationDto, type ApplicationDoc, type ApplicationModel, type OutboxEntry, type TimelineEntry } from './application.model.js';

export interface ApplicationCreateInput {
  jobId: string;
  name: string;
  phone: string;
  docType: DocType;
  docNumber: string;
  resume: string;
}

/** A Northbound Travel application (港车北上 / 澳车北上); the travel module checks eligibility first. */
export interface NorthboundCreateInput {
  scheme: NorthboundScheme;
  name: string;
  phone: string;
  docType: DocType;
  docNumber: string;
  plate: string;
  /** "Northbound Travel · <plate>" in three languages, from the scheme's rules. */
  title: LocalisedText;
}

export interface ListParams {
  status?: ApplicationStatus;
  cursor?: string;
  limit: number;
}

/** Who moves it: the resident, or the reviewing side (staff, or the employer whose job it is: the machine's 'reviewer'). */
type Actor = 'resident' | 'reviewer' | 'employer';
const machineActor = (a: Actor): 'resident' | 'reviewer' => (a === 'employer' ? 'reviewer' : a);

interface Deps {
  applications: ApplicationModel;
  jobs: JobModel;
  /** Hands each change's message to the outbox (application.relay.ts); called as `relay.relayAfterChange` so a test can stand in for a crash. */
  relay: ApplicationRelay;
  locks: Locks;
  /** Encrypts phone and docNumber at rest. */
  cipher: FieldCipher;
  /** Marks applications whose name and document equal the resident's linked verified identity. */
  verifiedIdentity?: { matchesVerified(userId: string, input: { name: string; docType: DocType; docNumber: string }): Promise<boolean> };
}

export function createApplicationService({ applications, jobs, relay, locks, cipher, verifiedIdentity }: Deps) {
  const decrypt = (stored: string) => cipher.decrypt(stored);
  const toDto = (a: ApplicationDoc) => toApplicationDto(a, decrypt);

  function outboxEntry(app: Pick<ApplicationDoc, '_id' | 'title'>, status: ApplicationStatus, at: Date, note?: string): OutboxEntry {
    return {
      dedupeKey: statusDedupeKey(String(app._id), status),
      kind: 'application.status',
      payload: { applicationId: String(app._id), title: copyLocalised(app.title), status, at: at.toISOString(), ...(note ? { note } : {}) },
      createdAt: at,
    };
  }

  async function page(filter: Record<string, unknown>, params: ListParams): Promise<Page<ApplicationDto>> {
    const f: Record<string, unknown> = { ...filter };
    if (params.status) f.status = params.status;
    if (params.cursor) f._id = { $lt: new Types.ObjectId(params.cursor) };
    const docs = await applications.find(f).sort({ _id: -1 }).limit(params.limit + 1).lean<ApplicationDoc[]>();
    const more = docs.length > params.limit;
    const items = docs.slice(0, params.limit);
    return { items: items.map(toDto), nextCursor: more ? String(items[items.length - 1]!._id) : null };
  }

  /**
   * Moves an application to `to` in ONE atomic update guarded by the status it was read in:
   * status, timeline entry and outbox entry change together or not at all.
   */
  async function changeStatus(id: string, to: ApplicationStatus, actor: Actor, note?: string, ownerId?: string): Promise<ApplicationDoc> {
    const updated = await locks.withLock(lockKeys.application(id), () => applyStatus(id, to, actor, note, ownerId));
    await relay.relayAfterChange(updated._id);
    return updated;
  }

  async function applyStatus(id: string, to: ApplicationStatus, actor: Actor, note?: string, ownerId?: string): Promise<ApplicationDoc> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await applications.findById(id).lean<ApplicationDoc>();
      if (!current || (ownerId && String(current.userId) !== ownerId)) throw notFound();
      if (!canTransition(current.status, to, machineActor(actor))) {
        throw new AppError(409, 'illegalTransition', 'e.illegalTransition', undefined, { from: { key: `status.${current.status}` }, to: { key: `status.${to}` } });
      }
      const at = new Date();
      const entry: TimelineEntry = { status: to, at, by: actor, ...(note ? { note } : {}) };
      const updated = await applications.findOneAndUpdate(
        { _id: current._id, status: current.status },
        { $set: { status: to }, $push: { timeline: entry, outbox: outboxEntry(current, to, at, note) } },
        { returnDocument: 'after' },
      ).lean<ApplicationDoc>();
      if (updated) return updated;
      // Someone else changed the status between our read and write: re-check against the new status.
    }
    throw new AppError(409, 'conflict');
  }

  /** The applicant's details every application type has, as the resident entered them. */
  type Applicant = { name: string; phone: string; docType: DocType; docNumber: string };
  /** What differs per application type: its unique key, what it is for, and the type's own fields. */
  type Subject = Pick<ApplicationDoc, 'uniqueKey' | 'title' | 'resume'> & Partial<Pick<ApplicationDoc, 'type' | 'jobId' | 'northbound'>>;

  /**
   * Stores a new application in 'submitted' with its first timeline and outbox entries (one
   * insert), then relays the message. A second application with the same unique key: 409 `duplicate`.
   */
  async function submit(userId: string, applicant: Applicant, subject: Subject, duplicate: 'duplicateApplication' | 'duplicateNorthbound'): Promise<ApplicationDoc> {
    const _id = new Types.ObjectId();
    const at = new Date();
    const verified = (await verifiedIdentity?.matchesVerified(userId, applicant)) ?? false;
    try {
      const [created] = await applications.insertMany([{
        _id,
        ...subject,
        userId: new Types.ObjectId(userId),
        status: 'submitted',
        name: applicant.name,
        phone: cipher.encrypt(applicant.phone),
        docType: applicant.docType,
        docNumber: cipher.encrypt(applicant.docNumber),
        verified,
        timeline: [{ status: 'submitted', at, by: 'resident' }],
        outbox: [outboxEntry({ _id, title: subject.title }, 'submitted', at)],
      }], { lean: false });
      await relay.relayAfterChange(_id);
      return created!.toObject() as ApplicationDoc;
    } catch (err) {
      if (isDuplicateKey(err)) throw new AppError(409, duplicate);
      throw err;
    }
  }

  return {
    async create(userId: string, input: ApplicationCreateInput): Promise<ApplicationDoc> {
      const job = await jobs.findById(input.jobId, { title: 1, deletedAt: 1, live: 1 }).lean();
      // Deleted, paused or closed jobs, and jobs of an organisation not (or no longer) verified, take no applications.
      if (!job || !isListed(job)) throw notFound();
      return submit(userId, input, { uniqueKey: `${userId}:${input.jobId}`, jobId: job._id, title: copyLocalised(job.title), resume: input.resume }, 'duplicateApplication');
    },
    /**
     * Same document, status machine, timeline, outbox and lists as a job application; one per
     * resident, scheme and plate (409 duplicateNorthbound).
     */
    createNorthbound(userId: string, input: NorthboundCreateInput): Promise<ApplicationDoc> {
      return submit(userId, input, {
        uniqueKey: `${userId}:northbound:${input.scheme}:${input.plate}`, type: 'northbound',
        title: input.title, northbound: { scheme: input.scheme, plate: input.plate }, resume: '',
      }, 'duplicateNorthbound');
    },
    listMine: (userId: string, params: ListParams) => page({ userId: new Types.ObjectId(userId) }, params),
    listAll: (params: ListParams) => page({}, params),
    /** Applicants to one job (the employers module checks the job is the caller's organisation's). */
    listForJob: (jobId: Types.ObjectId, params: ListParams) => page({ jobId }, params),
    /** Applications per job id (jobs without any are absent). */
    async countByJobs(jobIds: Types.ObjectId[]): Promise<Map<string, number>> {
      if (!jobIds.length) return new Map();
      const rows = await applications.aggregate<{ _id: Types.ObjectId; n: number }>([
        { $match: { jobId: { $in: jobIds } } },
        { $group: { _id: '$jobId', n: { $sum: 1 } } },
      ]);
      return new Map(rows.map((r) => [String(r._id), r.n]));
    },
    findById: (id: string) => applications.findById(id).lean<ApplicationDoc>(),
    changeStatus,
    withdraw: (id: string, ownerId: string) => changeStatus(id, 'withdrawn', 'resident', undefined, ownerId),
    /** The masked DTO (decrypts phone and docNumber only to mask them). */
    toDto,
    /** Full values of the asked fields. Only for the audited admin reveal; never log the result. */
    async reveal(id: string, fields: readonly RevealableField[]): Promise<Omit<RevealDto, 'auditId'>> {
      const app = await applications.findById(id, { phone: 1, docNumber: 1 }).lean<Pick<ApplicationDoc, '_id' | RevealableField>>();
      if (!app) throw notFound();
      return { id: String(app._id), ...Object.fromEntries(fields.map((f) => [f, decrypt(app[f])])) };
    },
  };
}
export type ApplicationService = ReturnType<typeof createApplicationService>;

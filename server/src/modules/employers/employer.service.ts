import { randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import {
  BIND_CODE_ALPHABET, MAX_ORG_MEMBERS, ORG_INVITE_TTL_HOURS, ORG_REVIEW_MOVES, canMoveJob,
  type AdminJobCreate, type ApplicationStatus, type EmployerJobCreate, type EmployerJobDto, type EmployerJobUpdate, type JobState,
  type OrgDecision, type OrgDto, type OrgInviteDto, type OrgMemberRole, type OrgRegisterRequest, type OrgStatus, type Page, type RevealableField,
} from '@bay/shared';
import { isDuplicateKey } from '../../core/db.js';
import { AppError, notFound } from '../../core/errors.js';
import { lockKeys, type Locks } from '../../core/lock.js';
import type { ApplicationDoc } from '../applications/application.model.js';
import type { ApplicationService, ListParams } from '../applications/application.service.js';
import { toJobDto, type JobDoc } from '../jobs/job.model.js';
import type { JobService } from '../jobs/job.service.js';
import type { UserModel } from '../users/user.model.js';
import type { UserService } from '../users/user.service.js';
import type { OrgDoc, OrgInviteModel, OrgMemberDoc, OrgMemberModel, OrgModel } from './org.model.js';

export interface EmployerServiceDeps {
  orgs: OrgModel;
  members: OrgMemberModel;
  invites: OrgInviteModel;
  userModel: UserModel;
  users: UserService;
  jobs: JobService;
  applications: ApplicationService;
  locks: Locks;
}

/** The signed-in employer: their membership and organisation. */
export interface Membership {
  member: OrgMemberDoc;
  org: OrgDoc;
}

const INVITE_LENGTH = 8;
const noOrganisation = () => new AppError(404, 'noOrganisation');
const stateMove = (from: JobState, to: JobState) =>
  new AppError(409, 'jobStateMove', 'e.jobStateMove', undefined, { from: { key: `employer.jobState.${from}` }, to: { key: `employer.jobState.${to}` } });

function inviteCode(): string {
  let code = '';
  for (let i = 0; i < INVITE_LENGTH; i++) code += BIND_CODE_ALPHABET[randomInt(BIND_CODE_ALPHABET.length)];
  return code;
}

/**
 * Employers (粤商通 side of jobs): organisations, their members and invites, an admin's review,
 * and an organisation's own jobs and applicants. Jobs and applications stay in their modules
 * (one job index, one status machine, one outbox): this module only decides who may do what.
 */
export function createEmployerService(deps: EmployerServiceDeps) {
  const { orgs, members, invites, userModel, users, jobs, applications, locks } = deps;

  async function orgDto(org: OrgDoc, myRole?: OrgMemberRole): Promise<OrgDto> {
    const rows = await members.find({ orgId: org._id }).sort({ joinedAt: 1 }).lean<OrgMemberDoc[]>();
    const people = await userModel.find({ _id: { $in: rows.map((r) => r.userId) } }, { nickname: 1 }).lean();
    const nick = new Map(people.map((p) => [String(p._id), p.nickname]));
    const posted = myRole ? await jobs.listByOrg(org._id) : [];
    return {
      id: String(org._id),
      name: { 'zh-Hans': org.name['zh-Hans'], 'zh-Hant': org.name['zh-Hant'], en: org.name.en },
      reg: { kind: org.reg.kind, number: org.reg.number },
      status: org.status,
      ...(org.review ? { review: { decision: org.review.decision, ...(org.review.note ? { note: org.review.note } : {}), at: org.review.at.toISOString() } } : {}),
      members: rows.map((r) => {
        const nickname = nick.get(String(r.userId));
        return { userId: String(r.userId), ...(nickname ? { nickname } : {}), role: r.role, joinedAt: r.joinedAt.toISOString() };
      }),
      ...(myRole ? { myRole, jobs: { open: posted.filter((j) => (j.state ?? 'open') === 'open').length, total: posted.length } } : {}),
      createdAt: org.createdAt.toISOString(),
    };
  }

  /** The caller's membership, or 404 noOrganisation. */
  async function membership(userId: Types.ObjectId): Promise<Membership> {
    const member = await members.findOne({ userId }).lean<OrgMemberDoc>();
    const org = member ? await orgs.findById(member.orgId).lean<OrgDoc>() : null;
    if (!member || !org) throw noOrganisation();
    return { member, org };
  }

  async function findMember(userId: Types.ObjectId): Promise<OrgMemberDoc | null> {
    return members.findOne({ userId }).lean<OrgMemberDoc>();
  }

  /** Registers an organisation (pending review) with the caller as its owner; the caller becomes an employer. */
  function register(userId: Types.ObjectId, body: { name: OrgRegisterRequest['name']; reg: { kind: OrgDoc['reg']['kind']; number: string } }, id = new Types.ObjectId()): Promise<OrgDto> {
    return locks.exclusive(lockKeys.orgUser(String(userId)), async () => {
      if (await findMember(userId)) throw new AppError(409, 'alreadyInOrg');
      let org: OrgDoc;
      try {
        org = (await orgs.create({ _id: id, name: body.name, reg: body.reg, regKey: `${body.reg.kind}:${body.reg.number}`, status: 'pending', review: null, createdBy: userId })).toObject() as OrgDoc;
      } catch (err) {
        if (isDuplicateKey(err)) throw new AppError(409, 'orgTaken');
        throw err;
      }
      try {
        await members.create({ orgId: org._id, userId, role: 'owner', joinedAt: new Date() });
      } catch (err) {
        await orgs.deleteOne({ _id: org._id });
        if (isDuplicateKey(err)) throw new AppError(409, 'alreadyInOrg');
        throw err;
      }
      await users.update(String(userId), { role: 'employer' });
      return orgDto(org, 'owner');
    });
  }

  /** A one-time invite code (owners: members only; admins: either role). */
  async function createInvite(orgId: Types.ObjectId, role: OrgMemberRole, by: Types.ObjectId): Promise<OrgInviteDto> {
    const expiresAt = new Date(Date.now() + ORG_INVITE_TTL_HOURS * 3600_000);
    for (let attempt = 0; ; attempt++) {
      const code = inviteCode();
      try {
        await invites.create({ code, orgId, role, createdBy: by, expiresAt, usedAt: null, usedBy: null });
        return { code, role, expiresAt: expiresAt.toISOString() };
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= 4) throw err;
      }
    }
  }

  /** Joins the invite's organisation: the code is used once, before it expires; the caller becomes an employer. */
  function join(userId: Types.ObjectId, code: string): Promise<OrgDto> {
    return locks.exclusive(lockKeys.orgUser(String(userId)), async () => {
      if (await findMember(userId)) throw new AppError(409, 'alreadyInOrg');
      const invalid = () => new AppError(400, 'inviteInvalid', 'e.inviteInvalid', { code: 'e.inviteInvalid' });
      const claimed = await locks.withLock(lockKeys.orgInvite(code), () => invites.findOneAndUpdate(
        { code, usedAt: null, expiresAt: { $gt: new Date() } },
        { $set: { usedAt: new Date(), usedBy: userId } },
        { returnDocument: 'after' },
      ).lean());
      if (!claimed) throw invalid();
      const release = () => invites.updateOne({ _id: claimed._id }, { $set: { usedAt: null, usedBy: null } });
      const org = await orgs.findById(claimed.orgId).lean<OrgDoc>();
      if (!org) throw invalid();
      return locks.exclusive(lockKeys.org(String(org._id)), async () => {
        if ((await members.countDocuments({ orgId: org._id })) >= MAX_ORG_MEMBERS) {
          await release();
          throw new AppError(409, 'orgMemberLimit', 'e.orgMemberLimit', undefined, { max: MAX_ORG_MEMBERS });
        }
        try {
          await members.create({ orgId: org._id, userId, role: claimed.role, joinedAt: new Date() });
        } catch (err) {
          await release();
          if (isDuplicateKey(err)) throw new AppError(409, 'alreadyInOrg');
          throw err;
        }
        await users.update(String(userId), { role: 'employer' });
        return orgDto(org, claimed.role);
      });
    });
  }

  /** An owner removes a member (or themself, if another owner stays); the person is a resident again. */
  function removeMember(caller: Membership, target: Types.ObjectId): Promise<void> {
    if (caller.member.role !== 'owner') throw new AppError(403, 'orgOwnerOnly');
    return locks.exclusive(lockKeys.org(String(caller.org._id)), async () => {
      const row = await members.findOne({ orgId: caller.org._id, userId: target }).lean<OrgMemberDoc>();
      if (!row) throw notFound();
      if (row.role === 'owner' && (await members.countDocuments({ orgId: caller.org._id, role: 'owner' })) <= 1) throw new AppError(409, 'orgLastOwner');
      await members.deleteOne({ _id: row._id });
      await users.update(String(target), { role: 'resident' });
    });
  }

  // ---- admin ----

  async function adminList(params: { status?: OrgStatus; cursor?: string; limit: number }): Promise<Page<OrgDto>> {
    const filter: Record<string, unknown> = {};
    if (params.status) filter.status = params.status;
    if (params.cursor) filter._id = { $lt: new Types.ObjectId(params.cursor) };
    const docs = await orgs.find(filter).sort({ _id: -1 }).limit(params.limit + 1).lean<OrgDoc[]>();
    const page = docs.slice(0, params.limit);
    return { items: await Promise.all(page.map((o) => orgDto(o))), nextCursor: docs.length > params.limit ? String(page.at(-1)!._id) : null };
  }

  async function adminGet(id: string): Promise<OrgDto> {
    const org = await orgs.findById(id).lean<OrgDoc>();
    if (!org) throw notFound();
    return orgDto(org);
  }

  async function orgExists(id: string): Promise<Types.ObjectId> {
    const org = await orgs.findById(id, { _id: 1 }).lean();
    if (!org) throw notFound();
    return org._id;
  }

  /** Verifies, rejects or suspends; the organisation's open jobs are listed or unlisted with it. */
  async function review(id: string, decision: OrgDecision, note: string | undefined, by: Types.ObjectId): Promise<{ org: OrgDto; from: OrgStatus; jobs: number }> {
    const { updated, from } = await locks.withLock(lockKeys.org(id), async () => {
      const current = await orgs.findById(id).lean<OrgDoc>();
      if (!current) throw notFound();
      if (!ORG_REVIEW_MOVES[current.status].includes(decision)) {
        throw new AppError(409, 'orgMove', 'e.orgMove', undefined, { from: { key: `employer.status.${current.status}` }, to: { key: `employer.status.${decision}` } });
      }
      const next = await orgs.findOneAndUpdate(
        { _id: current._id, status: current.status },
        { $set: { status: decision, review: { decision, ...(note ? { note } : {}), at: new Date(), by } } },
        { returnDocument: 'after' },
      ).lean<OrgDoc>();
      if (!next) throw new AppError(409, 'conflict');
      return { updated: next, from: current.status };
    });
    const changed = await jobs.setOrgListed(updated._id, decision === 'verified');
    return { org: await orgDto(updated), from, jobs: changed };
  }

  // ---- the organisation's jobs ----

  async function jobDto(doc: JobDoc, counts?: Map<string, number>): Promise<EmployerJobDto> {
    const n = counts ?? (await applications.countByJobs([doc._id]));
    return { ...toJobDto(doc), state: doc.state ?? 'open', live: doc.live !== false && !doc.deletedAt, applicants: n.get(String(doc._id)) ?? 0 };
  }

  async function ownJob(m: Membership, id: string): Promise<JobDoc> {
    const job = await jobs.findOwned(id, m.org._id);
    if (!job) throw notFound();
    return job;
  }

  async function listJobs(m: Membership): Promise<EmployerJobDto[]> {
    const docs = await jobs.listByOrg(m.org._id);
    const counts = await applications.countByJobs(docs.map((d) => d._id));
    return Promise.all(docs.map((d) => jobDto(d, counts)));
  }

  /** The employer's name on the posting is always the organisation's registered name. */
  async function createJob(m: Membership, body: EmployerJobCreate, id = new Types.ObjectId()): Promise<EmployerJobDto> {
    const full: AdminJobCreate = { ...body, employer: m.org.name };
    return jobDto(await jobs.create(full, id, { orgId: m.org._id, live: m.org.status === 'verified' }), new Map());
  }

  async function updateJob(m: Membership, id: string, body: EmployerJobUpdate): Promise<EmployerJobDto> {
    const current = await ownJob(m, id);
    if (current.state === 'closed') throw new AppError(409, 'jobClosed');
    return jobDto(await jobs.update(id, body, m.org._id));
  }

  async function setJobState(m: Membership, id: string, to: JobState): Promise<{ job: EmployerJobDto; from: JobState }> {
    return locks.withLock(lockKeys.job(id), async () => {
      const current = await ownJob(m, id);
      const from = current.state ?? 'open';
      if (!canMoveJob(from, to)) throw stateMove(from, to);
      const org = await orgs.findById(m.org._id, { status: 1 }).lean();
      const doc = await jobs.setState(id, m.org._id, from, to, org?.status === 'verified');
      if (!doc) throw new AppError(409, 'conflict');
      return { job: await jobDto(doc), from };
    });
  }

  // ---- applicants ----

  async function applicants(m: Membership, jobId: string, params: ListParams): Promise<Page<ReturnType<ApplicationService['toDto']>>> {
    const job = await ownJob(m, jobId);
    return applications.listForJob(job._id, params);
  }

  /** An application to one of the organisation's jobs, or 404 (another organisation's, a Northbound one, missing). */
  async function ownApplication(m: Membership, id: string): Promise<ApplicationDoc> {
    const app = await applications.findById(id);
    if (!app?.jobId || !(await jobs.findOwned(String(app.jobId), m.org._id))) throw notFound();
    return app;
  }

  return {
    membership,
    register,
    myOrg: async (m: Membership) => orgDto(m.org, m.member.role),
    invite: (m: Membership, role: OrgMemberRole) => {
      if (m.member.role !== 'owner') throw new AppError(403, 'orgOwnerOnly');
      return createInvite(m.org._id, role, m.member.userId);
    },
    adminInvite: async (orgId: string, role: OrgMemberRole, by: Types.ObjectId) => createInvite(await orgExists(orgId), role, by),
    join,
    removeMember,
    adminList,
    adminGet,
    review,
    listJobs,
    getJob: async (m: Membership, id: string) => jobDto(await ownJob(m, id)),
    createJob,
    updateJob,
    setJobState,
    applicants,
    ownApplication,
    async changeStatus(m: Membership, id: string, status: ApplicationStatus, note?: string): Promise<ApplicationDoc> {
      await ownApplication(m, id);
      return applications.changeStatus(id, status, 'employer', note);
    },
    async reveal(m: Membership, id: string, fields: readonly RevealableField[]) {
      await ownApplication(m, id);
      return applications.reveal(id, fields);
    },
  };
}
export type EmployerService = ReturnType<typeof createEmployerService>;

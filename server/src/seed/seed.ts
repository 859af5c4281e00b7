import type { Connection } from 'mongoose';
import { createModels } from '../services.js';
import { processLocks } from '../core/lock.js';
import { createUserService } from '../modules/users/user.service.js';
import { seedKnowledgeBase, type KbSeedResult } from '../modules/enquiries/kb.loader.js';
import { SEED_JOBS } from './jobs.js';
import { seedPayment } from '../modules/payment/payment.seed.js';
import { seedTravelContent, type TravelSeedResult } from '../modules/travel/travel.loader.js';
import { seedCustomsContent, type CustomsSeedResult } from '../modules/customs/customs.content.js';
import { seedLifeContent, type LifeSeedResult } from '../modules/life/life.service.js';

export interface SeedResult {
  jobs: number;
  users: string[];
  /** Knowledge-base seed files (seed/content/kb/*.json); a bad file throws ContentError (core/content.ts) naming file, entry and field. */
  kb: KbSeedResult;
  /** Travel content (seed/content/travel/*.json); entries edited by admins are kept. */
  travel?: TravelSeedResult;
  /** Customs ports and guide (seed/content/customs/*.json); entries edited by admins are kept. */
  customs?: CustomsSeedResult;
  /** Life scenarios (seed/content/life/<scenario>.json); entries edited by admins are kept. */
  life?: LifeSeedResult;
}

/** Demo accounts, signed in through the development login with these handles. */
export const DEMO_USERS = [
  { handle: 'demo-resident', role: 'resident', lang: 'zh-Hant' },
  { handle: 'demo-reviewer', role: 'reviewer', lang: 'zh-Hans' },
  { handle: 'demo-employer', role: 'employer', lang: 'zh-Hans' },
] as const;

/**
 * The demo employer's organisation, verified, so `demo-employer` can post jobs that residents see at
 * once. Demonstration data: the BR number is a placeholder (8 digits, no real business).
 */
export const DEMO_ORG = {
  name: { 'zh-Hans': '湾区示范招聘有限公司（演示）', 'zh-Hant': '灣區示範招聘有限公司（示範）', en: 'Bay Demo Hiring Ltd (demo)' },
  reg: { kind: 'hkbr' as const, number: '00000000' },
};

/**
 * Idempotent: jobs are upserted by slug (content refreshed, `postedAt` and ids kept),
 * demo users by their `dev:<handle>` openid. Safe to run on every start.
 */
export async function seedDemoData(conn: Connection): Promise<SeedResult> {
  const models = createModels(conn);
  await models.jobs.createIndexes();
  await models.users.createIndexes();
  const now = Date.now();
  // Older postings first, so the newest _id (listed first) is also the most recently posted.
  const ordered = [...SEED_JOBS].reverse();
  for (const [i, job] of ordered.entries()) {
    const { slug, ...content } = job;
    await models.jobs.updateOne(
      { slug },
      { $set: { ...content, demo: true }, $setOnInsert: { slug, postedAt: new Date(now - (ordered.length - i) * 6 * 3600_000) } },
      { upsert: true },
    );
  }
  // Running servers' job search indexes poll this marker (modules/jobs/job.service.ts).
  await models.jobsMarker.updateOne({ _id: 'jobs' }, { $set: { changedAt: new Date() } }, { upsert: true });
  // The seed runs before (or beside, in tests) the server: its own in-process locks suffice for its few upserts.
  const users = createUserService(models.users, processLocks());
  for (const u of DEMO_USERS) {
    await users.upsert({ openid: `dev:${u.handle}`, role: u.role, defaultLang: u.lang, nickname: u.handle });
  }
  const employer = await models.users.findOne({ openid: 'dev:demo-employer' }).lean();
  if (employer) {
    const regKey = `${DEMO_ORG.reg.kind}:${DEMO_ORG.reg.number}`;
    const org = await models.orgs.findOneAndUpdate(
      { regKey },
      { $setOnInsert: { ...DEMO_ORG, regKey, status: 'verified', review: null, createdBy: employer._id } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    if (org) await models.orgMembers.updateOne({ userId: employer._id }, { $setOnInsert: { orgId: org._id, role: 'owner', joinedAt: new Date() } }, { upsert: true });
  }
  const kb = await seedKnowledgeBase(models.kb);
  // Payment rates and methods (seed/content/payment/*.json): admins' rates and edited methods are kept.
  await seedPayment(models);
  const travel = await seedTravelContent(models);
  const customs = await seedCustomsContent(models);
  const life = await seedLifeContent(models);
  return { jobs: SEED_JOBS.length, users: DEMO_USERS.map((u) => u.handle), kb, travel, customs, life };
}
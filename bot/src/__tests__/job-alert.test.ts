/**
 * Job alerts through the bot: a bound resident with a saved search hears about a new matching job
 * once, in their language, with a link to the job page; a resident whose search does not match
 * hears nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JOB_API, type AdminJobCreate, type JobAlertDto, type JobDto, type SessionDto } from '@bay/shared';
import { startTestServer, type TestServer } from '@bay/server/testing';
import { call, sleep, startBotWorld, tempStateDir, waitFor, type BotWorld, type MockUser } from './helpers/world.js';

let server: TestServer;
let world: BotWorld;
let removeState: () => Promise<void>;

async function bindUser(session: SessionDto, contactId: string) {
  await server.app.services.models.users.updateOne({ _id: session.user.id }, { $set: { bot: { contactId, boundAt: new Date() } } });
}

beforeAll(async () => {
  server = await startTestServer();
  const state = await tempStateDir();
  removeState = state.remove;
  world = await startBotWorld(server, state.dir);
});
afterAll(async () => {
  await world?.stop();
  await server?.close();
  await removeState?.();
});

const job: AdminJobCreate = {
  title: { 'zh-Hans': '跨境物流调度员', 'zh-Hant': '跨境物流調度員', en: 'Cross-border Logistics Dispatcher' },
  employer: { 'zh-Hans': '示例物流公司', 'zh-Hant': '示例物流公司', en: 'Example logistics company' },
  city: 'zhongshan',
  industry: 'logistics',
  salaryMin: 7000,
  salaryMax: 9000,
  currency: 'CNY',
  salaryPeriod: 'month',
  languages: ['普通话', '粤语'],
  description: { 'zh-Hans': '示例职位（测试数据）。', 'zh-Hant': '示例職位（測試數據）。', en: 'Example vacancy (test data).' },
  openToHkMo: true,
};

describe('job alerts through the bot', () => {
  it('tells a bound resident about a new job that matches their saved search, once, in their language', async () => {
    const admin = await server.devLogin('ja-admin', 'admin');
    const hant = await server.devLogin('ja-hant', 'resident', 'zh-Hant');
    const en = await server.devLogin('ja-en', 'resident', 'en');
    const other = await server.devLogin('ja-other', 'resident', 'zh-Hans');
    await bindUser(hant, 'ja-contact-hant');
    await bindUser(en, 'ja-contact-en');
    await bindUser(other, 'ja-contact-other');
    const users: Record<string, MockUser> = {
      hant: world.contact('ja-contact-hant', '陳小姐'),
      en: world.contact('ja-contact-en', 'Alex'),
      other: world.contact('ja-contact-other', '李先生'),
    };
    // 繁體 keywords meet the 简体 title; the English alert uses a prefix; the third wants another city.
    await call<JobAlertDto>(server, hant, 'POST', JOB_API.jobAlerts, { q: '物流調度', city: 'zhongshan' });
    await call<JobAlertDto>(server, en, 'POST', JOB_API.jobAlerts, { q: 'logistics dispatch' });
    await call<JobAlertDto>(server, other, 'POST', JOB_API.jobAlerts, { q: '物流', city: 'macao' });

    const created = await call<JobDto>(server, admin, 'POST', JOB_API.adminJobs, job);
    await waitFor(() => users.hant!.received.length >= 1 && users.en!.received.length >= 1, 'the job alerts', 10_000);
    await sleep(800);

    expect(users.hant!.received).toHaveLength(1);
    expect(users.hant!.received[0]).toContain('【職位提醒】跨境物流調度員（中山）');
    expect(users.hant!.received[0]).toContain(`/#/packages/jobs/detail/index?id=${created.id}`);
    expect(users.en!.received).toHaveLength(1);
    expect(users.en!.received[0]).toContain('[Job alert] Cross-border Logistics Dispatcher');
    expect(users.en!.received[0]).toContain(`/#/packages/jobs/detail/index?id=${created.id}`);
    expect(users.other!.received).toHaveLength(0);
  });
});

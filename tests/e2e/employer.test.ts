/**
 * The employer side of jobs (issue 16) end to end: the H5 build in Debian's Chromium, the real
 * server on the jest run's FerretDB, and the real bot on wechaty-puppet-mock.
 * 1 a resident registers an organisation in the UI (a wrong USCC check character first) → 2 an
 * administrator verifies it on the console → 3 the employer posts a job in the UI, public at once
 * → 4 a resident with a bound bot contact finds it in the job search and applies → 5 the employer
 * moves the application to interview on the applicant page → 6 the bot pushes the interview
 * exactly once → 7 a second organisation's member gets the not-found view for that applicant.
 * Screenshots: test-output/e2e/employer-org.png, employer-job.png, employer-applicant.png, employer-elder.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { EMPLOYER_API, EMPLOYER_PAGES, isValidUscc, type OrgDto } from '@bay/shared';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { call, startBotWorld, statusUpdates, type BotWorld } from '../../bot/src/__tests__/helpers/world.js';
import { h5DistDir, startH5Preview, type H5Preview } from '../helpers/h5-preview.js';
import { E2E_OUTPUT_DIR } from '../helpers/scenario-e2e.js';
import { eventually, field, launchChromium, waitForText } from '../helpers/browser.js';

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A fresh, valid unified social credit code (the check character found by trying each), and the same with a wrong one. */
function uscc(): { good: string; bad: string } {
  const body = `91440300${Array.from({ length: 9 }, () => USCC_CHARS[Math.floor(Math.random() * USCC_CHARS.length)]).join('')}`;
  const check = [...USCC_CHARS].find((c) => isValidUscc(body + c))!;
  const wrong = [...USCC_CHARS].find((c) => c !== check)!;
  return { good: body + check, bad: body + wrong };
}

/**
 * Clicks a `.btn` on a page with pull-down refresh. Playwright's hit-target check reports the
 * inline <taro-pull-to-refresh-core> host as covering a flex button inside it, while Chromium
 * delivers the real click to the button (checked by hand): `force` skips only that check, the
 * click is still a real mouse click at the button's centre.
 */
async function tap(locator: Locator): Promise<void> {
  await locator.waitFor();
  await locator.click({ force: true });
}

/** Lets the page's slide-in transition finish so a screenshot shows the settled page. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  await page.waitForTimeout(300);
}

describe('the employer role in Chromium', () => {
  let server: TestServer;
  let preview: H5Preview;
  let world: BotWorld;
  let browser: Browser;
  let stateRoot: string;
  const pageErrors: string[] = [];
  const run = Date.now().toString(36);

  beforeAll(async () => {
    mkdirSync(E2E_OUTPUT_DIR, { recursive: true });
    stateRoot = mkdtempSync(join(tmpdir(), 'bay-e2e-employer-'));
    server = await startTestServer({ seed: true, relayIntervalMs: 300 });
    preview = await startH5Preview({ distDir: h5DistDir, apiUrl: server.url });
    world = await startBotWorld(server, join(stateRoot, 'bot'));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await world?.stop();
    await preview?.close();
    await server?.close();
    if (stateRoot) rmSync(stateRoot, { recursive: true, force: true });
  });

  async function newPage(locale: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    return page;
  }

  async function signIn(page: Page, handle: string, role: 'resident' | 'admin' | 'employer') {
    await page.goto(preview.url + '/#/pages/login/index');
    await field(page, 'login-handle').fill(handle);
    await page.locator(`#login-role-${role}`).click();
    await page.locator('#login-submit').click();
    await page.locator('#nav-jobs').waitFor();
  }

  const home = (page: Page) => page.goto(preview.url + '/#/pages/index/index');

  it('takes an organisation from registration to an interview pushed to the applicant once', async () => {
    const orgName = `湾区游艇码头${run}有限公司`;
    const reg = uscc();

    // 1. A resident registers an organisation: the server refuses a wrong check character next to the field.
    const employer = await newPage('zh-CN');
    await signIn(employer, `e2e-employer-${run}`, 'resident');
    await employer.locator('#nav-employer').click();
    await employer.locator('#org-register-form').waitFor();
    await field(employer, 'org-name-zh-Hans').fill(orgName);
    await field(employer, 'org-name-zh-Hant').fill(`灣區遊艇碼頭${run}有限公司`);
    await field(employer, 'org-name-en').fill(`Bay Marina ${run} Ltd`);
    await employer.locator('#org-kind-uscc').click();
    await field(employer, 'org-number').fill(reg.bad);
    await tap(employer.locator('#org-register'));
    await waitForText(employer.locator('#error-reg-number'), '校验位');
    await field(employer, 'org-number').fill(reg.good);
    await tap(employer.locator('#org-register'));
    await waitForText(employer.locator('#org-status'), '待审核');
    await employer.locator('#org-pending-hint').waitFor();
    await waitForText(employer.locator('#org-members'), '负责人');

    // 2. An administrator verifies it on the console.
    const admin = await newPage('zh-CN');
    await signIn(admin, `e2e-admin-${run}`, 'admin');
    await admin.locator('#nav-admin').click();
    await admin.locator('#admin-nav-orgs').click();
    const card = admin.locator('.admin-orgs [id^="admin-org-"].card', { hasText: orgName });
    await card.waitFor();
    await waitForText(card, reg.good);
    await tap(card.locator('[id$="-verified"]'));
    await eventually(() => card.count(), (n) => n === 0, 'the verified organisation to leave the queue');

    // The employer sees the organisation verified (the role became employer on the server).
    await home(employer);
    await employer.locator('#nav-employer').click();
    await waitForText(employer.locator('#org-status'), '已认证');
    expect(await employer.locator('#org-pending-hint').count()).toBe(0);
    await settled(employer);
    await employer.screenshot({ path: join(E2E_OUTPUT_DIR, 'employer-org.png'), fullPage: true });

    // 3. The employer posts a job; the organisation is verified, so it is public at once.
    await tap(employer.locator('#org-jobs'));
    await tap(employer.locator('#ejobs-new'));
    await field(employer, 'ejob-title-zh-Hans').fill('游艇码头调度员');
    await field(employer, 'ejob-title-zh-Hant').fill('遊艇碼頭調度員');
    await field(employer, 'ejob-title-en').fill('Marina dispatcher');
    await employer.locator('#ejob-city-zhuhai').click();
    await employer.locator('#ejob-industry-logistics').click();
    await field(employer, 'ejob-salaryMin').fill('7000');
    await field(employer, 'ejob-salaryMax').fill('9000');
    await field(employer, 'ejob-languages').fill('粤语，普通话');
    await field(employer, 'ejob-description-zh-Hans').fill('安排游艇泊位与出海时间。');
    await field(employer, 'ejob-description-zh-Hant').fill('安排遊艇泊位及出海時間。');
    await field(employer, 'ejob-description-en').fill('Schedule berths and sailings.');
    await employer.locator('#ejob-save').click();
    await employer.waitForURL(/packages\/employer\/job\/index\?id=[0-9a-f]{24}/);
    const jobId = /id=([0-9a-f]{24})/.exec(employer.url())![1]!;
    await waitForText(employer.locator('#ejob-live'), '已公开');
    await waitForText(employer.locator('#ejob-state'), '招聘中');
    await settled(employer);
    await employer.screenshot({ path: join(E2E_OUTPUT_DIR, 'employer-job.png'), fullPage: true });

    // 4. A resident binds the bot, finds the job in the search and applies (in 繁體).
    const resident = await newPage('zh-HK');
    await signIn(resident, `e2e-applicant-${run}`, 'resident');
    await resident.locator('#lang-zh-Hant').click();
    await resident.locator('#nav-me').click();
    await resident.locator('#bind-get-code').click();
    const code = (await resident.locator('#bind-code').innerText()).replace(/\s/g, '');
    const contact = world.contact(`e2e-employer-contact-${run}`, '陳大文');
    contact.say(`綁定 ${code}`);
    await eventually(() => contact.received.join('\n'), (t) => t.includes('綁定成功'), 'the bind confirmation');

    await home(resident);
    await resident.locator('#nav-jobs').click();
    await resident.locator('[id^="job-"]').first().waitFor();
    await field(resident, 'jobs-search').fill('遊艇碼頭');
    await resident.locator('#jobs-search-go').click();
    const found = resident.locator(`#job-${jobId}`);
    await found.waitFor();
    await waitForText(found, '遊艇碼頭調度員');
    await waitForText(found, `灣區遊艇碼頭${run}有限公司`);
    await found.click();
    await resident.locator('#job-apply').click();
    await field(resident, 'apply-name').fill('陳大文');
    await field(resident, 'apply-phone').fill('+852 9123 4567');
    await resident.locator('#apply-docType-hkid').click();
    await field(resident, 'apply-docNumber').fill('A123456(3)');
    await field(resident, 'apply-resume').fill('五年碼頭調度經驗，熟悉粵語及普通話。');
    await resident.locator('#apply-submit').click();
    await resident.waitForURL(/pages\/applications\/detail\?id=[0-9a-f]{24}/);
    const applicationId = /id=([0-9a-f]{24})/.exec(resident.url())![1]!;

    // 5. The employer opens the applicants of the job and moves the application on to interview.
    await employer.locator('#ejob-applicants').click();
    const row = employer.locator(`#eapp-${applicationId}`);
    await row.waitFor();
    await waitForText(row, '陳大文');
    await waitForText(row, '****'); // masked phone and document number
    await row.click();
    await employer.locator('#eapp-status-under_review').click();
    await employer.locator('#eapp-status-interview').waitFor();
    await field(employer, 'eapp-note').fill('周五上午十点，码头办公室');
    await employer.locator('#eapp-status-interview').click();
    await employer.locator('#eapp-status-offered').waitFor();
    await waitForText(employer.locator('#timeline-interview'), '招聘机构');
    await settled(employer);
    await employer.waitForTimeout(1500); // the "updated" toast
    await employer.screenshot({ path: join(E2E_OUTPUT_DIR, 'employer-applicant.png'), fullPage: true });

    // 6. The bound contact hears each change once, in 繁體; the interview exactly once, however long we wait.
    const updates = () => statusUpdates(contact.received).filter((text) => text.includes(applicationId));
    await eventually(() => updates().filter((t) => t.includes('面試')).length, (n) => n >= 1, 'the interview update', 20_000);
    await new Promise((r) => setTimeout(r, 5000));
    const interview = updates().filter((t) => t.includes('面試'));
    expect(interview).toHaveLength(1);
    expect(interview[0]).toContain('周五上午十点');
    expect(updates().filter((t) => t.includes('審核中'))).toHaveLength(1);
    expect(updates().filter((t) => t.includes('已提交'))).toHaveLength(1);
    expect(updates()).toHaveLength(3);

    // 7. A member of a second organisation cannot open this applicant: the not-found view.
    const rivalHandle = `e2e-rival-${run}`;
    const rivalSession = await server.devLogin(rivalHandle, 'resident');
    await call<OrgDto>(server, rivalSession, 'POST', EMPLOYER_API.orgs, {
      name: { 'zh-Hans': `对手${run}公司`, 'zh-Hant': `對手${run}公司`, en: `Rival ${run} Co` },
      reg: { kind: 'uscc', number: uscc().good },
    });
    const rival = await newPage('zh-CN');
    await signIn(rival, rivalHandle, 'employer');
    await rival.goto(`${preview.url}/#/${EMPLOYER_PAGES.applicant(applicationId)}`);
    await waitForText(rival.locator('#eapp-not-found'), '不属于你的机构');
    expect(await rival.locator('#eapp-view').count()).toBe(0);

    // Elder mode in English: the rival's own organisation page (pending) still lays out, in bigger type.
    await rival.goto(`${preview.url}/?elder=1#/pages/index/index`);
    await rival.locator('#lang-en').click();
    await rival.locator('#nav-employer').click();
    await waitForText(rival.locator('.page--elder #org-status'), 'Awaiting review');
    await rival.locator('.page--elder #org-pending-hint').waitFor();
    await settled(rival);
    await rival.screenshot({ path: join(E2E_OUTPUT_DIR, 'employer-elder.png'), fullPage: true });

    expect(pageErrors).toEqual([]);
  }, 300_000);
});

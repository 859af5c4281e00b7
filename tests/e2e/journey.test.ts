/**
 * The foundation journey, end to end: the H5 build of the mini-program in Debian's Chromium,
 * the real Koa server on the jest run's FerretDB, and the real bot on wechaty-puppet-mock.
 * 1 sign in → 2 browse and apply (a bad HKID first) → 3 bind the bot with the code shown on the
 * page → 4 a reviewer moves the application on the admin screen → 5 the bot pushes the change,
 * once, in the resident's language → 6 "My applications" shows the new status on the timeline.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { startBotWorld, statusUpdates, type BotWorld } from '../../bot/src/__tests__/helpers/world.js';
import { h5DistDir, startH5Preview, type H5Preview } from '../helpers/h5-preview.js';
import { repoRoot } from '../helpers/engine.mjs';
import { eventually, launchChromium, field, waitForText } from '../helpers/browser.js';

const outputDir = join(repoRoot, 'test-output', 'e2e');

describe('the foundation journey in Chromium', () => {
  let server: TestServer;
  let preview: H5Preview;
  let world: BotWorld;
  let browser: Browser;
  let stateRoot: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(outputDir, { recursive: true });
    stateRoot = mkdtempSync(join(tmpdir(), 'bay-e2e-'));
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

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-HK' });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    return page;
  }

  async function signIn(page: Page, handle: string, role: 'resident' | 'reviewer') {
    await page.goto(preview.url + '/#/pages/login/index');
    await field(page, 'login-handle').fill(handle);
    await page.locator(`#login-role-${role}`).click();
    await page.locator('#login-submit').click();
    await page.locator('#nav-jobs').waitFor();
  }

  it('takes a resident from sign-in to a pushed status change on the timeline', async () => {
    const resident = await newPage();
    const handle = `e2e-resident-${Date.now().toString(36)}`;

    // 1. Sign in (the H5 development sign-in), and read everything in 繁體.
    await signIn(resident, handle, 'resident');
    await resident.locator('#lang-zh-Hant').click();

    // 2. Browse jobs, open one, apply: a wrong HKID check digit is refused next to the field.
    await resident.locator('#nav-jobs').click();
    const firstJob = resident.locator('[id^="job-"]').first();
    await firstJob.waitFor();
    await firstJob.click();
    await resident.locator('#job-apply').click();
    await field(resident, 'apply-name').fill('陳大文');
    await field(resident, 'apply-phone').fill('+852 9123 4567');
    await resident.locator('#apply-docType-hkid').click();
    await field(resident, 'apply-docNumber').fill('A123456(4)');
    await field(resident, 'apply-resume').fill('十年酒店前台經驗，熟悉粵語、普通話及英語。');
    await resident.locator('#apply-submit').click();
    await waitForText(resident.locator('#error-docNumber'), '香港身份證');
    expect(await server.app.services.models.applications.countDocuments()).toBe(0);

    await field(resident, 'apply-docNumber').fill('A123456(3)');
    await resident.locator('#apply-submit').click();
    await resident.waitForURL(/pages\/applications\/detail\?id=[0-9a-f]{24}/);
    const applicationId = /id=([0-9a-f]{24})/.exec(resident.url())![1]!;
    await waitForText(resident.locator('#timeline'), '已提交');

    // 3. Bind the bot: the code shown on the Me page, sent by a WeChat contact.
    await resident.goto(preview.url + '/#/pages/index/index');
    await resident.locator('#nav-me').click();
    await resident.locator('#bind-get-code').click();
    const code = (await resident.locator('#bind-code').innerText()).replace(/\s/g, '');
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    const contact = world.contact('e2e-contact', '陳大文');
    contact.say(`綁定 ${code}`);
    await eventually(() => contact.received.join('\n'), (t) => t.includes('綁定成功'), 'the bind confirmation');

    // 4. A reviewer moves the application to "under review" on the admin screen.
    const reviewer = await newPage();
    await signIn(reviewer, `e2e-reviewer-${Date.now().toString(36)}`, 'reviewer');
    await reviewer.locator('#nav-admin').click();
    await reviewer.locator(`#admin-application-${applicationId}`).click();
    await reviewer.locator('#admin-status-under_review').click();
    await reviewer.locator('#admin-status-interview').waitFor();

    // 5. The bot delivers each change to the bound contact within seconds, in 繁體, exactly once:
    // "submitted" (queued before the bind, delivered once bound) and "under review".
    const updates = () => statusUpdates(contact.received);
    await eventually(() => updates().filter((t) => t.includes('審核中')).length, (n) => n >= 1, 'the under-review update');
    await new Promise((r) => setTimeout(r, 1500));
    expect(updates().filter((t) => t.includes('審核中'))).toHaveLength(1);
    expect(updates().filter((t) => t.includes('已提交'))).toHaveLength(1);
    expect(updates()).toHaveLength(2);
    for (const text of updates()) expect(text).toContain(applicationId);

    // 6. My applications shows the timeline with the new status.
    await resident.goto(preview.url + '/#/pages/index/index');
    await resident.locator('#nav-applications').click();
    await resident.locator(`#application-${applicationId}`).click();
    await waitForText(resident.locator('#timeline'), '審核中');
    await resident.locator('#timeline-under_review').waitFor();
    // Let the page's slide-in transition finish so the screenshot shows the settled page.
    await resident.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await resident.waitForTimeout(400);
    await resident.screenshot({ path: join(outputDir, 'timeline.png'), fullPage: true });

    expect(pageErrors).toEqual([]);
  }, 180_000);
});

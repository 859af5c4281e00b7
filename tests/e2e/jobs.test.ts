/**
 * Job search end to end: the H5 build in Debian's Chromium against the real server on the jest
 * run's FerretDB (seeded). A signed-in resident searches a Chinese keyword typed in 繁體, filters by
 * city, opens the job and saves it; once per language and once in elder mode.
 * Screenshots: test-output/e2e/jobs-<lang>.png and jobs-elder.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Lang } from '@bay/shared';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { startH5Preview, type H5Preview } from '../helpers/h5-preview.js';
import { repoRoot } from '../helpers/engine.mjs';
import { eventually, field, launchChromium, waitForText } from '../helpers/browser.js';

const outputDir = join(repoRoot, 'test-output', 'e2e');

const CASES: { lang: Lang; elder: boolean; shot: string; title: string; saved: string }[] = [
  { lang: 'zh-Hans', elder: false, shot: 'zh-Hans', title: '前端开发工程师', saved: '已收藏' },
  { lang: 'zh-Hant', elder: false, shot: 'zh-Hant', title: '前端開發工程師', saved: '已收藏' },
  { lang: 'en', elder: false, shot: 'en', title: 'Front-end Engineer', saved: 'Saved' },
  { lang: 'zh-Hant', elder: true, shot: 'elder', title: '前端開發工程師', saved: '已收藏' },
];

describe('job search in Chromium', () => {
  let server: TestServer;
  let preview: H5Preview;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(outputDir, { recursive: true });
    server = await startTestServer({ seed: true });
    preview = await startH5Preview({ distDir: join(repoRoot, 'miniapp', 'dist', 'h5'), apiUrl: server.url });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await preview?.close();
    await server?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    return page;
  }

  for (const c of CASES) {
    it(`searches 前端開發 in Guangzhou, opens the job and saves it (${c.shot})`, async () => {
      const page = await newPage();
      const handle = `e2e-jobs-${c.shot.toLowerCase()}-${Date.now().toString(36)}`;
      await page.goto(preview.url + '/#/pages/login/index');
      await field(page, 'login-handle').fill(handle);
      await page.locator('#login-role-resident').click();
      await page.locator('#login-submit').click();
      await page.locator('#nav-jobs').waitFor();

      await page.goto(preview.url + (c.elder ? '/?elder=1' : '/') + '#/pages/index/index');
      await page.locator(`#lang-${c.lang}`).first().click();
      await page.locator('#nav-jobs').click();
      await page.locator('[id^="job-"]').first().waitFor();
      if (c.elder) expect(await page.locator('.page--elder #jobs-search').count()).toBe(1);

      await field(page, 'jobs-search').fill('前端開發');
      await page.locator('#jobs-search-go').click();
      await page.locator('#city-guangzhou').click();
      // The newest job is the one searched for: wait for the filtered list, not just that title.
      await eventually(() => page.locator('[id^="job-"]').count(), (n) => n === 1, 'one matching job');
      const card = page.locator('[id^="job-"]').first();
      await waitForText(card, c.title);
      await card.click();

      await page.locator('#job-apply').waitFor();
      await page.locator('#job-save').click();
      await waitForText(page.locator('#job-save'), c.saved);
      await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
      await page.screenshot({ path: join(outputDir, `jobs-${c.shot}.png`), fullPage: true });

      const user = await server.app.services.models.users.findOne({ openid: `dev:${handle}` }).lean();
      expect(await server.app.services.models.savedJobs.countDocuments({ userId: user!._id })).toBe(1);
      await page.context().close();
    });
  }

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});

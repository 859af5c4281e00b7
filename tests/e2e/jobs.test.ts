/**
 * Job search end to end: the H5 build in Debian's Chromium against the real server on the jest
 * run's FerretDB (seeded). A signed-in resident searches a Chinese keyword typed in 繁體, filters by
 * city, opens the job and saves it; once per language and once in elder mode.
 * Screenshots: test-output/e2e/jobs-<lang>.png and jobs-elder.png.
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { Lang } from '@bay/shared';
import { E2E_OUTPUT_DIR, useScenarioE2e } from '../helpers/scenario-e2e.js';
import { eventually, field, waitForText } from '../helpers/browser.js';

const CASES: { lang: Lang; elder: boolean; shot: string; title: string; saved: string }[] = [
  { lang: 'zh-Hans', elder: false, shot: 'zh-Hans', title: '前端开发工程师', saved: '已收藏' },
  { lang: 'zh-Hant', elder: false, shot: 'zh-Hant', title: '前端開發工程師', saved: '已收藏' },
  { lang: 'en', elder: false, shot: 'en', title: 'Front-end Engineer', saved: 'Saved' },
  { lang: 'zh-Hant', elder: true, shot: 'elder', title: '前端開發工程師', saved: '已收藏' },
];

describe('job search in Chromium', () => {
  const e2e = useScenarioE2e();

  for (const c of CASES) {
    it(`searches 前端開發 in Guangzhou, opens the job and saves it (${c.shot})`, async () => {
      const page = await e2e.newPage();
      const handle = `e2e-jobs-${c.shot.toLowerCase()}-${Date.now().toString(36)}`;
      await page.goto(e2e.preview.url + '/#/pages/login/index');
      await field(page, 'login-handle').fill(handle);
      await page.locator('#login-role-resident').click();
      await page.locator('#login-submit').click();
      await page.locator('#nav-jobs').waitFor();

      await page.goto(e2e.preview.url + (c.elder ? '/?elder=1' : '/') + '#/pages/index/index');
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
      await page.screenshot({ path: join(E2E_OUTPUT_DIR, `jobs-${c.shot}.png`), fullPage: true });

      const user = await e2e.server.app.services.models.users.findOne({ openid: `dev:${handle}` }).lean();
      expect(await e2e.server.app.services.models.savedJobs.countDocuments({ userId: user!._id })).toBe(1);
      await page.context().close();
    });
  }

  it('raised no page errors', () => {
    expect(e2e.pageErrors).toEqual([]);
  });
});

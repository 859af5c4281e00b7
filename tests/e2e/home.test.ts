/**
 * The home and the shell, end to end: the H5 build in Debian's Chromium against the real server
 * on the jest run's FerretDB (seeded). The grid in each language, elder mode from the URL (H5 has
 * no system font setting), and the one search box finding knowledge-base entries and jobs.
 * Screenshots: test-output/e2e/home-<lang>.png and home-elder.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Lang } from '@bay/shared';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { h5DistDir, startH5Preview, type H5Preview } from '../helpers/h5-preview.js';
import { repoRoot } from '../helpers/engine.mjs';
import { field, launchChromium, waitForText } from '../helpers/browser.js';

const outputDir = join(repoRoot, 'test-output', 'e2e');

/** The grid labels each language must show. */
const LABELS: Record<Lang, { travel: string; customs: string; payment: string; jobs: string }> = {
  'zh-Hans': { travel: '出行', customs: '通关', payment: '支付', jobs: '找工作' },
  'zh-Hant': { travel: '出行', customs: '通關', payment: '支付', jobs: '搵工' },
  en: { travel: 'Travel', customs: 'Customs', payment: 'Payment', jobs: 'Find a job' },
};

describe('the home in Chromium', () => {
  let server: TestServer;
  let preview: H5Preview;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(outputDir, { recursive: true });
    server = await startTestServer({ seed: true });
    preview = await startH5Preview({ distDir: h5DistDir, apiUrl: server.url });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await preview?.close();
    await server?.close();
  });

  async function newPage(locale: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    return page;
  }

  async function settle(page: Page) {
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  }

  it('follows the browser language at first, then switches the grid between 简体, 繁體 and English', async () => {
    const page = await newPage('zh-HK');
    await page.goto(preview.url + '/#/pages/index/index');
    await waitForText(page.locator('#nav-customs'), LABELS['zh-Hant'].customs);
    await page.locator('#lang-auto').waitFor();

    for (const lang of ['zh-Hans', 'zh-Hant', 'en'] as const) {
      await page.locator(`#lang-${lang}`).click();
      for (const [tile, text] of Object.entries(LABELS[lang])) await waitForText(page.locator(`#nav-${tile}`), text);
      expect(await page.locator(`#lang-${lang}`).getAttribute('aria-selected')).toBe('true');
      await settle(page);
      await page.screenshot({ path: join(outputDir, `home-${lang}.png`), fullPage: true });
    }
    // The choice is kept: a reload stays in English and no longer follows the browser.
    await page.reload();
    await waitForText(page.locator('#nav-customs'), 'Customs');
    expect(await page.locator('#lang-auto').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('elder mode (?elder=1): bigger type, fewer tiles, each at least 44 px tall', async () => {
    const normal = await newPage('en-US');
    await normal.goto(preview.url + '/#/pages/index/index');
    await normal.locator('#nav-travel').waitFor();
    const normalTitlePx = await normal.locator('#nav-travel .home__tile-title').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const normalTiles = await normal.locator('#home-grid > [data-tile]').count();

    const page = await newPage('en-US');
    await page.goto(preview.url + '/?elder=1#/pages/index/index');
    await page.locator('.page--elder #nav-travel').waitFor();
    await page.locator('#elder-auto').waitFor();
    const titlePx = await page.locator('#nav-travel .home__tile-title').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(titlePx).toBeGreaterThanOrEqual(24);
    expect(titlePx).toBeGreaterThan(normalTitlePx);
    const bodyPx = await page.locator('.page--elder').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(bodyPx).toBeGreaterThanOrEqual(18);

    const tiles = page.locator('#home-grid > [data-tile]');
    const count = await tiles.count();
    expect(count).toBeLessThan(normalTiles);
    for (let i = 0; i < count; i++) {
      const box = await tiles.nth(i).boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
    }
    // Other tap targets: the language buttons and the search button.
    for (const id of ['#lang-en', '#home-search-go', '#elder-toggle']) {
      const box = await page.locator(id).boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
    }
    await settle(page);
    await page.screenshot({ path: join(outputDir, 'home-elder.png'), fullPage: true });

    // The normal home's main buttons are at least 44 px too.
    for (const id of ['#lang-en', '#home-search-go', '#nav-login', '#elder-toggle']) {
      const box = await normal.locator(id).boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
    }
    expect(pageErrors).toEqual([]);
  });

  it('the search box finds knowledge-base answers and jobs, and opens a hit', async () => {
    const page = await newPage('zh-CN');
    await page.goto(preview.url + '/#/pages/index/index');
    await page.locator('#lang-zh-Hans').click();

    await field(page, 'home-search').fill('工程师');
    await page.locator('#home-search-go').click();
    await page.locator('#search-group-jobs').waitFor();
    await waitForText(page.locator('#search-group-jobs'), '职位');

    await field(page, 'home-search').fill('罗湖口岸几点开门');
    await page.locator('#home-search-go').click();
    await waitForText(page.locator('#search-group-kb'), '罗湖');
    await page.locator('#hit-kb-0').click();
    // The Ask page answers the entry the hit names.
    await page.waitForURL(/packages\/ask\/index\?entry=/);
    expect(pageErrors).toEqual([]);
  });
});

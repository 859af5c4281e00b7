/**
 * Travel end to end: the H5 build in Chromium against the real server and engine (seeded travel
 * content). Finds Hong Kong → Zhuhai and opens the first option once per language and once in
 * elder mode (screenshots test-output/e2e/travel-<lang>.png, travel-elder.png); then the
 * Northbound Travel flow in English: eligibility → apply → a reviewer changes the status →
 * the resident sees it on the application's timeline.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { API, NORTHBOUND_REQUIREMENTS, type Lang } from '@bay/shared';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { h5DistDir, startH5Preview, type H5Preview } from '../helpers/h5-preview.js';
import { repoRoot } from '../helpers/engine.mjs';
import { field, launchChromium, waitForText } from '../helpers/browser.js';

const outputDir = join(repoRoot, 'test-output', 'e2e');

/** What the HZMB shuttle option says in each language (seed content). */
const SHUTTLE: Record<Lang, { operator: string; source: string }> = {
  'zh-Hans': { operator: '港珠澳大桥穿梭巴士（金巴）', source: '来源' },
  'zh-Hant': { operator: '港珠澳大橋穿梭巴士（金巴）', source: '來源' },
  en: { operator: 'HZMB Shuttle Bus ("gold bus")', source: 'Source' },
};

describe('travel in Chromium', () => {
  let server: TestServer;
  let preview: H5Preview;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(outputDir, { recursive: true });
    server = await startTestServer({ seed: true, relayIntervalMs: 300 });
    preview = await startH5Preview({ distDir: h5DistDir, apiUrl: server.url });
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

  async function settle(page: Page) {
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await page.waitForTimeout(300);
  }

  async function findHongKongToZhuhai(page: Page, lang: Lang, screenshot: string, elder = false) {
    await page.goto(`${preview.url}/${elder ? '?elder=1' : ''}#/pages/index/index`);
    await page.locator(`#lang-${lang}`).click();
    await page.goto(`${preview.url}/${elder ? '?elder=1' : ''}#/packages/travel/index/index`);
    await page.locator('#travel-from-hongkong').click();
    await page.locator('#travel-to-zhuhai').click();
    await page.locator('#travel-search').click();
    const first = page.locator('#travel-route-0');
    await first.waitFor();
    const shuttle = page.locator('[id^="travel-route-"]', { hasText: SHUTTLE[lang].operator }).first();
    await shuttle.click();
    const details = shuttle.locator('[id$="-leg-0"]');
    await waitForText(details, SHUTTLE[lang].source);
    const text = await details.innerText();
    expect(text).toContain('https://www.hzmb.gov.hk/');
    expect(text).toContain('2026-11');
    if (elder) expect(await page.locator('.page--elder').count()).toBeGreaterThan(0);
    // The H5 page scrolls inside its own container: bring the opened option into view and shoot the viewport.
    await shuttle.scrollIntoViewIfNeeded();
    await settle(page);
    await page.screenshot({ path: join(outputDir, screenshot) });
  }

  for (const lang of ['zh-Hans', 'zh-Hant', 'en'] as const) {
    it(`finds Hong Kong → Zhuhai and opens an option (${lang})`, async () => {
      const page = await newPage();
      await findHongKongToZhuhai(page, lang, `travel-${lang}.png`);
      await page.context().close();
    });
  }

  it('finds Hong Kong → Zhuhai in elder mode', async () => {
    const page = await newPage();
    await findHongKongToZhuhai(page, 'zh-Hant', 'travel-elder.png', true);
    await page.context().close();
  });

  it('takes a Northbound Travel application from eligibility to a reviewer\'s status change on the timeline (en)', async () => {
    const page = await newPage();
    await page.goto(preview.url + '/#/pages/login/index');
    await field(page, 'login-handle').fill(`e2e-driver-${Date.now().toString(36)}`);
    await page.locator('#login-role-resident').click();
    await page.locator('#login-submit').click();
    await page.locator('#nav-jobs').waitFor();
    await page.locator('#lang-en').click();
    await page.goto(preview.url + '/#/packages/travel/northbound/index');
    await page.locator('#nb-documents').waitFor();
    for (const key of NORTHBOUND_REQUIREMENTS) await page.locator(`#nb-${key}-yes`).click();
    await page.locator('#nb-check-submit').click();
    await page.locator('#nb-eligible').waitFor();
    await field(page, 'nb-name').fill('Chan Tai Man');
    await field(page, 'nb-phone').fill('+852 9123 4567');
    await page.locator('#nb-docType-hkid').click();
    await field(page, 'nb-docNumber').fill('A123456(3)');
    await field(page, 'nb-plate').fill('ab 1234');
    await page.locator('#nb-apply-submit').click();
    await page.waitForURL(/pages\/applications\/detail\?id=[0-9a-f]{24}/);
    const applicationId = /id=([0-9a-f]{24})/.exec(page.url())![1]!;
    await waitForText(page.locator('#timeline'), 'Submitted');

    const reviewer = await server.devLogin(`e2e-nb-reviewer-${Date.now().toString(36)}`, 'reviewer', 'en');
    const res = await fetch(server.url + API.adminApplicationStatus(applicationId), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${reviewer.token}` },
      body: JSON.stringify({ status: 'under_review', note: 'Documents received' }),
    });
    expect(res.status).toBe(200);

    await page.reload();
    await page.locator('#timeline-under_review').waitFor();
    const mine = await page.evaluate(() => document.body.innerText);
    expect(mine).toContain('AB 1234');
    await settle(page);
    await page.screenshot({ path: join(outputDir, 'travel-northbound.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});

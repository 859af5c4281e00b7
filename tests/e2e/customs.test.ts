/**
 * Customs (通关) end to end: the H5 build in Debian's Chromium against the real server on the jest
 * run's FerretDB (seeded with the customs content). Once per language and once in elder mode: open
 * the customs tile, open Lo Wu and see its wait (an "estimate" label, since no wait data exists),
 * then ask "can I bring X?" in the guide. Screenshots: test-output/e2e/customs-<lang>.png, customs-elder.png.
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { Lang } from '@bay/shared';
import { E2E_OUTPUT_DIR, useScenarioE2e } from '../helpers/scenario-e2e.js';
import { field, waitForText } from '../helpers/browser.js';

interface Case { lang: Lang; shot: string; elder: boolean; port: string; estimate: string; q: string; item: string; verdict: string }
const CASES: Case[] = [
  { lang: 'zh-Hans', shot: 'zh-Hans', elder: false, port: '罗湖口岸', estimate: '估计', q: '月饼', item: 'mooncakes', verdict: '须申报或许可' },
  { lang: 'zh-Hant', shot: 'zh-Hant', elder: false, port: '羅湖口岸', estimate: '估計', q: '香煙', item: 'tobacco', verdict: '限量免稅' },
  { lang: 'en', shot: 'en', elder: false, port: 'Lo Wu / Luohu', estimate: 'Estimate', q: 'iPhone', item: 'electronics', verdict: 'Allowed' },
  { lang: 'zh-Hant', shot: 'elder', elder: true, port: '羅湖口岸', estimate: '估計', q: 'iPhone', item: 'electronics', verdict: '可以帶' },
];

describe('customs in Chromium', () => {
  const e2e = useScenarioE2e();

  for (const c of CASES) {
    it(`opens a port, sees its wait and looks up "${c.q}" (${c.shot})`, async () => {
      const page = await e2e.newPage();
      await page.goto(e2e.preview.url + (c.elder ? '/?elder=1' : '/') + '#/pages/index/index');
      await page.locator(`#lang-${c.lang}`).first().click();
      await page.locator('#nav-customs').click();

      const loWu = page.locator('#port-lo-wu');
      await waitForText(loWu, c.port);
      if (c.elder) expect(await page.locator('.page--elder #port-lo-wu').count()).toBe(1);
      await loWu.click();
      await waitForText(page.locator('#port-name'), c.port);
      const wait = page.locator('#wait-northbound-pedestrian');
      await waitForText(wait, c.estimate);
      expect(await page.locator('#port-info').innerText()).toContain('06:30–24:00');
      await page.screenshot({ path: join(E2E_OUTPUT_DIR, `customs-port-${c.shot}.png`), fullPage: true });

      await page.goto(e2e.preview.url + (c.elder ? '/?elder=1' : '/') + '#/packages/customs/guide/index');
      await field(page, 'lookup-q').fill(c.q);
      await page.locator('#lookup-submit').click();
      const result = page.locator(`#lookup-${c.item}`);
      await waitForText(result, c.verdict);
      expect(await result.innerText()).toMatch(/customs\.gov\.(cn|hk)|immd|taco/);
      await result.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(E2E_OUTPUT_DIR, `customs-${c.shot}.png`), fullPage: true });
      await page.context().close();
    });
  }

  it('raised no page errors', () => {
    expect(e2e.pageErrors).toEqual([]);
  });
});

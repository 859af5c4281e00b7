/**
 * Payment (支付) end to end: the H5 build in Debian's Chromium against the real server on the jest
 * run's FerretDB (seeded with the payment content). Once per language and once in elder mode: open
 * the payment tile, convert 100 HKD to CNY and see how old the rate is (the seeded CNY rate is a
 * dated reference rate, so the page also warns), then ask the advisor how to pay for transport on
 * the mainland. Screenshots: test-output/e2e/payment-<lang>.png, payment-elder.png.
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { Lang } from '@bay/shared';
import { E2E_OUTPUT_DIR, useScenarioE2e } from '../helpers/scenario-e2e.js';
import { field, waitForText } from '../helpers/browser.js';

interface Case { lang: Lang; shot: string; elder: boolean; age: RegExp; stale: string; alipay: string; fit: string }
const CASES: Case[] = [
  { lang: 'zh-Hans', shot: 'zh-Hans', elder: false, age: /汇率来自 \d+ 天前/, stale: '超过一天', alipay: '支付宝（内地）', fit: '首选' },
  { lang: 'zh-Hant', shot: 'zh-Hant', elder: false, age: /匯率來自 \d+ 天前/, stale: '超過一天', alipay: '支付寶（內地）', fit: '首選' },
  { lang: 'en', shot: 'en', elder: false, age: /Rate from \d+ days ago/, stale: 'more than a day old', alipay: 'Alipay (mainland)', fit: 'Best' },
  { lang: 'zh-Hant', shot: 'elder', elder: true, age: /匯率來自 \d+ 天前/, stale: '超過一天', alipay: '支付寶（內地）', fit: '首選' },
];

describe('payment in Chromium', () => {
  const e2e = useScenarioE2e();

  for (const c of CASES) {
    it(`converts 100 HKD to CNY with the rate's age, then asks about mainland transport (${c.shot})`, async () => {
      const page = await e2e.newPage();
      await page.goto(e2e.preview.url + (c.elder ? '/?elder=1' : '/') + '#/pages/index/index');
      await page.locator(`#lang-${c.lang}`).first().click();
      await page.locator('#nav-payment').click();

      await page.locator('#pay-convert').waitFor();
      if (c.elder) expect(await page.locator('.page--elder #pay-convert').count()).toBe(1);
      await field(page, 'pay-amount').fill('100');
      await page.locator('#pay-from-HKD').click();
      await page.locator('#pay-to-CNY').click();
      await page.locator('#pay-convert').click();
      await waitForText(page.locator('#pay-result-text'), '100 HKD ≈ 91.5 CNY');
      expect(await page.locator('#pay-age').innerText()).toMatch(c.age);
      expect(await page.locator('#pay-stale').innerText()).toContain(c.stale);
      expect(await page.locator('#pay-result').innerText()).toContain('CFETS');

      await page.locator('#pay-open-advisor').click();
      await page.locator('#pay-side-mainland').click();
      await page.locator('#pay-situation-transport').click();
      await page.locator('#pay-ask').click();
      const first = page.locator('#pay-suggestions > .card').first();
      await waitForText(first, c.fit);
      const names = await page.locator('#pay-suggestions > .card').allInnerTexts();
      expect(names.length).toBeGreaterThanOrEqual(4);
      expect(names.slice(0, 2).join('\n')).toContain(c.alipay);
      if (c.elder) expect(await page.locator('.page--elder #pay-suggestions').count()).toBe(1);
      // The H5 page scrolls inside its own container, so a full-page shot shows what is in view: the suggestions.
      await first.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
      await page.screenshot({ path: join(E2E_OUTPUT_DIR, `payment-${c.shot}.png`), fullPage: true });
      await page.context().close();
    });
  }

  it('raised no page errors', () => {
    expect(e2e.pageErrors).toEqual([]);
  });
});

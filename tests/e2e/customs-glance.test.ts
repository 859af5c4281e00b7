/**
 * Customs at a glance (issue 13 part 4) in Chromium against the real server: the port list shows
 * each port's wait in Hong Kong Immigration's colour bands (or "no data"), sorts by shortest wait,
 * a signed-out resident stars a port (kept on the device, first in the list), and after signing in
 * the star is carried to the account and the home shows it under "my ports". Elder mode and
 * English render the same figures. Screenshots: test-output/e2e/customs-glance-*.png.
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { CUSTOMS_API, type SessionDto } from '@bay/shared';
import { E2E_OUTPUT_DIR, useScenarioE2e } from '../helpers/scenario-e2e.js';
import { field, waitForText } from '../helpers/browser.js';

async function call(base: string, session: SessionDto, method: string, path: string, body?: unknown) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(res.status).toBeLessThan(300);
  return res.json() as Promise<unknown>;
}

/** Retries `read` until it equals `want` (the page re-renders after a click or a save). */
async function until<T>(read: () => Promise<T>, want: T, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  let got: T = await read();
  while (JSON.stringify(got) !== JSON.stringify(want) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    got = await read();
  }
  expect(got).toEqual(want);
}

describe('customs at a glance in Chromium', () => {
  const e2e = useScenarioE2e();

  it('shows bands and sorts by wait; a star made signed out follows the resident to the account and the home', async () => {
    const admin = await e2e.server.devLogin('glance-e2e-admin', 'admin');
    // Three ports open around the clock, one per band.
    for (const [port, minutes] of [['hengqin', 8], ['hzmb-hk-port', 22], ['lok-ma-chau-huanggang', 45]] as const) {
      await call(e2e.server.url, admin, 'POST', CUSTOMS_API.adminWaitFeed(port), { direction: 'northbound', mode: 'pedestrian', minutes });
    }

    const page = await e2e.newPage();
    await page.goto(e2e.preview.url + '/#/pages/index/index');
    await page.locator('#lang-zh-Hans').first().click();
    await page.locator('#nav-customs').click();

    const chip = (port: string) => page.locator(`#port-${port}-wait-northbound`);
    await waitForText(chip('hengqin'), '8 分钟');
    expect(await chip('hengqin').getAttribute('data-band')).toBe('normal');
    expect(await chip('hengqin').innerText()).toContain('正常');
    expect(await chip('hzmb-hk-port').getAttribute('data-band')).toBe('busy');
    expect(await chip('hzmb-hk-port').innerText()).toContain('繁忙');
    expect(await chip('lok-ma-chau-huanggang').getAttribute('data-band')).toBe('very-busy');
    expect(await chip('lok-ma-chau-huanggang').innerText()).toContain('非常繁忙');
    expect(await chip('hengqin').innerText()).toMatch(/\d+ 分钟前/);
    // No observation and no history: said plainly, not guessed.
    expect(await chip('lo-wu').getAttribute('data-band')).toBe('none');
    expect(await chip('lo-wu').innerText()).toContain('暂无数据');
    expect(await page.locator('#port-hengqin-open').innerText()).toBe('开放中');
    expect(await page.locator('#band-legend').innerText()).toContain('香港入境事务处');

    const order = () => page.locator('#port-list > [id^="port-"]').evaluateAll((els) => els.map((e) => e.id.replace(/^port-/, '')));
    expect((await order())[0]).toBe('lo-wu');
    await page.locator('#sort-wait').click();
    await until(async () => (await order()).slice(0, 3), ['hengqin', 'hzmb-hk-port', 'lok-ma-chau-huanggang']);
    await page.screenshot({ path: join(E2E_OUTPUT_DIR, 'customs-glance-zh-Hans.png'), fullPage: true });

    // Signed out: the star is kept on this device and the port comes first.
    await page.locator('#star-lok-ma-chau-huanggang').click();
    await until(async () => (await order())[0], 'lok-ma-chau-huanggang');
    await page.locator('#stars-local').waitFor();
    expect(await page.locator('#port-lok-ma-chau-huanggang').getAttribute('data-starred')).toBe('yes');

    // Sign in: the device's star is carried to the account, and the home shows "my ports".
    await page.goto(e2e.preview.url + '/#/pages/login/index');
    await field(page, 'login-handle').fill('glance-e2e-resident');
    await page.locator('#login-role-resident').click();
    await page.locator('#login-submit').click();
    const mine = page.locator('#home-my-ports');
    await waitForText(mine, '我的口岸');
    const myChip = page.locator('#my-port-lok-ma-chau-huanggang-wait-northbound');
    await waitForText(myChip, '45 分钟');
    expect(await myChip.getAttribute('data-band')).toBe('very-busy');
    const resident = await e2e.server.devLogin('glance-e2e-resident', 'resident');
    await until(() => call(e2e.server.url, resident, 'GET', CUSTOMS_API.stars), { portIds: ['lok-ma-chau-huanggang'] });
    await page.screenshot({ path: join(E2E_OUTPUT_DIR, 'customs-glance-home.png'), fullPage: true });

    // Unstar from the list: saved to the account, and "my ports" disappears from the home.
    await page.goto(e2e.preview.url + '/#/packages/customs/index/index');
    await waitForText(page.locator('#star-lok-ma-chau-huanggang'), '已收藏');
    await page.locator('#star-lok-ma-chau-huanggang').click();
    await until(() => call(e2e.server.url, resident, 'GET', CUSTOMS_API.stars), { portIds: [] });
    await page.context().close();
  }, 120_000);

  it('renders the same figures in English and in elder mode', async () => {
    const page = await e2e.newPage('en-GB');
    await page.goto(e2e.preview.url + '/?elder=1#/pages/index/index');
    await page.locator('#lang-en').first().click();
    await page.locator('#nav-customs').click();
    const chip = page.locator('.page--elder #port-hzmb-hk-port-wait-northbound');
    await waitForText(chip, '22 min');
    expect(await chip.innerText()).toContain('Busy');
    expect(await page.locator('#port-lo-wu-wait-northbound').innerText()).toContain('No data');
    await page.screenshot({ path: join(E2E_OUTPUT_DIR, 'customs-glance-elder-en.png'), fullPage: true });
    await page.context().close();
  }, 60_000);

  it('raised no page errors', () => {
    expect(e2e.pageErrors).toEqual([]);
  });
});

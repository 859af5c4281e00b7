/**
 * The operations dashboard (issue 16) end to end: the H5 build in Debian's Chromium against the
 * real server on the jest run's FerretDB, with demo data. An administrator opens the console's
 * dashboard; while the page stays open, a resident applies, a reviewer acts, the wait feed moves
 * and residents ask questions; the figures and charts change without a reload. Then the page in
 * English and in elder mode. Screenshots: test-output/e2e/dashboard.png, dashboard-{ports,messages,enquiries}.png, dashboard-elder-en.png.
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { API, CUSTOMS_API, DASHBOARD_POLL_MS, type ApplicationDto } from '@bay/shared';
import { E2E_OUTPUT_DIR, useScenarioE2e } from '../helpers/scenario-e2e.js';
import { eventually, field, waitForText } from '../helpers/browser.js';

/** Long enough for one poll plus the server's short reuse of a computation. */
const REFRESH_TIMEOUT = DASHBOARD_POLL_MS + 10_000;

describe('the operations dashboard in Chromium', () => {
  const e2e = useScenarioE2e({ seed: true, relayIntervalMs: 300 });
  const run = Date.now().toString(36);
  const newPage = (locale: string) => e2e.newPage(locale);

  async function signIn(page: Page, handle: string, role: 'resident' | 'admin') {
    await page.goto(e2e.preview.url + '/#/pages/login/index');
    await field(page, 'login-handle').fill(handle);
    await page.locator(`#login-role-${role}`).click();
    await page.locator('#login-submit').click();
    await page.locator('#nav-jobs').waitFor();
  }

  const http = async (path: string, init: { method?: string; token?: string; body?: unknown } = {}) => {
    const res = await fetch(e2e.server.url + path, {
      method: init.method ?? (init.body ? 'POST' : 'GET'),
      headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const figureOf = async (page: Page, id: string) => Number((await page.locator(`#${id} .dashboard__value`).innerText()).replace(/[^\d]/g, ''));
  const paths = (page: Page, chart: string) => page.locator(`#dashboard-chart-${chart} svg path`).count();

  it('shows live figures that follow what residents and reviewers do, without a reload', async () => {
    const admin = await newPage('zh-CN');
    await signIn(admin, `e2e-dash-admin-${run}`, 'admin');
    await admin.locator('#nav-admin').click();
    await admin.locator('#admin-nav-dashboard').click();
    await admin.locator('#dashboard-applications').waitFor();
    await waitForText(admin.locator('#dashboard-applications'), '申请');
    expect(await paths(admin, 'applications')).toBeGreaterThan(3);
    const submittedBefore = await figureOf(admin, 'dashboard-status-submitted');
    const underReviewBefore = await figureOf(admin, 'dashboard-status-under_review');
    const atBefore = await admin.locator('#dashboard-updated').getAttribute('data-at');
    await admin.evaluate(() => { (window as unknown as { dashboardMarker: number }).dashboardMarker = 1; });

    // Meanwhile: two residents apply to a demo job, a reviewer takes one, the wait feed reports Lo Wu, questions come in.
    const jobs = await http(`${API.jobs}?limit=1`);
    const jobId = (jobs.body.items as { id: string }[])[0]!.id;
    const apply = async (handle: string) => {
      const session = await e2e.server.devLogin(handle);
      const res = await http(API.applications, {
        token: session.token,
        body: { jobId, name: '陳大文', phone: '91234567', docType: 'hkid', docNumber: 'A123456(3)', resume: '五年經驗' },
      });
      expect(res.status).toBe(201);
      return res.body as unknown as ApplicationDto;
    };
    const first = await apply(`e2e-dash-r1-${run}`);
    await apply(`e2e-dash-r2-${run}`);
    const reviewer = await e2e.server.devLogin(`e2e-dash-reviewer-${run}`, 'reviewer');
    expect((await http(API.adminApplicationStatus(first.id), { token: reviewer.token, body: { status: 'under_review' } })).status).toBe(200);
    const adminToken = (await e2e.server.devLogin(`e2e-dash-admin-${run}`, 'admin')).token;
    expect((await http(CUSTOMS_API.adminWaitFeed('lo-wu'), { token: adminToken, body: { direction: 'southbound', mode: 'pedestrian', minutes: 47 } })).status).toBe(201);
    for (const question of ['罗湖口岸几点开门', '量子色动力学的渐近自由']) {
      expect((await http(API.enquiryAnswer, { body: { question } })).status).toBe(200);
    }

    await eventually(() => figureOf(admin, 'dashboard-status-submitted'), (n) => n === submittedBefore + 1, 'one more submitted application', REFRESH_TIMEOUT);
    expect(await figureOf(admin, 'dashboard-status-under_review')).toBe(underReviewBefore + 1);
    expect(await admin.locator('#dashboard-updated').getAttribute('data-at')).not.toBe(atBefore);
    expect(await admin.evaluate(() => (window as unknown as { dashboardMarker?: number }).dashboardMarker)).toBe(1); // no reload
    await waitForText(admin.locator('#dashboard-port-lo-wu-southbound-pedestrian'), '47 分钟');
    expect(await paths(admin, 'ports')).toBeGreaterThan(1);
    await waitForText(admin.locator('#dashboard-review-median'), '已审核');
    await waitForText(admin.locator('#dashboard-unanswered'), '量子色动力学');
    await admin.locator('#dashboard-outcome-faq').waitFor();
    expect(await paths(admin, 'enquiries')).toBeGreaterThan(2);
    await admin.screenshot({ path: join(E2E_OUTPUT_DIR, 'dashboard.png'), fullPage: true });
    // The page scrolls inside Taro's container, so the lower cards are taken one by one.
    for (const card of ['ports', 'messages', 'enquiries']) await admin.locator(`#dashboard-${card}`).screenshot({ path: join(E2E_OUTPUT_DIR, `dashboard-${card}.png`) });
  }, 90_000);

  it('reads in English and in elder mode, and is not for residents', async () => {
    const admin = await newPage('en-GB');
    await signIn(admin, `e2e-dash-admin-en-${run}`, 'admin');
    await admin.locator('#lang-en').click();
    await admin.goto(`${e2e.preview.url}/?elder=1#/pages/index/index`);
    await admin.locator('#nav-admin').click();
    await admin.locator('#admin-nav-dashboard').click();
    await waitForText(admin.locator('#dashboard-ports'), 'Port waits: now vs usual');
    await waitForText(admin.locator('#dashboard-messages'), 'Messages by channel');
    expect(await admin.locator('.page--elder #dashboard-applications').count()).toBe(1);
    await admin.locator('#dashboard-days-7').click();
    await eventually(async () => (await admin.locator('#dashboard-days-7').getAttribute('class')) ?? '', (c) => c.includes('chip--active'), 'the 7-day window');
    await admin.screenshot({ path: join(E2E_OUTPUT_DIR, 'dashboard-elder-en.png'), fullPage: true });

    const resident = await newPage('en-GB');
    await signIn(resident, `e2e-dash-resident-${run}`, 'resident');
    await resident.goto(e2e.preview.url + '/#/packages/admin/dashboard/index');
    await resident.locator('#dashboard-error').waitFor();
  }, 60_000);

  it('raised no page errors', () => {
    expect(e2e.pageErrors).toEqual([]);
  });
});

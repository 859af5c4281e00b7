/**
 * The bot's chat simulator in Chromium, against the real server, engine and bot (mock puppet) and
 * the H5 build: the demo resident takes a bind code from the mini-program's Me page, sends it to the
 * bot on the simulator page, a reviewer moves the resident's application on the admin API, and the
 * push arrives on the open simulator page without a reload: an unread badge, the text, and a
 * mini-program card whose link opens the application in the H5 build.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Browser, Page } from 'playwright-core';
import { API, type ApplicationDto, type JobDto, type Page as ListPage } from '@bay/shared';
import { startTestServer, type TestServer } from '../../server/src/testing.js';
import { call, SAMPLE_APPLICATION, setStatus, startBotWorld, type BotWorld } from '../../bot/src/__tests__/helpers/world.js';
import { createChatSimulator, DEMO_ADMIN_ROOM_ID, DEMO_RESIDENT, startSimulatorServer, type ChatSimulator, type SimulatorServer } from '../../bot/src/simulator/index.js';
import { h5DistDir, startH5Preview, type H5Preview } from '../helpers/h5-preview.js';
import { repoRoot } from '../helpers/engine.mjs';
import { launchChromium, field, waitForText } from '../helpers/browser.js';

const outputDir = join(repoRoot, 'test-output', 'e2e');

describe('the chat simulator in Chromium', () => {
  let server: TestServer;
  let preview: H5Preview;
  let world: BotWorld;
  let simulator: ChatSimulator;
  let simulatorHttp: SimulatorServer;
  let browser: Browser;
  let stateRoot: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(outputDir, { recursive: true });
    stateRoot = mkdtempSync(join(tmpdir(), 'bay-e2e-sim-'));
    server = await startTestServer({ seed: true, relayIntervalMs: 300 });
    preview = await startH5Preview({ distDir: h5DistDir, apiUrl: server.url });
    world = await startBotWorld(server, join(stateRoot, 'bot'), {
      env: { MINIAPP_H5_URL: preview.url },
      beforeLogin: (mocker, self) => {
        simulator = createChatSimulator({ mocker, puppet: mocker.puppet, self, h5Url: preview.url });
      },
    });
    simulatorHttp = await startSimulatorServer({ simulator, host: '127.0.0.1', port: 0, h5Url: preview.url, logger: pino({ level: 'silent' }) });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await simulatorHttp?.close();
    simulator?.close();
    await world?.stop();
    await preview?.close();
    await server?.close();
    if (stateRoot) rmSync(stateRoot, { recursive: true, force: true });
  });

  async function newPage(viewport = { width: 390, height: 844 }): Promise<Page> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 2, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    return page;
  }

  const conversation = (page: Page, id: string) => page.locator(`[data-conversation="${id}"]`);

  it('binds the demo resident with the code from the H5 page and shows the reviewer’s change arriving live', async () => {
    // An application of the demo resident (the seeded account), made through the public API.
    const session = await server.devLogin('demo-resident', 'resident');
    const jobs = await call<ListPage<JobDto>>(server, session, 'GET', `${API.jobs}?limit=1`);
    const application = await call<ApplicationDto>(server, session, 'POST', API.applications, { jobId: jobs.items[0]!.id, ...SAMPLE_APPLICATION });

    // 1. The resident signs in to the H5 build and takes a bind code from the Me page.
    const resident = await newPage();
    await resident.goto(preview.url + '/#/pages/login/index');
    await field(resident, 'login-handle').fill('demo-resident');
    await resident.locator('#login-role-resident').click();
    await resident.locator('#login-submit').click();
    await resident.locator('#nav-me').click();
    await resident.locator('#bind-get-code').click();
    const code = (await resident.locator('#bind-code').innerText()).replace(/\s/g, '');
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);

    // 2. On the simulator page, the demo resident (selected first) sends the code; the bot confirms.
    const chat = await newPage({ width: 1100, height: 760 });
    await chat.goto(simulatorHttp.url);
    await chat.locator('body[data-ready="true"]').waitFor();
    await chat.locator('#connection.live').waitFor();
    await expect(conversation(chat, DEMO_RESIDENT.id).getAttribute('class')).resolves.toContain('active');
    await chat.locator('#composer-input').fill(code);
    await chat.locator('#composer-input').press('Enter');
    await chat.locator('.msg.user .bubble', { hasText: code }).waitFor();
    // In the account's language (the sign-in above made it 简体).
    await chat.locator('.msg.bot .bubble', { hasText: '绑定成功' }).waitFor();
    // The "submitted" update, queued before the bind, follows it.
    await chat.locator('.msg.bot .bubble', { hasText: '已提交' }).waitFor();

    // 3. Switch to the admin group, so the next push lands in a conversation not on screen.
    await conversation(chat, DEMO_ADMIN_ROOM_ID).click();
    await waitForText(chat.locator('#chat-title'), simulator.adminRoomTopic);
    await chat.evaluate(() => { (window as unknown as { stillThisPage: boolean }).stillThisPage = true; });

    // 4. A reviewer moves the application on the admin API.
    const reviewer = await server.devLogin('demo-reviewer', 'reviewer');
    await setStatus(server, reviewer, application.id, 'under_review');

    // 5. The push arrives live: an unread badge on the resident, then the text and the card.
    const badge = chat.locator(`[data-unread="${DEMO_RESIDENT.id}"]`);
    await badge.waitFor({ timeout: 15_000 });
    expect(Number(await badge.innerText())).toBeGreaterThanOrEqual(1);
    await conversation(chat, DEMO_RESIDENT.id).click();
    await expect(badge.count()).resolves.toBe(0);
    const update = chat.locator('.msg.bot .bubble', { hasText: '审核中' });
    await update.waitFor();
    const link = `${preview.url}/#/pages/applications/detail?id=${application.id}`;
    await expect(update.locator('a').getAttribute('href')).resolves.toBe(link);
    const card = chat.locator('.msg.bot a.card', { hasText: '审核中' });
    await card.waitFor({ timeout: 10_000 });
    await expect(card.getAttribute('href')).resolves.toBe(link);
    await expect(card.getAttribute('data-page-path')).resolves.toBe(`pages/applications/detail?id=${application.id}`);
    await waitForText(card.locator('.card-label'), '小程序');
    expect(await chat.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
    await chat.screenshot({ path: join(outputDir, 'chat-simulator.png') });

    // 6. The card's link opens the application in the H5 build, with the new status.
    await resident.goto(link);
    await waitForText(resident.locator('#timeline'), '审核中');

    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('creates a contact on the page, refuses a taken name next to the field, and offers numbered options as buttons', async () => {
    const chat = await newPage({ width: 1100, height: 760 });
    await chat.goto(simulatorHttp.url);
    await chat.locator('body[data-ready="true"]').waitFor();
    await chat.locator('#new-contact-name').fill(DEMO_RESIDENT.name);
    await chat.locator('#new-contact-submit').click();
    await waitForText(chat.locator('#new-contact-error'), 'already taken');

    await chat.locator('#new-contact-name').fill('Ms Wong');
    await chat.locator('#new-contact-submit').click();
    await waitForText(chat.locator('#chat-title'), 'Ms Wong');
    await chat.locator('#composer-input').fill('help');
    await chat.locator('#composer-send').click();
    await chat.locator('.msg.bot .bubble', { hasText: 'Bay Connect assistant' }).waitFor();

    // A vague question gets numbered options from the enquiry engine; tapping one sends its number.
    // (医保: several entries cover medical insurance. Not 回乡证: an entry has it as its own
    // question, "回乡证是什么", and a question that is an entry's variant is answered directly.)
    await chat.locator('#composer-input').fill('医保');
    await chat.locator('#composer-input').press('Enter');
    const second = chat.locator('.msg.bot').last().locator('.option[data-option="2"]');
    await second.waitFor();
    const botMessages = await chat.locator('.msg.bot').count();
    await second.click();
    await chat.locator('.msg.user .bubble', { hasText: /^2$/ }).waitFor();
    // The bot answers the chosen entry (an answer with its source), not another question.
    const answer = chat.locator('.msg.bot').nth(botMessages);
    await answer.waitFor();
    await expect(answer.locator('.option').count()).resolves.toBe(0);
    await waitForText(answer, '来源');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});

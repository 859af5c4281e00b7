/**
 * The quick start, as a newcomer runs it: `npm start` as a child process (a fresh data folder, a
 * fresh .env written from .env.example, free ports), the printed preview URL opened in Chromium,
 * the demo resident signed in, the home and two scenario pages rendered, no `pageerror`.
 *
 * The H5 preview it is given is an earlier build (a stamp from other sources and a page that is
 * not the current one), as after a `git pull` that changed the mini-program: `npm start` must
 * rebuild it, in production mode whatever NODE_ENV the .env exports (a development build rendered
 * a blank page: React Refresh hooks without the runtime).
 *
 * The console must be readable: one line per event prefixed with the process, no raw JSON, no
 * line per bot poll, and the banner with the URLs after the bot has logged in.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { freePort, repoRoot } from '../helpers/engine.mjs';
import { h5DistDir } from '../helpers/h5-preview.js';
import { eventually, field, launchChromium, waitForText } from '../helpers/browser.js';
import { STAMP_FILE, isBuildCurrent } from '../../miniapp/scripts/source-stamp.mjs';

const outputDir = join(repoRoot, 'test-output', 'e2e');
const STALE_PAGE = '<!doctype html><title>an older build</title><body>stale preview</body>';

describe('the quick start (npm start) in Chromium', () => {
  const work = mkdtempSync(join(tmpdir(), 'bay-quick-start-'));
  const dataDir = join(work, 'data');
  const envFile = join(work, '.env');
  const distDir = join(work, 'h5');
  let child: ChildProcess;
  let exited: Promise<number | null>;
  let output = '';
  let browser: Browser;
  const pageErrors: string[] = [];
  const urls: { preview: string; simulator: string; api: string } = { preview: '', simulator: '', api: '' };
  const ports = { api: 0, h5: 0, simulator: 0 };

  beforeAll(async () => {
    mkdirSync(outputDir, { recursive: true });
    // An earlier build of the preview: a different stamp and not the current page.
    if (existsSync(join(h5DistDir, 'index.html'))) cpSync(h5DistDir, distDir, { recursive: true });
    mkdirSync(distDir, { recursive: true });
    writeFileSync(join(distDir, 'index.html'), STALE_PAGE);
    writeFileSync(join(distDir, STAMP_FILE), 'from-an-older-checkout\n');

    const [api, h5, engine, simulator] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    Object.assign(ports, { api, h5, simulator });
    // A newcomer's shell: none of jest's variables (NODE_ENV=test, NODE_OPTIONS), only the basics.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, HOME: process.env.HOME, LANG: process.env.LANG ?? 'C.UTF-8', TMPDIR: process.env.TMPDIR,
      ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}),
      ...(process.env.FERRETDB_BIN ? { FERRETDB_BIN: process.env.FERRETDB_BIN } : {}),
      BAY_ENV_FILE: envFile, BAY_DATA_DIR: dataDir, BAY_H5_DIST: distDir,
      PORT: String(api), H5_PORT: String(h5), FERRETDB_PORT: String(engine), BOT_SIMULATOR_PORT: String(simulator),
    };
    child = spawn('npm', ['start'], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const started = await Promise.race([
      eventually(() => output, (text) => text.includes('Press Enter to show this again'), 'the banner', 420_000).then(() => true),
      exited.then(() => false),
    ]);
    if (!started) throw new Error(`npm start exited before printing the banner:\n${output.slice(-4000)}`);
    urls.preview = /Mini-program \(H5 preview\):\s+(http:\/\/\S+)/.exec(output)![1]!;
    urls.simulator = /Chat with the bot:\s+(http:\/\/\S+)/.exec(output)![1]!;
    urls.api = /API:\s+(http:\/\/\S+)/.exec(output)![1]!;
    browser = await launchChromium();
  }, 480_000);

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
    }
    writeFileSync(join(outputDir, 'quick-start-console.log'), output);
    rmSync(work, { recursive: true, force: true });
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    return page;
  }

  it('prints the URLs it listens on, on the ports it was given, and wrote a .env of its own', () => {
    expect(urls).toEqual({
      preview: `http://127.0.0.1:${ports.h5}`, simulator: `http://127.0.0.1:${ports.simulator}`, api: `http://127.0.0.1:${ports.api}`,
    });
    expect(existsSync(envFile)).toBe(true);
    expect(readFileSync(envFile, 'utf8')).toMatch(/^NODE_ENV=development$/m);
    expect(readFileSync(envFile, 'utf8')).toMatch(/^DATA_ENCRYPTION_KEYS=k1:.+$/m);
    expect(existsSync(join(dataDir, 'ferretdb'))).toBe(true);
  });

  it('rebuilt the stale preview (production mode) before serving it', () => {
    expect(readFileSync(join(distDir, 'index.html'), 'utf8')).not.toContain('stale preview');
    expect(isBuildCurrent(distDir, 'h5')).toBe(true);
    expect(output).toContain('Building the H5 preview');
  });

  it('opens the printed preview URL, signs in as the demo resident, and renders the home and two scenarios', async () => {
    const page = await newPage();
    await page.goto(urls.preview);
    await page.locator('#nav-login').click();
    await field(page, 'login-handle').fill('demo-resident');
    await page.locator('#login-role-resident').click();
    await page.locator('#login-submit').click();
    await page.locator('#home-user').waitFor();
    await waitForText(page.locator('#nav-customs'), '通关');

    await page.locator('#nav-jobs').click();
    await page.locator('[id^="job-"]').first().waitFor();
    await page.goBack();
    await page.locator('#nav-customs').click();
    await waitForText(page.locator('#port-lo-wu'), '罗湖');
    await page.screenshot({ path: join(outputDir, 'quick-start-customs.png') });
    expect(pageErrors).toEqual([]);
  });

  it('serves the chat simulator at the printed URL', async () => {
    const page = await newPage();
    await page.goto(urls.simulator);
    await page.locator('body[data-ready="true"]').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('keeps the console readable: prefixed lines, no raw JSON, no line per bot poll, the banner after the bot logged in', async () => {
    // Several of the bot's long polls happen in this window.
    await new Promise((r) => setTimeout(r, 3000));
    const lines = output.split('\n').filter((line) => line.trim() !== '');
    expect(lines.filter((line) => line.trimStart().startsWith('{'))).toEqual([]);
    expect(lines.filter((line) => line.includes('/internal/'))).toEqual([]);
    const serverLines = lines.filter((line) => line.startsWith('server  │ '));
    expect(serverLines.some((line) => / INFO: server listening /.test(line))).toBe(true);
    // The pages above went through the API: their requests are on the console, one short line each.
    expect(serverLines.some((line) => /INFO: POST \/api\/auth\/dev-login 200 [\d.]+ ms/.test(line))).toBe(true);
    const loggedIn = lines.findIndex((line) => line.startsWith('bot     │ ') && line.includes('logged in'));
    const banner = lines.findIndex((line) => line.startsWith('湾事通 is running'));
    expect(loggedIn).toBeGreaterThan(-1);
    expect(banner).toBeGreaterThan(loggedIn);
  });

  it('stops everything on Ctrl-C: every process of the group gone, the ports closed, no error', async () => {
    // Ctrl-C in a terminal: SIGINT to the whole foreground process group.
    process.kill(-child.pid!, 'SIGINT');
    const groupAlive = () => { try { process.kill(-child.pid!, 0); return true; } catch { return false; } };
    await eventually(groupAlive, (alive) => !alive, 'every process of npm start to exit', 20_000);
    // npm re-raises the signal it was stopped with, as in a terminal; the start script itself exits 0.
    const result = await exited;
    expect(result === 0 || child.signalCode === 'SIGINT').toBe(true);
    expect(output).not.toMatch(/exited \(|did not stop within|ERROR:/);
    await expect(fetch(`${urls.api}/healthz`)).rejects.toThrow();
    await expect(fetch(urls.preview)).rejects.toThrow();
  });
});

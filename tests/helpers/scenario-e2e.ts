/**
 * The set-up every scenario end-to-end suite shares: a seeded real server on the jest run's
 * FerretDB, the H5 build behind the preview server, and Debian's Chromium. Call it at the top of a
 * `describe`; it registers the beforeAll/afterAll hooks and fills the returned object.
 */
import { afterAll, beforeAll } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer, type TestServerOptions } from '../../server/src/testing.js';
import { h5DistDir, startH5Preview, type H5Preview } from './h5-preview.js';
import { repoRoot } from './engine.mjs';
import { launchChromium } from './browser.js';

export const E2E_OUTPUT_DIR = join(repoRoot, 'test-output', 'e2e');

export interface ScenarioE2e {
  server: TestServer;
  preview: H5Preview;
  browser: Browser;
  /** Uncaught errors of every page opened with newPage(). */
  pageErrors: string[];
  /** A phone-sized page (390 × 844, DPR 2) in a fresh browser context. */
  newPage(locale?: string): Promise<Page>;
}

export function useScenarioE2e(serverOptions: TestServerOptions = { seed: true }): ScenarioE2e {
  const e2e = { pageErrors: [] as string[] } as ScenarioE2e;
  e2e.newPage = async (locale = 'zh-CN') => {
    const context = await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale });
    const page = await context.newPage();
    page.on('pageerror', (e) => e2e.pageErrors.push(String(e)));
    return page;
  };
  beforeAll(async () => {
    mkdirSync(E2E_OUTPUT_DIR, { recursive: true });
    e2e.server = await startTestServer(serverOptions);
    e2e.preview = await startH5Preview({ distDir: h5DistDir, apiUrl: e2e.server.url });
    e2e.browser = await launchChromium();
  });
  afterAll(async () => {
    await e2e.browser?.close();
    await e2e.preview?.close();
    await e2e.server?.close();
  });
  return e2e;
}

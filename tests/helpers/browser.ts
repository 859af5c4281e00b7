import { existsSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium (scripts/setup.sh installs it); never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: run scripts/setup.sh (apt-get install chromium fonts-noto-cjk)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
    // Playwright gives every launch a fresh, empty profile folder of its own.
  });
}

/** Taro's H5 Input/Textarea put the id on a wrapper or on the element itself; find the real field. */
export function field(page: Page, id: string): Locator {
  return page.locator(`input#${id}, textarea#${id}, #${id} input, #${id} textarea`).first();
}

/** Polls `probe` until `accept` holds; throws with the last value seen when `timeout` runs out. */
export async function eventually<T>(probe: () => T | Promise<T>, accept: (value: T) => boolean, what: string, timeout = 10_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function waitForText(locator: Locator, text: string, timeout = 10_000): Promise<void> {
  await eventually(async () => ((await locator.count()) ? await locator.first().innerText() : ''), (t) => t.includes(text), `text "${text}"`, timeout);
}

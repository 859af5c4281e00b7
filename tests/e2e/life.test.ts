/**
 * The four life scenarios (通讯, 医疗, 教育, 吃住游) end to end: the H5 build in Debian's Chromium
 * against the real server seeded with server/src/seed/content/life/*.json. Each scenario in 简体,
 * 繁體, English and elder mode: open it (its home tile; in elder mode, which keeps fewer tiles,
 * through the home search), see its sections in that language, filter by place, open an entry's
 * details and its source. Screenshots: test-output/e2e/life-<scenario>-<mode>.png.
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { LIFE_SCENARIOS, LIFE_SECTIONS, LIFE_UI, type Lang, type LifeEntryData, type LifeScenario } from '@bay/shared';
import { readLifeContent } from '../../server/src/modules/life/life.content.js';
import { E2E_OUTPUT_DIR, useScenarioE2e } from '../helpers/scenario-e2e.js';
import { field, waitForText } from '../helpers/browser.js';

const MODES: { lang: Lang; shot: string; elder: boolean }[] = [
  { lang: 'zh-Hans', shot: 'zh-Hans', elder: false },
  { lang: 'zh-Hant', shot: 'zh-Hant', elder: false },
  { lang: 'en', shot: 'en', elder: false },
  { lang: 'zh-Hant', shot: 'elder', elder: true },
];

/** The entry the flow opens: the first of the scenario's first section that has details. */
function target(scenario: LifeScenario): LifeEntryData {
  const entries = readLifeContent(scenario);
  const ordered = LIFE_SECTIONS[scenario].flatMap((s) => entries.filter((e) => e.section === s).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)));
  return ordered.find((e) => e.details.length > 0) ?? ordered[0]!;
}

describe('life scenarios in Chromium', () => {
  const e2e = useScenarioE2e();

  for (const scenario of LIFE_SCENARIOS) {
    for (const m of MODES) {
      it(`${scenario}: sections, a place filter and an entry's details and source (${m.shot})`, async () => {
        const entry = target(scenario);
        const ui = LIFE_UI[m.lang];
        const page = await e2e.newPage();
        await page.goto(e2e.preview.url + (m.elder ? '/?elder=1' : '/') + '#/pages/index/index');
        await page.locator(`#lang-${m.lang}`).first().click();
        const card = page.locator(`#life-${entry.id}`);
        if (m.elder) {
          // Elder home: the search box finds the entry by its title and opens it, first and expanded.
          await field(page, 'home-search').fill(entry.title[m.lang]);
          await page.locator('#home-search-go').click();
          const hit = page.locator(`#search-group-life [id^="hit-life-"]`, { hasText: entry.title[m.lang] }).first();
          await hit.click();
          await card.waitFor();
          expect(await page.locator('.life__entry').first().getAttribute('id')).toBe(`life-${entry.id}`);
          expect(await page.locator('.page--elder .life__entry').count()).toBeGreaterThan(0);
        } else {
          await page.locator(`#nav-${scenario}`).click();
          await page.locator(`#life-section-${LIFE_SECTIONS[scenario][0]}`).waitFor();
          // Every section, titled in the chosen language.
          for (const s of LIFE_SECTIONS[scenario]) {
            await waitForText(page.locator(`#life-section-${s} .life__label`).first(), (ui.section as Record<string, string>)[s]!);
          }
          await card.locator(`#life-${entry.id}-toggle`).click();
        }
        await waitForText(card.locator('.life__title'), entry.title[m.lang]);
        if (entry.details.length) await waitForText(card.locator(`#life-${entry.id}-more`), entry.details[0]![m.lang].slice(0, 20));
        const text = await card.innerText();
        expect(text).toContain(entry.source.url);
        expect(text).toContain(ui.asOf.replace('{{date}}', entry.asOf));
        if (entry.confidence === 'unverified') expect(text).toContain(ui.unverified);

        // A place filter keeps only that place's entries (the server filters; the chip is active).
        const place = entry.places[0]!;
        await page.locator(`#life-place-${place}`).click();
        await page.waitForFunction((p) => document.querySelector(`#life-place-${p}`)?.className.includes('chip--active'), place);
        // The list is replaced when the filtered answer arrives: wait for it, then every card is tagged with the place.
        const label = ui.place[place];
        await page.waitForFunction((l) => {
          const tags = Array.from(document.querySelectorAll('.life__entry .life__tags'), (el) => (el as HTMLElement).innerText);
          return tags.length > 0 && tags.every((t) => t.includes(l));
        }, label, { timeout: 10_000 });
        await card.waitFor();

        await card.scrollIntoViewIfNeeded();
        await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
        await page.screenshot({ path: join(E2E_OUTPUT_DIR, `life-${scenario}-${m.shot}.png`), fullPage: true });
        expect(e2e.pageErrors).toEqual([]);
        await page.context().close();
      });
    }
  }
});

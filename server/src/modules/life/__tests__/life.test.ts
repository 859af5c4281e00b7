import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LIFE_API, LIFE_SCENARIOS, LIFE_SECTIONS, SEARCH_API, type LifeEntryDto, type LifeEntryInput, type LifeScenarioDto, type SearchResultDto } from '@bay/shared';
import { startHarness, type Harness } from '../../../__tests__/harness.js';
import { readAllLifeContent, readLifeContent } from '../life.content.js';
import { seedLifeContent } from '../life.service.js';

describe('life seed content', () => {
  const all = readAllLifeContent();
  it.each(LIFE_SCENARIOS)('%s has entries in every section, each sourced and dated', (scenario) => {
    const entries = readLifeContent(scenario);
    for (const section of LIFE_SECTIONS[scenario]) expect(entries.filter((e) => e.section === section).length).toBeGreaterThan(0);
    for (const e of entries) {
      expect(e.id.startsWith({ telecom: 'telecom-', health: 'health-', education: 'edu-', stay: 'stay-' }[scenario])).toBe(true);
      expect(e.source.url).toMatch(/^https:\/\//);
      expect(e.asOf).toMatch(/^20\d\d-\d\d/);
    }
  });
  it('says so in the text wherever a fact is not verified (all three languages)', () => {
    const unverified = all.filter((e) => e.confidence === 'unverified');
    expect(unverified.length).toBeGreaterThan(0);
    for (const e of unverified) {
      const text = (l: 'zh-Hans' | 'zh-Hant' | 'en') => [e.summary[l], ...e.details.map((d) => d[l]), ...e.facts.map((f) => f.value[l])].join(' ');
      expect([e.id, text('en')]).toEqual([e.id, expect.stringMatching(/check|confirm|latest|current|verify|ask/i)]);
      expect([e.id, text('zh-Hans')]).toEqual([e.id, expect.stringMatching(/为准|查询|确认|核实|最新|咨询|查看/)]);
      expect([e.id, text('zh-Hant')]).toEqual([e.id, expect.stringMatching(/為準|查詢|確認|核實|最新|諮詢|查看/)]);
    }
  });
  it('refuses a bad file with the entry and the field at fault', () => {
    const dir = mkdtempSync(join(tmpdir(), 'life-'));
    const good = readLifeContent('health')[0]!;
    writeFileSync(join(dir, 'health.json'), JSON.stringify([good, { ...good, id: 'health-second', section: 'events' }]));
    expect(() => readLifeContent('health', `${dir}/`)).toThrow(/health\.json\[1\] \(id "health-second"\): section: v\.invalid/);
    writeFileSync(join(dir, 'health.json'), JSON.stringify([good, good]));
    expect(() => readLifeContent('health', `${dir}/`)).toThrow(/duplicate id/);
  });
});

describe('life API', () => {
  let h: Harness;
  let resident: { Authorization: string };
  let admin: { Authorization: string };
  const anEntry = (): LifeEntryInput => ({
    id: 'telecom-test-entry', scenario: 'telecom', section: 'apps', order: 5, places: ['mainland'],
    title: { 'zh-Hans': '测试条目', 'zh-Hant': '測試條目', en: 'Test entry' },
    summary: { 'zh-Hans': '摘要', 'zh-Hant': '摘要', en: 'Summary' },
    aliases: { 'zh-Hans': ['独角兽'], 'zh-Hant': ['獨角獸'], en: ['unicorn'] },
    source: { name: { 'zh-Hans': '来源', 'zh-Hant': '來源', en: 'Source' }, url: 'https://www.ofca.gov.hk/' },
    asOf: '2026-12-07', confidence: 'verified',
  });
  beforeAll(async () => {
    h = await startHarness('life');
    const first = await seedLifeContent(h.app.services.models);
    const again = await seedLifeContent(h.app.services.models); // idempotent
    expect(again).toEqual({ ...first, removed: 0 });
    resident = (await h.login('life-resident')).auth;
    admin = (await h.login('life-admin', 'admin', 'en')).auth;
  });
  afterAll(async () => { await h.close(); });

  it('GET /api/life/:scenario gives the sections in order, entries by order; filters by place and section', async () => {
    for (const scenario of LIFE_SCENARIOS) {
      const dto = (await h.http.get(LIFE_API.scenario(scenario)).expect(200)).body as LifeScenarioDto;
      expect(dto.sections.map((s) => s.section)).toEqual(LIFE_SECTIONS[scenario]);
      for (const s of dto.sections) expect(s.items.map((i) => i.order)).toEqual([...s.items.map((i) => i.order)].sort((a, b) => a - b));
    }
    const hk = (await h.http.get(LIFE_API.scenario('health')).query({ place: 'hk', section: 'emergency' }).expect(200)).body as LifeScenarioDto;
    expect(hk.sections.map((s) => s.section)).toEqual(['emergency']);
    expect(hk.sections[0]!.items.every((i) => i.places.includes('hk'))).toBe(true);
  });

  it('answers a clear, localised 400 for an unknown scenario, place or section and 404 for an entry of another scenario', async () => {
    const bad = await h.http.get(LIFE_API.scenario('casino')).set('Accept-Language', 'zh-Hant');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.scenario).toBe('內容無效');
    const place = await h.http.get(LIFE_API.scenario('stay')).query({ place: 'taiwan' }).set('Accept-Language', 'en');
    expect(place.status).toBe(400);
    expect(Object.keys(place.body.error.fields)).toEqual(['place']);
    const someStay = ((await h.http.get(LIFE_API.scenario('stay'))).body as LifeScenarioDto).sections[0]!.items[0]!;
    expect((await h.http.get(LIFE_API.entry('stay', someStay.id))).status).toBe(200);
    expect((await h.http.get(LIFE_API.entry('health', someStay.id))).status).toBe(404);
    expect((await h.http.get(LIFE_API.entry('stay', 'Bad_Id'))).status).toBe(400);
  });

  it('lets only admins add, change and delete entries, audited; bad bodies change nothing', async () => {
    const body = anEntry();
    expect((await h.http.put(LIFE_API.adminEntry('telecom', body.id)).send(body)).status).toBe(401);
    expect((await h.http.put(LIFE_API.adminEntry('telecom', body.id)).set(resident).send(body)).status).toBe(403);
    const mismatch = await h.http.put(LIFE_API.adminEntry('health', body.id)).set(admin).send(body);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.fields).toEqual({ scenario: 'Invalid value' });
    const wrongSection = await h.http.put(LIFE_API.adminEntry('telecom', body.id)).set(admin).send({ ...body, section: 'voucher' });
    expect(wrongSection.status).toBe(400);
    expect(Object.keys(wrongSection.body.error.fields)).toEqual(['section']);
    const noSource = await h.http.put(LIFE_API.adminEntry('telecom', body.id)).set(admin).send({ ...body, source: { ...body.source, url: 'http://insecure.example' } });
    expect(noSource.status).toBe(400);
    expect((await h.http.get(LIFE_API.entry('telecom', body.id))).status).toBe(404);

    const saved = (await h.http.put(LIFE_API.adminEntry('telecom', body.id)).set(admin).send(body).expect(200)).body as LifeEntryDto;
    expect(saved).toMatchObject({ id: body.id, section: 'apps', details: [], facts: [] });
    const apps = ((await h.http.get(LIFE_API.scenario('telecom')).query({ section: 'apps' })).body as LifeScenarioDto).sections[0]!.items;
    expect(apps[0]!.id).toBe(body.id); // order 5 sorts first
    // The seed keeps an admin's entry and does not remove it.
    const seeded = await seedLifeContent(h.app.services.models);
    expect(seeded.removed).toBe(0);
    expect((await h.http.get(LIFE_API.entry('telecom', body.id))).status).toBe(200);

    expect((await h.http.delete(LIFE_API.adminEntry('telecom', body.id)).set(admin).expect(200)).body).toEqual({ deleted: true });
    expect((await h.http.delete(LIFE_API.adminEntry('telecom', body.id)).set(admin)).status).toBe(404);
    const audit = await h.app.services.models.audit.find({ 'target.type': 'life_entry' }).lean();
    expect(audit.map((a) => `${a.action}:${a.outcome}`)).toEqual(['life.entry.upsert:succeeded', 'life.entry.delete:succeeded', 'life.entry.delete:failed']);
  });

  it('is found by the home search in every script, linking to the entry page', async () => {
    const body = { ...anEntry(), id: 'telecom-search-probe' };
    await h.http.put(LIFE_API.adminEntry('telecom', body.id)).set(admin).send(body).expect(200);
    for (const q of ['独角兽', '獨角獸', 'Unicorn']) {
      const res = (await h.http.get(SEARCH_API).query({ q }).expect(200)).body as SearchResultDto;
      const life = res.groups.find((g) => g.group === 'life');
      expect(life?.hits[0]).toMatchObject({ id: body.id, link: `packages/telecom/index/index?id=${body.id}` });
    }
    await h.http.delete(LIFE_API.adminEntry('telecom', body.id)).set(admin).expect(200);
  });
});

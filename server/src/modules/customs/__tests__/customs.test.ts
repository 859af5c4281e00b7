import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CUSTOMS_API, type GuideItemDto, type LookupDto, type PortDto, type PortWaitDto } from '@bay/shared';
import { startHarness, type Harness } from '../../../__tests__/harness.js';
import { readCustomsContent, seedCustomsContent } from '../customs.content.js';
import { aliasScore, hkSlot, isOutlier, median } from '../customs.service.js';

const REQUIRED_PORTS = [
  'lo-wu', 'lok-ma-chau-spur-line', 'lok-ma-chau-huanggang', 'shenzhen-bay', 'heung-yuen-wai-liantang', 'man-kam-to-wenjindu',
  'sha-tau-kok', 'hzmb-hk-port', 'hzmb-zhuhai-port', 'hzmb-macao-port', 'border-gate-gongbei', 'hengqin', 'qingmao',
  'west-kowloon-station', 'shekou', 'china-ferry-terminal', 'hk-macau-ferry-terminal', 'macao-outer-harbour', 'taipa-ferry-terminal',
  'jiuzhou', 'skypier',
];

describe('customs seed content', () => {
  const { ports, guide } = readCustomsContent();
  it('lists every mainland–Hong Kong / Macao port, each with three languages, a source and asOf', () => {
    expect(ports.map((p) => p.id).sort()).toEqual([...REQUIRED_PORTS].sort());
    for (const p of ports) {
      expect(p.source.url).toMatch(/^https:\/\//);
      expect(p.asOf).toMatch(/^20\d\d-\d\d/);
      // Without a known opening time the note must send people to the official notice.
      if (!p.hours.open24h && !p.hours.from) expect(p.hours.note.en).toMatch(/check|follow/i);
    }
  });
  it('has guide items with sources, including alcohol, tobacco, cash and prohibited items', () => {
    const ids = guide.map((g) => g.id);
    for (const id of ['alcohol', 'tobacco', 'cash', 'weapons-drugs-fireworks', 'red-green-channel', 'electronics', 'mooncakes']) expect(ids).toContain(id);
    for (const g of guide) expect(g.rules.length).toBeGreaterThan(0);
  });
});

describe('customs helpers', () => {
  it('computes the Hong Kong weekday × hour slot', () => {
    // 2026-11-29 is a Sunday; 23:30 UTC is Monday 07:30 in Hong Kong.
    expect(hkSlot(new Date('2026-11-29T23:30:00Z'))).toBe(1 * 24 + 7);
  });
  it('medians and outliers', () => {
    expect(median([10, 30, 20])).toBe(20);
    expect(isOutlier(200, [20, 25, 30, 20, 22])).toBe(true);
    expect(isOutlier(40, [20, 25, 30, 20, 22])).toBe(false);
    expect(isOutlier(200, [20, 25])).toBe(false);
  });
  it('matches latin aliases on word boundaries only', () => {
    expect(aliasScore('cat', 'certificate')).toBe(0);
    expect(aliasScore('iphone', '我想带iphone')).toBeGreaterThan(0);
  });
});

describe('customs API', () => {
  let h: Harness;
  let resident: { Authorization: string };
  let other: { Authorization: string };
  let admin: { Authorization: string };
  beforeAll(async () => {
    h = await startHarness('customs');
    await seedCustomsContent(h.app.services.models);
    await seedCustomsContent(h.app.services.models); // idempotent
    resident = (await h.login('customs-resident', undefined, 'en')).auth;
    other = (await h.login('customs-resident-2')).auth;
    admin = (await h.login('customs-admin', 'admin', 'zh-Hant')).auth;
  });
  afterAll(async () => { await h.close(); });

  it('GET /api/customs/ports lists the ports in order', async () => {
    const res = await h.http.get(CUSTOMS_API.ports);
    expect(res.status).toBe(200);
    const items = res.body.items as PortDto[];
    expect(items).toHaveLength(REQUIRED_PORTS.length);
    expect(items[0]!.id).toBe('lo-wu');
    expect(items[0]!.hours).toMatchObject({ open24h: false, from: '06:30', to: '24:00' });
  });

  it('GET /api/customs/ports/:id answers 404 for an unknown port and 400 for a malformed id, localized', async () => {
    expect((await h.http.get(CUSTOMS_API.port('nowhere'))).status).toBe(404);
    const bad = await h.http.get(CUSTOMS_API.port('Bad_Id!')).set('Accept-Language', 'en');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.id).toMatch(/lower-case/);
  });

  it('GET …/wait answers an estimate with no data (source none)', async () => {
    const res = await h.http.get(CUSTOMS_API.portWait('lo-wu')).query({ direction: 'northbound', mode: 'pedestrian' });
    expect(res.status).toBe(200);
    expect((res.body as PortWaitDto).items).toEqual([
      { direction: 'northbound', mode: 'pedestrian', minutes: null, ageMinutes: null, observedAt: null, source: 'none', estimate: true, samples: 0 },
    ]);
  });

  it('estimates from the same weekday and hour when nothing is fresh', async () => {
    const now = Date.now();
    const weekAgo = new Date(now - 7 * 24 * 3600_000);
    const twoWeeks = new Date(now - 14 * 24 * 3600_000);
    await h.app.services.models.customsWaits.create([
      { portId: 'shenzhen-bay', direction: 'southbound', mode: 'vehicle', minutes: 40, source: 'feed', observedAt: weekAgo, slot: hkSlot(weekAgo) },
      { portId: 'shenzhen-bay', direction: 'southbound', mode: 'vehicle', minutes: 60, source: 'feed', observedAt: twoWeeks, slot: hkSlot(twoWeeks) },
    ]);
    const res = await h.http.get(CUSTOMS_API.portWait('shenzhen-bay')).query({ direction: 'southbound', mode: 'vehicle' });
    expect(res.body.items[0]).toMatchObject({ minutes: 50, source: 'history', estimate: true, samples: 2, ageMinutes: null });
  });

  it('admin feed: audited, then the current wait comes from the feed with its age', async () => {
    const observedAt = new Date(Date.now() - 5 * 60_000).toISOString();
    const res = await h.http.post(CUSTOMS_API.adminWaitFeed('lok-ma-chau-huanggang')).set(admin).send({ direction: 'northbound', mode: 'pedestrian', minutes: 25, observedAt });
    expect(res.status).toBe(201);
    expect(res.body.wait).toMatchObject({ minutes: 25, source: 'feed', estimate: false });
    expect(res.body.wait.ageMinutes).toBeGreaterThanOrEqual(4);
    const wait = await h.http.get(CUSTOMS_API.portWait('lok-ma-chau-huanggang')).query({ direction: 'northbound', mode: 'pedestrian' });
    expect(wait.body.items[0]).toMatchObject({ minutes: 25, source: 'feed', estimate: false });
    const audit = await h.app.services.models.audit.findOne({ action: 'customs.wait.feed' }).lean();
    expect(audit?.outcome).toBe('succeeded');
  });

  it('admin feed refuses residents (403), out-of-range minutes and future times (400), changing nothing', async () => {
    expect((await h.http.post(CUSTOMS_API.adminWaitFeed('lo-wu')).set(resident).send({ direction: 'northbound', mode: 'pedestrian', minutes: 5 })).status).toBe(403);
    const range = await h.http.post(CUSTOMS_API.adminWaitFeed('lo-wu')).set(admin).send({ direction: 'northbound', mode: 'pedestrian', minutes: 301 });
    expect(range.status).toBe(400);
    expect(range.body.error.fields.minutes).toBe('輪候時間應為 0–300 分鐘');
    const future = await h.http.post(CUSTOMS_API.adminWaitFeed('lo-wu')).set(admin).send({ direction: 'northbound', mode: 'pedestrian', minutes: 5, observedAt: new Date(Date.now() + 3600_000).toISOString() });
    expect(future.status).toBe(400);
    expect(future.body.error.fields).toHaveProperty('observedAt');
    expect(await h.app.services.models.customsWaits.countDocuments({ portId: 'lo-wu' })).toBe(0);
  });

  it('resident reports: sign-in required, median of fresh reports, one per port per 10 minutes (429, localized)', async () => {
    expect((await h.http.post(CUSTOMS_API.waitReports('lo-wu')).send({ direction: 'southbound', mode: 'pedestrian', minutes: 10 })).status).toBe(401);
    const first = await h.http.post(CUSTOMS_API.waitReports('lo-wu')).set(resident).send({ direction: 'southbound', mode: 'pedestrian', minutes: 10 });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ counted: true, wait: { minutes: 10, source: 'reports', estimate: false, samples: 1, ageMinutes: 0 } });
    const again = await h.http.post(CUSTOMS_API.waitReports('lo-wu')).set(resident).send({ direction: 'northbound', mode: 'pedestrian', minutes: 12 });
    expect(again.status).toBe(429);
    expect(again.body.error.code).toBe('customsReportTooSoon');
    expect(again.body.error.message).toMatch(/10 minutes/);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    const second = await h.http.post(CUSTOMS_API.waitReports('lo-wu')).set(other).send({ direction: 'southbound', mode: 'pedestrian', minutes: 20 });
    expect(second.body.wait).toMatchObject({ minutes: 15, samples: 2 });
  });

  it('two concurrent reports from one resident: one stored, one 429', async () => {
    const me = (await h.login('customs-racer')).auth;
    const send = () => h.http.post(CUSTOMS_API.waitReports('shenzhen-bay')).set(me).send({ direction: 'northbound', mode: 'pedestrian', minutes: 15 });
    const statuses = (await Promise.all([send(), send()])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 429]);
  });

  it('rejects out-of-range reports and modes the port lacks (400), and stores a far-off report without counting it', async () => {
    const neg = await h.http.post(CUSTOMS_API.waitReports('hengqin')).set(resident).send({ direction: 'northbound', mode: 'pedestrian', minutes: -1 });
    expect(neg.status).toBe(400);
    const mode = await h.http.post(CUSTOMS_API.waitReports('qingmao')).set(resident).send({ direction: 'northbound', mode: 'vehicle', minutes: 5 });
    expect(mode.status).toBe(400);
    expect(mode.body.error.fields).toHaveProperty('mode');
    for (let i = 0; i < 5; i++) {
      const u = (await h.login(`customs-crowd-${i}`)).auth;
      expect((await h.http.post(CUSTOMS_API.waitReports('hengqin')).set(u).send({ direction: 'northbound', mode: 'pedestrian', minutes: 20 + i })).status).toBe(201);
    }
    const outlier = await h.http.post(CUSTOMS_API.waitReports('hengqin')).set(resident).send({ direction: 'northbound', mode: 'pedestrian', minutes: 290 });
    expect(outlier.status).toBe(201);
    expect(outlier.body.counted).toBe(false);
    expect(outlier.body.wait.minutes).toBe(22);
    expect(await h.app.services.models.customsWaits.countDocuments({ portId: 'hengqin', excluded: true })).toBe(1);
  });

  it('GET /api/customs/lookup finds items in three scripts and refuses an empty query', async () => {
    const ask = async (q: string) => ((await h.http.get(CUSTOMS_API.lookup).query({ q })).body as LookupDto).items.map((i) => i.id);
    expect((await ask('iPhone'))[0]).toBe('electronics');
    expect((await ask('月饼'))[0]).toBe('mooncakes');
    expect((await ask('香煙'))[0]).toBe('tobacco');
    expect((await ask('可以帶幾多支香煙'))[0]).toBe('tobacco');
    expect((await ask('whisky'))[0]).toBe('alcohol');
    expect((await ask('電子煙'))[0]).toBe('e-cigarettes');
    expect(await ask('spaceship')).toEqual([]);
    const tobacco = (await h.http.get(CUSTOMS_API.lookup).query({ q: '香煙' })).body.items[0] as GuideItemDto;
    expect(tobacco.rules.find((r) => r.direction === 'into-hk')?.verdict).toBe('limited');
    expect(tobacco.source.url).toMatch(/customs\.gov\.hk/);
    const empty = await h.http.get(CUSTOMS_API.lookup).query({ q: '  ' });
    expect(empty.status).toBe(400);
  });

  it('answers the home search: ports by name and guide items, with links', async () => {
    const hits = await h.app.services.customs.search({ q: '羅湖', lang: 'zh-Hant', limit: 5 });
    expect(hits[0]).toMatchObject({ id: 'lo-wu', link: 'packages/customs/port/index?id=lo-wu' });
    const items = await h.app.services.customs.search({ q: '香煙', lang: 'zh-Hant', limit: 5 });
    expect(items[0]).toMatchObject({ id: 'tobacco', link: `packages/customs/guide/index?q=${encodeURIComponent('香煙')}` });
    const res = await h.http.get('/api/search').query({ q: '深圳湾', lang: 'zh-Hans' });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('packages/customs/port/index?id=shenzhen-bay');
  });

  it('admin upserts a port and a guide item (audited; kept by the next seed), refuses mismatched ids and bad bodies', async () => {
    const port = (await h.http.get(CUSTOMS_API.port('sha-tau-kok'))).body as PortDto;
    const changed = { ...port, transport: { ...port.transport, en: 'Edited by an admin' } };
    const put = await h.http.put(CUSTOMS_API.adminPort('sha-tau-kok')).set(admin).send(changed);
    expect(put.status).toBe(200);
    expect(put.body.transport.en).toBe('Edited by an admin');
    await seedCustomsContent(h.app.services.models);
    expect((await h.http.get(CUSTOMS_API.port('sha-tau-kok'))).body.transport.en).toBe('Edited by an admin');
    const mismatch = await h.http.put(CUSTOMS_API.adminPort('lo-wu')).set(admin).send(changed);
    expect(mismatch.status).toBe(400);
    const bad = await h.http.put(CUSTOMS_API.adminPort('sha-tau-kok')).set(admin).send({ ...changed, source: { ...changed.source, url: 'http://x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty(['source.url']);
    expect((await h.http.put(CUSTOMS_API.adminPort('sha-tau-kok')).set(resident).send(changed)).status).toBe(403);

    const item = { id: 'durian-test', category: 'restricted', name: { 'zh-Hans': '测试', 'zh-Hant': '測試', en: 'Test item' }, aliases: { 'zh-Hans': ['测试物品'], 'zh-Hant': [], en: ['testitem'] },
      rules: [{ direction: 'into-hk', verdict: 'declare', text: { 'zh-Hans': '申报', 'zh-Hant': '申報', en: 'Declare' } }],
      source: { name: { 'zh-Hans': '香港海关', 'zh-Hant': '香港海關', en: 'C&ED' }, url: 'https://www.customs.gov.hk/' }, asOf: '2026-11', confidence: 'unverified' };
    expect((await h.http.put(CUSTOMS_API.adminGuideItem('durian-test')).set(admin).send(item)).status).toBe(200);
    expect((await h.http.get(CUSTOMS_API.lookup).query({ q: 'testitem' })).body.items[0].id).toBe('durian-test');
    expect((await h.http.delete(CUSTOMS_API.adminGuideItem('durian-test')).set(admin)).status).toBe(200);
    expect((await h.http.delete(CUSTOMS_API.adminGuideItem('durian-test')).set(admin)).status).toBe(404);
    const actions = (await h.app.services.models.audit.find({ action: { $in: ['customs.port.upsert', 'customs.guide.upsert', 'customs.guide.delete'] } }).lean()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['customs.port.upsert', 'customs.guide.upsert', 'customs.guide.delete']));
  });
});

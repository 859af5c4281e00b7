import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ApplicationDto, NorthboundRulesDto, TravelOptionInput, TravelRoutesDto } from '@bay/shared';
import { seedDemoData } from '../../../seed/seed.js';
import { HKID_OK, eventually, startHarness, type Harness } from '../../../__tests__/harness.js';
import { loadTravelContent } from '../travel.loader.js';

type Session = Awaited<ReturnType<Harness['login']>>;

const YES = { resident: true, homeReturnPermit: true, vehicleRegistered: true, vehicleOwner: true, localLicence: true, mainlandLicence: true, insurance: true };

describe('travel', () => {
  let h: Harness;
  let resident: Session;
  let admin: Session;
  let reviewer: Session;

  beforeAll(async () => {
    h = await startHarness('travel');
    await seedDemoData(h.conn);
    resident = await h.login('travel-res', 'resident', 'en');
    admin = await h.login('travel-admin', 'admin', 'en');
    reviewer = await h.login('travel-rev', 'reviewer', 'en');
  });
  afterAll(async () => { await h.close(); });

  const routes = async (query: Record<string, string>, lang = 'en') =>
    (await h.http.get('/api/travel/routes').query({ ...query, lang }).expect(200)).body as TravelRoutesDto;

  describe('seed content', () => {
    it('is valid, covers every city and the airport, and cites a source and date for each option', () => {
      const { options, rules } = loadTravelContent();
      const places = new Set(options.flatMap((o) => [o.from, o.to]));
      for (const p of ['guangzhou', 'shenzhen', 'zhuhai', 'foshan', 'huizhou', 'dongguan', 'zhongshan', 'jiangmen', 'zhaoqing', 'hongkong', 'macao', 'hkairport']) {
        expect(places.has(p as never)).toBe(true);
      }
      for (const o of options) {
        expect(o.source.url).toMatch(/^https:\/\//);
        expect(o.asOf).toMatch(/^20\d\d-\d\d/);
      }
      expect(rules.map((r) => r.key).sort()).toEqual(['hk', 'macao']);
    });
  });

  describe('GET /api/travel/routes', () => {
    it('finds Hong Kong → Zhuhai, fastest first, with source and asOf on every leg, in English', async () => {
      const res = await routes({ from: 'hongkong', to: 'zhuhai', sort: 'time' });
      expect(res).toMatchObject({ from: 'hongkong', to: 'zhuhai', sort: 'time', lang: 'en' });
      expect(res.routes.length).toBeGreaterThan(0);
      const minutes = res.routes.map((r) => r.minutes);
      expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
      const shuttle = res.routes.find((r) => r.id === 'hzmb-shuttle-hk-zhuhai>');
      expect(shuttle?.legs[0]).toMatchObject({ mode: 'hzmb_shuttle', operator: 'HZMB Shuttle Bus ("gold bus")', fare: { min: 65, max: 70, currency: 'HKD' }, allDay: true });
      for (const r of res.routes) {
        for (const leg of r.legs) {
          expect(leg.source.url).toMatch(/^https:\/\//);
          expect(leg.source.name.length).toBeGreaterThan(0);
          expect(leg.asOf).toMatch(/^20\d\d-\d\d/);
        }
      }
    });

    it('answers in the request language (zh-Hant, zh-Hans)', async () => {
      const hant = await routes({ from: 'hongkong', to: 'zhuhai' }, 'zh-Hant');
      expect(hant.routes.find((r) => r.id === 'hzmb-shuttle-hk-zhuhai>')!.legs[0]!.operator).toBe('港珠澳大橋穿梭巴士（金巴）');
      const hans = await routes({ from: 'hongkong', to: 'zhuhai' }, 'zh-Hans');
      expect(hans.routes.find((r) => r.id === 'hzmb-shuttle-hk-zhuhai>')!.legs[0]!.operator).toBe('港珠澳大桥穿梭巴士（金巴）');
    });

    it('sorts by price (rough HKD value) when asked', async () => {
      const res = await routes({ from: 'hongkong', to: 'shenzhen', sort: 'price' });
      const prices = res.routes.map((r) => r.approxHkd.min);
      expect(prices).toEqual([...prices].sort((a, b) => a - b));
      expect(res.routes[0]!.legs[0]!.fare.currency).toBe('HKD');
    });

    it('runs options both ways, with departure and arrival swapped', async () => {
      const res = await routes({ from: 'zhuhai', to: 'hongkong' });
      const back = res.routes.find((r) => r.id === 'hzmb-shuttle-hk-zhuhai<')!;
      expect(back.legs[0]).toMatchObject({ from: 'zhuhai', to: 'hongkong', departure: 'HZMB Zhuhai Port (change there for Gongbei or Hengqin)' });
    });

    it('adds two-leg combinations where few direct options exist', async () => {
      const res = await routes({ from: 'hkairport', to: 'zhongshan' });
      expect(res.routes.length).toBeGreaterThan(0);
      const combo = res.routes.find((r) => r.legs.length === 2)!;
      expect(combo.legs[0]!.to).toBe(combo.legs[1]!.from);
      expect(combo.minutes).toBe(combo.legs[0]!.minutes + combo.legs[1]!.minutes + 20);
    });

    it('refuses bad parameters with localized per-field messages', async () => {
      const bad = await h.http.get('/api/travel/routes').query({ from: 'mars', to: 'zhuhai', sort: 'fast', lang: 'en' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields).toEqual({
        from: 'Choose a place: a Greater Bay Area city or Hong Kong International Airport',
        sort: 'Sort by time or price',
      });
      const same = await h.http.get('/api/travel/routes').query({ from: 'macao', to: 'macao', lang: 'zh-Hant' });
      expect(same.status).toBe(400);
      expect(same.body.error.fields).toEqual({ to: '出發地和目的地不能相同' });
      const missing = await h.http.get('/api/travel/routes').query({ lang: 'zh-Hans' });
      expect(missing.status).toBe(400);
      expect(Object.keys(missing.body.error.fields).sort()).toEqual(['from', 'to']);
    });
  });

  describe('cross-scenario search', () => {
    it('finds travel options from the home search box, linking to the route finder with the places', async () => {
      const res = await h.http.get('/api/search').query({ q: 'HZMB', lang: 'en' });
      expect(res.status).toBe(200);
      const hits = JSON.stringify(res.body);
      expect(hits).toContain('packages/travel/index/index?from=hongkong&to=zhuhai');
      const items = await h.app.services.travel.list({ lang: 'zh-Hant' });
      expect(items.find((i) => i.id === 'hzmb-shuttle-hk-zhuhai')!.title).toBe('香港 → 珠海 · 港珠澳大橋穿梭巴士');
    });
  });

  describe('GET /api/travel/options/:key', () => {
    it('returns one option, localized, or 404', async () => {
      const res = await h.http.get('/api/travel/options/ferry-hk-macao').query({ lang: 'en' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ key: 'ferry-hk-macao', mode: 'ferry', from: 'hongkong', to: 'macao', confidence: 'unverified' });
      expect((await h.http.get('/api/travel/options/no-such-option')).status).toBe(404);
      expect((await h.http.get('/api/travel/options/BAD KEY')).status).toBe(400);
    });
  });

  describe('admin API for travel content', () => {
    const newOption = (key: string): TravelOptionInput => ({
      key, mode: 'coach', from: 'zhaoqing', to: 'jiangmen', bothWays: false,
      operator: { 'zh-Hans': '测试巴士', 'zh-Hant': '測試巴士', en: 'Test Coach' },
      departure: { 'zh-Hans': '肇庆', 'zh-Hant': '肇慶', en: 'Zhaoqing' },
      arrival: { 'zh-Hans': '江门', 'zh-Hant': '江門', en: 'Jiangmen' },
      port: { 'zh-Hans': '无', 'zh-Hant': '無', en: 'None' },
      minutes: 5, fare: { min: 1, max: 2, currency: 'CNY' }, firstDeparture: '07:00', lastDeparture: '21:00', allDay: false,
      hours: { 'zh-Hans': '每日', 'zh-Hant': '每日', en: 'Daily' },
      howToBuy: { 'zh-Hans': '车站', 'zh-Hant': '車站', en: 'At the station' },
      note: { 'zh-Hans': '测试', 'zh-Hant': '測試', en: 'Test' },
      source: { name: { 'zh-Hans': '测试', 'zh-Hant': '測試', en: 'Test' }, url: 'https://www.td.gov.hk/' },
      asOf: '2026-11', confidence: 'verified',
    });

    it('refuses residents and anonymous callers', async () => {
      expect((await h.http.put('/api/admin/travel/options/test-coach').set(resident.auth).send(newOption('test-coach'))).status).toBe(403);
      expect((await h.http.put('/api/admin/travel/options/test-coach').send(newOption('test-coach'))).status).toBe(401);
    });

    it('validates with per-field messages and changes nothing', async () => {
      const before = await h.app.services.models.travelOptions.countDocuments();
      const res = await h.http.put('/api/admin/travel/options/test-coach').set(admin.auth)
        .send({ ...newOption('test-coach'), from: 'atlantis', fare: { min: 5, max: 1, currency: 'USD' }, source: { name: { en: 'x' }, url: 'http://x' } });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toMatchObject({ from: expect.any(String), 'fare.currency': expect.any(String) });
      expect(Object.keys(res.body.error.fields)).toEqual(expect.arrayContaining(['source.name.zh-Hans', 'source.name.zh-Hant', 'source.url']));
      const mismatch = await h.http.put('/api/admin/travel/options/other-key').set(admin.auth).send(newOption('test-coach'));
      expect(mismatch.status).toBe(400);
      expect(await h.app.services.models.travelOptions.countDocuments()).toBe(before);
    });

    it('creates, serves at once in the route finder, audits, and deletes', async () => {
      const created = await h.http.put('/api/admin/travel/options/test-coach').set(admin.auth).send(newOption('test-coach'));
      expect(created.status).toBe(201);
      const found = await routes({ from: 'zhaoqing', to: 'jiangmen' });
      expect(found.routes[0]!.id).toBe('test-coach>');
      const audit = await h.http.get('/api/admin/audit').set(admin.auth).query({ action: 'travel.option.upsert' });
      expect(audit.status).toBe(200);
      expect(audit.body.items[0]).toMatchObject({ action: 'travel.option.upsert', target: { type: 'travel_option', id: 'test-coach' } });
      expect((await h.http.delete('/api/admin/travel/options/test-coach').set(admin.auth)).status).toBe(204);
      const after = await routes({ from: 'zhaoqing', to: 'jiangmen' });
      expect(after.routes.some((r) => r.id.includes('test-coach'))).toBe(false);
      expect((await h.http.delete('/api/admin/travel/options/test-coach').set(admin.auth)).status).toBe(404);
    });

    it('keeps admin edits when the seed runs again', async () => {
      const edited = { ...newOption('ferry-hk-macao'), from: 'hongkong' as const, to: 'macao' as const, minutes: 61 };
      expect((await h.http.put('/api/admin/travel/options/ferry-hk-macao').set(admin.auth).send(edited)).status).toBe(200);
      const result = await seedDemoData(h.conn);
      expect(result.travel!.keptAdminChanges).toBeGreaterThanOrEqual(1);
      await h.app.services.travel.reload();
      expect((await h.http.get('/api/travel/options/ferry-hk-macao').query({ lang: 'en' })).body.minutes).toBe(61);
    });
  });

  describe('Northbound Travel', () => {
    it('GET /api/travel/northbound lists requirements, documents and booking rules in effect, marked unverified', async () => {
      const res = await h.http.get('/api/travel/northbound').query({ scheme: 'hk', lang: 'en' });
      expect(res.status).toBe(200);
      const dto = res.body as NorthboundRulesDto;
      expect(dto.title).toBe('Northbound Travel for Hong Kong Vehicles');
      expect(dto.documents.length).toBeGreaterThan(2);
      expect(dto.bookingRules.map((b) => b.key)).toEqual(expect.arrayContaining(['book-each-trip', 'no-booking-days']));
      expect(dto.bookingRules.every((b) => b.confidence === 'unverified')).toBe(true);
      expect((await h.http.get('/api/travel/northbound').query({ scheme: 'taiwan' })).status).toBe(400);
    });

    it('shows a booking rule only from its effective date (admin-edited, audited)', async () => {
      const current = (await h.http.get('/api/admin/travel/rules').set(admin.auth)).body.items.find((r: { key: string }) => r.key === 'macao');
      const { _id, origin, createdAt, updatedAt, __v, ...rules } = current;
      void _id; void origin; void createdAt; void updatedAt; void __v;
      rules.bookingRules.push({ key: 'future-rule', text: { 'zh-Hans': '将来', 'zh-Hant': '將來', en: 'Future' }, effectiveFrom: '2099-01-01', effectiveTo: null, confidence: 'unverified' });
      const put = await h.http.put('/api/admin/travel/rules/macao').set(admin.auth).send(rules);
      expect(put.status).toBe(200);
      const dto = (await h.http.get('/api/travel/northbound').query({ scheme: 'macao', lang: 'en' })).body as NorthboundRulesDto;
      expect(dto.bookingRules.map((b) => b.key)).not.toContain('future-rule');
      expect((await h.http.put('/api/admin/travel/rules/macao').set(reviewer.auth).send(rules)).status).toBe(403);
    });

    it('POST /api/travel/northbound/eligibility names the missing items', async () => {
      const res = await h.http.post('/api/travel/northbound/eligibility').query({ lang: 'en' })
        .send({ scheme: 'hk', answers: { ...YES, mainlandLicence: false, insurance: false } });
      expect(res.status).toBe(200);
      // Insurance is bought after approval, so only the mainland licence is missing.
      expect(res.body).toEqual({ scheme: 'hk', eligible: false, missing: [{ key: 'mainlandLicence', label: 'Drivers hold a valid mainland driving licence' }] });
      const ok = await h.http.post('/api/travel/northbound/eligibility').send({ scheme: 'macao', answers: YES });
      expect(ok.body.eligible).toBe(true);
      const bad = await h.http.post('/api/travel/northbound/eligibility').query({ lang: 'en' }).send({ scheme: 'hk', answers: { resident: 'yes' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields['answers.resident']).toBe('Choose yes or no');
    });

    const form = { scheme: 'hk', name: 'Chan Tai Man', phone: '+852 9123 4567', docType: 'hkid', docNumber: HKID_OK, plate: 'ab 1234', answers: YES };

    it('refuses an application that is not eligible, storing nothing', async () => {
      const before = await h.app.services.models.applications.countDocuments();
      const res = await h.http.post('/api/applications/northbound').set(resident.auth).send({ ...form, answers: { ...YES, homeReturnPermit: false } });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'notEligible', fields: { 'answers.homeReturnPermit': 'Required' } });
      expect(await h.app.services.models.applications.countDocuments()).toBe(before);
      expect((await h.http.post('/api/applications/northbound').send(form)).status).toBe(401);
    });

    it('is an application like a job application: listed, status changed by a reviewer, on the timeline, pushed', async () => {
      const res = await h.http.post('/api/applications/northbound').set(resident.auth).send(form);
      expect(res.status).toBe(201);
      const dto = res.body as ApplicationDto;
      expect(dto).toMatchObject({ type: 'northbound', northbound: { scheme: 'hk', plate: 'AB 1234' }, status: 'submitted', phone: '+852****4567', jobId: '' });
      expect(dto.title.en).toBe('Northbound Travel for Hong Kong Vehicles · AB 1234');
      const mine = (await h.http.get('/api/applications').set(resident.auth)).body.items as ApplicationDto[];
      expect(mine.map((a) => a.id)).toContain(dto.id);
      const changed = await h.http.post(`/api/admin/applications/${dto.id}/status`).set(reviewer.auth).send({ status: 'under_review', note: 'Documents received' });
      expect(changed.status).toBe(200);
      expect(changed.body.timeline.map((t: { status: string }) => t.status)).toEqual(['submitted', 'under_review']);
      const pushed = await eventually(() => h.app.services.models.notifications.countDocuments({ dedupeKey: `application:${dto.id}:under_review` }));
      expect(pushed).toBe(1);
      const dup = await h.http.post('/api/applications/northbound').set(resident.auth).send(form);
      expect(dup.status).toBe(409);
      expect(dup.body.error.code).toBe('duplicateNorthbound');
    });
  });
});

/**
 * Customs at a glance (issue 13 part 4): every port's waits in one call, with open-now, and the
 * ports a resident stars, stored per resident and validated.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CUSTOMS_API, PORT_STARS_MAX, type PortsGlanceDto } from '@bay/shared';
import { startHarness, type Harness } from '../../../__tests__/harness.js';
import { seedCustomsContent } from '../customs.content.js';
import { hkSlot } from '../customs.service.js';

describe('customs at a glance', () => {
  let h: Harness;
  let admin: { Authorization: string };
  let resident: { Authorization: string };
  let other: { Authorization: string };
  beforeAll(async () => {
    h = await startHarness('customs-glance');
    await seedCustomsContent(h.app.services.models);
    admin = (await h.login('glance-admin', 'admin')).auth;
    resident = (await h.login('glance-resident', undefined, 'en')).auth;
    other = (await h.login('glance-other', undefined, 'zh-Hant')).auth;
  });
  afterAll(async () => { await h.close(); });

  const glance = async () => {
    const res = await h.http.get(CUSTOMS_API.waits);
    expect(res.status).toBe(200);
    return res.body as PortsGlanceDto;
  };
  const wait = (g: PortsGlanceDto, portId: string, direction: string, mode = 'pedestrian') =>
    g.items.find((p) => p.portId === portId)!.items.find((w) => w.direction === direction && w.mode === mode)!;

  it('lists every port with one figure per direction × mode, "no data" when nothing is known', async () => {
    const g = await glance();
    expect(g.items.map((p) => p.portId)[0]).toBe('lo-wu');
    expect(g.items.length).toBe(21);
    expect(wait(g, 'lo-wu', 'northbound')).toEqual({
      direction: 'northbound', mode: 'pedestrian', minutes: null, ageMinutes: null, observedAt: null, source: 'none', estimate: true, samples: 0,
    });
    // Shenzhen Bay has pedestrian and vehicle figures in both directions.
    expect(g.items.find((p) => p.portId === 'shenzhen-bay')!.items.map((w) => `${w.direction}/${w.mode}`).sort())
      .toEqual(expect.arrayContaining(['northbound/pedestrian', 'northbound/vehicle', 'southbound/pedestrian', 'southbound/vehicle']));
  });

  it('answers the same figures as the per-port endpoint: a fresh feed with its age, reports, and the weekday × hour estimate', async () => {
    await h.http.post(CUSTOMS_API.adminWaitFeed('lo-wu')).set(admin)
      .send({ direction: 'northbound', mode: 'pedestrian', minutes: 12, observedAt: new Date(Date.now() - 4 * 60_000).toISOString() }).expect(201);
    await h.http.post(CUSTOMS_API.waitReports('lo-wu')).set(resident).send({ direction: 'southbound', mode: 'pedestrian', minutes: 35 }).expect(201);
    const weekAgo = new Date(Date.now() - 7 * 24 * 3600_000);
    await h.app.services.models.customsWaits.create({ portId: 'shenzhen-bay', direction: 'northbound', mode: 'pedestrian', minutes: 20, source: 'feed', observedAt: weekAgo, slot: hkSlot(weekAgo) });
    // An observation older than the fresh window is not "current".
    const old = new Date(Date.now() - 45 * 60_000);
    await h.app.services.models.customsWaits.create({ portId: 'heung-yuen-wai-liantang', direction: 'northbound', mode: 'pedestrian', minutes: 5, source: 'feed', observedAt: old, slot: hkSlot(old) });

    const g = await glance();
    const feed = wait(g, 'lo-wu', 'northbound');
    expect(feed).toMatchObject({ minutes: 12, source: 'feed', estimate: false });
    expect(feed.ageMinutes).toBeGreaterThanOrEqual(4);
    expect(wait(g, 'lo-wu', 'southbound')).toMatchObject({ minutes: 35, source: 'reports', estimate: false, samples: 1 });
    expect(wait(g, 'shenzhen-bay', 'northbound')).toMatchObject({ minutes: 20, source: 'history', estimate: true, ageMinutes: null });
    expect(wait(g, 'heung-yuen-wai-liantang', 'northbound').source).not.toBe('feed');
    for (const port of ['lo-wu', 'shenzhen-bay', 'heung-yuen-wai-liantang']) {
      const single = (await h.http.get(CUSTOMS_API.portWait(port))).body.items;
      const inGlance = g.items.find((p) => p.portId === port)!.items;
      expect(inGlance.map((w) => [w.direction, w.mode, w.minutes, w.source])).toEqual(single.map((w: typeof inGlance[number]) => [w.direction, w.mode, w.minutes, w.source]));
    }
  });

  it('says whether each port is open now, from its hours in Hong Kong time', async () => {
    const g = await glance();
    const byId = new Map(g.items.map((p) => [p.portId, p.openNow]));
    expect(byId.get('lok-ma-chau-huanggang')).toBe(true); // 24 hours
    const hkMinutes = (Math.floor(Date.parse(g.at) / 60_000) + 8 * 60) % 1440;
    // Lo Wu: 06:30–24:00.
    expect(byId.get('lo-wu')).toBe(hkMinutes >= 6 * 60 + 30);
  });

  it('stars: sign-in required; stored per resident in their order; empty by default', async () => {
    expect((await h.http.get(CUSTOMS_API.stars)).status).toBe(401);
    expect((await h.http.put(CUSTOMS_API.stars).send({ portIds: ['lo-wu'] })).status).toBe(401);
    expect((await h.http.get(CUSTOMS_API.stars).set(resident)).body).toEqual({ portIds: [] });
    const put = await h.http.put(CUSTOMS_API.stars).set(resident).send({ portIds: ['shenzhen-bay', 'lo-wu'] });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ portIds: ['shenzhen-bay', 'lo-wu'] });
    expect((await h.http.get(CUSTOMS_API.stars).set(resident)).body).toEqual({ portIds: ['shenzhen-bay', 'lo-wu'] });
    expect((await h.http.get(CUSTOMS_API.stars).set(other)).body).toEqual({ portIds: [] });
    await h.http.put(CUSTOMS_API.stars).set(resident).send({ portIds: [] }).expect(200);
    expect((await h.http.get(CUSTOMS_API.stars).set(resident)).body).toEqual({ portIds: [] });
  });

  it('stars: unknown ports, repeats, too many and malformed bodies are refused per field, in the resident\'s language, changing nothing', async () => {
    await h.http.put(CUSTOMS_API.stars).set(other).send({ portIds: ['hengqin'] }).expect(200);
    const unknown = await h.http.put(CUSTOMS_API.stars).set(other).send({ portIds: ['hengqin', 'atlantis'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields.portIds).toBe('收藏裡有不存在的口岸，請重新整理後再試');
    const repeat = await h.http.put(CUSTOMS_API.stars).set(resident).send({ portIds: ['lo-wu', 'lo-wu'] });
    expect(repeat.status).toBe(400);
    expect(repeat.body.error.fields.portIds).toBe('Each port can be starred only once');
    const many = await h.http.put(CUSTOMS_API.stars).set(resident).send({ portIds: Array.from({ length: PORT_STARS_MAX + 1 }, (_, i) => `port-${i}`) });
    expect(many.status).toBe(400);
    expect(many.body.error.fields.portIds).toBe('You can star at most 30 ports');
    for (const body of [{}, { portIds: 'lo-wu' }, { portIds: ['Bad Id'] }, { portIds: ['lo-wu'], extra: 1 }]) {
      const res = await h.http.put(CUSTOMS_API.stars).set(resident).send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation');
    }
    expect((await h.http.get(CUSTOMS_API.stars).set(other)).body).toEqual({ portIds: ['hengqin'] });
  });

  it('stars of a port an admin later removed are left out', async () => {
    await h.http.put(CUSTOMS_API.stars).set(resident).send({ portIds: ['sha-tau-kok', 'lo-wu'] }).expect(200);
    await h.http.delete(CUSTOMS_API.adminPort('sha-tau-kok')).set(admin).expect(200);
    expect((await h.http.get(CUSTOMS_API.stars).set(resident)).body).toEqual({ portIds: ['lo-wu'] });
  });
});

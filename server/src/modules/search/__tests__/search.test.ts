import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SearchResultDto } from '@bay/shared';
import { seedDemoData } from '../../../seed/seed.js';
import { startHarness, type Harness } from '../../../__tests__/harness.js';

const group = (body: SearchResultDto, name: string) => body.groups.find((g) => g.group === name);

describe('GET /api/search', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('search');
    await seedDemoData(h.conn);
  });
  afterAll(async () => { await h.close(); });

  it('finds knowledge-base entries with a link into the mini-program, in the language asked for', async () => {
    const res = await h.http.get('/api/search').query({ q: '罗湖口岸', lang: 'zh-Hant' });
    expect(res.status).toBe(200);
    const body = res.body as SearchResultDto;
    expect(body.lang).toBe('zh-Hant');
    const kb = group(body, 'kb');
    expect(kb?.hits.length).toBeGreaterThan(0);
    for (const hit of kb!.hits) {
      expect(hit.link).toMatch(/^packages\//);
      expect(hit.title).toBeTruthy();
    }
    expect(kb!.hits.some((hit) => hit.title.includes('羅湖'))).toBe(true);
  });

  it('finds jobs by title in any language and links each to its detail page', async () => {
    const en = await h.http.get('/api/search').query({ q: 'engineer', lang: 'en' });
    expect(en.status).toBe(200);
    const jobs = group(en.body as SearchResultDto, 'jobs');
    expect(jobs?.hits.length).toBeGreaterThan(0);
    expect(jobs!.hits[0]!.link).toMatch(/^packages\/jobs\/detail\/index\?id=[0-9a-f]{24}$/);
    expect(jobs!.hits.every((hit) => /engineer/i.test(hit.title))).toBe(true);

    const zh = await h.http.get('/api/search').query({ q: '工程师', lang: 'zh-Hans' });
    expect(group(zh.body as SearchResultDto, 'jobs')?.hits.length).toBeGreaterThan(0);
  });

  it('limits each group and answers an unmatched query with no groups', async () => {
    const res = await h.http.get('/api/search').query({ q: 'engineer', lang: 'en', limit: 2 });
    for (const g of (res.body as SearchResultDto).groups) expect(g.hits.length).toBeLessThanOrEqual(2);
    const none = await h.http.get('/api/search').query({ q: 'qqqxxzzzy', lang: 'en' });
    expect(none.status).toBe(200);
    expect(none.body.groups).toEqual([]);
  });

  it('includes what a scenario module finds, and leaves out one whose search fails', async () => {
    const { customs, payment } = h.app.services;
    const { search: realSearch } = customs;
    const { list: realList } = payment;
    customs.search = async () => [{
      id: 'lok-ma-chau',
      name: { 'zh-Hans': '落马洲口岸', 'zh-Hant': '落馬洲口岸', en: 'Lok Ma Chau Control Point' },
      description: { 'zh-Hans': '24小时', 'zh-Hant': '24小時', en: 'Open 24 hours' },
      link: '/packages/customs/port/index?id=lok-ma-chau',
    }];
    payment.list = async () => { throw new Error('boom'); };
    try {
      const res = await h.http.get('/api/search').query({ q: 'Lok Ma Chau', lang: 'en' });
      expect(res.status).toBe(200);
      const found = group(res.body as SearchResultDto, 'customs');
      expect(found?.hits).toEqual([{ id: 'lok-ma-chau', title: 'Lok Ma Chau Control Point', subtitle: 'Open 24 hours', link: 'packages/customs/port/index?id=lok-ma-chau' }]);
      expect(group(res.body as SearchResultDto, 'payment')).toBeUndefined();
    } finally {
      customs.search = realSearch;
      payment.list = realList;
    }
  });

  it('includes the seeded travel, customs and payment modules, each hit linking into its subpackage', async () => {
    const cases = [
      { q: 'Octopus', group: 'payment', link: /^packages\/payment\// },
      { q: '罗湖', group: 'customs', link: /^packages\/customs\// },
      { q: 'Zhuhai', group: 'travel', link: /^packages\/travel\// },
    ] as const;
    for (const c of cases) {
      const res = await h.http.get('/api/search').query({ q: c.q, lang: 'en' });
      expect(res.status).toBe(200);
      const found = group(res.body as SearchResultDto, c.group);
      expect(found?.hits.length).toBeGreaterThan(0);
      for (const hit of found!.hits) expect(hit.link).toMatch(c.link);
    }
  });

  it('refuses an empty or over-long query, a bad limit or language with localised field messages', async () => {
    const empty = await h.http.get('/api/search').query({ q: '  ', lang: 'en' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('validation');
    expect(empty.body.error.fields.q).toBe('Required');

    const long = await h.http.get('/api/search').query({ q: 'x'.repeat(101), lang: 'zh-Hans' });
    expect(long.status).toBe(400);
    expect(long.body.error.fields.q).toBe('内容过长');

    const limit = await h.http.get('/api/search').query({ q: 'engineer', limit: 99 });
    expect(limit.status).toBe(400);
    expect(limit.body.error.fields.limit).toBeTruthy();

    const lang = await h.http.get('/api/search').query({ q: 'engineer', lang: 'fr' });
    expect(lang.status).toBe(400);
    expect(lang.body.error.fields.lang).toBeTruthy();

    const extra = await h.http.get('/api/search').query({ q: 'engineer', $where: '1' });
    expect(extra.status).toBe(400);

    const missing = await h.http.get('/api/search').set('Accept-Language', 'zh-HK');
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/[內檢]/);
  });
});

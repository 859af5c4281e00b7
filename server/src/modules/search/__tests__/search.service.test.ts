import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import type { SearchHitDto } from '@bay/shared';
import { createSearchService, type SearchProvider } from '../search.service.js';
import { foundProvider, listedProvider } from '../search.providers.js';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { lines.push(JSON.parse(String(chunk))); cb(); } });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

const hit = (id: string): SearchHitDto => ({ id, title: `title ${id}`, link: `packages/x/${id}` });
const answering = (group: SearchProvider['group'], ids: string[]): SearchProvider => ({ group, search: async () => ids.map(hit) });
const failing = (group: SearchProvider['group'], required?: true): SearchProvider => ({
  group, ...(required ? { required } : {}), search: async () => { throw new Error('boom'); },
});

describe('createSearchService (one provider per group)', () => {
  it('answers groups in SEARCH_GROUPS order whatever the providers\' order, leaving out empty groups and groups without a provider', async () => {
    const { logger } = capturingLogger();
    const search = createSearchService({ providers: [answering('payment', ['p1']), answering('travel', []), answering('kb', ['k1', 'k2'])], logger });
    const result = await search.search('q', 'en', 5);
    expect(result).toEqual({ q: 'q', lang: 'en', groups: [{ group: 'kb', hits: [hit('k1'), hit('k2')] }, { group: 'payment', hits: [hit('p1')] }] });
  });

  it('passes the query, language and limit to every provider', async () => {
    const { logger } = capturingLogger();
    const calls: unknown[][] = [];
    const spy: SearchProvider = { group: 'life', search: async (...args) => { calls.push(args); return []; } };
    await createSearchService({ providers: [spy], logger }).search('深圳', 'zh-Hant', 3);
    expect(calls).toEqual([['深圳', 'zh-Hant', 3]]);
  });

  it('leaves out a scenario whose search fails, logs which one, and answers with the rest', async () => {
    const { lines, logger } = capturingLogger();
    const search = createSearchService({ providers: [answering('kb', ['k1']), failing('payment'), answering('customs', ['c1'])], logger });
    const result = await search.search('q', 'en', 5);
    expect(result.groups.map((g) => g.group)).toEqual(['kb', 'customs']);
    expect(lines).toEqual([expect.objectContaining({ level: 40, scenario: 'payment', msg: 'scenario search failed; left out', err: expect.objectContaining({ message: 'boom' }) })]);
  });

  it('fails the whole search when a required provider (knowledge base, jobs) fails', async () => {
    const { logger } = capturingLogger();
    const search = createSearchService({ providers: [failing('kb', true), answering('customs', ['c1'])], logger });
    await expect(search.search('q', 'en', 5)).rejects.toThrow('boom');
  });
});

describe('scenario providers', () => {
  const items = [
    { key: 'a', name: { 'zh-Hans': '八达通', 'zh-Hant': '八達通', en: 'Octopus card' }, summary: { 'zh-Hans': '', 'zh-Hant': '', en: 'Pay for the MTR' }, link: '/packages/payment/a' },
    { key: 'b', name: { 'zh-Hans': '支付宝', 'zh-Hant': '支付寶', en: 'Alipay HK' }, summary: { 'zh-Hans': '', 'zh-Hant': '', en: 'Works with an Octopus top-up' }, link: 'packages/payment/b' },
    { key: 'c', name: { 'zh-Hans': '', 'zh-Hant': '', en: '' }, summary: { 'zh-Hans': '', 'zh-Hant': '', en: 'Octopus' }, link: 'packages/payment/c' },
  ];
  const read = (i: (typeof items)[number]) => ({ id: i.key, title: i.name, subtitle: i.summary, link: i.link });

  it('matches a listing-only scenario here: every query word, title matches first, no item without a title, links without a leading slash', async () => {
    const provider = listedProvider('payment', async () => items, read);
    expect(await provider.search('octopus', 'en', 5)).toEqual([
      { id: 'a', title: 'Octopus card', subtitle: 'Pay for the MTR', link: 'packages/payment/a' },
      { id: 'b', title: 'Alipay HK', subtitle: 'Works with an Octopus top-up', link: 'packages/payment/b' },
    ]);
    expect(await provider.search('octopus mtr', 'zh-Hant', 5)).toEqual([{ id: 'a', title: '八達通', subtitle: 'Pay for the MTR', link: 'packages/payment/a' }]);
    expect(await provider.search('octopus', 'en', 1)).toHaveLength(1);
    expect(await provider.search('wechat', 'en', 5)).toEqual([]);
  });

  it('keeps a self-searching scenario\'s own order, cut to the limit', async () => {
    const seen: unknown[] = [];
    const provider = foundProvider('customs', async (...args) => { seen.push(args); return [...items].reverse(); }, read);
    expect((await provider.search('octopus', 'en', 5)).map((h) => h.id)).toEqual(['b', 'a']);
    expect((await provider.search('octopus', 'en', 1)).map((h) => h.id)).toEqual(['b']);
    expect(seen[0]).toEqual(['octopus', 'en', 5]);
  });
});

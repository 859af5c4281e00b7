import { APPLICATION_PAGE, ENQUIRY_DEFAULT_PAGE, LIFE_PAGES, PAGE_PATHS } from '@bay/shared';
import appConfig from '../src/app.config';

describe('app.config', () => {
  it('keeps the page the bot links to in the main package', () => {
    expect(appConfig.pages).toContain(APPLICATION_PAGE);
  });

  it('keeps the main package to home and shell pages; scenarios are subpackages', () => {
    expect(appConfig.pages).toEqual(['pages/index/index', 'pages/login/index', APPLICATION_PAGE]);
    // Scenario engineers add their own subpackages (travel, customs, payment ...): every root is under packages/.
    const roots = appConfig.subPackages!.map((p) => p.root);
    expect(roots).toEqual(expect.arrayContaining(['packages/jobs', 'packages/me', 'packages/admin', 'packages/ask', 'packages/inbox']));
    for (const root of roots) expect(root).toMatch(/^packages\/[a-z-]+$/);
    expect(new Set(roots).size).toBe(roots.length);
  });

  it('has the Ask page where the server links enquiry answers', () => {
    const ask = appConfig.subPackages!.find((p) => p.root === 'packages/ask')!;
    expect(ask.pages.map((page) => `${ask.root}/${page}`)).toContain(ENQUIRY_DEFAULT_PAGE);
  });

  it('declares every page of shared\'s registry, so no link the server, the bot or a page builds points nowhere', () => {
    const declared = new Set([...(appConfig.pages ?? []), ...appConfig.subPackages!.flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))]);
    const missing = [...Object.values(PAGE_PATHS), ...Object.values(LIFE_PAGES).map((p) => p.replace(/^\//, ''))].filter((p) => !declared.has(p));
    expect(missing).toEqual([]);
  });
});

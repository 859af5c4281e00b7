import { APPLICATION_PAGE } from '@bay/shared';
import appConfig from '../src/app.config';

describe('app.config', () => {
  it('keeps the page the bot links to in the main package', () => {
    expect(appConfig.pages).toContain(APPLICATION_PAGE);
  });

  it('keeps the main package to home and shell pages; scenarios are subpackages', () => {
    expect(appConfig.pages).toEqual(['pages/index/index', 'pages/login/index', APPLICATION_PAGE]);
    expect(appConfig.subPackages!.map((p) => p.root)).toEqual(['packages/jobs', 'packages/me', 'packages/admin']);
  });
});

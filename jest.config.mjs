// One jest run covers every package: one project per package (see README "Tests").
// server, bot, shared and tests run as native ESM through ts-jest (NODE_OPTIONS=--experimental-vm-modules,
// set by scripts/test.sh); the mini-program runs through babel-jest in jsdom.
const esm = (name) => ({
  displayName: name,
  rootDir: `<rootDir>/${name}`,
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: `<rootDir>/tsconfig.json` }] },
  testEnvironmentOptions: { customExportConditions: ['development', 'node', 'node-addons'] },
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
});

export default {
  globalSetup: '<rootDir>/tests/helpers/global-setup.mjs',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.mjs',
  // Jest reads testTimeout from the global config only (a project's own is ignored): the
  // end-to-end suites in tests/ drive Chromium and child processes on a shared 2-core machine.
  testTimeout: 120_000,
  projects: [
    esm('shared'),
    esm('server'),
    esm('bot'),
    esm('tests'),
    '<rootDir>/miniapp/jest.config.cjs',
  ],
};

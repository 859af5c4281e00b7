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
  testTimeout: 30_000,
  projects: [
    esm('shared'),
    esm('server'),
    esm('bot'),
    { ...esm('tests'), testTimeout: 240_000 },
    '<rootDir>/miniapp/jest.config.cjs',
  ],
};

// Page tests: babel-jest (CommonJS) in jsdom. Taro is replaced by small doubles (test/taro.ts,
// test/components.tsx); platform files resolve to their H5 variant (`x.h5.ts` before `x.ts`);
// @bay/shared is read from its TypeScript source, so no shared build is needed.
const path = require('node:path');

module.exports = {
  displayName: 'miniapp',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/test/**/*.test.{ts,tsx}', '<rootDir>/src/**/*.test.{ts,tsx}'],
  moduleFileExtensions: ['h5.tsx', 'h5.ts', 'tsx', 'ts', 'js', 'jsx', 'json'],
  transform: { '^.+\\.[jt]sx?$': ['babel-jest', { configFile: path.join(__dirname, 'babel.config.js') }] },
  moduleNameMapper: {
    '^@tarojs/taro$': '<rootDir>/test/taro.ts',
    '^@tarojs/components$': '<rootDir>/test/components.tsx',
    '^@bay/shared$': '<rootDir>/../shared/src/index.ts',
    '\\.s?css$': '<rootDir>/test/style.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  // ECharts and ZRender ship ES modules: babel-jest turns them into CommonJS like the app's own code.
  transformIgnorePatterns: ['/node_modules/(?!(echarts|zrender|tslib)/)'],
  setupFiles: ['<rootDir>/test/setup.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

// Placeholder until the mini-program's page tests land; replaced by the miniapp config.
module.exports = { displayName: 'miniapp', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.test.{ts,tsx}'], passWithNoTests: true };

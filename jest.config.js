/**
 * Tests run TypeScript through SWC (fast); `tsc --noEmit` in `npm test` does the type check.
 * Two workers: jest's default is one fewer than the cores, which is one on a 2-core machine, and most
 * suites wait on servers, child processes, PostgreSQL and Chromium rather than compute (489 s → 288 s).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testTimeout: 30000,
  maxWorkers: 2,
};

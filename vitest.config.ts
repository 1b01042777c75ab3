import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'server/**/*.test.ts',
      'web/src/**/*.test.ts',
      'cli/**/*.test.ts',
      'demo/**/*.test.ts',
      'e2e/**/*.spec.ts',
    ],
    globalSetup: ['server/testing/global-setup.ts'],
    env: { TZ: 'UTC', NODE_ENV: 'test' },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

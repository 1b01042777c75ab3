import { defineConfig } from 'vitest/config';

const shared = {
  env: { TZ: 'UTC', NODE_ENV: 'test' },
  testTimeout: 30_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
};

/**
 * Two groups, one after the other: everything but the browser on two workers, then the browser
 * journeys on one (each starts a server and a Chromium; two at once starve a 2-core machine).
 * The projects do not extend the root, so the one PostgreSQL of the global setup serves both.
 */
export default defineConfig({
  test: {
    ...shared,
    globalSetup: ['server/testing/global-setup.ts'],
    projects: [
      {
        test: {
          ...shared,
          name: 'core',
          include: ['server/**/*.test.ts', 'web/src/**/*.test.ts', 'cli/**/*.test.ts', 'demo/**/*.test.ts'],
          maxWorkers: 2,
          // Each worker imports the server once for all its files, instead of once per file: the
          // imports were a third of this group's time (214 s of 345 s on 2 cores). A file that
          // changes process.env or a module's state puts it back in its afterAll/afterEach.
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: 'browser',
          include: ['e2e/**/*.spec.ts'],
          maxWorkers: 1,
          // One import of the server and Playwright for all the journeys, not one per file (a
          // fresh worker per file took 5–7 s between files, about 45 s of the group's 300 s).
          // Each file starts and closes its own server, database and browser.
          isolate: false,
          // A page's data arrives after its sign-in and first queries: expect.poll's default of one
          // second failed a journey on a busy CI machine.
          expect: { poll: { timeout: 10_000 } },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

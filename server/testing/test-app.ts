import type { Role } from '../../contracts/auth.ts';
import { buildApp } from '../app.ts';
import { createUser } from '../modules/users/index.ts';
import { systemContext } from '../platform/auth-context.ts';
import { type AppConfig, readConfig } from '../platform/config.ts';
import { OutboxDispatcher } from '../platform/events.ts';
import type { App, AppDeps } from '../platform/http.ts';
import { JobRunner } from '../platform/jobs.ts';
import { createLogger } from '../platform/logger.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export interface TestApp {
  app: App;
  deps: AppDeps;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function createTestApp(
  overrides: Partial<AppConfig> = {},
  /** Extra routes for a test, registered before the app is ready. */
  beforeReady?: (app: App) => void,
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config: AppConfig = { ...readConfig({ NODE_ENV: 'test' }), logLevel: 'silent', ...overrides };
  const logger = createLogger(config.logLevel);
  const deps: AppDeps = {
    db: database.db,
    config,
    logger,
    events: new OutboxDispatcher(database.db, logger),
    jobs: new JobRunner(database.db, logger),
  };
  const app = await buildApp(deps);
  beforeReady?.(app);
  await app.ready();
  return {
    app,
    deps,
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export const TEST_PASSWORD = 'correct horse battery';

export async function createTestUser(
  test: TestApp,
  username: string,
  roles: Role[],
  options: { regionIds?: number[]; distributorId?: number | null; displayName?: string } = {},
) {
  return createUser(test.deps.db, systemContext(), {
    username,
    displayName: options.displayName ?? username,
    password: TEST_PASSWORD,
    roles,
    regionIds: options.regionIds ?? [],
    distributorId: options.distributorId ?? null,
    managerId: null,
    email: null,
    phone: null,
    language: null,
  });
}

/** Signs in through the API and returns the Cookie header to send with later requests. */
export async function signIn(test: TestApp, username: string, password = TEST_PASSWORD): Promise<string> {
  const response = await test.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'pulse_session');
  if (!cookie) throw new Error('no session cookie');
  return `pulse_session=${cookie.value}`;
}

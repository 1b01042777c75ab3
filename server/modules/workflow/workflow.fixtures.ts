/**
 * A company for the workflow tests: East and South regions, the people of DOMAIN §5 with their
 * managers (rep → regional manager → sales director → general manager; finance → finance
 * director → general manager), an East hospital, and the app running on a manual clock.
 */
import type { Role } from '../../../contracts/auth.ts';
import { buildApp } from '../../app.ts';
import { systemContext } from '../../platform/auth-context.ts';
import { ManualClock } from '../../platform/clock.ts';
import { readConfig } from '../../platform/config.ts';
import { OutboxDispatcher } from '../../platform/events.ts';
import type { AppDeps } from '../../platform/http.ts';
import { JobRunner } from '../../platform/jobs.ts';
import { createLogger } from '../../platform/logger.ts';
import { signIn, TEST_PASSWORD, type TestApp } from '../../testing/test-app.ts';
import { createTestDatabase } from '../../testing/test-db.ts';
import { createUser } from '../users/index.ts';

/** 09:00 in Shanghai on Monday 2 March 2026. */
export const START = '2026-03-02T01:00:00Z';

export async function createWorkflowTestApp(
  clock = new ManualClock(START),
): Promise<TestApp & { clock: ManualClock }> {
  const database = await createTestDatabase();
  const config = { ...readConfig({ NODE_ENV: 'test' }), logLevel: 'silent' as const };
  const logger = createLogger(config.logLevel);
  const deps: AppDeps = {
    db: database.db,
    config,
    logger,
    events: new OutboxDispatcher(database.db, logger),
    jobs: new JobRunner(database.db, logger),
    clock,
  };
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    deps,
    database,
    clock,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

const people = [
  ['gm', ['general_manager'], [], null],
  ['director', ['sales_director'], [], 'gm'],
  ['manager', ['regional_manager'], ['EAST'], 'director'],
  ['rep', ['sales_rep'], ['EAST'], 'manager'],
  ['south', ['sales_rep'], ['SOUTH'], 'director'],
  ['findir', ['finance_director'], [], 'gm'],
  ['finance', ['finance'], [], 'findir'],
  ['legal', ['legal'], [], 'gm'],
  ['quality', ['quality'], [], null],
  ['warehouse', ['warehouse'], [], null],
  ['admin', ['admin'], [], null],
] as const satisfies readonly (readonly [string, readonly Role[], readonly string[], string | null])[];

export type Person = (typeof people)[number][0];

export interface WorkflowWorld {
  regions: { country: number; east: number; shanghai: number; south: number };
  users: Record<Person, number>;
  cookies: Record<Person, string>;
  hospital: number;
}

export async function seedWorkflowWorld(test: TestApp): Promise<WorkflowWorld> {
  const db = test.deps.db;
  await db.query(`
    INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES
      (1, NULL, 'country', 'CN', '中国', 'China'),
      (2, 1, 'sales_region', 'EAST', '华东', 'East China'),
      (3, 2, 'province', 'SH', '上海', 'Shanghai'),
      (4, 1, 'sales_region', 'SOUTH', '华南', 'South China');
    SELECT setval('regions_id_seq', 10);`);
  const regionIds: Record<string, number> = { EAST: 2, SOUTH: 4 };
  const users = {} as Record<Person, number>;
  for (const [username, roles, regions, manager] of people) {
    const user = await createUser(db, systemContext(), {
      username,
      displayName: username,
      password: TEST_PASSWORD,
      roles: [...roles],
      regionIds: regions.map((code) => regionIds[code]!),
      distributorId: null,
      managerId: manager ? users[manager] : null,
      email: null,
      phone: null,
      language: null,
    });
    users[username] = user.id;
  }
  const cookies = {} as Record<Person, string>;
  for (const [username] of people) cookies[username] = await signIn(test, username);
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO customers (code, name, name_normalized, type, hospital_grade, channel, region_id, owner_rep_id)
     VALUES ('H-SH-001', '上海市第一人民医院', '上海市第一人民', 'hospital', '3A', 'direct', 3, $1) RETURNING id`,
    [users.rep],
  );
  return { regions: { country: 1, east: 2, shanghai: 3, south: 4 }, users, cookies, hospital: rows[0]!.id };
}

/** Calls the API as one of the world's people, in English. */
export function as(test: TestApp, world: WorkflowWorld, who: Person) {
  return async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) => {
    const response = await test.app.inject({
      method,
      url,
      headers: { cookie: world.cookies[who], 'accept-language': 'en' },
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.body ? response.json() : undefined };
  };
}

/** A contract of `yuan` (incl. VAT) for the East hospital, sent for approval by `who`. */
export async function startContract(
  test: TestApp,
  world: WorkflowWorld,
  who: Person,
  amountFen: number,
  documentId: number,
) {
  return as(test, world, who)('POST', '/api/workflow/approvals', {
    documentType: 'contract',
    documentId,
    documentRef: `CT-${documentId}`,
    title: 'Annual supply contract',
    amountFen,
    regionId: world.regions.shanghai,
    customerId: world.hospital,
  });
}

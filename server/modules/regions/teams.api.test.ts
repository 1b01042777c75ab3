import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../demo/sample.ts';
import { createTestApp, signIn, type TestApp } from '../../testing/test-app.ts';
import { runFirstStart } from '../setup/first-start.ts';

let test: TestApp;
let admin: string;
const ids: Record<string, number> = {};

beforeAll(async () => {
  test = await createTestApp();
  await runFirstStart(test.deps.db, { demoData: 'sample', logger: test.deps.logger });
  admin = await signIn(test, 'admin', DEMO_PASSWORD);
  const { rows } = await test.deps.db.query<{ key: string; id: number }>(
    `SELECT code AS key, id FROM regions WHERE code IN ('EAST', 'SOUTH')
     UNION ALL SELECT username, id FROM users WHERE username IN ('manager.east', 'rep.east', 'rep.south')`,
  );
  for (const row of rows) ids[row.key] = row.id;
});
afterAll(() => test.close());

describe('sales teams', () => {
  it('creates a team with leader and members, audits it, and shows it only to users of its region', async () => {
    const created = await test.app.inject({
      method: 'POST',
      url: '/api/teams',
      headers: { cookie: admin },
      payload: {
        name: '华东一组',
        regionId: ids.EAST,
        leaderId: ids['manager.east'],
        memberIds: [ids['rep.east']],
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: '华东一组', memberIds: [ids['rep.east']] });
    const east = await signIn(test, 'rep.east', DEMO_PASSWORD);
    const south = await signIn(test, 'rep.south', DEMO_PASSWORD);
    expect(
      (await test.app.inject({ url: '/api/teams', headers: { cookie: east } })).json().items,
    ).toHaveLength(1);
    expect(
      (await test.app.inject({ url: '/api/teams', headers: { cookie: south } })).json().items,
    ).toHaveLength(0);
    const audit = await test.deps.db.query(
      `SELECT 1 FROM audit_log WHERE entity = 'team' AND action = 'create'`,
    );
    expect(audit.rowCount).toBe(1);
  });

  it('names the leader and the members for readers who cannot open the user list', async () => {
    const marketing = await signIn(test, 'marketing', DEMO_PASSWORD);
    const [team] = (await test.app.inject({ url: '/api/teams', headers: { cookie: marketing } })).json()
      .items;
    expect(team).toMatchObject({
      leaderId: ids['manager.east'],
      leaderName: '李华东',
      members: [{ id: ids['rep.east'], displayName: '张伟' }],
    });
  });

  it('replaces members on update and refuses a stale version or an unknown member', async () => {
    const team = (await test.app.inject({ url: '/api/teams', headers: { cookie: admin } })).json().items[0];
    const updated = await test.app.inject({
      method: 'PATCH',
      url: `/api/teams/${team.id}`,
      headers: { cookie: admin },
      payload: { version: team.version, memberIds: [ids['rep.east'], ids['rep.south']] },
    });
    expect(updated.json().memberIds).toHaveLength(2);
    const stale = await test.app.inject({
      method: 'PATCH',
      url: `/api/teams/${team.id}`,
      headers: { cookie: admin },
      payload: { version: team.version, name: 'x' },
    });
    expect(stale.statusCode).toBe(409);
    const unknown = await test.app.inject({
      method: 'PATCH',
      url: `/api/teams/${team.id}`,
      headers: { cookie: admin },
      payload: { version: team.version + 1, memberIds: [999_999] },
    });
    expect(unknown.statusCode).toBe(422);
    expect(
      (await test.app.inject({ url: '/api/teams', headers: { cookie: admin } })).json().items[0].memberIds,
    ).toHaveLength(2);
  });
});

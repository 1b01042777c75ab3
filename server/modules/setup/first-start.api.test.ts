import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../demo/sample.ts';
import { demoUsers } from '../../../demo/users.ts';
import { createTestApp, signIn, type TestApp } from '../../testing/test-app.ts';
import { runFirstStart } from './first-start.ts';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
  const result = await runFirstStart(test.deps.db, { demoData: 'sample', logger: test.deps.logger });
  expect(result.createdAdmin).toBe(true);
});
afterAll(() => test.close());

const list = async (username: string, url: string) => {
  const cookie = await signIn(test, username, DEMO_PASSWORD);
  return (await test.app.inject({ url, headers: { cookie } })).json();
};

describe('first start on an empty database', () => {
  it('creates admin and one user per role, all with the demo password', async () => {
    for (const username of ['admin', ...demoUsers.map((u) => u.username)]) {
      const cookie = await signIn(test, username, DEMO_PASSWORD);
      expect(cookie).toMatch(/^pulse_session=/);
    }
  });

  it('loads the region tree: 7 sales regions over the 31 provinces', async () => {
    const { rows } = await test.deps.db.query<{ level: string; n: number }>(
      'SELECT level, count(*)::int AS n FROM regions GROUP BY level',
    );
    const counts = Object.fromEntries(rows.map((r) => [r.level, r.n]));
    expect(counts).toMatchObject({ country: 1, sales_region: 7, province: 31 });
    expect(counts.city).toBeGreaterThan(31);
  });

  it('shows rep.east only East China customers and the distributor user only its company', async () => {
    const east = await list('rep.east', '/api/customers?pageSize=100');
    expect(east.total).toBeGreaterThan(0);
    const eastProvinces = new Set([
      '上海市',
      '南京',
      '苏州',
      '无锡',
      '杭州',
      '宁波',
      '温州',
      '合肥',
      '芜湖',
      '福州',
      '厦门',
      '南昌',
      '赣州',
      '济南',
      '青岛',
      '烟台',
    ]);
    for (const customer of east.items) expect(eastProvinces).toContain(customer.regionName);
    const distributor = await list('distributor', '/api/customers');
    expect(distributor.items.map((c: { code: string }) => c.code)).toEqual(['D-SN-001']);
  });

  it('includes expiring and expired qualifications for the pages to show', async () => {
    const { rows } = await test.deps.db.query<{ expired: number; expiring: number }>(
      `SELECT count(*) FILTER (WHERE valid_until < current_date)::int AS expired,
              count(*) FILTER (WHERE valid_until BETWEEN current_date AND current_date + 30)::int AS expiring
         FROM customer_qualifications`,
    );
    expect(rows[0]!.expired).toBeGreaterThanOrEqual(1);
    expect(rows[0]!.expiring).toBeGreaterThanOrEqual(1);
  });

  it('does nothing on a database that already has users', async () => {
    expect(
      (await runFirstStart(test.deps.db, { demoData: 'sample', logger: test.deps.logger })).createdAdmin,
    ).toBe(false);
  });
});

describe('user lists', () => {
  it('lists users with numeric region ids for an admin', async () => {
    const users = await list('admin', '/api/users');
    const rep = users.items.find((u: { username: string }) => u.username === 'rep.east');
    expect(rep.regionIds.length).toBe(1);
    expect(typeof rep.regionIds[0]).toBe('number');
  });

  it('offers a regional manager only the reps of their own regions as customer owners', async () => {
    const reps = await list('manager.east', '/api/users/assignable-reps');
    expect(reps.items.map((u: { username: string }) => u.username).sort()).toEqual([
      'manager.east',
      'rep.east',
    ]);
    const all = await list('director', '/api/users/assignable-reps');
    expect(all.items.map((u: { username: string }) => u.username)).toContain('rep.south');
  });
});

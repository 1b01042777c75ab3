/**
 * First start as `npm start` does it: the whole demo company, its users and the planted
 * data-quality problems, on an empty database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../demo/company.ts';
import { demoUsers } from '../../../demo/users.ts';
import { createTestApp, signIn, type TestApp } from '../../testing/test-app.ts';
import { runFirstStart } from './first-start.ts';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
  const result = await runFirstStart(test.deps.db, { demoData: 'company', logger: test.deps.logger });
  expect(result.createdAdmin).toBe(true);
}, 120_000);
afterAll(() => test.close());

const get = async (username: string, url: string) => {
  const cookie = await signIn(test, username, DEMO_PASSWORD);
  return (await test.app.inject({ url, headers: { cookie } })).json();
};

describe('first start with the demo company', () => {
  it('lets admin and every README demo user sign in with the demo password', async () => {
    const usernames = ['admin', ...demoUsers.map((u) => u.username)];
    const cookies = await Promise.all(usernames.map((username) => signIn(test, username, DEMO_PASSWORD)));
    for (const [i, username] of usernames.entries()) expect(cookies[i], username).toMatch(/^pulse_session=/);
  });

  it('shows rep.east only customers in 华东 and the distributor user only its own company', async () => {
    const east = await get('rep.east', '/api/customers?pageSize=500');
    const { rows } = await test.deps.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM customers c
        WHERE c.region_id IN (WITH RECURSIVE tree AS (
                                SELECT id FROM regions WHERE code = 'EAST'
                                UNION ALL SELECT r.id FROM regions r JOIN tree t ON r.parent_id = t.id)
                              SELECT id FROM tree)`,
    );
    expect(east.total).toBe(rows[0]!.n);
    expect(east.total).toBeGreaterThan(0);
    const distributor = await get('distributor', '/api/customers');
    expect(distributor.total).toBe(1);
    expect(distributor.items[0].type).toBe('distributor');
  });

  it('plants problems the data-quality page lists under their rules', async () => {
    const issues = (await get('director', '/api/data-quality/issues?pageSize=500')).items as {
      entity: string;
      entityId: number;
      rule: string;
    }[];
    const { rows } = await test.deps.db.query<{ id: number; code: string }>(
      `SELECT id, code FROM customers WHERE code LIKE 'DQ%'`,
    );
    const idOf = new Map(rows.map((r) => [r.code, r.id]));
    const has = (code: string, rule: string) =>
      issues.some((i) => i.entity === 'customer' && i.entityId === idOf.get(code) && i.rule === rule);
    expect(has('DQ00001', 'DISTRIBUTOR_WITHOUT_VALID_LICENCE')).toBe(true);
    expect(has('DQ00001', 'TAX_ID_MISSING')).toBe(true);
    expect(has('DQ00002', 'HOSPITAL_TERMS_OVER_60')).toBe(true);
    expect(has('DQ00004', 'NEAR_DUPLICATE')).toBe(true);
    expect(issues.some((i) => i.rule === 'QUALIFICATION_EXPIRED')).toBe(true);
  });

  it('does nothing on a database that already has users', async () => {
    const again = await runFirstStart(test.deps.db, { demoData: 'company', logger: test.deps.logger });
    expect(again.createdAdmin).toBe(false);
  });
});

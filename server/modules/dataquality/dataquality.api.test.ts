import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../demo/sample.ts';
import { createTestApp, signIn, type TestApp } from '../../testing/test-app.ts';
import { runFirstStart } from '../setup/first-start.ts';
import { runDataQuality } from './dataquality.service.ts';

let test: TestApp;
let director: string;
let east: string;

const idOf = async (code: string) =>
  (await test.deps.db.query<{ id: number }>('SELECT id FROM customers WHERE code = $1', [code])).rows[0]!.id;

beforeAll(async () => {
  test = await createTestApp();
  await runFirstStart(test.deps.db, { demoData: 'sample', logger: test.deps.logger });
  // Records that only a direct database load (or an older system) could leave behind.
  await test.deps.db.query(`
    INSERT INTO customers (code, name, name_normalized, type, channel, region_id, tax_id, owner_rep_id, contact_name, contact_phone)
    SELECT 'H-SH-099', '上海交通大学医学院付属瑞金医院', '上海交通大学医学院付属瑞金医院', 'clinic', 'direct', id,
           '91310000MA1FL00010', 1, '李', '1'
      FROM regions WHERE code = 'SH-SH'`);
  await runDataQuality(test.deps.db, 'test');
  director = await signIn(test, 'director', DEMO_PASSWORD);
  east = await signIn(test, 'rep.east', DEMO_PASSWORD);
});
afterAll(() => test.close());

const get = (url: string, cookie: string) =>
  test.app.inject({ url, headers: { cookie } }).then((r) => r.json());

describe('data-quality rules', () => {
  it('finds each planted problem under its rule', async () => {
    const issues = (await get('/api/data-quality/issues?pageSize=500', director)).items as {
      entityId: number;
      entity: string;
      rule: string;
    }[];
    const idsByCode = new Map<string, number>();
    for (const code of ['H-SC-001', 'D-SC-001', 'H-SH-099', 'H-SH-001'])
      idsByCode.set(code, await idOf(code));
    const has = (code: string, rule: string) =>
      issues.some((i) => i.entity === 'customer' && i.rule === rule && i.entityId === idsByCode.get(code));
    expect(has('H-SC-001', 'HOSPITAL_TERMS_OVER_60')).toBe(true);
    expect(has('D-SC-001', 'DISTRIBUTOR_WITHOUT_VALID_LICENCE')).toBe(true);
    expect(has('D-SC-001', 'TAX_ID_MISSING')).toBe(true);
    expect(has('H-SH-099', 'TAX_ID_INVALID')).toBe(true);
    expect(has('H-SH-099', 'NEAR_DUPLICATE')).toBe(true);
    expect(issues.some((i) => i.rule === 'QUALIFICATION_EXPIRED')).toBe(true);
    expect(issues.some((i) => i.rule === 'QUALIFICATION_EXPIRING')).toBe(true);
    // The original of the near-duplicate pair is flagged too, and for nothing else: it is clean.
    const original = issues.filter(
      (i) => i.entity === 'customer' && i.entityId === idsByCode.get('H-SH-001'),
    );
    expect(original.map((i) => i.rule)).toEqual(['NEAR_DUPLICATE']);
  });

  it('scores an entity type as the share of records without issues', async () => {
    const summary = await get('/api/data-quality/summary', director);
    const customers = summary.entities.find((e: { entity: string }) => e.entity === 'customer');
    const { rows } = await test.deps.db.query<{ total: number; flagged: number }>(
      `SELECT (SELECT count(*)::int FROM customers) AS total,
              (SELECT count(DISTINCT entity_id)::int FROM data_quality_issues WHERE entity = 'customer') AS flagged`,
    );
    expect(customers.records).toBe(rows[0]!.total);
    expect(customers.recordsWithIssues).toBe(rows[0]!.flagged);
    expect(customers.score).toBe(
      Math.round(((rows[0]!.total - rows[0]!.flagged) / rows[0]!.total) * 1000) / 10,
    );
    expect(summary.lastRunAt).not.toBeNull();
  });

  it('shows an East rep only the issues and expiring documents of East customers', async () => {
    const issues = (await get('/api/data-quality/issues?entity=customer&pageSize=500', east)).items as {
      entityId: number;
    }[];
    const { rows } = await test.deps.db.query<{ id: number }>(
      `SELECT c.id FROM customers c JOIN regions city ON city.id = c.region_id JOIN regions prov ON prov.id = city.parent_id
        JOIN regions sr ON sr.id = prov.parent_id WHERE sr.code = 'EAST'`,
    );
    const eastIds = new Set(rows.map((r) => r.id));
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) expect(eastIds).toContain(issue.entityId);
    const expiring = (await get('/api/data-quality/expiring?withinDays=90', east)).items as {
      holder: string;
    }[];
    expect(expiring.map((d) => d.holder)).not.toContain('武汉楚天医药器械有限公司');
    const all = (await get('/api/data-quality/expiring?withinDays=90', director)).items as {
      holder: string;
      daysLeft: number;
    }[];
    const wuhan = all.find((d) => d.holder === '武汉楚天医药器械有限公司')!;
    expect(wuhan.daysLeft).toBe(-40);
    // The holder's id lets the screen link straight to the customer's qualifications.
    expect((wuhan as unknown as { customerId: number }).customerId).toBe(await idOf('D-HB-001'));
  });

  it('re-runs after a change: fixing a record removes its issue', async () => {
    const id = await idOf('H-SC-001');
    const current = await get(`/api/customers/${id}`, director);
    const patched = await test.app.inject({
      method: 'PATCH',
      url: `/api/customers/${id}`,
      headers: { cookie: director },
      payload: { version: current.version, paymentTermsDays: 60 },
    });
    expect(patched.statusCode).toBe(200);
    await test.deps.events.dispatchPending();
    await test.deps.db.query(`UPDATE jobs SET run_at = now() WHERE kind = 'dataquality.refresh'`);
    await test.deps.jobs.runDue();
    const issues = (
      await get('/api/data-quality/issues?entity=customer&rule=HOSPITAL_TERMS_OVER_60', director)
    ).items as {
      entityId: number;
    }[];
    expect(issues.map((i) => i.entityId)).not.toContain(id);
  });
});

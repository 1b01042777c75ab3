/**
 * The demo company's targets, on a real load (one year of history to keep it quick): every
 * sales region and every rep who sold has a target each month, and over the year the company
 * reaches roughly 87–95 % of them (targets 5–15 % above the trend).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesFactsSql } from '../server/modules/analytics/index.ts';
import type { Db } from '../server/platform/db.ts';
import { createTestDatabase, type TestDatabase } from '../server/testing/test-db.ts';
import { loadDemoCompany } from './company.ts';

let test: TestDatabase;
let db: Db;
const today = '2026-11-23';

beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
  await loadDemoCompany(db, { seed: 2026, today, historyMonths: 12 });
}, 300_000);
afterAll(async () => {
  await test?.drop();
});

describe('demo targets', () => {
  it('gives every sales region a target every month from the first month of history to December', async () => {
    const { rows } = await db.query<{ code: string; months: number; first: string; last: string }>(
      `SELECT r.code, count(*)::int AS months, to_char(min(t.month), 'YYYY-MM') AS first, to_char(max(t.month), 'YYYY-MM') AS last
         FROM revenue_targets t JOIN regions r ON r.id = t.region_id
        WHERE t.rep_id IS NULL GROUP BY r.code ORDER BY r.code`,
    );
    const { rows: regions } = await db.query<{ code: string }>(
      `SELECT code FROM regions WHERE level = 'sales_region' ORDER BY code`,
    );
    expect(rows.map((r) => r.code)).toEqual(regions.map((r) => r.code));
    // History from November 2025 (12 months before November 2026) to the plan's December 2026.
    for (const row of rows) expect(row).toMatchObject({ months: 14, first: '2025-11', last: '2026-12' });
  });

  it('gives each rep with sales a quota in their own region, at most one a month', async () => {
    const { rows } = await db.query<{ wrong_region: number; reps: number; duplicates: number }>(
      `SELECT count(*) FILTER (WHERE NOT EXISTS (
                SELECT 1 FROM user_regions ur JOIN analytics_region_levels rl ON rl.region_id = ur.region_id
                 WHERE ur.user_id = t.rep_id AND rl.sales_region_id = t.region_id))::int AS wrong_region,
              count(DISTINCT t.rep_id)::int AS reps,
              (SELECT count(*) FROM (SELECT 1 FROM revenue_targets WHERE rep_id IS NOT NULL
                                      GROUP BY rep_id, month HAVING count(*) > 1) d)::int AS duplicates
         FROM revenue_targets t WHERE t.rep_id IS NOT NULL`,
    );
    expect(rows[0]!.wrong_region).toBe(0);
    expect(rows[0]!.duplicates).toBe(0);
    expect(rows[0]!.reps).toBeGreaterThan(5);
  });

  it('sets targets 5–15 % above the actual trend: the past year is attained at 85–97 %', async () => {
    const { rows } = await db.query<{ revenue: number; target: number }>(
      `SELECT (SELECT sum(revenue_fen) FROM (${salesFactsSql}) f
                WHERE f.fact_date >= '2025-12-01' AND f.fact_date < '2026-11-01')::float8 AS revenue,
              (SELECT sum(amount_fen) FROM revenue_targets
                WHERE rep_id IS NULL AND month >= '2025-12-01' AND month < '2026-11-01')::float8 AS target`,
    );
    const attainment = rows[0]!.revenue / rows[0]!.target;
    expect(attainment).toBeGreaterThan(0.85);
    expect(attainment).toBeLessThan(0.97);
  });
});

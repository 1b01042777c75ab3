/**
 * The demo load builds the analytics rollups after its commit (loadDemoCompany). A
 * process that stops in between leaves a committed company without them: every day and every
 * customer the load wrote must then be marked dirty, so that analytics read them from the
 * documents, and the scheduled refresh must build them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshRollups } from '../server/modules/analytics/index.ts';
import { addDays } from '../server/platform/dates.ts';
import { createTestDatabase, type TestDatabase } from '../server/testing/test-db.ts';
import { questionsOfEveryRollup, systemAnswers } from './analytics.fixtures.ts';
import { loadDemoCompany } from './company.ts';

let test: TestDatabase;
const today = '2026-11-23';
const from = addDays(today, -120);

beforeAll(async () => {
  test = await createTestDatabase();
  await loadDemoCompany(test.db, { seed: 11, today, historyMonths: 4, buildRollups: false });
}, 120_000);
afterAll(async () => {
  await test?.drop();
});

const questions = questionsOfEveryRollup(from, today);

async function count(sql: string): Promise<number> {
  return (await test.db.query<{ n: number }>(sql)).rows[0]!.n;
}

describe('a demo company committed without its rollups', () => {
  it('has every day and customer it wrote marked dirty, reads exact answers, and the scheduled refresh builds them', async () => {
    // Every order day is marked in the orders family, every stock-move day in the stock family,
    // every customer with an invoice in the receivables (the sales family: by the answers below).
    expect(
      await count(`SELECT count(*)::int AS n FROM (SELECT DISTINCT order_date FROM sales_orders) d
                    WHERE NOT EXISTS (SELECT 1 FROM analytics_rollup_dirty_days m
                                       WHERE m.family = 'orders' AND m.day = d.order_date)`),
    ).toBe(0);
    expect(
      await count(`SELECT count(*)::int AS n FROM (SELECT DISTINCT business_date FROM stock_moves) d
                    WHERE NOT EXISTS (SELECT 1 FROM analytics_rollup_dirty_days m
                                       WHERE m.family = 'stock' AND m.day = d.business_date)`),
    ).toBe(0);
    expect(
      await count(`SELECT count(*)::int AS n FROM (SELECT DISTINCT customer_id FROM invoices) c
                    WHERE NOT EXISTS (SELECT 1 FROM analytics_receivables_dirty_customers m
                                       WHERE m.customer_id = c.customer_id)`),
    ).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM analytics_daily_sales')).toBe(0);

    const documents = await systemAnswers(test.db, questions, today, 'off');
    expect(documents.every((a) => a.rows.length > 1)).toBe(true);
    expect(await systemAnswers(test.db, questions, today, 'auto')).toEqual(documents);

    await refreshRollups(test.db);
    expect(await count('SELECT count(*)::int AS n FROM analytics_rollup_dirty_days')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM analytics_receivables_dirty_customers')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM analytics_daily_sales')).toBeGreaterThan(100);
    expect(await systemAnswers(test.db, questions, today, 'auto')).toEqual(documents);
  });
});

describe('the deferral of analytics marks (migration 0046)', () => {
  it('is ignored outside a bulk load: an insert still marks its day', async () => {
    const stockMarks = `SELECT count(*)::int AS n FROM analytics_rollup_dirty_days WHERE family = 'stock' AND day = '2030-01-02'`;
    const client = await test.db.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('pulse.analytics_marks_deferred', 'on', true)`);
      await client.query(
        `INSERT INTO stock_moves (business_date, warehouse_id, product_id, lot_id, kind, quantity)
         SELECT '2030-01-02', m.warehouse_id, m.product_id, m.lot_id, 'receipt', 1 FROM stock_moves m LIMIT 1`,
      );
      expect((await client.query<{ n: number }>(stockMarks)).rows[0]!.n).toBe(1);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    expect(await count(stockMarks)).toBe(0);
  });
});

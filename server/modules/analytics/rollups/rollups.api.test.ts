/**
 * Rollups against a real PostgreSQL: for a matrix of queries the answer read from the rollups
 * equals the answer read from the documents (PULSE_ANALYTICS_ROLLUPS=off), for a company-wide
 * user, a 华东 rep and a distributor; writes after the last refresh (a new invoice, a
 * cancellation, a credit note, a confirmed order) show in the very next answer; a refresh
 * recomputes only the dirty days; and random small companies agree too (fast-check).
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsQueryInput } from '../../../../contracts/analytics-query.ts';
import { SqlParams } from '../../../platform/sql.ts';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../../testing/test-app.ts';
import {
  apiAs,
  createInvoicedShipment,
  type FinanceWorld,
  type ShippedLine,
  seedFinanceWorld,
} from '../../finance/finance.fixtures.ts';
import type { DateShift } from '../semantic/semantic.compiler.ts';
import { dimensions, measures, sources } from '../semantic/semantic.definitions.ts';
import { analyticsAnswerBothWays, analyticsAnswerWith } from '../semantic/semantic.fixtures.ts';
import { rollups } from './rollups.definitions.ts';
import { chooseReadModel } from './rollups.planner.ts';
import { rebuildRollups, refreshRollups } from './rollups.refresh.ts';

let test: TestApp;
let world: FinanceWorld;
const cookies = { director: '', east: '', dealer: '', nobody: '' };
const YEAR = { from: '2026-01-01', to: '2026-12-31' };

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await test.deps.db.query(text, params)).rows as T[];
}

async function invoice(customerId: number, date: string, lines: ShippedLine[]) {
  return (await createInvoicedShipment(test, world, { customerId, shippedOn: date, lines })).invoice;
}

const ask = (cookie: string, body: AnalyticsQueryInput, mode: 'auto' | 'off') =>
  analyticsAnswerWith(test, cookie, body, mode);

const askBothWays = (cookie: string, body: AnalyticsQueryInput) =>
  analyticsAnswerBothWays(test, cookie, body);

const dirtyDays = async () =>
  (
    await sql<{ family: string; day: string }>(
      'SELECT DISTINCT family, day::text AS day FROM analytics_rollup_dirty_days ORDER BY 1, 2',
    )
  ).map((r) => `${r.family} ${r.day}`);

const stent = (quantity: number, unitPrice: number): ShippedLine => ({
  productId: world.stent,
  lotId: world.lotStent,
  quantity,
  unitPrice,
});
const catheter = (quantity: number, unitPrice: number): ShippedLine => ({
  productId: world.catheter,
  lotId: world.lotCatheter,
  quantity,
  unitPrice,
  unitCostFen: 30_000,
});

let firstInvoice: { id: number; version: number; lines: { id: number }[] };

beforeAll(async () => {
  test = await createTestApp();
  world = await seedFinanceWorld(test);
  // Two reps: the East hospital's owner, and the owner rep of one West order.
  const eastRep = await createTestUser(test, 'rep.east', ['sales_rep'], {
    regionIds: [2],
    displayName: '王华东',
  });
  const westRep = await createTestUser(test, 'rep.west', ['sales_rep'], {
    regionIds: [3],
    displayName: '李西北',
  });
  await sql('UPDATE customers SET owner_rep_id = $1 WHERE id = $2', [eastRep.id, world.eastHospital]);
  firstInvoice = await invoice(world.eastHospital, '2026-01-15', [stent(10, 200_000), catheter(3, 90_000)]);
  await invoice(world.eastHospital, '2026-03-10', [catheter(5, 100_000)]);
  await invoice(world.westDealer, '2026-02-20', [stent(4, 150_000)]);
  const westOrder = await invoice(world.westHospital, '2026-06-10', [catheter(2, 120_000)]);
  await sql(
    'UPDATE sales_orders SET owner_rep_id = $1 WHERE id = (SELECT order_id FROM invoices WHERE id = $2)',
    [westRep.id, westOrder.id],
  );
  await invoice(world.eastHospital, '2025-12-20', [stent(1, 200_000)]);
  const allowance = await apiAs(test, world.cookies.finance).post('/api/credit-notes', {
    invoiceId: firstInvoice.id,
    creditDate: '2026-05-01',
    reason: 'price allowance',
    lines: [{ invoiceLineId: firstInvoice.lines[0]!.id, netAmount: 100_000 }],
  });
  expect(allowance.statusCode, allowance.body).toBe(201);
  cookies.director = world.cookies.director;
  cookies.east = world.cookies.east;
  cookies.dealer = world.cookies.dealer;
  await createTestUser(test, 'u.nobody', ['sales_rep'], { regionIds: [] });
  cookies.nobody = await signIn(test, 'u.nobody');
  await refreshRollups(test.deps.db);
}, 90_000);

afterEach(() => {
  delete process.env.PULSE_ANALYTICS_ROLLUPS;
});

afterAll(async () => {
  await test?.close();
});

describe('the compiler chooses a rollup', () => {
  const request = (
    measureNames: string[],
    dimensionNames: string[],
    source: 'sales' | 'orders' | 'order_lines',
    distributorId: number | null = null,
    // A sales director sees the whole company; a distributor (or a regional user) does not.
    isCompanyWide = distributorId === null,
  ) => ({
    ctx: { distributorId, isCompanyWide },
    source: sources[source],
    measures: measureNames.map((n) => {
      const m = measures.get(n)!;
      if (m.kind !== 'base') throw new Error(n);
      return m;
    }),
    dimensions: dimensionNames.map((n) => dimensions.get(n)!),
    filters: [],
    range: YEAR,
  });

  it('when every measure and dimension of the source query is in a rollup, and not otherwise', async () => {
    const db = test.deps.db;
    const pick = async (...args: Parameters<typeof request>) =>
      (await chooseReadModel(db, request(...args))).rollup;
    // The smallest rollup that has every key the query needs.
    expect(await pick(['revenue', 'cost', 'gross_profit'], ['month', 'product_line', 'rep'], 'sales')).toBe(
      'analytics_daily_sales_by_product',
    );
    expect(await pick(['revenue'], ['channel'], 'sales')).toBe('analytics_daily_sales_by_customer');
    expect(await pick(['revenue'], ['channel', 'product_line'], 'sales')).toBe('analytics_daily_sales');
    // Whole months of a long range, unless the date keys move by days or a day is asked for.
    const monthly = (dimensionNames: string[], shift: DateShift, isCompanyWide = true) =>
      chooseReadModel(db, { ...request(['revenue'], dimensionNames, 'sales', null, isCompanyWide), shift });
    // The smallest monthly rollup that keeps the keys: without a product, the one by region and rep.
    expect((await monthly(['quarter', 'region'], { kind: 'none' })).rollup).toBe(
      'analytics_monthly_sales_by_region',
    );
    expect((await monthly(['month'], { kind: 'year' })).rollup).toBe('analytics_monthly_sales_by_region');
    // By product: for the whole company without the region; a regional user's scope needs it.
    expect((await monthly(['quarter', 'product_line'], { kind: 'none' })).rollup).toBe(
      'analytics_monthly_sales_by_product_company',
    );
    expect((await monthly(['quarter', 'product_line'], { kind: 'none' }, false)).rollup).toBe(
      'analytics_monthly_sales_by_product',
    );
    expect((await monthly(['product', 'rep'], { kind: 'none' })).rollup).toBe(
      'analytics_monthly_sales_by_product',
    );
    expect((await monthly(['province', 'device_class'], { kind: 'none' })).rollup).toBe(
      'analytics_monthly_sales_by_product',
    );
    expect(
      (
        await chooseReadModel(db, {
          ...request(['orders'], ['month', 'rep'], 'orders'),
          shift: { kind: 'year' },
        })
      ).rollup,
    ).toBe('analytics_monthly_orders_by_rep');
    expect((await monthly(['month'], { kind: 'days', days: 365 })).rollup).toBe(
      'analytics_daily_sales_by_product',
    );
    expect((await monthly(['week'], { kind: 'none' })).rollup).toBe('analytics_daily_sales_by_product');
    // A distributor's scope filters on the customer, which the smaller rollup has not.
    expect(await pick(['revenue'], ['month'], 'sales', world.westDealer)).toBe(
      'analytics_daily_sales_by_customer',
    );
    expect(await pick(['orders', 'order_value'], ['quarter', 'city', 'rep'], 'orders')).toBe(
      'analytics_daily_orders_by_rep',
    );
    expect(await pick(['orders', 'order_value', 'active_customers'], ['region', 'channel'], 'orders')).toBe(
      'analytics_daily_orders',
    );
    expect(await pick(['order_lines', 'units'], ['product', 'customer_type'], 'order_lines')).toBe(
      'analytics_daily_order_lines',
    );
    // A customer's first order depends on all their orders: not in a rollup.
    expect(await pick(['orders', 'new_customers'], ['month'], 'orders')).toBeNull();
    // What a line got on its first allocation (the fill rate) is summed with the units.
    expect(await pick(['units', 'first_allocated_units'], ['month'], 'order_lines')).toBe(
      'analytics_daily_order_lines_by_product',
    );
    const monthlyOf = async (
      measureNames: string[],
      dimensionNames: string[],
      source: 'sales' | 'orders' | 'order_lines',
    ) =>
      (
        await chooseReadModel(db, {
          ...request(measureNames, dimensionNames, source),
          shift: { kind: 'none' },
        })
      ).rollup;
    expect(await monthlyOf(['units', 'first_allocated_units'], ['month', 'region'], 'order_lines')).toBe(
      'analytics_monthly_order_lines_by_region',
    );
    expect(await monthlyOf(['order_lines'], ['product_line'], 'order_lines')).toBe(
      'analytics_monthly_order_lines_by_product',
    );
    // Per customer over whole months: the monthly rollups by customer.
    expect(await monthlyOf(['revenue', 'gross_profit'], ['customer'], 'sales')).toBe(
      'analytics_monthly_sales_by_customer',
    );
    expect(await monthlyOf(['orders', 'active_customers'], ['channel'], 'orders')).toBe(
      'analytics_monthly_orders_by_customer',
    );
    // Nor the customer's segment.
    expect(await pick(['orders'], ['customer_segment'], 'orders')).toBeNull();
    expect(await pick(['shipments'], [], 'shipments' as 'orders')).toBeNull();
    // Forced off.
    expect((await chooseReadModel(db, request(['revenue'], [], 'sales'), 'off')).rollup).toBeNull();
  });

  it('sums the rows over the range when no date is asked for: one row per key the query reaches', async () => {
    const db = test.deps.db;
    const rowsOf = async (dimensionNames: string[], readsRowDays?: true) => {
      const model = await chooseReadModel(db, {
        ...request(['revenue', 'gross_profit'], dimensionNames, 'sales'),
        shift: { kind: 'none' },
        ...(readsRowDays ? { readsRowDays } : {}),
      });
      const params = new SqlParams();
      const { rows } = await db.query<{ fact_date: string; customer_id?: number; revenue_fen: number }>(
        `SELECT * FROM (${model.source.sql('NULL', (value) => params.add(value))}) f`,
        params.values,
      );
      return rows;
    };
    const revenueByCustomer = (rows: { customer_id?: number; revenue_fen: number }[]) => {
      const sums = new Map<number, number>();
      for (const r of rows) sums.set(r.customer_id!, (sums.get(r.customer_id!) ?? 0) + r.revenue_fen);
      return sums;
    };
    const summed = await rowsOf(['customer']);
    // One row per customer, on the range's first day, with no key the query does not reach.
    expect(summed.length).toBe(new Set(summed.map((r) => r.customer_id)).size);
    expect(summed.every((r) => r.fact_date === YEAR.from)).toBe(true);
    expect(Object.keys(summed[0]!).sort()).toEqual(['cost_fen', 'customer_id', 'fact_date', 'revenue_fen']);
    // A caller that reads the rows' days (customer value) gets them by month, as a month dimension does;
    // the east hospital was invoiced in January and March, so there are more rows, with the same sums.
    for (const perMonth of [await rowsOf(['customer'], true), await rowsOf(['month', 'customer'])]) {
      expect(perMonth.length).toBeGreaterThan(summed.length);
      expect(revenueByCustomer(perMonth)).toEqual(revenueByCustomer(summed));
    }
  });

  it('sums a coarser rollup from a finer one of the same source, keys and sums', () => {
    const summed = rollups.filter((r) => r.summedFrom);
    expect(summed.map((r) => r.table).sort()).toEqual([
      'analytics_daily_order_lines_by_product',
      'analytics_daily_orders_by_rep',
      'analytics_daily_sales_by_customer',
      'analytics_daily_sales_by_product',
    ]);
    for (const coarse of summed) {
      const finer = rollups.find((r) => r.table === coarse.summedFrom)!;
      expect(finer.summedFrom).toBeUndefined();
      expect([finer.source, finer.family]).toEqual([coarse.source, coarse.family]);
      expect(coarse.keys.every((k) => finer.keys.includes(k))).toBe(true);
      expect(finer.sums).toEqual(coarse.sums);
    }
  });

  it('holds one row per day and keys, summing to the documents after the refresh', async () => {
    expect(await dirtyDays()).toEqual([]);
    const [sums] = await sql<Record<string, number>>(
      `SELECT (SELECT sum(revenue_fen) FROM analytics_daily_sales)::bigint AS revenue,
              (SELECT sum(cost_fen) FROM analytics_daily_sales)::bigint AS cost,
              (SELECT sum(orders) FROM analytics_daily_orders)::int AS orders,
              (SELECT sum(order_lines) FROM analytics_daily_order_lines)::int AS lines,
              (SELECT sum(quantity) FROM analytics_daily_order_lines)::int AS units,
              (SELECT sum(revenue_fen) FROM analytics_daily_sales_by_product)::bigint AS "revenueByProduct",
              (SELECT sum(revenue_fen) FROM analytics_daily_sales_by_customer)::bigint AS "revenueByCustomer",
              (SELECT sum(orders) FROM analytics_daily_orders_by_rep)::int AS "ordersByRep",
              (SELECT sum(revenue_fen) FROM analytics_monthly_sales_by_product)::bigint AS "revenueByMonth",
              (SELECT sum(revenue_fen) FROM analytics_monthly_sales_by_region)::bigint AS "revenueByRegionMonth",
              (SELECT sum(revenue_fen) FROM analytics_monthly_sales_by_product_company)::bigint AS "revenueByProductMonth",
              (SELECT sum(orders) FROM analytics_monthly_orders_by_rep)::int AS "ordersByRepMonth",
              (SELECT sum(revenue_fen) FROM analytics_monthly_sales_by_customer)::bigint AS "revenueByCustomerMonth",
              (SELECT sum(orders) FROM analytics_monthly_orders_by_customer)::int AS "ordersByCustomerMonth",
              (SELECT sum(quantity) FROM analytics_daily_order_lines_by_product)::int AS "unitsByProduct",
              (SELECT sum(quantity) FROM analytics_monthly_order_lines_by_region)::int AS "unitsByRegionMonth",
              (SELECT sum(order_lines) FROM analytics_monthly_order_lines_by_product)::int AS "linesByProductMonth",
              (SELECT sum(first_allocated) FROM analytics_daily_order_lines)::int AS "firstAllocated",
              (SELECT sum(first_allocated) FROM analytics_monthly_order_lines_by_region)::int AS "firstAllocatedMonth"`,
    );
    // Revenue 2,000,000 + 270,000 + 500,000 + 600,000 + 240,000 + 200,000 − 100,000 (allowance);
    // cost 15 stents × 52,000 + 10 catheters × 30,000.
    expect(sums).toEqual({
      revenue: 3_710_000,
      cost: 1_080_000,
      orders: 5,
      lines: 6,
      units: 25,
      revenueByProduct: 3_710_000,
      revenueByCustomer: 3_710_000,
      ordersByRep: 5,
      revenueByMonth: 3_710_000,
      revenueByRegionMonth: 3_710_000,
      revenueByProductMonth: 3_710_000,
      ordersByRepMonth: 5,
      revenueByCustomerMonth: 3_710_000,
      ordersByCustomerMonth: 5,
      unitsByProduct: 25,
      unitsByRegionMonth: 25,
      linesByProductMonth: 6,
      // The fixture writes its orders' lines by hand, without a first allocation (NULL counts 0);
      // the fill rate's figures from the rollups are in fill-rate.api.test.ts.
      firstAllocated: 0,
      firstAllocatedMonth: 0,
    });
  });
  it('is what the query API reads, with the dirty days taken from the documents', async () => {
    const byYear: AnalyticsQueryInput = { measures: ['revenue'], timeRange: YEAR };
    const byDay: AnalyticsQueryInput = { ...byYear, dimensions: ['day'] };
    const byProduct: AnalyticsQueryInput = { ...byYear, dimensions: ['product'] };
    const raw = (await ask(cookies.director, byYear, 'off')).totals.values.revenue!;
    const rawEast = (await ask(cookies.east, byYear, 'off')).totals.values.revenue!;
    // Tampered with, the rollups show through: whole months come from the smallest monthly
    // rollup that keeps the keys (by product: without the region for the company-wide director,
    // with it for the 华东 rep, whose scope reads it), a breakdown by day from the daily one.
    // March holds one row in each: the East hospital's catheters.
    await sql(
      `UPDATE analytics_daily_sales_by_product SET revenue_fen = revenue_fen + 1 WHERE day = '2026-03-10'`,
    );
    await sql(
      `UPDATE analytics_monthly_sales_by_region SET revenue_fen = revenue_fen + 10 WHERE month = '2026-03-01'`,
    );
    await sql(
      `UPDATE analytics_monthly_sales_by_product SET revenue_fen = revenue_fen + 100 WHERE month = '2026-03-01'`,
    );
    await sql(
      `UPDATE analytics_monthly_sales_by_product_company SET revenue_fen = revenue_fen + 1000 WHERE month = '2026-03-01'`,
    );
    expect((await ask(cookies.director, byYear, 'auto')).totals.values.revenue).toBe(raw + 10);
    expect((await ask(cookies.director, byProduct, 'auto')).totals.values.revenue).toBe(raw + 1000);
    expect((await ask(cookies.east, byProduct, 'auto')).totals.values.revenue).toBe(rawEast + 100);
    expect((await ask(cookies.director, byDay, 'auto')).totals.values.revenue).toBe(raw + 1);
    // Marked dirty, that day (and its month) is read from the documents instead.
    await sql(`INSERT INTO analytics_rollup_dirty_days (family, day) VALUES ('sales', '2026-03-10')`);
    for (const query of [byYear, byProduct, byDay])
      expect((await ask(cookies.director, query, 'auto')).totals.values.revenue).toBe(raw);
    // And the refresh sums them all again.
    await refreshRollups(test.deps.db);
    expect(await dirtyDays()).toEqual([]);
    for (const query of [byYear, byProduct, byDay])
      expect((await ask(cookies.director, query, 'auto')).totals.values.revenue).toBe(raw);
  });
});

const salesMeasures = ['revenue', 'cost', 'gross_profit', 'margin'];
const orderMeasures = ['orders', 'order_value', 'active_customers', 'average_order_value'];
const lineMeasures = ['order_lines', 'units', 'first_allocated_units', 'fill_rate', 'stockout_rate'];

/** Every sales and orders measure × dimension sets × filters × comparisons. */
function queryMatrix(): AnalyticsQueryInput[] {
  const dimensionSets: { dims: string[]; products?: boolean }[] = [
    { dims: [] },
    { dims: ['day'] },
    { dims: ['week'] },
    { dims: ['month'] },
    { dims: ['quarter', 'region'] },
    { dims: ['year', 'province'] },
    { dims: ['city'] },
    { dims: ['channel'] },
    { dims: ['customer_type', 'hospital_grade'] },
    { dims: ['distributor_level'] },
    { dims: ['customer'] },
    { dims: ['rep'] },
    { dims: ['month', 'rep'] },
    { dims: ['product_line', 'month'], products: true },
    { dims: ['product', 'device_class'], products: true },
  ];
  const filterSets: AnalyticsQueryInput['filters'][] = [
    [],
    [{ dimension: 'region', op: 'in', values: ['2'] }],
    [{ dimension: 'channel', op: 'not_in', values: ['distributor'] }],
  ];
  const comparisons = [undefined, 'previous_period', 'same_period_last_year'] as const;
  const queries: AnalyticsQueryInput[] = [];
  for (const [i, set] of dimensionSets.entries()) {
    const measureNames = set.products
      ? [...salesMeasures, ...lineMeasures]
      : [...salesMeasures, ...orderMeasures, ...lineMeasures];
    const filters = filterSets[i % filterSets.length]!;
    const comparison = comparisons[i % comparisons.length];
    queries.push({
      measures: measureNames,
      dimensions: set.dims,
      filters,
      timeRange: i % 2 === 0 ? YEAR : { from: '2026-01-01', to: '2026-06-30' },
      ...(comparison ? { comparison } : {}),
    });
  }
  // Each measure on its own, so that one measure's source never hides another's.
  for (const m of [...salesMeasures, ...orderMeasures, ...lineMeasures]) {
    queries.push({ measures: [m], dimensions: ['month'], timeRange: YEAR, comparison: 'previous_period' });
  }
  // Fill rate and the customer segment read the facts, next to measures that read rollups.
  queries.push({
    measures: ['fill_rate', 'stockout_rate', 'units', 'revenue'],
    dimensions: ['product_line', 'month'],
    timeRange: YEAR,
    comparison: 'previous_period',
  });
  queries.push({
    measures: ['revenue', 'orders', 'order_value', 'units'],
    dimensions: ['customer_segment'],
    timeRange: YEAR,
  });
  queries.push({
    measures: ['revenue', 'units'],
    dimensions: ['rep'],
    filters: [{ dimension: 'product_line', op: 'in', values: ['1'] }],
    timeRange: YEAR,
  });
  queries.push({
    measures: ['revenue', 'units'],
    filters: [{ dimension: 'customer_type', op: 'in', values: ['hospital'] }],
    timeRange: { from: '2025-12-01', to: '2026-03-31' },
    comparison: 'same_period_last_year',
  });
  return queries;
}

describe('answers with and without rollups', () => {
  it('are equal for every query of the matrix, for a director, a 华东 rep and a distributor', async () => {
    const queries = queryMatrix();
    let nonZero = 0;
    for (const cookie of [cookies.director, cookies.east, cookies.dealer]) {
      for (const body of queries) {
        // The distributor may not see our cost.
        const measureNames = (body.measures as string[]).filter(
          (m) => cookie !== cookies.dealer || !['cost', 'gross_profit', 'margin'].includes(m),
        );
        if (measureNames.length === 0) continue;
        const result = await askBothWays(cookie, { ...body, measures: measureNames });
        if (Object.values(result.totals.values).some((v) => v !== 0 && v !== null)) nonZero++;
      }
    }
    // The comparison is not between two empty answers.
    expect(nonZero).toBeGreaterThan(queries.length * 2);
  }, 120_000);

  it('gives the 华东 rep only 华东 figures from the rollups, and a user without regions nothing', async () => {
    const body: AnalyticsQueryInput = {
      measures: ['revenue', 'orders', 'units'],
      dimensions: ['region'],
      timeRange: YEAR,
    };
    const east = await askBothWays(cookies.east, body);
    expect(east.rows.map((r) => r.labels[0])).toEqual(['East China']);
    // 2,000,000 + 270,000 + 500,000 − 100,000.
    expect(east.totals.values).toEqual({ revenue: 2_670_000, orders: 2, units: 18 });
    const nobody = await askBothWays(cookies.nobody, body);
    expect(nobody.rows).toEqual([]);
    expect(nobody.totals.values).toEqual({ revenue: 0, orders: 0, units: 0 });
  });
});

describe('writes after the last refresh', () => {
  const revenueByMonth: AnalyticsQueryInput = {
    measures: ['revenue', 'gross_profit', 'orders', 'units'],
    dimensions: ['month', 'rep'],
    timeRange: YEAR,
  };
  const totalRevenue = async () =>
    (await askBothWays(cookies.director, revenueByMonth)).totals.values.revenue;

  it('count in the next answer: a new invoice, its cancellation and a credit note', async () => {
    const before = await totalRevenue();
    const added = await invoice(world.westDealer, '2026-07-07', [stent(2, 100_000)]);
    expect(await dirtyDays()).toEqual(['orders 2026-07-07', 'sales 2026-07-07']);
    expect(await totalRevenue()).toBe(before! + 200_000);

    const cancelled = await apiAs(test, world.cookies.finance).post(`/api/invoices/${added.id}/cancel`, {
      version: added.version,
      reason: 'wrong customer',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await totalRevenue()).toBe(before);

    await refreshRollups(test.deps.db);
    expect(await dirtyDays()).toEqual([]);
    expect(await totalRevenue()).toBe(before);

    const credit = await apiAs(test, world.cookies.finance).post('/api/credit-notes', {
      invoiceId: firstInvoice.id,
      creditDate: '2026-08-03',
      reason: 'price allowance',
      lines: [{ invoiceLineId: firstInvoice.lines[1]!.id, netAmount: 30_000 }],
    });
    expect(credit.statusCode, credit.body).toBe(201);
    expect(await dirtyDays()).toEqual(['sales 2026-08-03']);
    expect(await totalRevenue()).toBe(before! - 30_000);
  });

  it('count in the next answer: a new owner rep of a customer moves its figures', async () => {
    const byRep = { measures: ['revenue', 'orders'], dimensions: ['rep'], timeRange: YEAR };
    const before = await askBothWays(cookies.director, byRep);
    await refreshRollups(test.deps.db);
    const other = await createTestUser(test, 'rep.new', ['sales_rep'], {
      regionIds: [2],
      displayName: '赵新',
    });
    await sql('UPDATE customers SET owner_rep_id = $1 WHERE id = $2', [other.id, world.eastHospital]);
    expect((await dirtyDays()).length).toBeGreaterThan(0);
    const after = await askBothWays(cookies.director, byRep);
    expect(after.rows.map((r) => r.labels[0])).toContain('赵新');
    expect(after.rows.map((r) => r.labels[0])).not.toContain('王华东');
    expect(after.totals).toEqual(before.totals);
  });

  it('a refresh sums again only the dirty days, and they then read from the rollup', async () => {
    await refreshRollups(test.deps.db);
    // A day nobody touched keeps its rollup rows as they are (same physical rows).
    const untouched = async () =>
      (
        await sql<{ ctid: string }>(`SELECT ctid::text FROM analytics_daily_sales WHERE day = '2026-03-10'`)
      ).map((r) => r.ctid);
    const ctidsBefore = await untouched();
    expect(ctidsBefore.length).toBeGreaterThan(0);
    await invoice(world.eastHospital, '2026-09-01', [catheter(1, 80_000)]);
    const results = await refreshRollups(test.deps.db);
    expect(results).toEqual([
      { family: 'sales', days: ['2026-09-01'] },
      { family: 'orders', days: ['2026-09-01'] },
      // The fixture's shipments write no stock moves.
      { family: 'stock', days: [] },
    ]);
    expect(await untouched()).toEqual(ctidsBefore);
    const [september] = await sql<{ revenue: number }>(
      `SELECT sum(revenue_fen)::bigint AS revenue FROM analytics_daily_sales WHERE day = '2026-09-01'`,
    );
    expect(september!.revenue).toBe(80_000);
  });

  it('a rebuild from scratch gives the same rollups as the incremental refreshes', async () => {
    await refreshRollups(test.deps.db);
    const snapshot = () =>
      sql(
        `SELECT 'sales' AS t, day::text, region_id, customer_id, rep_id, product_id, revenue_fen AS a, cost_fen AS b FROM analytics_daily_sales
         UNION ALL SELECT 'orders', day::text, region_id, customer_id, rep_id, NULL, orders, net_cny_fen FROM analytics_daily_orders
         UNION ALL SELECT 'lines', day::text, region_id, customer_id, rep_id, product_id, order_lines, quantity FROM analytics_daily_order_lines
         UNION ALL SELECT 'sales by product', day::text, region_id, NULL, rep_id, product_id, revenue_fen, cost_fen FROM analytics_daily_sales_by_product
         UNION ALL SELECT 'sales by customer', day::text, region_id, customer_id, rep_id, NULL, revenue_fen, cost_fen FROM analytics_daily_sales_by_customer
         UNION ALL SELECT 'monthly by customer', month::text, region_id, customer_id, rep_id, NULL, revenue_fen, cost_fen FROM analytics_monthly_sales_by_customer
         UNION ALL SELECT 'monthly', month::text, region_id, NULL, rep_id, product_id, revenue_fen, cost_fen FROM analytics_monthly_sales_by_product
         UNION ALL SELECT 'monthly by region', month::text, region_id, NULL, rep_id, NULL, revenue_fen, cost_fen FROM analytics_monthly_sales_by_region
         UNION ALL SELECT 'monthly orders', month::text, region_id, NULL, rep_id, NULL, orders, net_cny_fen FROM analytics_monthly_orders_by_rep
         UNION ALL SELECT 'orders by rep', day::text, region_id, NULL, rep_id, NULL, orders, net_cny_fen FROM analytics_daily_orders_by_rep
         ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
      );
    const incremental = await snapshot();
    const storage = () =>
      sql<{ file: string }>(`SELECT pg_relation_filenode('analytics_daily_sales')::text AS file`);
    const before = await storage();
    await rebuildRollups(test.deps.db);
    expect(await snapshot()).toEqual(incremental);
    // Emptied with TRUNCATE (migration 0047): new storage, whose rows write no WAL.
    expect(await storage()).not.toEqual(before);
  });

  it('lets the application role empty rollup tables only, and only through the function', async () => {
    const invoices = await sql<{ n: number }>('SELECT count(*)::int AS n FROM invoices');
    expect(invoices[0]!.n).toBeGreaterThan(0);
    for (const table of ['invoices', 'analytics_rollup_dirty_days', 'analytics_settings']) {
      await expect(sql('SELECT analytics_empty_rollup_table($1)', [table])).rejects.toMatchObject({
        code: '42501',
      });
    }
    await expect(sql('TRUNCATE analytics_daily_sales')).rejects.toMatchObject({ code: '42501' });
    expect(await sql('SELECT count(*)::int AS n FROM invoices')).toEqual(invoices);
  });
});

describe('random small companies', () => {
  it('give the same answers with and without rollups, refreshed or not', async () => {
    const customersOf = () => [world.eastHospital, world.westHospital, world.westDealer];
    const operation = fc.record({
      customer: fc.integer({ min: 0, max: 2 }),
      day: fc.integer({ min: 1, max: 28 }),
      month: fc.integer({ min: 10, max: 11 }),
      quantity: fc.integer({ min: 1, max: 5 }),
      price: fc.integer({ min: 1_000, max: 300_000 }),
      product: fc.constantFrom('stent', 'catheter'),
      followUp: fc.constantFrom('keep', 'cancel', 'credit', 'refresh'),
    });
    const query = fc.record({
      measures: fc.subarray([...salesMeasures, ...orderMeasures, ...lineMeasures], { minLength: 1 }),
      dimensions: fc.constantFrom(
        [],
        ['day'],
        ['month', 'region'],
        ['customer'],
        ['rep'],
        ['channel', 'week'],
      ),
      comparison: fc.constantFrom(undefined, 'previous_period' as const),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 3 }), query, async (operations, q) => {
        for (const op of operations) {
          const date = `2026-${op.month}-${String(op.day).padStart(2, '0')}`;
          const line =
            op.product === 'stent' ? stent(op.quantity, op.price) : catheter(op.quantity, op.price);
          const added = await invoice(customersOf()[op.customer]!, date, [line]);
          const finance = apiAs(test, world.cookies.finance);
          if (op.followUp === 'cancel') {
            const r = await finance.post(`/api/invoices/${added.id}/cancel`, {
              version: added.version,
              reason: 'test',
            });
            expect(r.statusCode, r.body).toBe(200);
          } else if (op.followUp === 'credit') {
            const r = await finance.post('/api/credit-notes', {
              invoiceId: added.id,
              creditDate: date,
              reason: 'allowance',
              lines: [{ invoiceLineId: added.lines[0]!.id, netAmount: Math.floor(op.price / 2) }],
            });
            expect(r.statusCode, r.body).toBe(201);
          } else if (op.followUp === 'refresh') {
            await refreshRollups(test.deps.db);
          }
        }
        const body: AnalyticsQueryInput = {
          measures: q.measures,
          dimensions: q.dimensions.filter((d) => !(d === 'customer' && q.measures.length > 6)),
          timeRange: { from: '2026-10-01', to: '2026-11-30' },
          ...(q.comparison ? { comparison: q.comparison } : {}),
        };
        await askBothWays(cookies.director, body);
        await askBothWays(cookies.east, body);
      }),
      { numRuns: 12 },
    );
  }, 180_000);
});

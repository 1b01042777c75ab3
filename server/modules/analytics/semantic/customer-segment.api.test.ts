/**
 * The customer segment dimension over HTTP against a real PostgreSQL: customers whose orders
 * (written by hand) place each in one fixed-threshold segment (DOMAIN §6, default thresholds) as
 * of 2026-05-31, the last day of the range 2025-01-01 … 2026-05-31:
 *   HV     上海  11 orders of 100,000 yuan, 2026-01-05 … 2026-05-20   R 11, F 11, M 1,100,000 → high value
 *   NEWBIE 上海  1 order of 10,000 yuan, 2026-05-10 (first ever)      R 21, first order 21 days ago → new
 *   REG    上海  5 orders of 30,000 yuan, the 10th of Jan … May        R 21, F 5, M 150,000 → regular
 *   CHURN  陕西  6 orders of 20,000 yuan, 2025-10-15                   R 228, 6 orders up to the last → churn risk
 *   POT    陕西  2 orders of 10,000 yuan, 2026-01-15 and 2026-04-20    R 41, first 136 days ago, F 2 → potential
 *   LOW    陕西  1 order of 5,000 yuan, 2025-03-01                     R 456, F 0, M 0 → low value
 * Orders (and their value in fen) by segment: high value 11 (110,000,000), new 1 (1,000,000),
 * regular 5 (15,000,000), churn risk 6 (12,000,000), potential 2 (2,000,000), low value 1 (500,000).
 * 华东 (上海) holds high value, new and regular: 17 orders, 126,000,000 fen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsQueryInput, AnalyticsResult } from '../../../../contracts/analytics-query.ts';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { type SalesWorld, seedSalesWorld } from '../../sales/sales.fixtures.ts';
import { analyticsAnswer, insertConfirmedOrders, postAnalyticsQuery } from './semantic.fixtures.ts';

let test: TestApp;
let world: SalesWorld;
const RANGE = { from: '2025-01-01', to: '2026-05-31' };

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await test.deps.db.query(text, params)).rows as T[];
}

async function customer(code: string, region: number): Promise<number> {
  return (
    await sql<{ id: number }>(
      `INSERT INTO customers (code, name, name_normalized, type, channel, region_id)
       VALUES ($1, $1, $1, 'hospital', 'direct', $2) RETURNING id`,
      [code, region],
    )
  )[0]!.id;
}

/** Confirmed orders of a customer, one per date, each of `yuan` excluding VAT. */
const orders = (customerId: number, dates: string[], yuan: number) =>
  insertConfirmedOrders(test.deps.db, customerId, dates, yuan * 100);

const query = (cookie: string, body: AnalyticsQueryInput, lang = 'en') =>
  postAnalyticsQuery(test, cookie, body, lang);
const ok = (cookie: string, body: AnalyticsQueryInput, lang = 'en') =>
  analyticsAnswer(test, cookie, body, lang);

const rowsOf = (result: AnalyticsResult) =>
  result.rows.map((r) => [...r.keys, ...r.labels, r.values.orders, r.values.order_value]);

beforeAll(async () => {
  test = await createTestApp();
  world = await seedSalesWorld(test);
  await orders(
    await customer('HV', 4),
    [
      '2026-01-05',
      '2026-01-20',
      '2026-02-05',
      '2026-02-20',
      '2026-03-05',
      '2026-03-20',
      '2026-04-05',
      '2026-04-15',
      '2026-04-25',
      '2026-05-05',
      '2026-05-20',
    ],
    100_000,
  );
  await orders(await customer('NEWBIE', 4), ['2026-05-10'], 10_000);
  await orders(
    await customer('REG', 4),
    ['2026-01-10', '2026-02-10', '2026-03-10', '2026-04-10', '2026-05-10'],
    30_000,
  );
  await orders(await customer('CHURN', 5), Array(6).fill('2025-10-15'), 20_000);
  await orders(await customer('POT', 5), ['2026-01-15', '2026-04-20'], 10_000);
  await orders(await customer('LOW', 5), ['2025-03-01'], 5_000);
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('the customer segment dimension', () => {
  it('groups each customer’s orders under its segment as of the end of the range, labelled as on the segment page', async () => {
    const result = await ok(world.cookies.director, {
      measures: ['orders', 'order_value'],
      dimensions: ['customer_segment'],
      timeRange: RANGE,
      sort: [{ field: 'orders', direction: 'desc' }],
    });
    expect(result.dimensions).toEqual([
      { name: 'customer_segment', label: 'Customer segment', isCode: false },
    ]);
    expect(rowsOf(result)).toEqual([
      ['high_value', 'High value', 11, 110_000_000],
      ['churn_risk', 'Churn risk', 6, 12_000_000],
      ['regular', 'Regular', 5, 15_000_000],
      ['potential', 'Potential', 2, 2_000_000],
      ['low_value', 'Low value', 1, 500_000],
      ['new', 'New', 1, 1_000_000],
    ]);
    expect(result.totals.values).toEqual({ orders: 26, order_value: 140_500_000 });

    const zh = await ok(
      world.cookies.director,
      { measures: ['orders'], dimensions: ['customer_segment'], timeRange: RANGE },
      'zh-CN',
    );
    expect(Object.fromEntries(zh.rows.map((r) => [r.keys[0], r.labels[0]]))).toEqual({
      high_value: '高价值',
      new: '新客户',
      churn_risk: '流失风险',
      low_value: '低价值',
      potential: '潜力客户',
      regular: '一般客户',
    });
  });

  it('takes the segment on the last day of the range: a month earlier HV was regular and REG potential', async () => {
    // As of 2026-04-30: HV has 9 orders (F 9, not above 10), R 5, M 900,000 yuan → regular;
    // REG has 4 (R 20, F 4 below 5) → potential, with POT (R 10, first order 105 days ago, F 2);
    // NEWBIE has no order yet, so no segment and no facts.
    const result = await ok(world.cookies.director, {
      measures: ['orders'],
      dimensions: ['customer_segment'],
      filters: [
        { dimension: 'customer_segment', op: 'in', values: ['regular', 'new', 'high_value', 'potential'] },
      ],
      timeRange: { from: '2026-01-01', to: '2026-04-30' },
      sort: [{ field: 'orders', direction: 'desc' }],
    });
    expect(result.rows.map((r) => [r.keys[0], r.values.orders])).toEqual([
      ['regular', 9],
      ['potential', 6],
    ]);
  });

  it('filters by segment, and not_in keeps the rest', async () => {
    const churn = await ok(world.cookies.director, {
      measures: ['orders'],
      filters: [{ dimension: 'customer_segment', op: 'in', values: ['churn_risk'] }],
      timeRange: RANGE,
    });
    expect(churn.totals.values).toEqual({ orders: 6 });
    const others = await ok(world.cookies.director, {
      measures: ['orders'],
      filters: [{ dimension: 'customer_segment', op: 'not_in', values: ['churn_risk', 'high_value'] }],
      timeRange: RANGE,
    });
    expect(others.totals.values).toEqual({ orders: 9 });
  });

  it('gives a 华东 user totals equal to the sum of the 华东 rows of a company-wide user, and only those', async () => {
    const all = await ok(world.cookies.director, {
      measures: ['orders', 'order_value'],
      dimensions: ['region', 'customer_segment'],
      timeRange: RANGE,
    });
    const eastRows = all.rows.filter((r) => r.labels[0] === 'East China');
    expect(eastRows.map((r) => r.keys[1]).sort()).toEqual(['high_value', 'new', 'regular']);
    const east = await ok(world.cookies.east, {
      measures: ['orders', 'order_value'],
      dimensions: ['customer_segment'],
      timeRange: RANGE,
      sort: [{ field: 'orders', direction: 'desc' }],
    });
    expect(rowsOf(east)).toEqual([
      ['high_value', 'High value', 11, 110_000_000],
      ['regular', 'Regular', 5, 15_000_000],
      ['new', 'New', 1, 1_000_000],
    ]);
    expect(east.totals.values).toEqual({ orders: 17, order_value: 126_000_000 });
    for (const m of ['orders', 'order_value']) {
      expect(east.totals.values[m]).toBe(eastRows.reduce((sum, r) => sum + (r.values[m] ?? 0), 0));
    }
    // A filter on another region's segment gives the 华东 user nothing.
    const churn = await ok(world.cookies.east, {
      measures: ['orders'],
      filters: [{ dimension: 'customer_segment', op: 'in', values: ['churn_risk'] }],
      timeRange: RANGE,
    });
    expect(churn.totals.values).toEqual({ orders: 0 });
  });

  it('is offered for customer measures only, and refused with 400 for stock', async () => {
    const response = await query(world.cookies.director, {
      measures: ['inventory_value'],
      dimensions: ['customer_segment'],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('ANALYTICS_NOT_APPLICABLE');
    const catalogue = await test.app.inject({
      method: 'GET',
      url: '/api/analytics/catalogue',
      headers: { cookie: world.cookies.director, 'accept-language': 'en' },
    });
    expect(catalogue.statusCode, catalogue.body).toBe(200);
    const measures = catalogue.json().measures as { name: string; dimensions: string[] }[];
    expect(measures.find((m) => m.name === 'orders')!.dimensions).toContain('customer_segment');
    expect(measures.find((m) => m.name === 'inventory_value')!.dimensions).not.toContain('customer_segment');
  });

  it('treats segment filter values as values and refuses unknown or injected names with 400', async () => {
    const injected = await ok(world.cookies.director, {
      measures: ['orders'],
      filters: [{ dimension: 'customer_segment', values: ["churn_risk' OR '1'='1", 'x) OR (1=1'] }],
      timeRange: RANGE,
    });
    expect(injected.totals.values).toEqual({ orders: 0 });
    for (const body of [
      { measures: ['orders'], dimensions: ['customer_segment; DROP TABLE customers'] },
      { measures: ['orders'], dimensions: ['seg.segment'] },
      { measures: ['orders'], filters: [{ dimension: '{segmentCodes}', values: ['x'] }] },
      { measures: ['fill_rate)--'] },
    ]) {
      const response = await query(world.cookies.director, body);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe('ANALYTICS_UNKNOWN_FIELD');
    }
  });
});

/**
 * The semantic layer over HTTP against a real PostgreSQL, on a small company built by hand.
 * Every expected figure below is worked out by hand from the documents created here.
 *
 * Period 2026-01-01 … 2026-06-30. Lot costs per unit: stent 52,000 fen, catheter 30,000 fen.
 *   A  East hospital (上海, 华东), 2026-01-15: 10 stents × 200,000 → net 2,000,000, cost 520,000; on time
 *   B  East hospital, 2026-03-10: 5 catheters × 100,000 → net 500,000, cost 150,000; promised 03-08, late
 *   C  West dealer (陕西, 西北), 2026-02-20: 4 stents × 150,000 → net 600,000, cost 208,000; on time
 *   D  West hospital, 2026-06-10: 2 catheters × 120,000 → net 240,000, cost 60,000; on time
 *   E  allowance on A's line, 2026-05-01: net −100,000 (gross −113,000), no cost
 *   F  East hospital, 2025-12-20 (before the period): 1 stent × 200,000
 *   plus a cancelled and a draft order of the East hospital in February (they count nowhere),
 *   and a payment of 178,000 by the West dealer on 2026-04-01 (applied to C).
 * Revenue 2,000,000 + 500,000 + 600,000 + 240,000 − 100,000 = 3,240,000; cost 938,000; GP 2,302,000.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsQueryInput } from '../../../../contracts/analytics-query.ts';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../../testing/test-app.ts';
import {
  apiAs,
  createInvoicedShipment,
  type FinanceWorld,
  type ShippedLine,
  seedFinanceWorld,
} from '../../finance/finance.fixtures.ts';
import { analyticsAnswer, postAnalyticsQuery } from './semantic.fixtures.ts';

let test: TestApp;
let world: FinanceWorld;
const cookies = { director: '', east: '', dealer: '', west: '' };
const PERIOD = { from: '2026-01-01', to: '2026-06-30' };

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await test.deps.db.query(text, params)).rows as T[];
}

const invoice = (customerId: number, date: string, lines: ShippedLine[]) =>
  createInvoicedShipment(test, world, { customerId, shippedOn: date, lines });

const query = (cookie: string, body: AnalyticsQueryInput) => postAnalyticsQuery(test, cookie, body);
const ok = (cookie: string, body: AnalyticsQueryInput) => analyticsAnswer(test, cookie, body);

const allMeasures = [
  'order_value',
  'revenue',
  'cost',
  'gross_profit',
  'margin',
  'orders',
  'order_lines',
  'units',
  'average_order_value',
  'active_customers',
  'new_customers',
  'shipments',
  'on_time_shipments',
  'on_time_shipment_rate',
  'ar_open',
  'ar_overdue',
  'overdue_rate',
  'dso',
  'inventory_value',
  'near_expiry_value',
];

beforeAll(async () => {
  test = await createTestApp();
  world = await seedFinanceWorld(test);
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
  const a = await invoice(world.eastHospital, '2026-01-15', [stent(10, 200_000)]);
  const b = await invoice(world.eastHospital, '2026-03-10', [catheter(5, 100_000)]);
  await sql(`UPDATE shipments SET promised_date = '2026-03-08' WHERE id = $1`, [b.shipmentId]);
  await invoice(world.westDealer, '2026-02-20', [stent(4, 150_000)]);
  await invoice(world.westHospital, '2026-06-10', [catheter(2, 120_000)]);
  await invoice(world.eastHospital, '2025-12-20', [stent(1, 200_000)]);
  const finance = apiAs(test, world.cookies.finance);
  const allowance = await finance.post('/api/credit-notes', {
    invoiceId: a.invoice.id,
    creditDate: '2026-05-01',
    reason: 'price allowance',
    lines: [{ invoiceLineId: a.invoice.lines[0]!.id, netAmount: 100_000 }],
  });
  expect(allowance.statusCode, allowance.body).toBe(201);
  const paid = await finance.post('/api/payments', {
    customerId: world.westDealer,
    method: 'bank_transfer',
    amount: 178_000,
    receivedDate: '2026-04-01',
    reference: 'REF-WEST-1',
    autoAllocate: true,
  });
  expect(paid.statusCode, paid.body).toBe(201);
  for (const [status, n] of [
    ['cancelled', 1],
    ['draft', 2],
  ] as const) {
    await sql(
      `INSERT INTO sales_orders (number, customer_id, region_id, currency, exchange_rate, order_date, promised_date, status,
                                 net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen)
       SELECT 'SO-X-' || $2::text, id, region_id, 'CNY', 1, '2026-02-01', '2026-02-01', $3, 1000, 130, 1130, 1000, 130, 1130
         FROM customers WHERE id = $1`,
      [world.eastHospital, n, status],
    );
  }
  // Stock in the Shanghai warehouse (华东): 10 stents at 52,000 and 4 catheters expiring in July at 30,000.
  const nearLot = (
    await sql<{ id: number }>(
      `INSERT INTO lots (product_id, lot_number, expiry_date, status, unit_cost_fen)
       VALUES ($1, 'C-NEAR', '2026-07-15', 'released', 30000) RETURNING id`,
      [world.catheter],
    )
  )[0]!.id;
  await sql(
    `INSERT INTO stock_balances (warehouse_id, product_id, lot_id, on_hand) VALUES ($1, $2, $3, 10), ($1, $4, $5, 4)`,
    [world.warehouseId, world.stent, world.lotStent, world.catheter, nearLot],
  );

  cookies.director = world.cookies.director;
  cookies.east = world.cookies.east;
  cookies.dealer = world.cookies.dealer;
  await createTestUser(test, 'u.west', ['sales_rep'], { regionIds: [3] });
  cookies.west = await signIn(test, 'u.west');
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('every measure on the hand-built company', () => {
  it('gives the hand-computed totals for the whole company', async () => {
    const result = await ok(cookies.director, { measures: allMeasures, timeRange: PERIOD });
    expect(result.totals.values).toEqual({
      order_value: 3_340_000,
      revenue: 3_240_000,
      cost: 938_000,
      gross_profit: 2_302_000,
      margin: 2_302_000 / 3_240_000,
      orders: 4,
      order_lines: 4,
      units: 21,
      average_order_value: 810_000,
      active_customers: 3,
      new_customers: 2,
      shipments: 4,
      on_time_shipments: 3,
      on_time_shipment_rate: 0.75,
      // A 2,260,000 − 113,000 allowance; B 565,000; F 226,000; C 678,000 − 178,000; D 271,200 (not yet due).
      ar_open: 3_709_200,
      ar_overdue: 3_438_000,
      overdue_rate: 3_438_000 / 3_709_200,
      // 3,709,200 ÷ 3,240,000 × 181 days, one decimal.
      dso: 207.2,
      inventory_value: 640_000,
      near_expiry_value: 120_000,
    });
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]!.values).toEqual(result.totals.values);
  });

  it('breaks revenue, gross profit and orders down by month, with the allowance in May', async () => {
    const result = await ok(cookies.director, {
      measures: ['revenue', 'gross_profit', 'orders'],
      dimensions: ['month'],
      timeRange: PERIOD,
    });
    expect(
      result.rows.map((r) => [r.keys[0], r.values.revenue, r.values.gross_profit, r.values.orders]),
    ).toEqual([
      ['2026-01', 2_000_000, 1_480_000, 1],
      ['2026-02', 600_000, 392_000, 1],
      ['2026-03', 500_000, 350_000, 1],
      ['2026-05', -100_000, -100_000, 0],
      ['2026-06', 240_000, 180_000, 1],
    ]);
  });

  it('breaks down by region, province, channel, customer type and product line', async () => {
    const byRegion = await ok(cookies.director, {
      measures: ['revenue', 'ar_open'],
      dimensions: ['region'],
      timeRange: PERIOD,
    });
    expect(byRegion.rows.map((r) => [r.labels[0], r.values.revenue, r.values.ar_open])).toEqual([
      ['East China', 2_400_000, 2_938_000],
      ['Northwest', 840_000, 771_200],
    ]);
    const byChannel = await ok(cookies.director, {
      measures: ['revenue', 'units'],
      dimensions: ['channel', 'customer_type'],
      timeRange: PERIOD,
      sort: [{ field: 'revenue', direction: 'asc' }],
    });
    expect(byChannel.rows.map((r) => [...r.keys, r.values.revenue, r.values.units])).toEqual([
      ['distributor', 'distributor', 600_000, 4],
      ['direct', 'hospital', 2_640_000, 17],
    ]);
    const byProduct = await ok(cookies.director, {
      measures: ['revenue', 'cost'],
      dimensions: ['product'],
      filters: [{ dimension: 'province', op: 'in', values: ['4'] }],
      timeRange: PERIOD,
    });
    expect(byProduct.rows.map((r) => [r.labels[0], r.values.revenue, r.values.cost])).toEqual([
      ['冠脉支架 Φ3.0', 1_900_000, 520_000],
      ['导管 Φ3.0', 500_000, 150_000],
    ]);
  });

  it('compares with the same period a year earlier and with the previous period', async () => {
    const yoy = await ok(cookies.director, {
      measures: ['revenue', 'orders'],
      dimensions: ['month'],
      timeRange: { from: '2026-12-01', to: '2026-12-31' },
      comparison: 'same_period_last_year',
    });
    // December 2026 had nothing; December 2025 had F.
    expect(yoy.comparisonRange).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(yoy.totals.previous).toEqual({ revenue: 200_000, orders: 1 });
    // Months line up: December 2025 shows as the comparison of December 2026.
    expect(yoy.rows).toEqual([
      {
        keys: ['2026-12'],
        labels: [null],
        values: { revenue: 0, orders: 0 },
        previous: { revenue: 200_000, orders: 1 },
      },
    ]);
    const previous = await ok(cookies.director, {
      measures: ['revenue'],
      timeRange: { from: '2026-01-01', to: '2026-01-31' },
      comparison: 'previous_period',
    });
    expect(previous.comparisonRange).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(previous.totals).toEqual({ values: { revenue: 2_000_000 }, previous: { revenue: 200_000 } });
    const byDay = await ok(cookies.director, {
      measures: ['revenue'],
      dimensions: ['day'],
      timeRange: { from: '2026-01-01', to: '2026-01-31' },
      comparison: 'previous_period',
    });
    // 2025-12-20 moves 31 days forward onto 2026-01-20.
    expect(byDay.rows.map((r) => [r.keys[0], r.values.revenue, r.previous?.revenue])).toEqual([
      ['2026-01-15', 2_000_000, 0],
      ['2026-01-20', 0, 200_000],
    ]);
  });
});

describe('scope', () => {
  it('gives a 华东 user totals equal to the 华东 row of a company-wide user, for every measure', async () => {
    const all = await ok(cookies.director, {
      measures: allMeasures,
      dimensions: ['region'],
      timeRange: PERIOD,
    });
    const eastRow = all.rows.find((r) => r.labels[0] === 'East China')!;
    const east = await ok(cookies.east, { measures: allMeasures, timeRange: PERIOD });
    expect(east.totals.values).toEqual(eastRow.values);
    expect(east.totals.values).toMatchObject({
      revenue: 2_400_000,
      orders: 2,
      ar_open: 2_938_000,
      inventory_value: 640_000,
    });

    // Broken down, the 华东 user sees 华东 rows only and the totals are their sums.
    const mine = await ok(cookies.east, {
      measures: ['revenue', 'cost', 'orders', 'units', 'ar_open', 'shipments'],
      dimensions: ['region', 'customer'],
      timeRange: PERIOD,
    });
    expect(new Set(mine.rows.map((r) => r.labels[0]))).toEqual(new Set(['East China']));
    for (const m of ['revenue', 'cost', 'orders', 'units', 'ar_open', 'shipments']) {
      expect(mine.totals.values[m]).toBe(mine.rows.reduce((s, r) => s + (r.values[m] ?? 0), 0));
    }
  });

  it('narrows but never widens: a filter on another region gives a 华东 user zero', async () => {
    const result = await ok(cookies.east, {
      measures: ['revenue', 'orders', 'ar_open'],
      dimensions: ['region'],
      filters: [{ dimension: 'region', op: 'in', values: ['3'] }],
      timeRange: PERIOD,
    });
    expect(result.rows).toEqual([]);
    expect(result.totals.values).toEqual({ revenue: 0, orders: 0, ar_open: 0 });
  });

  it('exports only 华东 rows to a 华东 user, with a total row equal to the API total', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/analytics/query/export?format=csv',
      headers: { cookie: cookies.east, 'accept-language': 'en' },
      payload: { measures: ['revenue', 'orders'], dimensions: ['customer'], timeRange: PERIOD },
    });
    expect(response.statusCode, response.body).toBe(200);
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines).toEqual(['Customer,Revenue (CNY),Orders', '上海市第一人民医院,24000,2', 'Total,24000,2']);
    const xlsx = await test.app.inject({
      method: 'POST',
      url: '/api/analytics/query/export?format=xlsx',
      headers: { cookie: cookies.west },
      payload: { measures: ['revenue'], dimensions: ['customer'], timeRange: PERIOD },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('shows a distributor user only its own company and not our cost', async () => {
    const own = await ok(cookies.dealer, { measures: ['revenue', 'orders', 'ar_open'], timeRange: PERIOD });
    expect(own.totals.values).toEqual({ revenue: 600_000, orders: 1, ar_open: 500_000 });
    const cost = await query(cookies.dealer, { measures: ['gross_profit'], timeRange: PERIOD });
    expect(cost.statusCode).toBe(403);
    expect(cost.json().error.code).toBe('ANALYTICS_MEASURE_FORBIDDEN');
  });
});

describe('inventory turnover days', () => {
  // Stock moves in the Shanghai warehouse (华东), at lot cost: stents 52,000, near-expiry catheters 30,000.
  //   2025-12-15 receipt 20 stents; 2026-02-01 issue 10 stents; 2026-03-22 receipt 4 catheters;
  //   2026-04-10 receipt 100 stents (after the first quarter: counts nowhere in it).
  // First quarter (90 days), the stock at the end of each day summed over the days (fen-days):
  //   20 × 52,000 × 90 − 10 × 52,000 × 59 (1 Feb … 31 Mar) + 4 × 30,000 × 10 (22 … 31 Mar)
  //   = 93,600,000 − 30,680,000 + 1,200,000 = 64,120,000 → average 712,444.44 → 712,444 fen.
  // Cost of the quarter: A 520,000 + C 208,000 + B 150,000 = 878,000 (华东 A + B 670,000).
  const QUARTER = { from: '2026-01-01', to: '2026-03-31' };

  beforeAll(async () => {
    await sql(
      `INSERT INTO stock_moves (business_date, warehouse_id, product_id, lot_id, kind, quantity)
       SELECT m.day::date, $1, l.product_id, l.id, m.kind, m.quantity
         FROM (VALUES ('2025-12-15', 'S2601', 'receipt', 20), ('2026-02-01', 'S2601', 'issue', -10),
                      ('2026-03-22', 'C-NEAR', 'receipt', 4), ('2026-04-10', 'S2601', 'receipt', 100))
              AS m(day, lot_number, kind, quantity)
         JOIN lots l ON l.lot_number = m.lot_number`,
      [world.warehouseId],
    );
  });

  it('is the average inventory at cost ÷ the cost of the range × its days', async () => {
    const result = await ok(cookies.director, {
      measures: ['average_inventory_value', 'cost', 'inventory_turnover_days'],
      timeRange: QUARTER,
    });
    // 712,444 ÷ 878,000 × 90 = 73.03 → 73.0 days.
    expect(result.totals.values).toEqual({
      average_inventory_value: 712_444,
      cost: 878_000,
      inventory_turnover_days: 73,
    });
    // One day: the stock at the end of 1 February, after the issue: 10 stents.
    const oneDay = await ok(cookies.director, {
      measures: ['average_inventory_value'],
      timeRange: { from: '2026-02-01', to: '2026-02-01' },
    });
    expect(oneDay.totals.values).toEqual({ average_inventory_value: 520_000 });
  });

  it('breaks down by product and by region, each row its own ratio', async () => {
    const byProduct = await ok(cookies.director, {
      measures: ['average_inventory_value', 'cost', 'inventory_turnover_days'],
      dimensions: ['product'],
      timeRange: QUARTER,
    });
    // Stents 62,920,000 ÷ 90 → 699,111; × 90 ÷ 728,000 = 86.43. Catheters 1,200,000 ÷ 90 → 13,333;
    // × 90 ÷ 150,000 = 8.00.
    expect(byProduct.rows.map((r) => [r.labels[0], ...Object.values(r.values)])).toEqual([
      ['冠脉支架 Φ3.0', 699_111, 728_000, 86.4],
      ['导管 Φ3.0', 13_333, 150_000, 8],
    ]);
    const byRegion = await ok(cookies.director, {
      measures: ['average_inventory_value', 'cost', 'inventory_turnover_days'],
      dimensions: ['region'],
      timeRange: QUARTER,
    });
    // The stock is in the 华东 warehouse; the Northwest sold from it and holds none: 0 days.
    expect(byRegion.rows.map((r) => [r.labels[0], ...Object.values(r.values)])).toEqual([
      ['East China', 712_444, 670_000, 95.7],
      ['Northwest', 0, 208_000, 0],
    ]);
    // A 华东 user: the 华东 row (712,444 × 90 ÷ 670,000 = 95.70).
    const east = await ok(cookies.east, {
      measures: ['average_inventory_value', 'cost', 'inventory_turnover_days'],
      timeRange: QUARTER,
    });
    expect(east.totals.values).toEqual(byRegion.rows[0]!.values);
  });

  it('has no value without cost, and refuses what it cannot be broken down by', async () => {
    const idle = await ok(cookies.director, {
      measures: ['inventory_turnover_days'],
      timeRange: { from: '2026-04-01', to: '2026-04-30' },
    });
    expect(idle.totals.values).toEqual({ inventory_turnover_days: null });
    const byWarehouse = await ok(cookies.director, {
      measures: ['average_inventory_value'],
      dimensions: ['warehouse'],
      timeRange: QUARTER,
    });
    expect(byWarehouse.rows.map((r) => [r.labels[0], r.values.average_inventory_value])).toEqual([
      ['上海中心仓', 712_444],
    ]);
    // Cost has no warehouse, stock no date or customer.
    for (const dimension of ['warehouse', 'month', 'customer', 'customer_segment']) {
      const response = await query(cookies.director, {
        measures: ['inventory_turnover_days'],
        dimensions: [dimension],
        timeRange: QUARTER,
      });
      expect([dimension, response.statusCode]).toEqual([dimension, 400]);
      expect(response.json().error.code).toBe('ANALYTICS_NOT_APPLICABLE');
    }
    const dealer = await query(cookies.dealer, { measures: ['inventory_turnover_days'], timeRange: QUARTER });
    expect(dealer.statusCode).toBe(403);
    expect(dealer.json().error.code).toBe('ANALYTICS_MEASURE_FORBIDDEN');
  });
});

describe('numbers agree with the sales overview', () => {
  it('gives the same revenue, gross profit, orders and receivables as the landing dashboard', async () => {
    for (const cookie of [cookies.director, cookies.east, cookies.west]) {
      const overview = await test.app.inject({
        method: 'GET',
        url: `/api/dashboard/sales-overview?from=${PERIOD.from}&to=${PERIOD.to}`,
        headers: { cookie },
      });
      expect(overview.statusCode, overview.body).toBe(200);
      const o = overview.json();
      const semantic = await ok(cookie, {
        measures: ['revenue', 'gross_profit', 'orders', 'average_order_value', 'ar_open', 'ar_overdue'],
        timeRange: { from: PERIOD.from, to: o.receivables.asOf },
      });
      expect(semantic.totals.values).toEqual({
        revenue: o.kpis.revenueCnyFen.current,
        gross_profit: o.kpis.grossProfitCnyFen.current,
        orders: o.kpis.orders.current,
        average_order_value: o.kpis.averageOrderValueCnyFen.current,
        ar_open: o.receivables.totalOpenCnyFen,
        ar_overdue: o.receivables.overdueCnyFen,
      });
    }
  });
});

describe('bad queries', () => {
  it('answers 400 with a code for an unknown measure, dimension, filter or sort field', async () => {
    for (const body of [
      { measures: ['revenue; DROP TABLE invoices'] },
      { measures: ['revenue'], dimensions: ['c.name'] },
      { measures: ['revenue'], filters: [{ dimension: '1=1', values: ['x'] }] },
      { measures: ['revenue'], sort: [{ field: 'revenue DESC, (SELECT 1)', direction: 'asc' as const }] },
    ]) {
      const response = await query(cookies.director, body);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.code).toBe('ANALYTICS_UNKNOWN_FIELD');
    }
  });

  it('refuses a dimension the measure cannot be broken down by', async () => {
    const response = await query(cookies.director, { measures: ['orders'], dimensions: ['product'] });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('ANALYTICS_NOT_APPLICABLE');
  });

  it('treats filter values as values, never as SQL', async () => {
    const result = await ok(cookies.director, {
      measures: ['revenue'],
      filters: [{ dimension: 'customer', values: ["1' OR '1'='1", '1) OR (1=1'] }],
      timeRange: PERIOD,
    });
    expect(result.totals.values.revenue).toBe(0);
  });

  it('answers 4xx, never 5xx, whatever arrives in any parameter', async () => {
    const names = fc.oneof(
      fc.constantFrom('revenue', 'orders', 'month', 'region', 'customer', 'product', 'ar_open', 'margin'),
      fc.constantFrom(
        'fill_rate',
        'stockout_rate',
        'inventory_turnover_days',
        'customer_segment',
        'warehouse',
      ),
      fc.string({ maxLength: 80 }),
      fc.constantFrom("'; DROP TABLE invoices; --", 'x.k0', '"revenue"', 'revenue--', '$1', '{date}'),
    );
    const anyValue = fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.constant(null), fc.boolean());
    const body = fc.record(
      {
        measures: fc.oneof(fc.array(names, { maxLength: 4 }), anyValue),
        dimensions: fc.oneof(fc.array(names, { maxLength: 3 }), anyValue),
        filters: fc.array(
          fc.record({
            dimension: names,
            op: fc.oneof(fc.constantFrom('in', 'not_in'), fc.string({ maxLength: 10 })),
            values: fc.oneof(
              fc.array(fc.string({ maxLength: 30 }), { minLength: 1, maxLength: 3 }),
              anyValue,
            ),
          }),
          { maxLength: 2 },
        ),
        timeRange: fc.oneof(
          fc.record({
            from: fc.constantFrom('2026-01-01', '2026-02-30', "2026-01-01'", '9999-99-99'),
            to: fc.string({ maxLength: 12 }),
          }),
          fc.constant({ from: '2026-03-01', to: '2026-01-01' }),
          anyValue,
        ),
        comparison: fc.oneof(
          fc.constantFrom('previous_period', 'same_period_last_year'),
          fc.string({ maxLength: 20 }),
        ),
        sort: fc.array(fc.record({ field: names, direction: fc.string({ maxLength: 5 }) }), { maxLength: 2 }),
        limit: fc.oneof(fc.integer({ min: -5, max: 20_000 }), anyValue),
      },
      { requiredKeys: ['measures'] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const response = await test.app.inject({
          method: 'POST',
          url: '/api/analytics/query',
          headers: { cookie: cookies.east },
          payload: payload as Record<string, unknown>,
        });
        expect(response.statusCode, response.body).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});

describe('receivables on a past day', () => {
  it('counts an invoice paid in full since then, as it stood on that day', async () => {
    const day = (to: string) => ({ measures: ['ar_open'], timeRange: { from: PERIOD.from, to } });
    const before = await ok(cookies.director, day(PERIOD.to));
    expect(before.totals.values.ar_open).toBe(3_709_200);
    // F (226,000, the East hospital's oldest) paid in full on 2026-07-15: open no more today.
    const paid = await apiAs(test, world.cookies.finance).post('/api/payments', {
      customerId: world.eastHospital,
      method: 'bank_transfer',
      amount: 226_000,
      receivedDate: '2026-07-15',
      reference: 'REF-EAST-F',
      autoAllocate: true,
    });
    expect(paid.statusCode, paid.body).toBe(201);
    const [f] = await sql<{ open: number }>(
      `SELECT open_amount AS open FROM invoices WHERE invoice_date = '2025-12-20' AND customer_id = $1`,
      [world.eastHospital],
    );
    expect(f!.open).toBe(0);
    // On 30 June it was still open; from 15 July it is not.
    expect((await ok(cookies.director, day(PERIOD.to))).totals.values.ar_open).toBe(3_709_200);
    expect((await ok(cookies.director, day('2026-07-14'))).totals.values.ar_open).toBe(3_709_200);
    expect((await ok(cookies.director, day('2026-07-15'))).totals.values.ar_open).toBe(3_709_200 - 226_000);
  });
});

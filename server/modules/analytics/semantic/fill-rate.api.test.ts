/**
 * Fill rate and stockout rate (DOMAIN §8) over HTTP against a real PostgreSQL, on orders taken
 * through the order API, so that what "first allocation" holds is what the confirmation wrote.
 *
 * Stock: stents 10 (lot S-1), catheters 3 (lot C-1); later 10 more catheters (lot C-2).
 *   A  East hospital, 2026-10-05, confirmed at once: 6 stents → all 6 from stock
 *   B  East hospital, 2026-10-06, confirmed at once, backorder accepted: 5 catheters → 3 from stock,
 *      2 backordered; C-2 arrives and the backorder gets its 2 → allocated 5, first allocation still 3
 *   C  West dealer, 2026-10-07, confirmed at once: 4 stents → all 4 (the last stents)
 *   D  West dealer, 2026-10-08, a draft confirmed later with a backorder: 10 catheters → the 8 left
 *      of C-2, 2 backordered
 *   plus a draft of the East hospital (2 stents) that counts nowhere.
 * Units 6 + 5 + 4 + 10 = 25; on first allocation 6 + 3 + 4 + 8 = 21: fill rate 21/25 = 0.84,
 * stockout rate 4/25 = 0.16. East (A, B) 9/11; West (C, D) 12/14. Stents 10/10; catheters 11/15.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsQueryInput } from '../../../../contracts/analytics-query.ts';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import { apiAs, receiveLot, type SalesWorld, seedSalesWorld } from '../../sales/sales.fixtures.ts';
import { rebuildRollups, refreshRollups } from '../rollups/rollups.refresh.ts';
import { analyticsAnswer } from './semantic.fixtures.ts';

let test: TestApp;
let world: SalesWorld;
const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };
const orders: Record<'A' | 'B' | 'C' | 'D', { id: number; version: number }> = {} as never;

const director = () => apiAs(test, world.cookies.director);

async function firstAllocations(orderId: number) {
  const { rows } = await test.deps.db.query<{ allocated: number; backordered: number; first: number | null }>(
    `SELECT allocated_quantity AS allocated, backordered_quantity AS backordered, first_allocated_quantity AS first
       FROM sales_order_lines WHERE order_id = $1 ORDER BY line_no`,
    [orderId],
  );
  return rows;
}

async function order(customerId: number, orderDate: string, productId: number, quantity: number, extra = {}) {
  const response = await director()('POST', '/api/orders', {
    customerId,
    orderDate,
    lines: [{ productId, quantity }],
    ...extra,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: number; version: number; status: string };
}

const ask = (cookie: string, body: AnalyticsQueryInput) => analyticsAnswer(test, cookie, body);

const fillMeasures = ['units', 'first_allocated_units', 'fill_rate', 'stockout_rate'];

beforeAll(async () => {
  test = await createTestApp();
  world = await seedSalesWorld(test);
  const lot = (productId: number, lotNumber: string, quantity: number) =>
    receiveLot(test, {
      productId,
      warehouseId: world.warehouseId,
      lotNumber,
      expiryDate: '2028-12-31',
      quantity,
    });
  await lot(world.stent, 'S-1', 10);
  await lot(world.catheter, 'C-1', 3);
  orders.A = await order(world.eastHospital, '2026-10-05', world.stent, 6, { confirm: true });
  orders.B = await order(world.eastHospital, '2026-10-06', world.catheter, 5, {
    confirm: true,
    acceptPartial: true,
  });
  orders.C = await order(world.westDealer, '2026-10-07', world.stent, 4, { confirm: true });
  await order(world.eastHospital, '2026-10-09', world.stent, 2);
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('the first allocation of an order line', () => {
  it('is what the confirmation allocated, for an order confirmed when it is created', async () => {
    expect(await firstAllocations(orders.A.id)).toEqual([{ allocated: 6, backordered: 0, first: 6 }]);
    expect(await firstAllocations(orders.B.id)).toEqual([{ allocated: 3, backordered: 2, first: 3 }]);
  });

  it('gives 9 of 11 units before the backorder is served, in the East', async () => {
    const east = await ask(world.cookies.east, { measures: fillMeasures, timeRange: OCTOBER });
    expect(east.totals.values).toEqual({
      units: 11,
      first_allocated_units: 9,
      fill_rate: 9 / 11,
      stockout_rate: 2 / 11,
    });
  });

  it('stays as it was when the backorder is allocated later, so the fill rate does not rise', async () => {
    await receiveLot(test, {
      productId: world.catheter,
      warehouseId: world.warehouseId,
      lotNumber: 'C-2',
      expiryDate: '2028-12-31',
      quantity: 10,
    });
    const served = await director()('POST', `/api/orders/${orders.B.id}/allocate`, {
      version: orders.B.version,
    });
    expect(served.statusCode, served.body).toBe(200);
    expect(served.json().status).toBe('allocated');
    expect(await firstAllocations(orders.B.id)).toEqual([{ allocated: 5, backordered: 0, first: 3 }]);
    const east = await ask(world.cookies.east, { measures: fillMeasures, timeRange: OCTOBER });
    expect(east.totals.values).toMatchObject({ units: 11, first_allocated_units: 9, fill_rate: 9 / 11 });
  });

  it('is what the confirmation allocated for a draft confirmed later, and null while a draft', async () => {
    const draft = await order(world.westDealer, '2026-10-08', world.catheter, 10);
    expect(await firstAllocations(draft.id)).toEqual([{ allocated: 0, backordered: 0, first: null }]);
    const confirmed = await director()('POST', `/api/orders/${draft.id}/confirm`, {
      version: draft.version,
      acceptPartial: true,
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(await firstAllocations(draft.id)).toEqual([{ allocated: 8, backordered: 2, first: 8 }]);
    orders.D = confirmed.json();
  });

  it('is given back by migration 0029’s backfill for lines written by the services', async () => {
    const migration = fs.readFileSync(
      new URL('../../../db/migrations/0029_order_line_first_allocation.sql', import.meta.url),
      'utf8',
    );
    const backfill = migration.slice(migration.indexOf('UPDATE sales_order_lines'));
    const read = () =>
      test.deps.db.query('SELECT id, first_allocated_quantity FROM sales_order_lines ORDER BY id');
    const written = (await read()).rows;
    await test.deps.db.query('UPDATE sales_order_lines SET first_allocated_quantity = NULL');
    await test.deps.db.query(backfill);
    expect((await read()).rows).toEqual(written);
  });
});

describe('fill rate and stockout rate', () => {
  it('give the hand-computed totals and rows by region and product', async () => {
    const byRegion = await ask(world.cookies.director, {
      measures: fillMeasures,
      dimensions: ['region'],
      timeRange: OCTOBER,
      sort: [{ field: 'region', direction: 'asc' }],
    });
    expect(byRegion.totals.values).toEqual({
      units: 25,
      first_allocated_units: 21,
      fill_rate: 0.84,
      stockout_rate: 0.16,
    });
    expect(byRegion.rows.map((r) => [r.labels[0], r.values.fill_rate, r.values.stockout_rate])).toEqual([
      ['East China', 9 / 11, 2 / 11],
      ['Northwest', 12 / 14, 2 / 14],
    ]);
    const byProduct = await ask(world.cookies.director, {
      measures: ['fill_rate', 'stockout_rate'],
      dimensions: ['product'],
      timeRange: OCTOBER,
      sort: [{ field: 'fill_rate', direction: 'desc' }],
    });
    expect(byProduct.rows.map((r) => [r.labels[0], r.values.fill_rate, r.values.stockout_rate])).toEqual([
      ['冠脉支架 Φ3.0×18mm', 1, 0],
      ['导管 Φ3.0×18mm', 11 / 15, 4 / 15],
    ]);
  });

  it('are by order date, like the other order-line measures, with nothing for a month without orders', async () => {
    const byMonth = await ask(world.cookies.director, {
      measures: ['fill_rate', 'units'],
      dimensions: ['month'],
      timeRange: { from: '2026-09-01', to: '2026-10-31' },
    });
    expect(byMonth.rows).toEqual([
      { keys: ['2026-10'], labels: [null], values: { fill_rate: 0.84, units: 25 }, previous: null },
    ]);
    const september = await ask(world.cookies.director, {
      measures: ['fill_rate', 'stockout_rate'],
      timeRange: { from: '2026-09-01', to: '2026-09-30' },
    });
    expect(september.totals.values).toEqual({ fill_rate: null, stockout_rate: null });
  });

  it('give a 华东 user the 华东 row and a distributor only its own orders', async () => {
    const east = await ask(world.cookies.east, { measures: fillMeasures, timeRange: OCTOBER });
    expect(east.totals.values).toEqual({
      units: 11,
      first_allocated_units: 9,
      fill_rate: 9 / 11,
      stockout_rate: 2 / 11,
    });
    const dealer = await ask(world.cookies.dealer, {
      measures: ['fill_rate', 'units'],
      dimensions: ['customer'],
      timeRange: OCTOBER,
    });
    expect(dealer.rows.map((r) => [r.keys[0], r.values.fill_rate, r.values.units])).toEqual([
      [String(world.westDealer), 12 / 14, 14],
    ]);
  });

  it('cannot be broken down by warehouse (order lines have none)', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/analytics/query',
      headers: { cookie: world.cookies.director, 'accept-language': 'en' },
      payload: { measures: ['fill_rate'], dimensions: ['warehouse'], timeRange: OCTOBER },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('ANALYTICS_NOT_APPLICABLE');
  });
});

describe('fill rate and stockout rate from the rollups', () => {
  it('give the same hand-computed figures once the order-line rollups are refreshed, and read them', async () => {
    await refreshRollups(test.deps.db);
    const { rows } = await test.deps.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM analytics_rollup_dirty_days',
    );
    expect(rows[0]!.n).toBe(0);
    const total = async (cookie: string) =>
      (await ask(cookie, { measures: fillMeasures, dimensions: ['region'], timeRange: OCTOBER })).totals
        .values;
    expect(await total(world.cookies.director)).toEqual({
      units: 25,
      first_allocated_units: 21,
      fill_rate: 0.84,
      stockout_rate: 0.16,
    });
    expect(
      (await ask(world.cookies.east, { measures: fillMeasures, timeRange: OCTOBER })).totals.values,
    ).toEqual({
      units: 11,
      first_allocated_units: 9,
      fill_rate: 9 / 11,
      stockout_rate: 2 / 11,
    });
    const byProduct = await ask(world.cookies.director, {
      measures: ['fill_rate'],
      dimensions: ['product'],
      timeRange: OCTOBER,
      sort: [{ field: 'fill_rate', direction: 'desc' }],
    });
    expect(byProduct.rows.map((r) => r.values.fill_rate)).toEqual([1, 11 / 15]);
    // The whole of October comes from the monthly rollup by region and rep: a unit added there shows.
    await test.deps.db.query(
      `UPDATE analytics_monthly_order_lines_by_region SET first_allocated = first_allocated + 1
        WHERE month = '2026-10-01' AND ctid = (SELECT min(ctid) FROM analytics_monthly_order_lines_by_region
                                                WHERE month = '2026-10-01')`,
    );
    expect((await total(world.cookies.director)).first_allocated_units).toBe(22);
    await rebuildRollups(test.deps.db);
    expect((await total(world.cookies.director)).first_allocated_units).toBe(21);
  });
});

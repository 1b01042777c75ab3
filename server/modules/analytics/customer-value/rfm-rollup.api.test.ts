/**
 * Customer value (RFM) read from the rollups against a real PostgreSQL: the per-customer figures
 * (first and last order, frequency, value less returns, orders in the churn window) equal those
 * read from the documents (PULSE_ANALYTICS_ROLLUPS=off) and those of DOMAIN §6's pure rules
 * (rfmFiguresOf) over the documents, for as-of days at month ends, mid-month and in the past;
 * with returns credited before and after the as-of day, a return of an order older than the
 * window, a return credited before its order's date, and writes not yet refreshed. The pages
 * (customer value, segment movement) answer the same both ways, in and out of scope.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerValue } from '../../../../contracts/analytics-insights.ts';
import type { SegmentMovement } from '../../../../contracts/customer-segments.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { systemContext } from '../../../platform/auth-context.ts';
import { addDays } from '../../../platform/dates.ts';
import { createTestApp, type TestApp } from '../../../testing/test-app.ts';
import {
  apiAs,
  createInvoicedShipment,
  type FinanceWorld,
  seedFinanceWorld,
} from '../../finance/finance.fixtures.ts';
import { defaultRfmThresholds, type RfmOrder, rfmFiguresOf } from '../rfm.rules.ts';
import { rebuildRollups, refreshRollups } from '../rollups/rollups.refresh.ts';
import { insertConfirmedOrders, withRollupsMode } from '../semantic/semantic.fixtures.ts';
import { type CustomerRfmRow, listCustomerRfm } from './customer-value.repository.ts';

let test: TestApp;
let world: FinanceWorld;
const director: RequestContext = { ...systemContext('en'), roles: ['sales_director'] };
const windows = {
  frequencyDays: defaultRfmThresholds.frequencyWindowDays,
  churnDays: defaultRfmThresholds.churnRisk.windowDays,
};
/** Month ends, mid-month days, a window starting on the 1st (30 Jun), and days between the returns below. */
const AS_OF_DAYS = [
  '2025-06-30',
  '2025-12-31',
  '2026-01-05',
  '2026-03-01',
  '2026-03-31',
  '2026-04-10',
  '2026-04-30',
  '2026-05-17',
  '2026-06-30',
  '2026-07-31',
  '2027-02-14',
];

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await test.deps.db.query(text, params)).rows as T[];
}

/** Confirmed orders of a customer, one per date, each of `netFen`. */
const orders = (customerId: number, dates: readonly string[], netFen: number) =>
  insertConfirmedOrders(test.deps.db, customerId, dates, netFen, 'SO-RFMR-');

/** An order shipped and invoiced on `orderedOn`; `returnedOn` a unit of it comes back, credited that day. */
async function returnedOrder(customerId: number, orderedOn: string, returnedOn: string): Promise<number> {
  const sale = await createInvoicedShipment(test, world, {
    customerId,
    shippedOn: orderedOn,
    lines: [{ productId: world.stent, lotId: world.lotStent, quantity: 3, unitPrice: 150_000 }],
  });
  const response = await apiAs(test, world.cookies.finance).post('/api/returns', {
    shipmentId: sale.shipmentId,
    returnDate: returnedOn,
    reason: 'damaged packaging',
    lines: [{ shipmentLineId: sale.lineIds[0], quantity: 1 }],
  });
  expect(response.statusCode, response.body).toBe(201);
  return (
    await sql<{ id: number }>('SELECT order_id AS id FROM invoices WHERE id = $1', [sale.invoice.id])
  )[0]!.id;
}

async function figuresWith(mode: 'auto' | 'off', asOf: string, ctx = director): Promise<CustomerRfmRow[]> {
  const rows = await withRollupsMode(mode, () => listCustomerRfm(test.deps.db, ctx, asOf, windows));
  return rows
    .map((r) => ({ ...r, customerId: Number(r.customerId) }))
    .sort((a, b) => a.customerId - b.customerId);
}

/** The figures read from the rollups, after checking they equal those read from the documents. */
async function figuresBothWays(asOf: string, ctx = director): Promise<CustomerRfmRow[]> {
  const raw = await figuresWith('off', asOf, ctx);
  const rolled = await figuresWith('auto', asOf, ctx);
  expect(rolled, asOf).toEqual(raw);
  return rolled;
}

/**
 * DOMAIN §6 by the pure rules over the documents: every confirmed order with its net value less
 * the returns of it credited by the as-of day.
 */
async function figuresByTheRules(asOf: string): Promise<CustomerRfmRow[]> {
  const rows = await sql<{
    id: string;
    customerId: number;
    orderDate: string;
    netFen: string;
    status: string;
  }>(
    `SELECT o.id::text, o.customer_id::int AS "customerId", o.order_date::text AS "orderDate", o.status,
            (o.net_cny_fen - coalesce((SELECT sum(cn.net_cny_fen) FROM invoices i JOIN credit_notes cn ON cn.invoice_id = i.id
                                       WHERE i.order_id = o.id AND cn.kind = 'return' AND cn.credit_date <= $1::date), 0))::text
              AS "netFen"
       FROM sales_orders o WHERE o.status <> 'draft'`,
    [asOf],
  );
  const byCustomer = new Map<number, RfmOrder[]>();
  for (const r of rows) {
    const list = byCustomer.get(r.customerId) ?? [];
    list.push({
      orderId: r.id,
      orderDate: r.orderDate,
      netValueFen: BigInt(r.netFen),
      isCancelled: r.status === 'cancelled',
    });
    byCustomer.set(r.customerId, list);
  }
  const figures: CustomerRfmRow[] = [];
  for (const [customerId, list] of [...byCustomer].sort((a, b) => a[0] - b[0])) {
    const f = rfmFiguresOf(list, asOf, defaultRfmThresholds);
    if (!f) continue;
    figures.push({
      customerId,
      firstOrderDate: f.firstOrderDate,
      lastOrderDate: f.lastOrderDate,
      frequency: f.frequency,
      monetaryFen: f.monetaryFen.toString(),
      ordersInChurnWindow: f.ordersInChurnWindow,
    });
  }
  return figures;
}

const dirtyOrderDays = async () =>
  (
    await sql<{ day: string }>(
      `SELECT DISTINCT day::text AS day FROM analytics_rollup_dirty_days WHERE family = 'orders' ORDER BY 1`,
    )
  ).map((r) => r.day);

const returnsRollup = () =>
  sql(
    `SELECT day::text, credit_date::text, region_id, customer_id, net_cny_fen FROM analytics_daily_order_returns
      ORDER BY 1, 2, 3, 4, 5`,
  );

/** A 上海 hospital of its own, whose return is credited before its order's date. */
let extra: number;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedFinanceWorld(test);
  extra = (
    await sql<{ id: number }>(
      `INSERT INTO customers (code, name, name_normalized, type, channel, region_id)
       VALUES ('H-SH-RFM', 'H-SH-RFM', 'h-sh-rfm', 'hospital', 'direct', 4) RETURNING id`,
    )
  )[0]!.id;
  // Orders on the first, middle and last days of months over two and a half years, so that the
  // windows' edges fall inside months and on their boundaries.
  const everyMonth = (from: string, months: number, day: string) =>
    Array.from({ length: months }, (_, i) => {
      const [y, m] = from.split('-').map(Number) as [number, number];
      const month = (m - 1 + i) % 12;
      const year = y + Math.floor((m - 1 + i) / 12);
      return `${year}-${String(month + 1).padStart(2, '0')}-${day}`;
    });
  await orders(world.eastHospital, everyMonth('2024-01', 30, '01'), 1_000_000);
  await orders(world.eastHospital, everyMonth('2024-06', 20, '17'), 2_500_000);
  await orders(world.westHospital, everyMonth('2024-03', 14, '28'), 700_000);
  await orders(world.westHospital, ['2025-06-30', '2025-07-01', '2026-02-28'], 900_000);
  await orders(world.westDealer, ['2024-02-29', '2025-03-01', '2025-03-31', '2026-01-31'], 4_000_000);
  await orders(extra, everyMonth('2025-05', 8, '15'), 300_000);
  // Cancelled and draft orders count nowhere.
  expect(
    await sql(`UPDATE sales_orders SET status = 'cancelled' WHERE number = 'SO-RFMR-3' RETURNING id`),
  ).toHaveLength(1);
  expect(
    await sql(`UPDATE sales_orders SET status = 'draft' WHERE number = 'SO-RFMR-40' RETURNING id`),
  ).toHaveLength(1);

  // Credited before the as-of days after March, of an order in their window.
  await returnedOrder(world.eastHospital, '2026-03-02', '2026-03-20');
  // Credited after 30 June 2026: not deducted as of then, deducted as of 31 July.
  await returnedOrder(world.westHospital, '2026-05-05', '2026-07-10');
  // Of an order of January 2025: deducted as of 5 January 2026 (order in the window, credited),
  // not as of 30 June 2026 (the order left the window).
  await returnedOrder(world.westDealer, '2025-01-10', '2025-12-15');
  // Credited on 5 April, before its order's date (20 April: ship dates are not checked against it).
  const creditedFirst = await returnedOrder(extra, '2026-04-01', '2026-04-05');
  await sql(`UPDATE sales_orders SET order_date = '2026-04-20', promised_date = '2026-04-20' WHERE id = $1`, [
    creditedFirst,
  ]);
  await refreshRollups(test.deps.db);
}, 120_000);

afterEach(() => {
  delete process.env.PULSE_ANALYTICS_ROLLUPS;
});

afterAll(async () => {
  await test?.close();
});

describe('customer value figures from the rollups', () => {
  it('read the returns rollup, which holds each return by its order day and credit date', async () => {
    expect(await dirtyOrderDays()).toEqual([]);
    const rows = await sql<{ day: string; creditDate: string; customerId: number }>(
      `SELECT day::text, credit_date::text AS "creditDate", customer_id::int AS "customerId"
         FROM analytics_daily_order_returns ORDER BY day`,
    );
    expect(rows).toEqual([
      { day: '2025-01-10', creditDate: '2025-12-15', customerId: world.westDealer },
      { day: '2026-03-02', creditDate: '2026-03-20', customerId: world.eastHospital },
      { day: '2026-04-20', creditDate: '2026-04-05', customerId: extra },
      { day: '2026-05-05', creditDate: '2026-07-10', customerId: world.westHospital },
    ]);
  });

  it('equal the documents and the pure rules for every as-of day', async () => {
    for (const asOf of AS_OF_DAYS) {
      const figures = await figuresBothWays(asOf);
      expect(figures, asOf).toEqual(await figuresByTheRules(asOf));
    }
  });

  it('deduct a return only while its order is in the window and once it is credited', async () => {
    const monetary = async (asOf: string, customerId: number) =>
      BigInt((await figuresBothWays(asOf)).find((f) => f.customerId === customerId)?.monetaryFen ?? 0);
    const ordered = async (asOf: string, customerId: number) =>
      BigInt(
        (
          await sql<{ fen: string }>(
            `SELECT coalesce(sum(net_cny_fen), 0)::text AS fen FROM sales_orders
              WHERE customer_id = $1 AND status NOT IN ('draft', 'cancelled')
                AND order_date > $2::date - 365 AND order_date <= $2::date`,
            [customerId, asOf],
          )
        )[0]!.fen,
      );
    // One unit of three at 1,500 yuan: 150,000 fen.
    const unit = 150_000n;
    expect(await monetary('2026-06-30', world.eastHospital)).toBe(
      (await ordered('2026-06-30', world.eastHospital)) - unit,
    );
    expect(await monetary('2026-06-30', world.westHospital)).toBe(
      await ordered('2026-06-30', world.westHospital),
    );
    expect(await monetary('2026-07-31', world.westHospital)).toBe(
      (await ordered('2026-07-31', world.westHospital)) - unit,
    );
    expect(await monetary('2026-01-05', world.westDealer)).toBe(
      (await ordered('2026-01-05', world.westDealer)) - unit,
    );
    expect(await monetary('2026-06-30', world.westDealer)).toBe(
      await ordered('2026-06-30', world.westDealer),
    );
    // Credited before its order: not yet an order on 10 April, deducted with it by 30 April.
    expect(await monetary('2026-04-10', extra)).toBe(await ordered('2026-04-10', extra));
    expect(await monetary('2026-04-30', extra)).toBe((await ordered('2026-04-30', extra)) - unit);
  });

  it('are those of the rollups: changing a returns rollup row changes the answer', async () => {
    const before = await figuresWith('auto', '2026-06-30');
    await sql(
      `UPDATE analytics_daily_order_returns SET net_cny_fen = net_cny_fen + 7 WHERE day = '2026-03-02'`,
    );
    try {
      const after = await figuresWith('auto', '2026-06-30');
      const east = (rows: CustomerRfmRow[]) =>
        BigInt(rows.find((f) => f.customerId === world.eastHospital)!.monetaryFen);
      expect(east(after)).toBe(east(before) - 7n);
      expect(await figuresWith('off', '2026-06-30')).toEqual(before);
    } finally {
      await rebuildRollups(test.deps.db);
    }
    expect(await figuresWith('auto', '2026-06-30')).toEqual(before);
  });

  it('read whole months from the monthly orders by customer: changing a monthly row changes the answer', async () => {
    const asOf = '2026-06-30';
    const before = await figuresWith('auto', asOf);
    // February 2026, wholly inside the window; January 2024, the first order's month.
    await sql(
      `UPDATE analytics_monthly_orders_by_customer SET orders = orders + 5 WHERE customer_id = $1 AND month = '2026-02-01'`,
      [world.eastHospital],
    );
    await sql(
      `UPDATE analytics_monthly_orders_by_customer SET first_day = '2024-01-03' WHERE customer_id = $1 AND month = '2024-01-01'`,
      [world.eastHospital],
    );
    try {
      const after = await figuresWith('auto', asOf);
      const east = (rows: CustomerRfmRow[]) => rows.find((f) => f.customerId === world.eastHospital)!;
      expect(east(after).frequency).toBe(east(before).frequency + 5);
      expect(east(before).firstOrderDate).toBe('2024-01-01');
      expect(east(after).firstOrderDate).toBe('2024-01-03');
      expect(await figuresWith('off', asOf)).toEqual(before);
    } finally {
      await rebuildRollups(test.deps.db);
    }
    expect(await figuresWith('auto', asOf)).toEqual(before);
  });

  it('count writes not yet refreshed: their order days are read from the documents', async () => {
    await refreshRollups(test.deps.db);
    const before = await figuresBothWays('2026-06-30');
    const orderId = await returnedOrder(world.westHospital, '2026-06-12', '2026-06-20');
    const [orderDay] = await sql<{ day: string }>(
      'SELECT order_date::text AS day FROM sales_orders WHERE id = $1',
      [orderId],
    );
    expect(await dirtyOrderDays()).toEqual([orderDay!.day]);
    const after = await figuresBothWays('2026-06-30');
    expect(after).toEqual(await figuresByTheRules('2026-06-30'));
    const west = (rows: CustomerRfmRow[]) => rows.find((f) => f.customerId === world.westHospital)!;
    expect(west(after).frequency).toBe(west(before).frequency + 1);
    // The order (3 × 1,500 yuan) less its returned unit.
    expect(BigInt(west(after).monetaryFen)).toBe(BigInt(west(before).monetaryFen) + 300_000n);

    // The return's order moved after the as-of day: neither it nor its return counts any more.
    await refreshRollups(test.deps.db);
    await sql(
      `UPDATE sales_orders SET order_date = '2026-07-02', promised_date = '2026-07-02' WHERE id = $1`,
      [orderId],
    );
    expect(await dirtyOrderDays()).toEqual(['2026-06-12', '2026-07-02']);
    expect(await figuresBothWays('2026-06-30')).toEqual(before);
    expect(await figuresBothWays('2026-07-31')).toEqual(await figuresByTheRules('2026-07-31'));
  });

  it('a rebuild from scratch gives the same returns rollup as the incremental refreshes', async () => {
    await returnedOrder(world.eastHospital, '2026-02-11', '2026-02-25');
    await refreshRollups(test.deps.db);
    const incremental = await returnsRollup();
    expect(incremental.length).toBeGreaterThan(4);
    await rebuildRollups(test.deps.db);
    expect(await returnsRollup()).toEqual(incremental);
  });

  it('equal the documents for any as-of day, in and out of scope, refreshed or not', async () => {
    const east: RequestContext = { ...director, roles: ['sales_rep'], isCompanyWide: false, regionIds: [4] };
    const dealer: RequestContext = {
      ...director,
      roles: ['distributor'],
      isCompanyWide: false,
      distributorId: world.westDealer,
    };
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom('refreshed', 'dirty'),
        async (daysBefore, state) => {
          if (state === 'refreshed') await refreshRollups(test.deps.db);
          else await orders(world.westDealer, [addDays('2026-08-31', -daysBefore)], 123_400);
          const asOf = addDays('2026-08-31', -daysBefore);
          expect(await figuresBothWays(asOf)).toEqual(await figuresByTheRules(asOf));
          const inScope = (rows: CustomerRfmRow[]) => [...new Set(rows.map((f) => f.customerId))];
          const shanghai = [world.eastHospital, extra];
          expect(inScope(await figuresBothWays(asOf, east)).every((id) => shanghai.includes(id))).toBe(true);
          expect(inScope(await figuresBothWays(asOf, dealer)).every((id) => id === world.westDealer)).toBe(
            true,
          );
        },
      ),
      { numRuns: 15 },
    );
  }, 120_000);
});

describe('the customer value and segment movement pages', () => {
  const post = (cookie: string, url: string, body: Record<string, unknown>) =>
    test.app.inject({ method: 'POST', url, headers: { cookie, 'accept-language': 'en' }, payload: body });
  const get = (cookie: string, url: string) =>
    test.app.inject({ method: 'GET', url, headers: { cookie, 'accept-language': 'en' } });

  async function bothWays<T>(send: () => Promise<{ statusCode: number; body: string; json: () => unknown }>) {
    const answers: T[] = [];
    for (const mode of ['off', 'auto'] as const) {
      const response = await withRollupsMode(mode, send);
      expect(response.statusCode, response.body).toBe(200);
      answers.push(response.json() as T);
    }
    expect(answers[1]).toEqual(answers[0]);
    return answers[1]!;
  }

  it('answer the same with and without rollups, for the director, a 华东 rep and a distributor', async () => {
    for (const cookie of [world.cookies.director, world.cookies.east, world.cookies.dealer]) {
      for (const asOf of ['2026-01-05', '2026-06-30']) {
        for (const mode of ['fixed', 'quintile']) {
          const page = await bothWays<CustomerValue>(() =>
            post(cookie, '/api/analytics/customer-value', { asOf, mode, limit: 50 }),
          );
          expect(page.customersWithOrders).toBeGreaterThan(0);
        }
      }
      const movement = await bothWays<SegmentMovement>(() =>
        get(cookie, '/api/analytics/customer-value/movement?from=2026-01&to=2026-06'),
      );
      expect(movement.from.asOf).toBe('2026-01-31');
    }
  });
});

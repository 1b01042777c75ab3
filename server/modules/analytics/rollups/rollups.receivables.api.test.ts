/**
 * The receivables rollup against a real PostgreSQL: AR open, AR overdue and overdue % read
 * through it (mode auto) equal the answer read from the documents (PULSE_ANALYTICS_ROLLUPS=off)
 * as of today, of a past day with later payments and of a day before some invoices; before a
 * refresh too (dirty customers are read raw); a tampered row shows through (it is read); a
 * rebuild equals the incremental refresh; and the scope holds.
 *
 * Invoices (VAT 13%; due by the customer's terms: East hospital 30 days, East clinic 90, West 60):
 *   A  East hospital 2026-03-10, gross 565,000, due 04-09; paid in full on 2026-07-15
 *   B  East hospital 2026-09-01, gross 452,000, due 10-01
 *   F  East clinic 2026-05-05, gross 339,000, due 08-03; 100,000 received 06-01, allocated 06-20
 *   G  East clinic 2026-07-01, gross 113,000, due 09-29; cancelled today
 *   C  West dealer 2026-02-20, gross 678,000, due 04-21; 178,000 paid on 04-01
 *   U  West dealer 2026-03-05, in USD (rate 7.1025), due 05-04
 *   D  West hospital 2026-06-10, gross 271,200, due 08-09; 71,200 written off (approved) today
 *   E  West hospital 2026-10-20, gross 226,000, due 12-19; a write-off requested, not approved
 * As of 2026-09-30 (hand-computed below): East open B 452,000 + F 239,000 + G 113,000 = 804,000,
 * overdue F + G = 352,000; West open C 500,000 + D 271,200 + U, overdue all of it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsQueryInput } from '../../../../contracts/analytics-query.ts';
import { businessDate } from '../../../platform/dates.ts';
import { withTransaction } from '../../../platform/db.ts';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../../testing/test-app.ts';
import {
  apiAs,
  createInvoicedShipment,
  type FinanceWorld,
  type ShippedLine,
  seedFinanceWorld,
} from '../../finance/finance.fixtures.ts';
import { dimensions, measures, sources } from '../semantic/semantic.definitions.ts';
import { analyticsAnswerBothWays, analyticsAnswerWith } from '../semantic/semantic.fixtures.ts';
import { chooseReadModel } from './rollups.planner.ts';
import { rebuildReceivablesRollup, refreshReceivablesRollup } from './rollups.receivables.ts';
import { rebuildRollups, refreshRollups } from './rollups.refresh.ts';

let test: TestApp;
let world: FinanceWorld;
let eastClinic: number;
let usdGrossCnyFen: number;
const cookies = { director: '', east: '', dealer: '', nobody: '' };
const today = businessDate();
const PAST = '2026-09-30';
const BEFORE_SOME = '2026-04-01';
const LATER_PAYMENTS = '2026-05-01';

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await test.deps.db.query(text, params)).rows as T[];
}

const finance = () => apiAs(test, world.cookies.finance);

async function invoice(
  customerId: number,
  date: string,
  lines: ShippedLine[],
  currency?: { currency: string; exchangeRate: string },
) {
  const issued = await createInvoicedShipment(test, world, {
    customerId,
    shippedOn: date,
    lines,
    ...(currency ?? {}),
  });
  return issued.invoice;
}

async function pay(customerId: number, amount: number, receivedDate: string, autoAllocate: boolean) {
  const response = await finance().post('/api/payments', {
    customerId,
    method: 'bank_transfer',
    amount,
    receivedDate,
    reference: `REF-${customerId}-${receivedDate}-${amount}`,
    autoAllocate,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: number };
}

async function allocate(paymentId: number, invoiceId: number, amount: number, allocatedOn: string) {
  const response = await finance().post(`/api/payments/${paymentId}/allocations`, {
    allocations: [{ invoiceId, amount }],
    allocatedOn,
  });
  expect(response.statusCode, response.body).toBe(201);
}

async function requestWriteOff(invoiceId: number, amount: number): Promise<number> {
  const response = await apiAs(test, world.cookies.cfo).post(`/api/invoices/${invoiceId}/write-offs`, {
    amount,
    reason: 'settlement discount agreed with the customer',
  });
  expect(response.statusCode, response.body).toBe(201);
  return (response.json() as { id: number }).id;
}

async function approveWriteOff(writeOffId: number) {
  const response = await apiAs(test, world.cookies.cfo2).post(`/api/write-offs/${writeOffId}/approve`, {});
  expect(response.statusCode, response.body).toBe(200);
}

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

const ask = (cookie: string, body: AnalyticsQueryInput, mode: 'auto' | 'off') =>
  analyticsAnswerWith(test, cookie, body, mode);

const askBothWays = (cookie: string, body: AnalyticsQueryInput) =>
  analyticsAnswerBothWays(test, cookie, body);

const arMeasures = ['ar_open', 'ar_overdue', 'overdue_rate'];
const asOf = (day: string, dims: string[] = [], filters: AnalyticsQueryInput['filters'] = []) =>
  ({
    measures: arMeasures,
    dimensions: dims,
    filters,
    timeRange: { from: `${day.slice(0, 4)}-01-01`, to: day },
  }) satisfies AnalyticsQueryInput;

/** Every as-of day × breakdown × filter, for one user. */
async function allAgree(cookie: string): Promise<number> {
  let nonZero = 0;
  for (const day of [today, PAST, LATER_PAYMENTS, BEFORE_SOME, '2025-12-31']) {
    for (const dims of [[], ['region'], ['customer'], ['rep'], ['province', 'channel'], ['customer_type']]) {
      const filterSets: AnalyticsQueryInput['filters'][] = [
        [],
        [{ dimension: 'region', op: 'in', values: ['2'] }],
      ];
      for (const filters of filterSets) {
        const result = await askBothWays(cookie, asOf(day, dims, filters));
        if ((result.totals.values.ar_open ?? 0) !== 0) nonZero++;
      }
    }
  }
  return nonZero;
}

const dirtyCustomers = async () =>
  (
    await sql<{ id: number }>(
      'SELECT DISTINCT customer_id::int AS id FROM analytics_receivables_dirty_customers ORDER BY 1',
    )
  ).map((r) => r.id);

// This rollup only: the day rollups have their own tests (rollups.api.test.ts).
const refresh = () => withTransaction(test.deps.db, (tx) => refreshReceivablesRollup(tx));
const rebuild = () => withTransaction(test.deps.db, (tx) => rebuildReceivablesRollup(tx));

const rollupContents = () =>
  sql(
    `SELECT 'open' AS t, customer_id::int, region_id::int, rep_id::int, due_date::text AS day, open_cny_fen::bigint AS v
       FROM analytics_receivables_open
     UNION ALL SELECT 'customer', customer_id::int, NULL, NULL, last_event_on::text, NULL FROM analytics_receivables_customers
     ORDER BY 1, 2, 3, 4, 5, 6`,
  );

let invoiceB: number;
let paymentF: number;
let invoiceF: number;

beforeAll(async () => {
  test = await createTestApp();
  world = await seedFinanceWorld(test);
  eastClinic = (
    await sql<{ id: number }>(
      `INSERT INTO customers (code, name, name_normalized, type, channel, region_id, payment_terms_days)
       VALUES ('H-SH-002', '上海东方诊所', '上海东方诊所', 'hospital', 'direct', 4, 90) RETURNING id`,
    )
  )[0]!.id;
  const eastRep = await createTestUser(test, 'rep.east', ['sales_rep'], {
    regionIds: [2],
    displayName: '王华东',
  });
  const westRep = await createTestUser(test, 'rep.west', ['sales_rep'], {
    regionIds: [3],
    displayName: '李西北',
  });
  await sql('UPDATE customers SET owner_rep_id = $1 WHERE id IN ($2, $3)', [
    eastRep.id,
    world.eastHospital,
    eastClinic,
  ]);

  const a = await invoice(world.eastHospital, '2026-03-10', [catheter(5, 100_000)]);
  invoiceB = (await invoice(world.eastHospital, '2026-09-01', [stent(2, 200_000)])).id;
  await pay(world.eastHospital, 565_000, '2026-07-15', true);
  const f = await invoice(eastClinic, '2026-05-05', [stent(3, 100_000)]);
  invoiceF = f.id;
  paymentF = (await pay(eastClinic, 150_000, '2026-06-01', false)).id;
  await allocate(paymentF, f.id, 100_000, '2026-06-20');
  const g = await invoice(eastClinic, '2026-07-01', [stent(1, 100_000)]);
  const cancelled = await finance().post(`/api/invoices/${g.id}/cancel`, {
    version: g.version,
    reason: 'wrong clinic',
  });
  expect(cancelled.statusCode, cancelled.body).toBe(200);

  await invoice(world.westDealer, '2026-02-20', [stent(4, 150_000)]);
  await pay(world.westDealer, 178_000, '2026-04-01', true);
  usdGrossCnyFen = (
    await invoice(world.westDealer, '2026-03-05', [stent(1, 1_000_000)], {
      currency: 'USD',
      exchangeRate: '7.1025',
    })
  ).grossCnyFen;
  const d = await invoice(world.westHospital, '2026-06-10', [catheter(2, 120_000)]);
  await sql(
    'UPDATE sales_orders SET owner_rep_id = $1 WHERE id = (SELECT order_id FROM invoices WHERE id = $2)',
    [westRep.id, d.id],
  );
  await approveWriteOff(await requestWriteOff(d.id, 71_200));
  const e = await invoice(world.westHospital, '2026-10-20', [stent(1, 200_000)]);
  await requestWriteOff(e.id, 26_000);
  expect(a.grossCnyFen).toBe(565_000);

  cookies.director = world.cookies.director;
  cookies.east = world.cookies.east;
  cookies.dealer = world.cookies.dealer;
  await createTestUser(test, 'u.nobody', ['sales_rep'], { regionIds: [] });
  cookies.nobody = await signIn(test, 'u.nobody');
}, 90_000);

afterEach(() => {
  delete process.env.PULSE_ANALYTICS_ROLLUPS;
});

afterAll(async () => {
  await test?.close();
});

describe('the receivables rollup', () => {
  it('is chosen for AR open and overdue by what the region, customer or rep reach, and not otherwise', async () => {
    const pick = async (measureNames: string[], dimensionNames: string[], mode: 'auto' | 'off' = 'auto') =>
      (
        await chooseReadModel(
          test.deps.db,
          {
            ctx: { distributorId: null, isCompanyWide: true },
            source: sources.receivables,
            measures: measureNames.map((n) => {
              const m = measures.get(n)!;
              if (m.kind !== 'base') throw new Error(n);
              return m;
            }),
            dimensions: dimensionNames.map((n) => dimensions.get(n)!),
            filters: [],
            range: { from: '2026-01-01', to: today },
          },
          mode,
        )
      ).rollup;
    expect(await pick(['ar_open', 'ar_overdue'], ['region'])).toBe('analytics_receivables_open');
    expect(await pick(['ar_open'], ['city', 'channel', 'rep'])).toBe('analytics_receivables_open');
    expect(await pick(['ar_overdue'], ['customer', 'hospital_grade'])).toBe('analytics_receivables_open');
    // The customer's segment is computed at query time; forced off reads the documents.
    expect(await pick(['ar_open'], ['customer_segment'])).toBeNull();
    expect(await pick(['ar_open'], ['region'], 'off')).toBeNull();
  });

  it('answers exactly before its first refresh: every customer is dirty and read from the documents', async () => {
    expect(await dirtyCustomers()).toEqual(
      [world.eastHospital, world.westHospital, world.westDealer, eastClinic].sort((x, y) => x - y),
    );
    expect(await rollupContents()).toEqual([]);
    expect(await allAgree(cookies.director)).toBeGreaterThan(30);
  }, 120_000);

  it('after a refresh holds what is open now per due date, and answers every day as the documents do', async () => {
    await refresh();
    expect(await dirtyCustomers()).toEqual([]);
    const open = await sql<{ customer: number; due: string; open: number }>(
      `SELECT customer_id::int AS customer, due_date::text AS due, sum(open_cny_fen)::bigint AS open
         FROM analytics_receivables_open GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(open).toEqual(
      [
        { customer: world.westDealer, due: '2026-04-21', open: 500_000 },
        { customer: world.westDealer, due: '2026-05-04', open: usdGrossCnyFen },
        { customer: world.eastHospital, due: '2026-10-01', open: 452_000 },
        { customer: world.westHospital, due: '2026-08-09', open: 200_000 },
        { customer: world.westHospital, due: '2026-12-19', open: 226_000 },
        { customer: eastClinic, due: '2026-08-03', open: 239_000 },
      ].sort((x, y) => x.customer - y.customer || (x.due < y.due ? -1 : 1)),
    );
    expect(await allAgree(cookies.director)).toBeGreaterThan(30);
    // A comparison range reads the rollup as of its own last day (2026-06-30 and 2025-11-24 here).
    for (const comparison of ['previous_period', 'same_period_last_year'] as const) {
      const body = { ...asOf(today, ['region']), timeRange: { from: '2026-07-01', to: today }, comparison };
      const compared = await askBothWays(cookies.director, body);
      if (comparison === 'previous_period') expect(compared.totals.previous?.ar_open).toBeGreaterThan(0);
    }
  }, 120_000);

  it('gives the figures worked out by hand for a past day and for today', async () => {
    const byRegion = await askBothWays(cookies.director, asOf(PAST, ['region']));
    expect(byRegion.rows.map((r) => [r.labels[0], r.values.ar_open, r.values.ar_overdue])).toEqual([
      ['Northwest', 771_200 + usdGrossCnyFen, 771_200 + usdGrossCnyFen],
      ['East China', 804_000, 352_000],
    ]);
    expect(byRegion.rows[1]!.values.overdue_rate).toBeCloseTo(352_000 / 804_000, 12);
    expect(byRegion.totals.values.ar_open).toBe(1_575_200 + usdGrossCnyFen);
    // Today: A paid, G cancelled, D written down by 71,200; E (due 12-19) only overdue after that.
    const now = await askBothWays(cookies.director, asOf(today, ['customer']));
    const eOverdue = today > '2026-12-19' ? 226_000 : 0;
    expect(
      Object.fromEntries(now.rows.map((r) => [r.keys[0], [r.values.ar_open, r.values.ar_overdue]])),
    ).toEqual({
      [world.eastHospital]: [452_000, 452_000],
      [eastClinic]: [239_000, 239_000],
      [world.westDealer]: [500_000 + usdGrossCnyFen, 500_000 + usdGrossCnyFen],
      [world.westHospital]: [426_000, 200_000 + eOverdue],
    });
    // By rep: D's order has its own owner rep; the rest goes to the customers' owner reps.
    const byRep = await askBothWays(cookies.director, asOf(today, ['rep']));
    expect(Object.fromEntries(byRep.rows.map((r) => [r.labels[0] ?? '-', r.values.ar_open]))).toEqual({
      王华东: 691_000,
      李西北: 200_000,
      '-': 500_000 + usdGrossCnyFen + 226_000,
    });
  });

  it('is what the query reads: a tampered row shows for a day it holds for, not for an earlier one', async () => {
    await refresh();
    const total = async (day: string, mode: 'auto' | 'off') =>
      (await ask(cookies.director, asOf(day), mode)).totals.values.ar_open!;
    const rawToday = await total(today, 'off');
    const rawPast = await total(PAST, 'off');
    await sql(
      `UPDATE analytics_receivables_open SET open_cny_fen = open_cny_fen + 1
        WHERE customer_id = $1 AND due_date = '2026-04-21'`,
      [world.westDealer],
    );
    // The West dealer's last event was on 2026-04-01: its rows hold for both days.
    expect(await total(today, 'auto')).toBe(rawToday + 1);
    expect(await total(PAST, 'auto')).toBe(rawPast + 1);
    // The East hospital's last event is 2026-09-01: its rows hold today, but not on 2026-07-01.
    await sql(
      'UPDATE analytics_receivables_open SET open_cny_fen = open_cny_fen + 10 WHERE customer_id = $1',
      [world.eastHospital],
    );
    expect(await total(today, 'auto')).toBe(rawToday + 11);
    expect(await total('2026-07-01', 'auto')).toBe((await total('2026-07-01', 'off')) + 1);
    // Marked dirty, the customer is read from the documents.
    await sql('INSERT INTO analytics_receivables_dirty_customers (customer_id) VALUES ($1), ($2)', [
      world.westDealer,
      world.eastHospital,
    ]);
    expect(await total(today, 'auto')).toBe(rawToday);
    expect(await total(PAST, 'auto')).toBe(rawPast);
    // And the refresh recomputes only them.
    const before = await rollupContents();
    await refresh();
    expect(await dirtyCustomers()).toEqual([]);
    expect(await total(today, 'auto')).toBe(rawToday);
    expect((await rollupContents()).length).toBe(before.length);
  });
});

describe('writes after the last refresh', () => {
  it('count in the next answer: a backdated allocation, a new invoice, an approval, a cancellation', async () => {
    await refresh();
    // Allocated today but dated 2026-07-20, before the clinic's latest event (today's cancellation).
    await allocate(paymentF, invoiceF, 50_000, '2026-07-20');
    expect(await dirtyCustomers()).toEqual([eastClinic]);
    await allAgree(cookies.director);
    const past = await askBothWays(cookies.director, asOf(PAST, ['customer']));
    expect(past.rows.find((r) => r.keys[0] === String(eastClinic))!.values.ar_open).toBe(189_000 + 113_000);

    const added = await invoice(world.westDealer, '2026-11-02', [catheter(1, 100_000)]);
    const writeOff = await requestWriteOff(invoiceB, 2_000);
    expect(await dirtyCustomers()).toEqual(
      [world.westDealer, world.eastHospital, eastClinic].sort((x, y) => x - y),
    );
    await approveWriteOff(writeOff);
    const cancelled = await finance().post(`/api/invoices/${added.id}/cancel`, {
      version: added.version,
      reason: 'duplicate',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    await allAgree(cookies.director);
    await refresh();
    expect(await dirtyCustomers()).toEqual([]);
    expect(await allAgree(cookies.director)).toBeGreaterThan(30);
  }, 240_000);

  it('count in the next answer: a new owner rep of a customer or of an order moves its figures', async () => {
    await refresh();
    const byRep = asOf(today, ['rep']);
    const before = await askBothWays(cookies.director, byRep);
    const other = await createTestUser(test, 'rep.new', ['sales_rep'], {
      regionIds: [2],
      displayName: '赵新',
    });
    await sql('UPDATE customers SET owner_rep_id = $1 WHERE id = $2', [other.id, world.eastHospital]);
    await sql(
      `UPDATE sales_orders SET owner_rep_id = $1
        WHERE id = (SELECT order_id FROM invoices WHERE customer_id = $2 AND invoice_date = '2026-02-20')`,
      [other.id, world.westDealer],
    );
    expect(await dirtyCustomers()).toEqual([world.eastHospital, world.westDealer].sort((x, y) => x - y));
    const after = await askBothWays(cookies.director, byRep);
    expect(after.rows.map((r) => r.labels[0])).toContain('赵新');
    expect(after.totals).toEqual(before.totals);
    await refresh();
    expect(await askBothWays(cookies.director, byRep)).toEqual(after);
  });

  it('a rebuild from scratch gives the same rollup as the incremental refreshes', async () => {
    await refresh();
    const incremental = await rollupContents();
    expect(incremental.length).toBeGreaterThan(6);
    await rebuild();
    expect(await rollupContents()).toEqual(incremental);
    expect(await dirtyCustomers()).toEqual([]);
  });

  it('is refreshed by the scheduled refresh of the rollups and built by their rebuild', async () => {
    await refresh();
    const contents = await rollupContents();
    await sql('INSERT INTO analytics_receivables_dirty_customers (customer_id) VALUES ($1)', [
      world.westDealer,
    ]);
    await sql('UPDATE analytics_receivables_open SET open_cny_fen = 0 WHERE customer_id = $1', [
      world.westDealer,
    ]);
    await refreshRollups(test.deps.db);
    expect(await dirtyCustomers()).toEqual([]);
    expect(await rollupContents()).toEqual(contents);
    await sql('UPDATE analytics_receivables_open SET open_cny_fen = 0');
    await withTransaction(test.deps.db, (tx) => rebuildRollups(tx));
    expect(await rollupContents()).toEqual(contents);
  });
});

describe('scope', () => {
  it('gives the 华东 rep only 华东 receivables, the distributor only its own, nobody nothing', async () => {
    await refresh();
    for (const day of [today, PAST]) {
      const east = await askBothWays(cookies.east, asOf(day, ['region']));
      expect(east.rows.map((r) => r.labels[0])).toEqual(['East China']);
      const all = await askBothWays(cookies.director, asOf(day, ['region']));
      expect(east.totals.values).toEqual(all.rows.find((r) => r.labels[0] === 'East China')!.values);

      const dealer = await askBothWays(cookies.dealer, asOf(day, ['customer']));
      expect(dealer.rows.map((r) => r.keys[0])).toEqual([String(world.westDealer)]);
      const nobody = await askBothWays(cookies.nobody, asOf(day, ['region']));
      expect(nobody.rows).toEqual([]);
      expect(nobody.totals.values).toEqual({ ar_open: 0, ar_overdue: 0, overdue_rate: null });
    }
    // Through the rollup: a tampered 西北 row changes nothing for the 华东 rep.
    const eastBefore = await ask(cookies.east, asOf(today), 'auto');
    await sql(
      'UPDATE analytics_receivables_open SET open_cny_fen = open_cny_fen + 7 WHERE customer_id = $1',
      [world.westHospital],
    );
    expect(await ask(cookies.east, asOf(today), 'auto')).toEqual(eastBefore);
    expect((await ask(cookies.dealer, asOf(today), 'auto')).totals.values.ar_open).toBe(
      (await ask(cookies.dealer, asOf(today), 'off')).totals.values.ar_open,
    );
    await rebuild();
  });

  it('answers every day the same through the rollup for the 华东 rep and the distributor', async () => {
    expect(await allAgree(cookies.east)).toBeGreaterThan(10);
    expect(await allAgree(cookies.dealer)).toBeGreaterThan(10);
  }, 120_000);
});

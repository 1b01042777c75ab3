/**
 * The receivables rollup against a real PostgreSQL: AR open, AR overdue and overdue % read
 * through it (mode auto) equal the answer read from the documents (PULSE_ANALYTICS_ROLLUPS=off)
 * as of today, of a past day with later payments and of a day before some invoices; before a
 * refresh too (dirty customers are read raw); a tampered change or month-end row shows through
 * for the days that read it, past days included; a tampered snapshot row shows through for
 * today only, and a refresh on a new day or of a dirty customer recomputes the snapshot; a
 * rebuild equals the incremental refresh and a moved horizon; random documents agree on random
 * days (property); and the scope holds.
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
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsQueryInput } from '../../../../contracts/analytics-query.ts';
import { businessDate } from '../../../platform/dates.ts';
import { type Queryable, withTransaction } from '../../../platform/db.ts';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../../testing/test-app.ts';
import {
  apiAs,
  createInvoicedShipment,
  type FinanceWorld,
  type ShippedLine,
  seedFinanceWorld,
} from '../../finance/finance.fixtures.ts';
import { dimensions, type FactSource, measures, sources } from '../semantic/semantic.definitions.ts';
import { analyticsAnswerBothWays, analyticsAnswerWith } from '../semantic/semantic.fixtures.ts';
import { chooseReadModel } from './rollups.planner.ts';
import {
  RECEIVABLES_ROLLUP_TABLE,
  rebuildReceivablesRollup,
  receivablesRollupSource,
  refreshReceivablesRollup,
} from './rollups.receivables.ts';
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

const contentsSql = `
  SELECT 'change' AS t, day::text AS day, customer_id::int, region_id::int, rep_id::int, due_date::text AS due,
         delta_cny_fen::bigint AS cny, delta_open_invoices AS invoices
    FROM analytics_receivables_deltas
  UNION ALL
  SELECT 'month end', month_end::text, customer_id::int, region_id::int, rep_id::int, due_date::text,
         open_cny_fen::bigint, open_invoices
    FROM analytics_receivables_month_ends
  UNION ALL
  SELECT 'today', (SELECT snapshot_day::text FROM analytics_receivables_horizon), customer_id::int, region_id::int,
         rep_id::int, CASE WHEN is_overdue THEN 'overdue' ELSE 'not due' END, open_cny_fen, open_invoices
    FROM analytics_receivables_today
  UNION ALL SELECT 'horizon', month_end::text, NULL, NULL, NULL, NULL, NULL, NULL FROM analytics_receivables_horizon
  UNION ALL
  SELECT 'snapshot day', snapshot_day::text, NULL, NULL, NULL, NULL, NULL, NULL
    FROM analytics_receivables_horizon WHERE snapshot_day IS NOT NULL
  ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`;
type ContentRow = { t: string; day: string; customer_id: number | null };
const rollupContents = () => sql<ContentRow>(contentsSql);

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
    expect(await pick(['ar_open', 'ar_overdue'], ['region'])).toBe(RECEIVABLES_ROLLUP_TABLE);
    expect(await pick(['ar_open'], ['city', 'channel', 'rep'])).toBe(RECEIVABLES_ROLLUP_TABLE);
    expect(await pick(['ar_overdue'], ['customer', 'hospital_grade'])).toBe(RECEIVABLES_ROLLUP_TABLE);
    // The customer's segment is computed at query time; forced off reads the documents.
    expect(await pick(['ar_open'], ['customer_segment'])).toBeNull();
    expect(await pick(['ar_open'], ['region'], 'off')).toBeNull();
  });

  it('answers exactly before its first refresh: every customer is dirty and read from the documents', async () => {
    expect(await dirtyCustomers()).toEqual(
      [world.eastHospital, world.westHospital, world.westDealer, eastClinic].sort((x, y) => x - y),
    );
    expect((await rollupContents()).filter((r) => r.t !== 'horizon')).toEqual([]);
    expect(await allAgree(cookies.director)).toBeGreaterThan(30);
  }, 120_000);

  it('after a refresh its changes sum to what is open now per due date, and it answers every day as the documents do', async () => {
    await refresh();
    expect(await dirtyCustomers()).toEqual([]);
    const open = await sql<{ customer: number; due: string; open: number }>(
      `SELECT customer_id::int AS customer, due_date::text AS due, sum(delta_cny_fen)::bigint AS open
         FROM analytics_receivables_deltas GROUP BY 1, 2 HAVING sum(delta_open_invoices) > 0 ORDER BY 1, 2`,
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

  it('is what the query reads, for past days too: a tampered change or month-end row shows on the days that read it', async () => {
    await refresh();
    const before = await rollupContents();
    const total = async (day: string, mode: 'auto' | 'off') =>
      (await ask(cookies.director, asOf(day), mode)).totals.values.ar_open!;
    const days = [today, PAST, '2026-09-15', LATER_PAYMENTS, BEFORE_SOME];
    const raw = new Map<string, number>();
    for (const day of days) raw.set(day, await total(day, 'off'));
    const tamper = async (text: string, customerId: number, by: number) =>
      (await test.deps.db.query(text, [customerId, by])).rowCount!;
    // The West dealer's payment of 2026-04-01 is a change of that day, read by the days of April
    // (from the month end of March); from the end of April on, its month-end rows are read.
    const deltas = await tamper(
      `UPDATE analytics_receivables_deltas SET delta_cny_fen = delta_cny_fen + $2
        WHERE customer_id = $1 AND day = '2026-04-01'`,
      world.westDealer,
      1,
    );
    expect(deltas).toBe(1);
    // The clinic's open invoices at the end of August, read by 2026-09-15 (with September's changes).
    const august = await tamper(
      `UPDATE analytics_receivables_month_ends SET open_cny_fen = open_cny_fen + $2
        WHERE customer_id = $1 AND month_end = '2026-08-31'`,
      eastClinic,
      10,
    );
    expect(august).toBe(2);
    // The dealer's at the end of September: 2026-09-30 is a month end, read from its rows alone.
    const september = await tamper(
      `UPDATE analytics_receivables_month_ends SET open_cny_fen = open_cny_fen + $2
        WHERE customer_id = $1 AND month_end = '${PAST}'`,
      world.westDealer,
      100,
    );
    expect(september).toBe(2);
    expect(await total(BEFORE_SOME, 'auto')).toBe(raw.get(BEFORE_SOME)! + 1);
    expect(await total(LATER_PAYMENTS, 'auto')).toBe(raw.get(LATER_PAYMENTS)!);
    expect(await total('2026-09-15', 'auto')).toBe(raw.get('2026-09-15')! + 20);
    expect(await total(PAST, 'auto')).toBe(raw.get(PAST)! + 200);
    expect(await total(today, 'auto')).toBe(raw.get(today)!);
    // Marked dirty, the customers are read from the documents, whatever the day.
    await sql('INSERT INTO analytics_receivables_dirty_customers (customer_id) VALUES ($1), ($2)', [
      world.westDealer,
      eastClinic,
    ]);
    for (const day of days) expect(await total(day, 'auto')).toBe(raw.get(day));
    // And the refresh recomputes them as they were.
    await refresh();
    expect(await dirtyCustomers()).toEqual([]);
    expect(await rollupContents()).toEqual(before);
    for (const day of days) expect(await total(day, 'auto')).toBe(raw.get(day));
  });

  it('moves its horizon to the end of last month: the month ends added are those a rebuild makes', async () => {
    await rebuild();
    const built = await rollupContents();
    const horizon = built.find((r) => r.t === 'horizon')!.day as string;
    expect(horizon < today && today.slice(0, 7) !== horizon.slice(0, 7)).toBe(true);
    expect(
      built.filter((r) => r.t === 'month end' && (r.day as string) > '2026-07-31').length,
    ).toBeGreaterThan(0);
    // As if the last refresh had been in August, with a write since for the West dealer.
    await sql(`DELETE FROM analytics_receivables_month_ends WHERE month_end > '2026-07-31'`);
    await sql(`UPDATE analytics_receivables_horizon SET month_end = '2026-07-31'`);
    await sql('INSERT INTO analytics_receivables_dirty_customers (customer_id) VALUES ($1)', [
      world.westDealer,
    ]);
    // Days after the horizon read its month end and the changes since.
    for (const day of [today, PAST, '2026-08-15'])
      await askBothWays(cookies.director, asOf(day, ['customer']));
    await refresh();
    expect(await rollupContents()).toEqual(built);
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
    await sql('UPDATE analytics_receivables_deltas SET delta_cny_fen = 0 WHERE customer_id = $1', [
      world.westDealer,
    ]);
    await refreshRollups(test.deps.db);
    expect(await dirtyCustomers()).toEqual([]);
    expect(await rollupContents()).toEqual(contents);
    await sql('UPDATE analytics_receivables_deltas SET delta_cny_fen = 0');
    await sql('UPDATE analytics_receivables_month_ends SET open_cny_fen = 0');
    await withTransaction(test.deps.db, (tx) => rebuildRollups(tx));
    expect(await rollupContents()).toEqual(contents);
  });
});

describe('the snapshot of today', () => {
  const total = async (day: string, mode: 'auto' | 'off', cookie = cookies.director) =>
    (await ask(cookie, asOf(day), mode)).totals.values;
  const snapshotDay = async () =>
    (
      await sql<{ day: string | null }>('SELECT snapshot_day::text AS day FROM analytics_receivables_horizon')
    )[0]!.day;
  // One of the dealer's snapshot rows: its invoices are all overdue today.
  const tamperDealer = async (by: number) =>
    (
      await test.deps.db.query(
        `UPDATE analytics_receivables_today SET open_cny_fen = open_cny_fen + $2
          WHERE ctid = (SELECT ctid FROM analytics_receivables_today
                         WHERE customer_id = $1 AND is_overdue ORDER BY rep_id LIMIT 1)`,
        [world.westDealer, by],
      )
    ).rowCount;

  it("is what today's read takes: a tampered snapshot row moves today's answer only", async () => {
    await rebuild();
    expect(await snapshotDay()).toBe(today);
    const built = await rollupContents();
    const raw = { today: await total(today, 'off'), past: await total(PAST, 'off') };
    expect(await total(today, 'auto')).toEqual(raw.today);
    expect(await tamperDealer(1_000)).toBe(1);
    expect(await total(today, 'auto')).toEqual({
      ar_open: raw.today.ar_open! + 1_000,
      ar_overdue: raw.today.ar_overdue! + 1_000,
      overdue_rate: expect.any(Number),
    });
    expect(await total(PAST, 'auto')).toEqual(raw.past);
    expect(await total(today, 'off')).toEqual(raw.today);
    expect(await total(PAST, 'off')).toEqual(raw.past);
    // The distributor reads only its own customer's rows: the dealer's.
    expect((await total(today, 'auto', cookies.dealer)).ar_open).toBe(
      (await total(today, 'off', cookies.dealer)).ar_open! + 1_000,
    );
    await rebuild();
    expect(await rollupContents()).toEqual(built);
    expect(await total(today, 'auto')).toEqual(raw.today);
  });

  it('is rebuilt for today by a refresh on a new day', async () => {
    await rebuild();
    const built = await rollupContents();
    await sql(`UPDATE analytics_receivables_horizon SET snapshot_day = $1::date - 1`, [today]);
    await tamperDealer(1_000);
    // Of yesterday now: today reads the month end and the changes since, untampered.
    await askBothWays(cookies.director, asOf(today, ['region']));
    expect(await refresh()).toEqual([]);
    expect(await snapshotDay()).toBe(today);
    expect(await rollupContents()).toEqual(built);
    await askBothWays(cookies.director, asOf(today, ['region', 'customer']));
  });

  it('reads a dirty customer from the documents for today too, and a refresh recomputes its rows', async () => {
    await rebuild();
    const snapshotOf = (customerId: number) =>
      sql(
        `SELECT region_id::int, rep_id::int, is_overdue, open_cny_fen::bigint AS cny, open_invoices
           FROM analytics_receivables_today WHERE customer_id = $1 ORDER BY 1, 2, 3`,
        [customerId],
      );
    const clinicBefore = await snapshotOf(eastClinic);
    const others = (await rollupContents()).filter((r) => r.t === 'today' && r.customer_id !== eastClinic);
    const before = await total(today, 'off');
    await invoice(eastClinic, today, [stent(1, 50_000)]);
    expect(await dirtyCustomers()).toEqual([eastClinic]);
    // The snapshot still has the clinic as it was; the read takes its documents.
    expect(await snapshotOf(eastClinic)).toEqual(clinicBefore);
    const after = await askBothWays(cookies.director, asOf(today, ['customer']));
    expect(after.totals.values.ar_open).toBe(before.ar_open! + 56_500);
    await sql('UPDATE analytics_receivables_today SET open_cny_fen = 0 WHERE customer_id = $1', [eastClinic]);
    expect(await askBothWays(cookies.director, asOf(today, ['customer']))).toEqual(after);

    expect(await refresh()).toEqual([eastClinic]);
    expect(await dirtyCustomers()).toEqual([]);
    const clinicAfter = await snapshotOf(eastClinic);
    expect(clinicAfter).not.toEqual(clinicBefore);
    expect((await rollupContents()).filter((r) => r.t === 'today' && r.customer_id !== eastClinic)).toEqual(
      others,
    );
    expect(await askBothWays(cookies.director, asOf(today, ['customer']))).toEqual(after);
    await rebuild();
    expect(await snapshotOf(eastClinic)).toEqual(clinicAfter);
  });

  it('is not read by a statement that starts after a refresh moved it to another day', async () => {
    await rebuild();
    const planned = await receivablesRollupSource(test.deps.db, today, everyKey);
    await tamperDealer(1_000);
    expect(await receivablesByGroup(test.deps.db, today, 'rollup')).not.toEqual(
      await receivablesByGroup(test.deps.db, today, 'documents'),
    );
    // As if a refresh on the next day had committed between the plan and the statement.
    await sql(`UPDATE analytics_receivables_horizon SET snapshot_day = $1::date + 1`, [today]);
    expect(await receivablesByGroup(test.deps.db, today, 'rollup', planned)).toEqual(
      await receivablesByGroup(test.deps.db, today, 'documents'),
    );
    await rebuild();
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
      'UPDATE analytics_receivables_deltas SET delta_cny_fen = delta_cny_fen + 7 WHERE customer_id = $1',
      [world.westHospital],
    );
    await sql(
      'UPDATE analytics_receivables_month_ends SET open_cny_fen = open_cny_fen + 7 WHERE customer_id = $1',
      [world.westHospital],
    );
    await sql(
      'UPDATE analytics_receivables_today SET open_cny_fen = open_cny_fen + 7 WHERE customer_id = $1',
      [world.westHospital],
    );
    expect((await ask(cookies.director, asOf(today), 'auto')).totals.values.ar_open).not.toBe(
      (await ask(cookies.director, asOf(today), 'off')).totals.values.ar_open,
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

const everyKey = ['region_id', 'customer_id', 'rep_id'] as const;

/** Fact rows of a receivables source on `day`, summed per customer × region × rep × overdue. */
async function receivablesByGroup(
  db: Queryable,
  day: string,
  via: 'rollup' | 'documents',
  planned?: FactSource,
) {
  const params: unknown[] = [day];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const source =
    planned ?? (via === 'rollup' ? await receivablesRollupSource(db, day, everyKey) : sources.receivables);
  const { rows } = await db.query(
    `SELECT customer_id::int, region_id::int, rep_id::int, is_overdue, sum(open_cny_fen)::bigint::text AS open
       FROM (${source.sql('$1', param)}) f GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    params,
  );
  return rows;
}

const dayOf = (offset: number) =>
  new Date(Date.UTC(2026, 5, 1) + offset * 86_400_000).toISOString().slice(0, 10);

describe('property: random invoices, settlements and cancellations', () => {
  it('gives on any day what the documents give, rebuilt or refreshed, dirty customers or not', async () => {
    const invoices = await sql<{ id: number; gross: number; grossCny: number }>(
      'SELECT id::int, gross_amount::bigint AS gross, gross_cny_fen::bigint AS "grossCny" FROM invoices ORDER BY id',
    );
    const customers = (await sql<{ id: number }>('SELECT DISTINCT customer_id::int AS id FROM invoices')).map(
      (r) => r.id,
    );
    const [payment] = await sql<{ id: number }>('SELECT id::int FROM payments ORDER BY id LIMIT 1');
    const [requester, approver] = await sql<{ id: number }>('SELECT id::int FROM users ORDER BY id LIMIT 2');
    // Event days from June to late November; settlements may come before the invoice (backdated)
    // or after the horizon (the end of last month).
    const settlement = fc.record({
      kind: fc.constantFrom('allocation', 'allocation', 'approved write-off', 'requested write-off'),
      percent: fc.integer({ min: 1, max: 100 }),
      day: fc.integer({ min: 0, max: 175 }),
    });
    const document = fc.record({
      day: fc.integer({ min: 0, max: 150 }),
      terms: fc.integer({ min: 0, max: 90 }),
      cancelledAfter: fc.option(fc.integer({ min: 0, max: 60 }), { freq: 4 }),
      settlements: fc.array(settlement, { maxLength: 4 }),
    });
    let daysWithReceivables = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(document, { minLength: invoices.length, maxLength: invoices.length }),
        fc.array(fc.integer({ min: -40, max: 240 }), { minLength: 4, maxLength: 4 }),
        fc.subarray(customers),
        fc.boolean(),
        async (documents, asOfOffsets, dirty, isNewDay) => {
          const allocations: object[] = [];
          const writeOffs: object[] = [];
          const updates = invoices.map((inv, n) => {
            const doc = documents[n]!;
            let paid = 0;
            let writtenOff = 0;
            let settledCny = 0;
            let pending = false;
            for (const [k, s] of (doc.cancelledAfter === null ? doc.settlements : []).entries()) {
              const remaining = inv.gross - paid - writtenOff;
              const amount = Math.min(remaining, Math.max(1, Math.floor((inv.gross * s.percent) / 100)));
              if (amount <= 0 || (s.kind === 'requested write-off' && pending)) continue;
              const cny = Math.round((amount * inv.grossCny) / inv.gross);
              const on = dayOf(s.day);
              if (s.kind === 'allocation') {
                allocations.push({ invoice_id: inv.id, amount, cny, on });
                paid += amount;
                settledCny += cny;
              } else {
                const approved = s.kind === 'approved write-off';
                writeOffs.push({
                  number: `WO-P-${inv.id}-${k}`,
                  invoice_id: inv.id,
                  amount,
                  cny,
                  on,
                  approved,
                });
                if (approved) {
                  writtenOff += amount;
                  settledCny += cny;
                } else pending = true;
              }
            }
            const open = inv.gross - paid - writtenOff;
            const status =
              doc.cancelledAfter !== null
                ? 'cancelled'
                : open === 0
                  ? 'paid'
                  : paid + writtenOff > 0
                    ? 'partially_paid'
                    : 'open';
            return {
              id: inv.id,
              invoice_date: dayOf(doc.day),
              due_date: dayOf(doc.day + doc.terms),
              cancelled_on: doc.cancelledAfter === null ? null : dayOf(doc.day + doc.cancelledAfter),
              status,
              paid,
              written_off: writtenOff,
              open,
              open_cny: Math.min(inv.grossCny, Math.max(0, inv.grossCny - settledCny)),
            };
          });
          const client = await test.deps.db.connect();
          try {
            await client.query('BEGIN');
            await client.query('DELETE FROM allocations');
            await client.query('DELETE FROM write_offs');
            await client.query(
              `UPDATE invoices i SET invoice_date = u.invoice_date, due_date = u.due_date, cancelled_on = u.cancelled_on,
                      status = u.status, paid_amount = u.paid, credited_amount = 0, written_off_amount = u.written_off,
                      open_amount = u.open, open_cny_fen = u.open_cny
                 FROM jsonb_to_recordset($1::jsonb) AS u(id bigint, invoice_date date, due_date date, cancelled_on date,
                      status text, paid bigint, written_off bigint, open bigint, open_cny bigint)
                WHERE i.id = u.id`,
              [JSON.stringify(updates)],
            );
            await client.query(
              `INSERT INTO allocations (payment_id, invoice_id, customer_id, region_id, amount, source_cny_fen, invoice_cny_fen, allocated_on)
               SELECT $2, a.invoice_id, i.customer_id, i.region_id, a.amount, a.cny, a.cny, a.on
                 FROM jsonb_to_recordset($1::jsonb) AS a(invoice_id bigint, amount bigint, cny bigint, "on" date)
                 JOIN invoices i ON i.id = a.invoice_id`,
              [JSON.stringify(allocations), payment!.id],
            );
            await client.query(
              `INSERT INTO write_offs (number, invoice_id, customer_id, region_id, amount, amount_cny_fen, reason, status,
                                       requested_by, decided_by, written_off_on)
               SELECT w.number, w.invoice_id, i.customer_id, i.region_id, w.amount,
                      CASE WHEN w.approved THEN w.cny END, 'property test',
                      CASE WHEN w.approved THEN 'approved' ELSE 'requested' END,
                      $2, CASE WHEN w.approved THEN $3::bigint END, CASE WHEN w.approved THEN w.on END
                 FROM jsonb_to_recordset($1::jsonb) AS w(number text, invoice_id bigint, amount bigint, cny bigint,
                      "on" date, approved boolean)
                 JOIN invoices i ON i.id = w.invoice_id`,
              [JSON.stringify(writeOffs), requester!.id, approver!.id],
            );
            await rebuildReceivablesRollup(client);
            const rebuilt = (await client.query(contentsSql)).rows;
            // Today is the snapshot's day: its reads below take the snapshot.
            expect(
              rebuilt.filter((r: ContentRow) => r.t === 'snapshot day').map((r: ContentRow) => r.day),
            ).toEqual([today]);
            // Every event day and the day before (where the amounts change), and random ones.
            const eventOffsets = documents.flatMap((doc) => [
              doc.day,
              ...(doc.cancelledAfter === null
                ? doc.settlements.map((x) => x.day)
                : [doc.day + doc.cancelledAfter]),
            ]);
            const days = [
              ...new Set([...eventOffsets.flatMap((d) => [d - 1, d]), ...asOfOffsets].map(dayOf)),
              today,
            ];
            for (const day of days) {
              const fromDocuments = await receivablesByGroup(client, day, 'documents');
              expect(await receivablesByGroup(client, day, 'rollup')).toEqual(fromDocuments);
              if (fromDocuments.length > 0) daysWithReceivables++;
            }
            // Some customers dirty: read from the documents, the others from the rollup.
            await client.query(
              'INSERT INTO analytics_receivables_dirty_customers (customer_id) SELECT unnest($1::bigint[])',
              [dirty],
            );
            for (const day of days) {
              expect(await receivablesByGroup(client, day, 'rollup')).toEqual(
                await receivablesByGroup(client, day, 'documents'),
              );
            }
            // Or the refresh comes on a new day (the snapshot, of yesterday, is rebuilt for today).
            if (isNewDay) {
              await client.query(
                `UPDATE analytics_receivables_horizon SET snapshot_day = snapshot_day - 1;
                 UPDATE analytics_receivables_today SET open_cny_fen = open_cny_fen + 1`,
              );
              expect(await receivablesByGroup(client, today, 'rollup')).toEqual(
                await receivablesByGroup(client, today, 'documents'),
              );
            }
            await refreshReceivablesRollup(client);
            expect((await client.query(contentsSql)).rows).toEqual(rebuilt);
          } finally {
            await client.query('ROLLBACK');
            client.release();
          }
        },
      ),
      { numRuns: 20 },
    );
    expect(daysWithReceivables).toBeGreaterThan(100);
  }, 180_000);
});

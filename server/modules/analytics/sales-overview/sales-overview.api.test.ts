/**
 * The sales overview over HTTP against a real PostgreSQL. Invoices, credit notes, returns and
 * payments go through the finance API; every figure is checked against a plain SQL computation
 * written here, separately, over the same rows (document headers where possible, so it does not
 * share the dashboard's line-level definition).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsQueryInput } from '../../../../contracts/analytics-query.ts';
import { businessDate } from '../../../platform/dates.ts';
import { createTestApp, createTestUser, signIn, type TestApp } from '../../../testing/test-app.ts';
import {
  apiAs,
  createInvoicedShipment,
  createShippedShipment,
  type FinanceWorld,
  type ShippedLine,
  seedFinanceWorld,
} from '../../finance/finance.fixtures.ts';
import { refreshRollups } from '../rollups/rollups.refresh.ts';
import { analyticsAnswer } from '../semantic/semantic.fixtures.ts';

let test: TestApp;
let world: FinanceWorld;
let finance: ReturnType<typeof apiAs>;
const ids = {
  js: 6,
  nanjing: 7,
  north: 8,
  eastRegions: [] as number[],
  westRegions: [] as number[],
  jsTender: 0,
  ortho: 0,
  lotOrtho: 0,
  repEast: 0,
  repEast2: 0,
  repWest: 0,
};
const cookies = { north: '', director: '', east: '', dealer: '' };

const PERIOD = { from: '2026-01-01', to: '2026-06-30' };
const PREVIOUS = { from: '2025-01-01', to: '2025-06-30' };

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await test.deps.db.query(text, params)).rows as T[];
}

/** Ships in SQL (fixture), then invoices through the API on `invoiceDate` (default: the shipping day). */
const invoice = (customerId: number, shippedOn: string, lines: ShippedLine[], invoiceDate = shippedOn) =>
  createInvoicedShipment(test, world, { customerId, shippedOn, lines, invoiceDate });

async function allowance(invoiceId: number, lineId: number, creditDate: string, netAmount: number) {
  const response = await finance.post('/api/credit-notes', {
    invoiceId,
    creditDate,
    reason: 'price allowance',
    lines: [{ invoiceLineId: lineId, netAmount }],
  });
  expect(response.statusCode, response.body).toBe(201);
}

async function insertOrder(customerId: number, orderDate: string, status: string, ownerRepId: number | null) {
  await sql(
    `INSERT INTO sales_orders (number, customer_id, region_id, owner_rep_id, currency, exchange_rate, order_date,
                               promised_date, status, net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen,
                               gross_cny_fen)
     SELECT 'SO-X-' || $2::text || '-' || $3::text, id, region_id, $4::bigint, 'CNY', 1, $2::date, $2::date, $3::text, 1000, 130, 1130, 1000, 130, 1130
       FROM customers WHERE id = $1`,
    [customerId, orderDate, status, ownerRepId],
  );
}

const stent = (quantity: number, unitPrice: number): ShippedLine => ({
  productId: world.stent,
  lotId: world.lotStent,
  quantity,
  unitPrice,
});

beforeAll(async () => {
  test = await createTestApp();
  world = await seedFinanceWorld(test);
  finance = apiAs(test, world.cookies.finance);

  // More of the map: Jiangsu with Nanjing under East China, and a North region with no sales.
  await sql(`
    INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES
      (6, 2, 'province', 'JS', '江苏', 'Jiangsu'),
      (7, 6, 'city', 'JS-NJ', '南京', 'Nanjing'),
      (8, 1, 'sales_region', 'NORTH', '华北', 'North China');
    INSERT INTO product_lines (id, code, name_zh, name_en) VALUES (2, 'ORTHO', '骨科', 'Orthopaedics');`);
  ids.eastRegions = [2, 4, 6, 7];
  ids.westRegions = [3, 5];
  ids.ortho = (
    await sql<{ id: number }>(
      `INSERT INTO products (sku, name_zh, name_en, model_spec, product_line_id, unit, certificate_number, device_class,
                             standard_cost_fen, list_price_fen, vat_rate)
       VALUES ('SCREW-4', '骨钉', 'Bone screw', 'Φ4.0', 2, '个', '国械注准20193130999', 3, 1000, 100000, 0.13)
       RETURNING id`,
    )
  )[0]!.id;
  ids.lotOrtho = (
    await sql<{ id: number }>(
      `INSERT INTO lots (product_id, lot_number, expiry_date, status, unit_cost_fen, first_received_on)
       VALUES ($1, 'B2601', '2029-12-31', 'released', 40000, '2026-01-05') RETURNING id`,
      [ids.ortho],
    )
  )[0]!.id;
  ids.jsTender = (
    await sql<{ id: number }>(
      `INSERT INTO customers (code, name, name_normalized, type, channel, region_id, payment_terms_days)
       VALUES ('H-JS-001', '江苏省人民医院', '江苏省人民医院', 'hospital', 'tender', 7, 30) RETURNING id`,
    )
  )[0]!.id;

  ids.repEast = world.userIds.east;
  ids.repEast2 = (
    await createTestUser(test, 'u.east2', ['sales_rep'], { regionIds: [2], displayName: '李二' })
  ).id;
  ids.repWest = (
    await createTestUser(test, 'u.west', ['sales_rep'], { regionIds: [3], displayName: '王西' })
  ).id;
  await createTestUser(test, 'u.north', ['sales_rep'], { regionIds: [ids.north] });
  await sql('UPDATE customers SET owner_rep_id = $1 WHERE id = $2', [ids.repEast, world.eastHospital]);
  await sql('UPDATE customers SET owner_rep_id = $1 WHERE id = $2', [ids.repEast2, ids.jsTender]);
  await sql('UPDATE customers SET owner_rep_id = $1 WHERE id = $2', [ids.repWest, world.westDealer]);
  cookies.north = await signIn(test, 'u.north');
  cookies.director = world.cookies.director;
  cookies.east = world.cookies.east;
  cookies.dealer = world.cookies.dealer;

  // East hospital (Shanghai, direct).
  await invoice(world.eastHospital, '2026-01-15', [stent(10, 200_000)]);
  // Ordered and shipped in February, invoiced in March; the order's own rep is not the customer's.
  const february = await invoice(world.eastHospital, '2026-02-10', [stent(2, 210_000)], '2026-03-05');
  await sql(
    'UPDATE sales_orders SET owner_rep_id = $1 WHERE id = (SELECT order_id FROM shipments WHERE id = $2)',
    [ids.repEast2, february.shipmentId],
  );
  await invoice(world.eastHospital, '2026-07-01', [stent(1, 200_000)]); // after the period
  await invoice(world.eastHospital, '2025-02-10', [stent(6, 190_000)]); // a year earlier
  await invoice(world.eastHospital, '2025-06-30', [stent(1, 180_000)]); // last day a year earlier
  await invoice(world.eastHospital, '2024-12-31', [stent(1, 170_000)]); // before both periods
  // Invoiced last November, credited inside the period: the credit counts on its own date.
  const november = await invoice(world.eastHospital, '2025-11-20', [stent(1, 200_000)]);
  await allowance(november.invoice.id, november.invoice.lines[0]!.id, '2026-01-20', 10_000);
  // Invoiced, cancelled (void), and invoiced again: it counts once, on the second invoice's date.
  const voided = await invoice(world.eastHospital, '2026-02-01', [stent(3, 100_000)]);
  const cancel = await finance.post(`/api/invoices/${voided.invoice.id}/cancel`, {
    version: voided.invoice.version,
    reason: 'wrong buyer details',
  });
  expect(cancel.statusCode, cancel.body).toBe(200);
  const again = await finance.post('/api/invoices', {
    shipmentId: voided.shipmentId,
    invoiceDate: '2026-02-15',
  });
  expect(again.statusCode, again.body).toBe(201);
  const paid = await finance.post('/api/payments', {
    customerId: world.eastHospital,
    method: 'bank_transfer',
    amount: 500_000,
    receivedDate: '2026-02-20',
    reference: 'REF-EAST-1',
    autoAllocate: true,
  });
  expect(paid.statusCode, paid.body).toBe(201);

  // Jiangsu tender hospital (Nanjing): a discounted line with an allowance, and a line on the last day.
  const tender = await invoice(ids.jsTender, '2026-03-10', [
    {
      productId: world.catheter,
      lotId: world.lotCatheter,
      quantity: 5,
      unitPrice: 30_000,
      discountRate: '0.05',
      unitCostFen: 10_000,
    },
  ]);
  await allowance(tender.invoice.id, tender.invoice.lines[0]!.id, '2026-04-02', 5_000);
  await invoice(ids.jsTender, '2026-06-30', [
    { productId: ids.ortho, lotId: ids.lotOrtho, quantity: 3, unitPrice: 100_000, unitCostFen: 40_000 },
  ]);

  // West hospital (Shaanxi, no owner rep) buys in US dollars.
  const usd = await createShippedShipment(test, world, {
    customerId: world.westHospital,
    shippedOn: '2026-03-02',
    currency: 'USD',
    exchangeRate: '7.1025',
    lines: [stent(2, 30_000)],
  });
  const usdInvoice = await finance.post('/api/invoices', {
    shipmentId: usd.shipmentId,
    invoiceDate: '2026-03-02',
  });
  expect(usdInvoice.statusCode, usdInvoice.body).toBe(201);

  // West distributor: a sale with one unit returned (its cost comes back), and one a year earlier.
  const dealerSale = await invoice(world.westDealer, '2026-05-05', [stent(4, 150_000)]);
  const returned = await finance.post('/api/returns', {
    shipmentId: dealerSale.shipmentId,
    returnDate: '2026-05-20',
    reason: 'damaged packaging',
    lines: [{ shipmentLineId: dealerSale.lineIds[0], quantity: 1 }],
  });
  expect(returned.statusCode, returned.body).toBe(201);
  await invoice(world.westDealer, '2025-05-05', [stent(2, 140_000)]);

  // Orders without invoices: confirmed ones count, drafts and cancelled ones do not.
  await insertOrder(world.eastHospital, '2026-04-01', 'allocated', null);
  await insertOrder(world.eastHospital, '2026-04-02', 'draft', null);
  await insertOrder(world.eastHospital, '2026-04-03', 'cancelled', null);
  await insertOrder(world.westHospital, '2025-03-01', 'backordered', null);
});
afterAll(() => test.close());

// ---------------------------------------------------------------------------------------
// The independent computation

interface Slice {
  regionIds?: number[];
  customerId?: number;
  channel?: string;
}

/** Parameters $3–$5 and the condition on a document alias `d` with its customer `c`. */
function sliceParams(slice: Slice): unknown[] {
  return [slice.regionIds ?? null, slice.customerId ?? null, slice.channel ?? null];
}
const inSlice = `($3::bigint[] IS NULL OR d.region_id = ANY($3::bigint[]))
  AND ($4::bigint IS NULL OR d.customer_id = $4) AND ($5::text IS NULL OR c.channel = $5)`;

/** Revenue and cost from the invoice and credit-note headers. */
async function expectedSales(from: string, to: string, slice: Slice = {}) {
  const [row] = await sql<{ invoiced: number; invoicedCost: number; credited: number; creditedCost: number }>(
    `SELECT (SELECT coalesce(sum(d.net_cny_fen), 0)::bigint FROM invoices d JOIN customers c ON c.id = d.customer_id
              WHERE d.status <> 'cancelled' AND d.invoice_date BETWEEN $1 AND $2 AND ${inSlice}) AS invoiced,
            (SELECT coalesce(sum(d.cost_cny_fen), 0)::bigint FROM invoices d JOIN customers c ON c.id = d.customer_id
              WHERE d.status <> 'cancelled' AND d.invoice_date BETWEEN $1 AND $2 AND ${inSlice}) AS "invoicedCost",
            (SELECT coalesce(sum(d.net_cny_fen), 0)::bigint FROM credit_notes d JOIN customers c ON c.id = d.customer_id
              WHERE d.credit_date BETWEEN $1 AND $2 AND ${inSlice}) AS credited,
            (SELECT coalesce(sum(d.cost_cny_fen), 0)::bigint FROM credit_notes d JOIN customers c ON c.id = d.customer_id
              WHERE d.credit_date BETWEEN $1 AND $2 AND ${inSlice}) AS "creditedCost"`,
    [from, to, ...sliceParams(slice)],
  );
  const revenue = row!.invoiced - row!.credited;
  return { revenue, grossProfit: revenue - (row!.invoicedCost - row!.creditedCost) };
}

async function expectedOrders(from: string, to: string, slice: Slice = {}) {
  const [row] = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM sales_orders d JOIN customers c ON c.id = d.customer_id
      WHERE d.status NOT IN ('draft', 'cancelled') AND d.order_date BETWEEN $1 AND $2 AND ${inSlice}`,
    [from, to, ...sliceParams(slice)],
  );
  return row!.n;
}

/** Header documents as signed rows: date, region, customer, order, net and cost. */
const signedDocuments = `
  SELECT d.invoice_date AS day, d.region_id, d.customer_id, d.order_id, d.net_cny_fen AS net, d.cost_cny_fen AS cost
    FROM invoices d WHERE d.status <> 'cancelled'
  UNION ALL
  SELECT d.credit_date, d.region_id, d.customer_id, i.order_id, -d.net_cny_fen, -d.cost_cny_fen
    FROM credit_notes d JOIN invoices i ON i.id = d.invoice_id`;

async function expectedByMonth(from: string, to: string, slice: Slice = {}) {
  const rows = await sql<{ month: string; revenue: number; grossProfit: number }>(
    `SELECT to_char(d.day, 'YYYY-MM') AS month, sum(d.net)::bigint AS revenue, sum(d.net - d.cost)::bigint AS "grossProfit"
       FROM (${signedDocuments}) d JOIN customers c ON c.id = d.customer_id
      WHERE d.day BETWEEN $1 AND $2 AND ${inSlice} GROUP BY 1`,
    [from, to, ...sliceParams(slice)],
  );
  return new Map(rows.map((r) => [r.month, r]));
}

/** Sales per ancestor region of a level (each document's region walked up the tree). */
async function expectedByAncestor(level: string, from: string, to: string, slice: Slice = {}) {
  return sql<{ id: number; revenueCnyFen: number; grossProfitCnyFen: number }>(
    `WITH RECURSIVE up (region_id, ancestor_id) AS (
       SELECT id, id FROM regions
       UNION ALL SELECT up.region_id, r.parent_id FROM up JOIN regions r ON r.id = up.ancestor_id WHERE r.parent_id IS NOT NULL)
     SELECT a.id, sum(d.net)::bigint AS "revenueCnyFen", sum(d.net - d.cost)::bigint AS "grossProfitCnyFen"
       FROM (${signedDocuments}) d JOIN customers c ON c.id = d.customer_id
       JOIN up ON up.region_id = d.region_id JOIN regions a ON a.id = up.ancestor_id AND a.level = $6
      WHERE d.day BETWEEN $1 AND $2 AND ${inSlice}
      GROUP BY a.id ORDER BY 2 DESC, 1`,
    [from, to, ...sliceParams(slice), level],
  );
}

async function expectedProducts(from: string, to: string, slice: Slice = {}) {
  return sql<{ productId: number; revenueCnyFen: number; grossProfitCnyFen: number }>(
    `SELECT d.product_id AS "productId", sum(d.net)::bigint AS "revenueCnyFen",
            sum(d.net - d.cost)::bigint AS "grossProfitCnyFen"
       FROM (SELECT l.product_id, l.net_cny_fen AS net, l.cost_cny_fen AS cost, i.invoice_date AS day, i.region_id,
                    i.customer_id
               FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.status <> 'cancelled'
             UNION ALL
             SELECT l.product_id, -n.net_cny_fen, -n.cost_cny_fen, cn.credit_date, cn.region_id, cn.customer_id
               FROM credit_note_lines n JOIN credit_notes cn ON cn.id = n.credit_note_id
               JOIN invoice_lines l ON l.id = n.invoice_line_id) d
       JOIN customers c ON c.id = d.customer_id
      WHERE d.day BETWEEN $1 AND $2 AND ${inSlice}
      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`,
    [from, to, ...sliceParams(slice)],
  );
}

async function expectedReps(from: string, to: string, slice: Slice = {}) {
  const sales = await sql<{ repId: number | null; revenueCnyFen: number; grossProfitCnyFen: number }>(
    `SELECT coalesce(o.owner_rep_id, c.owner_rep_id) AS "repId", sum(d.net)::bigint AS "revenueCnyFen",
            sum(d.net - d.cost)::bigint AS "grossProfitCnyFen"
       FROM (${signedDocuments}) d JOIN customers c ON c.id = d.customer_id JOIN sales_orders o ON o.id = d.order_id
      WHERE d.day BETWEEN $1 AND $2 AND ${inSlice} GROUP BY 1`,
    [from, to, ...sliceParams(slice)],
  );
  const orders = await sql<{ repId: number | null; orders: number }>(
    `SELECT coalesce(d.owner_rep_id, c.owner_rep_id) AS "repId", count(*)::int AS orders
       FROM sales_orders d JOIN customers c ON c.id = d.customer_id
      WHERE d.status NOT IN ('draft', 'cancelled') AND d.order_date BETWEEN $1 AND $2 AND ${inSlice} GROUP BY 1`,
    [from, to, ...sliceParams(slice)],
  );
  const reps = new Map<
    number | null,
    { repId: number | null; revenueCnyFen: number; grossProfitCnyFen: number; orders: number }
  >();
  for (const s of sales) reps.set(s.repId, { ...s, orders: 0 });
  for (const o of orders) {
    const entry = reps.get(o.repId) ?? { repId: o.repId, revenueCnyFen: 0, grossProfitCnyFen: 0, orders: 0 };
    reps.set(o.repId, { ...entry, orders: o.orders });
  }
  return [...reps.values()].sort((a, b) =>
    a.repId === null ? 1 : b.repId === null ? -1 : a.repId - b.repId,
  );
}

/** What was open on a date, per aging bucket: each invoice's gross less what settled it by then. */
async function expectedReceivables(asOf: string, slice: Slice = {}) {
  return sql<{ bucket: string; openCnyFen: number; count: number }>(
    `SELECT CASE WHEN x.late <= 0 THEN 'not_due' WHEN x.late <= 30 THEN '1_30' WHEN x.late <= 60 THEN '31_60'
                 WHEN x.late <= 90 THEN '61_90' WHEN x.late <= 180 THEN '91_180' ELSE 'over_180' END AS bucket,
            sum(x.open_cny)::bigint AS "openCnyFen", count(*)::int AS count
       FROM (SELECT $1::date - d.due_date AS late,
                    d.gross_amount
                      - (SELECT coalesce(sum(a.amount), 0) FROM allocations a WHERE a.invoice_id = d.id AND a.allocated_on <= $1)
                      - (SELECT coalesce(sum(w.amount), 0) FROM write_offs w
                          WHERE w.invoice_id = d.id AND w.status = 'approved' AND w.written_off_on <= $1) AS open_amount,
                    d.gross_cny_fen
                      - (SELECT coalesce(sum(a.invoice_cny_fen), 0) FROM allocations a WHERE a.invoice_id = d.id AND a.allocated_on <= $1)
                      - (SELECT coalesce(sum(w.amount_cny_fen), 0) FROM write_offs w
                          WHERE w.invoice_id = d.id AND w.status = 'approved' AND w.written_off_on <= $1) AS open_cny
               FROM invoices d JOIN customers c ON c.id = d.customer_id
              WHERE d.invoice_date <= $1 AND (d.cancelled_on IS NULL OR d.cancelled_on > $1)
                AND ($2::bigint[] IS NULL OR d.region_id = ANY($2::bigint[])) AND ($3::bigint IS NULL OR d.customer_id = $3)
                AND ($4::text IS NULL OR c.channel = $4)) x
      WHERE x.open_amount > 0 GROUP BY 1 ORDER BY 1`,
    [asOf, slice.regionIds ?? null, slice.customerId ?? null, slice.channel ?? null],
  );
}

// ---------------------------------------------------------------------------------------

type Overview = {
  period: Record<string, string>;
  filters: { regionId: number | null; channel: string | null };
  /** Gross profit and margin (the KPI itself) are null for a role that may not see cost. */
  kpis: Record<
    string,
    {
      current: number | null;
      previous: number | null;
      changeRate?: number | null;
      changePoints?: number | null;
    } | null
  >;
  trend: {
    month: string;
    revenueCnyFen: number;
    grossProfitCnyFen: number | null;
    previousMonth: string;
    previousRevenueCnyFen: number;
    previousGrossProfitCnyFen: number | null;
  }[];
  regions: {
    path: { id: number; code: string }[];
    items: {
      id: number;
      code: string;
      canDrillDown: boolean;
      revenueCnyFen: number;
      grossProfitCnyFen: number | null;
    }[];
  };
  topProducts: {
    productId: number;
    modelSpec: string;
    productLineNameEn: string;
    revenueCnyFen: number;
    grossProfitCnyFen: number | null;
  }[];
  reps: {
    repId: number | null;
    repName: string | null;
    revenueCnyFen: number;
    grossProfitCnyFen: number | null;
    orders: number;
  }[];
  receivables: {
    asOf: string;
    buckets: { bucket: string; openCnyFen: number; count: number }[];
    totalOpenCnyFen: number;
    overdueCnyFen: number;
    overdueRate: number | null;
  };
};

async function overview(cookie: string, query: Record<string, string | number> = PERIOD, lang = 'en') {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  return test.app.inject({
    method: 'GET',
    url: `/api/dashboard/sales-overview?${search}`,
    headers: { cookie, 'accept-language': lang },
  });
}

async function overviewOf(
  cookie: string,
  query: Record<string, string | number> = PERIOD,
): Promise<Overview> {
  const response = await overview(cookie, query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/**
 * Every cost-based figure of a page — gross profit and margin wherever they are, and anything
 * else named after cost — by its path in the response.
 */
function costFiguresOf(value: unknown, path = ''): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => costFiguresOf(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]): [string, unknown][] =>
    /gross|margin|cost/i.test(key) ? [[`${path}.${key}`, item]] : costFiguresOf(item, `${path}.${key}`),
  );
}

/**
 * Gross profit and margin in every part of the page (KPIs, each month and its year-earlier twin,
 * each region, product and rep): all of them figures for a role that may see cost, all of them
 * null — not zero — for one that may not.
 */
function expectCostFigures(result: Overview, isShown: boolean) {
  const figures = costFiguresOf(result);
  expect(figures.map(([path]) => path).sort()).toEqual(
    [
      '.kpis.grossProfitCnyFen',
      '.kpis.marginRate',
      ...result.trend.flatMap((_m, i) => [
        `.trend[${i}].grossProfitCnyFen`,
        `.trend[${i}].previousGrossProfitCnyFen`,
      ]),
      ...result.regions.items.map((_r, i) => `.regions.items[${i}].grossProfitCnyFen`),
      ...result.topProducts.map((_p, i) => `.topProducts[${i}].grossProfitCnyFen`),
      ...result.reps.map((_r, i) => `.reps[${i}].grossProfitCnyFen`),
    ].sort(),
  );
  const wrong = figures.filter(([, value]) => (isShown ? value === null : value !== null));
  expect(wrong, isShown ? 'cost figures missing' : 'cost figures shown').toEqual([]);
}

/**
 * Every KPI against the independent computation, for the period and a year earlier; gross profit
 * and margin only where cost is shown (else they must be null).
 */
async function expectKpis(result: Overview, slice: Slice = {}, { isCostShown = true } = {}) {
  const now = await expectedSales(PERIOD.from, PERIOD.to, slice);
  const before = await expectedSales(PREVIOUS.from, PREVIOUS.to, slice);
  const orders = await expectedOrders(PERIOD.from, PERIOD.to, slice);
  const ordersBefore = await expectedOrders(PREVIOUS.from, PREVIOUS.to, slice);
  const { kpis } = result;
  expect(kpis.revenueCnyFen).toMatchObject({ current: now.revenue, previous: before.revenue });
  expect(kpis.orders).toMatchObject({ current: orders, previous: ordersBefore });
  const change = (a: number, b: number) => (b === 0 ? null : (a - b) / Math.abs(b));
  const closeOrNull = (actual: number | null | undefined, expected: number | null) => {
    if (expected === null) expect(actual).toBeNull();
    else expect(actual).toBeCloseTo(expected, 12);
  };
  closeOrNull(kpis.revenueCnyFen!.changeRate, change(now.revenue, before.revenue));
  closeOrNull(kpis.orders!.changeRate, change(orders, ordersBefore));
  if (isCostShown) {
    expect(kpis.grossProfitCnyFen).toMatchObject({ current: now.grossProfit, previous: before.grossProfit });
    closeOrNull(kpis.grossProfitCnyFen!.changeRate, change(now.grossProfit, before.grossProfit));
    const margin = now.revenue > 0 ? now.grossProfit / now.revenue : null;
    const marginBefore = before.revenue > 0 ? before.grossProfit / before.revenue : null;
    closeOrNull(kpis.marginRate!.current, margin);
    closeOrNull(kpis.marginRate!.previous, marginBefore);
    closeOrNull(
      kpis.marginRate!.changePoints,
      margin === null || marginBefore === null ? null : margin - marginBefore,
    );
  } else {
    expect(kpis.grossProfitCnyFen).toBeNull();
    expect(kpis.marginRate).toBeNull();
  }
  // Average order value: revenue ÷ orders, half up to the fen, done here with BigInt.
  const average = (revenue: number, count: number) =>
    count === 0 ? null : Number((BigInt(revenue) * 2n + BigInt(count)) / (BigInt(count) * 2n));
  expect(kpis.averageOrderValueCnyFen).toMatchObject({
    current: now.revenue >= 0 ? average(now.revenue, orders) : expect.any(Number),
    previous: before.revenue >= 0 ? average(before.revenue, ordersBefore) : expect.any(Number),
  });
}

describe('the sales overview of a company-wide user', () => {
  it('shows the period’s revenue, gross profit, margin, orders and order value against a year earlier', async () => {
    const result = await overviewOf(cookies.director);
    expect(result.period).toEqual({
      from: '2026-01-01',
      to: '2026-06-30',
      previousFrom: '2025-01-01',
      previousTo: '2025-06-30',
    });
    await expectKpis(result);
    // By hand, the parts that are easy to get wrong: the void invoice counts once (re-invoiced
    // 300,000.00), November's allowance (−10,000) counts in January, the dollar sale at its CNY
    // value (600.00 USD × 7.1025), the returned unit takes back its price and its lot cost.
    const expectedRevenue =
      2_000_000 + 420_000 + 300_000 - 10_000 + (142_500 - 5_000) + 300_000 + 426_150 + (600_000 - 150_000);
    const expectedCost = 52_000 * (10 + 2 + 3) + 50_000 + 120_000 + 52_000 * 2 + 52_000 * (4 - 1);
    expect(result.kpis.revenueCnyFen!.current).toBe(expectedRevenue);
    expect(result.kpis.grossProfitCnyFen!.current).toBe(expectedRevenue - expectedCost);
    expect(result.kpis.revenueCnyFen!.previous).toBe(6 * 190_000 + 180_000 + 2 * 140_000);
    // January sale, February order, re-invoiced February order, tender ×2, dollar sale, dealer
    // sale, and the confirmed April order; the draft and the cancelled order do not count.
    expect(result.kpis.orders).toMatchObject({ current: 8, previous: 4 });
  });

  it('gives each month of the period next to the same month a year earlier, adding up to the KPIs', async () => {
    const result = await overviewOf(cookies.director);
    expect(result.trend.map((m) => m.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
    const now = await expectedByMonth(PERIOD.from, PERIOD.to);
    const before = await expectedByMonth(PREVIOUS.from, PREVIOUS.to);
    for (const month of result.trend) {
      expect(month, month.month).toEqual({
        month: month.month,
        revenueCnyFen: now.get(month.month)?.revenue ?? 0,
        grossProfitCnyFen: now.get(month.month)?.grossProfit ?? 0,
        previousMonth: `2025${month.month.slice(4)}`,
        previousRevenueCnyFen: before.get(month.previousMonth)?.revenue ?? 0,
        previousGrossProfitCnyFen: before.get(month.previousMonth)?.grossProfit ?? 0,
      });
    }
    const sum = (key: 'revenueCnyFen' | 'previousRevenueCnyFen') =>
      result.trend.reduce((s, m) => s + m[key], 0);
    expect(sum('revenueCnyFen')).toBe(result.kpis.revenueCnyFen!.current);
    expect(sum('previousRevenueCnyFen')).toBe(result.kpis.revenueCnyFen!.previous);
    // February holds only the re-issued invoice: the void one counts nowhere, and the order
    // shipped in February but invoiced in March is March revenue.
    expect(result.trend[1]!.revenueCnyFen).toBe(300_000);
  });

  it('splits sales by sales region, and a clicked region into its provinces and then its cities', async () => {
    const top = await overviewOf(cookies.director);
    expect(top.regions.path).toEqual([]);
    expect(
      top.regions.items.map(({ id, revenueCnyFen, grossProfitCnyFen }) => ({
        id,
        revenueCnyFen,
        grossProfitCnyFen,
      })),
    ).toEqual(await expectedByAncestor('sales_region', PERIOD.from, PERIOD.to));
    expect(top.regions.items.map((r) => [r.code, r.canDrillDown])).toEqual([
      ['EAST', true],
      ['WEST', true],
    ]);

    const east = await overviewOf(cookies.director, { ...PERIOD, regionId: 2 });
    expect(east.regions.path.map((r) => r.code)).toEqual(['EAST']);
    expect(
      east.regions.items.map(({ id, revenueCnyFen, grossProfitCnyFen }) => ({
        id,
        revenueCnyFen,
        grossProfitCnyFen,
      })),
    ).toEqual(await expectedByAncestor('province', PERIOD.from, PERIOD.to, { regionIds: ids.eastRegions }));
    expect(east.regions.items.map((r) => r.code).sort()).toEqual(['JS', 'SH']);
    // The whole page follows the clicked region.
    await expectKpis(east, { regionIds: ids.eastRegions });

    const jiangsu = await overviewOf(cookies.director, { ...PERIOD, regionId: ids.js });
    expect(jiangsu.regions.path.map((r) => r.code)).toEqual(['EAST', 'JS']);
    expect(jiangsu.regions.items).toMatchObject([
      { code: 'JS-NJ', canDrillDown: false, revenueCnyFen: 437_500 },
    ]);
  });

  it('ranks the top products with their product line', async () => {
    const result = await overviewOf(cookies.director);
    expect(
      result.topProducts.map(({ productId, revenueCnyFen, grossProfitCnyFen }) => ({
        productId,
        revenueCnyFen,
        grossProfitCnyFen,
      })),
    ).toEqual(await expectedProducts(PERIOD.from, PERIOD.to));
    const ortho = result.topProducts.find((p) => p.productId === ids.ortho);
    expect(ortho?.productLineNameEn).toBe('Orthopaedics');
    // Named with its model, as one product name may cover several.
    expect(ortho?.modelSpec).toBe('Φ4.0');
  });

  it('credits each sale to the order’s owner rep, else the customer’s, with their orders', async () => {
    const result = await overviewOf(cookies.director);
    const expected = await expectedReps(PERIOD.from, PERIOD.to);
    const actual = result.reps
      .map(({ repId, revenueCnyFen, grossProfitCnyFen, orders }) => ({
        repId,
        revenueCnyFen,
        grossProfitCnyFen,
        orders,
      }))
      .sort((a, b) => (a.repId === null ? 1 : b.repId === null ? -1 : a.repId - b.repId));
    expect(actual).toEqual(expected);
    expect(result.reps.map((r) => r.revenueCnyFen)).toEqual(
      [...result.reps.map((r) => r.revenueCnyFen)].sort((a, b) => b - a),
    );
    expect(result.reps.find((r) => r.repId === ids.repEast2)).toMatchObject({
      repName: '李二',
      revenueCnyFen: 420_000 + 437_500,
    });
    // The West hospital has no owner rep: its dollar sale is "unassigned".
    expect(result.reps.find((r) => r.repId === null)).toMatchObject({
      repName: null,
      revenueCnyFen: 426_150,
    });
  });

  it('sums open receivables by aging bucket on the period’s last day, as the receivables page does', async () => {
    const result = await overviewOf(cookies.director);
    expect(result.receivables.asOf).toBe('2026-06-30');
    const expected = await expectedReceivables('2026-06-30');
    for (const bucket of result.receivables.buckets) {
      const row = expected.find((e) => e.bucket === bucket.bucket);
      expect(bucket, bucket.bucket).toEqual({
        bucket: bucket.bucket,
        openCnyFen: row?.openCnyFen ?? 0,
        count: row?.count ?? 0,
      });
    }
    const total = expected.reduce((s, e) => s + e.openCnyFen, 0);
    const overdue = total - (expected.find((e) => e.bucket === 'not_due')?.openCnyFen ?? 0);
    expect(result.receivables).toMatchObject({ totalOpenCnyFen: total, overdueCnyFen: overdue });
    expect(result.receivables.overdueRate).toBeCloseTo(overdue / total, 12);
    expect(overdue).toBeGreaterThan(0);

    const page = (await finance.get('/api/receivables?asOf=2026-06-30&pageSize=1')).json();
    expect(page.buckets).toEqual(result.receivables.buckets);
  });

  it('defaults to the year to date of the business date', async () => {
    const today = businessDate();
    const result = await overviewOf(cookies.director, {});
    expect(result.period).toMatchObject({ from: `${today.slice(0, 4)}-01-01`, to: today });
    expect(result.receivables.asOf).toBe(today);
  });
});

describe('filters', () => {
  it('narrows every figure to one channel', async () => {
    const result = await overviewOf(cookies.director, { ...PERIOD, channel: 'tender' });
    expect(result.filters).toEqual({ regionId: null, channel: 'tender' });
    await expectKpis(result, { channel: 'tender' });
    // 5 × 300.00 less 5 %, less a 50.00 allowance, plus 3 × 1,000.00; lot cost 5 × 100.00 + 3 × 400.00.
    expect(result.kpis.revenueCnyFen).toMatchObject({ current: 437_500, previous: 0, changeRate: null });
    expect(result.kpis.grossProfitCnyFen!.current).toBe(437_500 - 170_000);
    expect(result.regions.items.map((r) => r.code)).toEqual(['EAST']);
    expect(result.topProducts.map((p) => p.productId)).toEqual([ids.ortho, world.catheter]);
    const expectedAr = await expectedReceivables('2026-06-30', { channel: 'tender' });
    expect(result.receivables.totalOpenCnyFen).toBe(expectedAr.reduce((s, e) => s + e.openCnyFen, 0));
  });

  it('narrows to a region and the regions below it', async () => {
    const result = await overviewOf(cookies.director, { ...PERIOD, regionId: 3, channel: 'distributor' });
    await expectKpis(result, { regionIds: ids.westRegions, channel: 'distributor' });
    expect(result.kpis.revenueCnyFen!.current).toBe(600_000 - 150_000);
    expect(result.reps.map((r) => r.repId)).toEqual([ids.repWest]);
    const expectedAr = await expectedReceivables('2026-06-30', {
      regionIds: ids.westRegions,
      channel: 'distributor',
    });
    expect(result.receivables.totalOpenCnyFen).toBe(expectedAr.reduce((s, e) => s + e.openCnyFen, 0));
  });
});

describe('scope', () => {
  it('shows an East rep only East China, in every figure', async () => {
    const result = await overviewOf(cookies.east);
    await expectKpis(result, { regionIds: ids.eastRegions });
    expect(result.regions.items.map((r) => r.code)).toEqual(['EAST']);
    expect(result.regions.items[0]).toMatchObject(
      (await expectedByAncestor('sales_region', PERIOD.from, PERIOD.to, { regionIds: ids.eastRegions }))[0]!,
    );
    expect(result.topProducts).toEqual(
      (await overviewOf(cookies.director, { ...PERIOD, regionId: 2 })).topProducts,
    );
    expect(result.reps.map((r) => r.repId).sort()).toEqual([ids.repEast, ids.repEast2].sort());
    const expectedAr = await expectedReceivables('2026-06-30', { regionIds: ids.eastRegions });
    expect(result.receivables.totalOpenCnyFen).toBe(expectedAr.reduce((s, e) => s + e.openCnyFen, 0));
    expect(result.receivables.totalOpenCnyFen).toBeLessThan(
      (await overviewOf(cookies.director)).receivables.totalOpenCnyFen,
    );
  });

  it('gives an East rep nothing of the West, even when asking for it by region', async () => {
    const result = await overviewOf(cookies.east, { ...PERIOD, regionId: 3 });
    expectEmpty(result);
  });

  it('shows zeros and empty lists to a rep whose region has no sales', async () => {
    expectEmpty(await overviewOf(cookies.north));
  });

  it('shows a distributor only its own company’s figures, and no gross profit or margin anywhere', async () => {
    const result = await overviewOf(cookies.dealer);
    await expectKpis(result, { customerId: world.westDealer }, { isCostShown: false });
    expect(result.kpis.revenueCnyFen).toMatchObject({ current: 450_000, previous: 280_000 });
    expect(result.trend.reduce((s, m) => s + m.revenueCnyFen, 0)).toBe(450_000);
    expect(result.trend.reduce((s, m) => s + m.previousRevenueCnyFen, 0)).toBe(280_000);
    expect(result.regions.items).toMatchObject([{ code: 'WEST', revenueCnyFen: 450_000 }]);
    expect(result.topProducts.map((p) => p.productId)).toEqual([world.stent]);
    expect(result.topProducts[0]).toMatchObject({ revenueCnyFen: 450_000 });
    expect(result.reps.map((r) => r.repId)).toEqual([ids.repWest]);
    expect(result.reps[0]).toMatchObject({ revenueCnyFen: 450_000, orders: 1 });
    const expectedAr = await expectedReceivables('2026-06-30', { customerId: world.westDealer });
    expect(result.receivables.totalOpenCnyFen).toBe(expectedAr.reduce((s, e) => s + e.openCnyFen, 0));
    // Its purchases have a cost (and so a gross profit), which it is not shown: null, not zero.
    expect(
      (await expectedSales(PERIOD.from, PERIOD.to, { customerId: world.westDealer })).grossProfit,
    ).not.toBe(0);
    expectCostFigures(result, false);
  });

  it('shows internal users gross profit and margin in every part of the page', async () => {
    for (const cookie of [cookies.director, cookies.east]) {
      const result = await overviewOf(cookie);
      expect(result.regions.items.length).toBeGreaterThan(0);
      expectCostFigures(result, true);
    }
  });
});

function expectEmpty(result: Overview) {
  for (const [name, kpi] of Object.entries(result.kpis)) {
    expect(kpi, name).not.toBeNull();
    expect(kpi!.current ?? 0).toBe(0);
    expect(kpi!.previous ?? 0).toBe(0);
  }
  expect(result.trend.every((m) => m.revenueCnyFen === 0 && m.previousRevenueCnyFen === 0)).toBe(true);
  expect(result.regions.items).toEqual([]);
  expect(result.topProducts).toEqual([]);
  expect(result.reps).toEqual([]);
  expect(result.receivables).toMatchObject({ totalOpenCnyFen: 0, overdueCnyFen: 0, overdueRate: null });
  expect(result.receivables.buckets.every((b) => b.openCnyFen === 0 && b.count === 0)).toBe(true);
}

describe('refusals', () => {
  it.each([
    ['a day that does not exist', { from: '2026-02-30' }, 'from'],
    ['text that is not a date', { from: 'last-monday', to: '2026-06-30' }, 'from'],
    ['an end before the start', { from: '2026-07-01', to: '2026-06-30' }, 'to'],
    ['a period longer than three years', { from: '2020-01-01', to: '2026-06-30' }, 'to'],
  ])('refuses %s with 422 INVALID_PERIOD', async (_name, query, field) => {
    const response = await overview(cookies.director, query);
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'INVALID_PERIOD', details: { field } });
  });

  it('explains a period problem in the user’s language', async () => {
    const response = await overview(cookies.director, { from: '2026-07-01', to: '2026-06-30' }, 'zh-CN');
    expect(response.json().error.message).toContain('结束日期（2026-06-30）早于开始日期（2026-07-01）');
  });

  it('refuses an unknown region with 422, and malformed or unknown parameters with 400', async () => {
    const unknown = await overview(cookies.director, { ...PERIOD, regionId: 999_999 });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error).toMatchObject({ code: 'INVALID_REFERENCE', details: { field: 'regionId' } });
    expect((await overview(cookies.director, { regionId: 'east' })).json().error.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await overview(cookies.director, { channel: 'retail' })).json().error.code).toBe(
      'VALIDATION_FAILED',
    );
    const extra = await overview(cookies.director, { groupBy: 'province' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.code).toBe('UNKNOWN_FIELD');
  });

  it('is not for the warehouse or quality, nor for anyone signed out', async () => {
    for (const cookie of [world.cookies.warehouse, world.cookies.quality]) {
      const response = await overview(cookie);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
    }
    expect((await test.app.inject({ url: '/api/dashboard/sales-overview' })).statusCode).toBe(401);
  });
});

describe('the semantic layer behind the overview', () => {
  const analyticsQuery = (cookie: string, body: AnalyticsQueryInput) => analyticsAnswer(test, cookie, body);

  /** The same page asked of the overview and of the analytics query API (its filters in the layer's terms). */
  const pages = () =>
    [
      ['a company-wide user', cookies.director, PERIOD, []],
      ['an East rep (scope)', cookies.east, PERIOD, []],
      [
        'a region and a channel',
        cookies.director,
        { ...PERIOD, regionId: 3, channel: 'distributor' },
        [
          { dimension: 'region', values: ['3'] },
          { dimension: 'channel', values: ['distributor'] },
        ],
      ],
      [
        'a province',
        cookies.director,
        { ...PERIOD, regionId: ids.js },
        [{ dimension: 'province', values: [String(ids.js)] }],
      ],
    ] as const;

  beforeAll(async () => {
    // Fill the rollups, so that "auto" really reads them (and not only the dirty days' facts).
    await refreshRollups(test.deps.db);
    expect(await sql('SELECT 1 FROM analytics_rollup_dirty_days')).toEqual([]);
  });
  afterEach(() => {
    delete process.env.PULSE_ANALYTICS_ROLLUPS;
  });

  it.each(['off', 'auto'] as const)(
    'shows the revenue, gross profit and orders an analytics query answers for the same period and scope (rollups %s)',
    async (mode) => {
      process.env.PULSE_ANALYTICS_ROLLUPS = mode;
      for (const [name, cookie, query, filters] of pages()) {
        const result = await overviewOf(cookie, query);
        const answer = await analyticsQuery(cookie, {
          measures: ['revenue', 'gross_profit', 'orders'],
          filters: filters.map((f) => ({ ...f, values: [...f.values] })),
          timeRange: PERIOD,
          comparison: 'same_period_last_year',
        });
        const { values, previous } = answer.totals;
        expect(result.kpis.revenueCnyFen, name).toMatchObject({
          current: values.revenue,
          previous: previous!.revenue,
        });
        expect(result.kpis.grossProfitCnyFen, name).toMatchObject({
          current: values.gross_profit,
          previous: previous!.gross_profit,
        });
        expect(result.kpis.orders, name).toMatchObject({
          current: values.orders,
          previous: previous!.orders,
        });
        expect(values.revenue, name).not.toBe(0);
      }
    },
  );

  it('gives the same page with the rollups off and on', async () => {
    for (const [name, cookie, query] of [
      ...pages(),
      ['a distributor', cookies.dealer, PERIOD, []] as const,
    ]) {
      process.env.PULSE_ANALYTICS_ROLLUPS = 'off';
      const raw = await overviewOf(cookie, query);
      process.env.PULSE_ANALYTICS_ROLLUPS = 'auto';
      expect(await overviewOf(cookie, query), name).toEqual(raw);
      // The distributor's page, either way, has no gross profit or margin; everyone else's has.
      expectCostFigures(raw, cookie !== cookies.dealer);
    }
  });

  it('shows a distributor the revenue and orders the analytics query gives it', async () => {
    const result = await overviewOf(cookies.dealer);
    const answer = await analyticsQuery(cookies.dealer, {
      measures: ['revenue', 'orders'],
      timeRange: PERIOD,
      comparison: 'same_period_last_year',
    });
    expect(result.kpis.revenueCnyFen).toMatchObject({
      current: answer.totals.values.revenue,
      previous: answer.totals.previous!.revenue,
    });
    expect(result.kpis.orders).toMatchObject({
      current: answer.totals.values.orders,
      previous: answer.totals.previous!.orders,
    });
    // The layer refuses it gross profit; the page (which answered 200 above) never asks for it.
    const refused = await test.app.inject({
      method: 'POST',
      url: '/api/analytics/query',
      headers: { cookie: cookies.dealer, 'accept-language': 'en' },
      payload: { measures: ['revenue', 'gross_profit'], timeRange: PERIOD },
    });
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.json().error.code).toBe('ANALYTICS_MEASURE_FORBIDDEN');
  });
});

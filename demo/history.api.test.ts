/**
 * The demo company's three-year history at scale 1, as `npm start` loads it: the invariants
 * every service keeps (stock ledger, journals, settlements, shipping, invoicing, FEFO) and the
 * shape the issue asks for (three years, Spring Festival dip, year-end peak, growth, every aging
 * bucket, a written-off customer), and the campaigns, leads and funnel drawn from that history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectionWorklistQuery } from '../contracts/collections.ts';
import { evaluateActiveAlerts } from '../server/modules/analytics/alerts/alerts.service.ts';
import { getCustomerValue } from '../server/modules/analytics/customer-value/customer-value.service.ts';
import { salesFactsSql } from '../server/modules/analytics/index.ts';
import { runSavedReport } from '../server/modules/analytics/reports/saved-reports.service.ts';
import { listWorklist } from '../server/modules/credit/collections.service.ts';
import { agingBucketSql } from '../server/modules/finance/statements/aging.rules.ts';
import { findLedgerMismatches } from '../server/modules/inventory/index.ts';
import { getAttributionReport } from '../server/modules/marketing/attribution.service.ts';
import { getFunnelReport } from '../server/modules/marketing/funnel.service.ts';
import { systemContext } from '../server/platform/auth-context.ts';
import { addDays } from '../server/platform/dates.ts';
import { createPool, type Db } from '../server/platform/db.ts';
import { asSuperuser, createTestDatabase, type TestDatabase } from '../server/testing/test-db.ts';
import { questionsOfEveryRollup, systemAnswers } from './analytics.fixtures.ts';
import { loadDemoCompany } from './company.ts';
import { chineseNewYearOf } from './history/calendar.ts';

let test: TestDatabase;
let db: Db;
const today = '2026-11-23';
/** The two years of campaigns. */
const from = addDays(today, -729);

beforeAll(async () => {
  test = await createTestDatabase();
  // Ids must not depend on empty sequences: start every history table's ids far apart.
  const admin = createPool(test.adminUrl, 2);
  await admin.query(`SELECT setval(pg_get_serial_sequence(t, 'id'), 1000 + 37 * n)
                       FROM unnest(ARRAY['lots', 'sales_orders', 'sales_order_lines', 'shipments', 'shipment_lines',
                                         'invoices', 'journals', 'payments', 'price_lists', 'sales_contracts',
                                         'stock_moves', 'sales_order_allocations', 'receipts', 'credit_notes'])
                            WITH ORDINALITY AS x(t, n)`);
  db = test.db;
  await loadDemoCompany(db, { seed: 2026, today });
  // As autovacuum would soon after a load: the checks below join large tables.
  await admin.query('ANALYZE');
  await admin.end();
}, 300_000);
afterAll(async () => {
  await test?.drop();
});

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  return (await db.query(sql, params)).rows[0] as T;
}

describe('demo history: invariants', () => {
  it('keeps the stock ledger: balances equal the moves, nothing ever negative, reservations explained', async () => {
    expect(await findLedgerMismatches(db)).toEqual([]);
    // Replayed in order (by day, then as posted), no balance ever went below zero.
    const negative = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM (
        SELECT sum(quantity) OVER (PARTITION BY warehouse_id, product_id, lot_id, serial ORDER BY business_date, id) AS running
          FROM stock_moves) m WHERE running < 0`);
    expect(negative.n).toBe(0);
    // Per lot and warehouse: reserved = open allocations + holds, and held = returns awaiting inspection.
    const unexplained = await one<{ n: number }>(`
      WITH allocated AS (
        SELECT warehouse_id, product_id, lot_id, sum(quantity)::int AS q FROM sales_order_allocations
         WHERE status = 'reserved' GROUP BY 1, 2, 3),
      returned AS (
        SELECT l.warehouse_id, l.product_id, l.lot_id, sum(l.quantity)::int AS q FROM sales_return_lines l
          JOIN sales_returns r ON r.id = l.return_id WHERE r.status = 'awaiting_inspection' GROUP BY 1, 2, 3),
      balances AS (
        SELECT warehouse_id, product_id, lot_id, sum(reserved)::int AS reserved, sum(held)::int AS held
          FROM stock_balances GROUP BY 1, 2, 3)
      SELECT count(*)::int AS n FROM balances b
        LEFT JOIN allocated a USING (warehouse_id, product_id, lot_id)
        LEFT JOIN returned r USING (warehouse_id, product_id, lot_id)
       WHERE b.held <> coalesce(r.q, 0) OR b.reserved <> coalesce(a.q, 0) + coalesce(r.q, 0)`);
    expect(unexplained.n).toBe(0);
    // Serial-tracked stock is one unit per serial row.
    const serialRows = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM stock_balances WHERE serial <> '' AND (on_hand > 1 OR reserved > on_hand)`,
    );
    expect(serialRows.n).toBe(0);
    const receipts = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM receipt_lines rl
       WHERE rl.quantity_accepted <> coalesce((SELECT sum(quantity) FROM stock_moves m
                                                WHERE m.reference_type = 'receipt' AND m.reference_id = rl.receipt_id
                                                  AND m.lot_id = rl.lot_id), 0)`);
    expect(receipts.n).toBe(0);
  });

  it('posts balanced journals, and the receivables ledger agrees with the documents', async () => {
    const unbalanced = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM (SELECT j.id FROM journals j LEFT JOIN ledger_entries e ON e.journal_id = j.id
        GROUP BY j.id HAVING count(e.id) < 2 OR sum(e.debit_fen) <> sum(e.credit_fen)) x`);
    expect(unbalanced.n).toBe(0);
    // Per customer: AR = open invoices − open credit notes; customer credit = unallocated payments.
    const disagreeing = await one<{ n: number }>(`
      WITH ledger AS (
        SELECT customer_id, sum(debit_fen - credit_fen) FILTER (WHERE account = 'AR') AS ar,
               sum(credit_fen - debit_fen) FILTER (WHERE account = 'CUSTOMER_CREDIT') AS credit
          FROM ledger_entries WHERE customer_id IS NOT NULL GROUP BY customer_id),
      documents AS (
        SELECT c.id AS customer_id,
               coalesce((SELECT sum(open_cny_fen) FROM invoices i WHERE i.customer_id = c.id), 0)
             - coalesce((SELECT sum(open_cny_fen) FROM credit_notes n WHERE n.customer_id = c.id), 0) AS ar,
               coalesce((SELECT sum(unallocated_cny_fen) FROM payments p WHERE p.customer_id = c.id), 0) AS credit
          FROM customers c)
      SELECT count(*)::int AS n FROM documents d LEFT JOIN ledger l USING (customer_id)
       WHERE coalesce(l.ar, 0) <> d.ar OR coalesce(l.credit, 0) <> d.credit`);
    expect(disagreeing.n).toBe(0);
    const journals = await one<{ invoices: number; payments: number }>(`
      SELECT (SELECT count(*)::int FROM invoices WHERE journal_id IS NULL) AS invoices,
             (SELECT count(*)::int FROM payments WHERE journal_id IS NULL) AS payments`);
    expect(journals).toEqual({ invoices: 0, payments: 0 });
  });

  it('never allocates beyond a payment, a credit note or an invoice', async () => {
    const payments = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM payments p
       WHERE p.allocated_amount <> coalesce((SELECT sum(amount) FROM allocations a WHERE a.payment_id = p.id), 0)
          OR p.allocated_amount > p.amount`);
    expect(payments.n).toBe(0);
    const notes = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM credit_notes n
       WHERE n.applied_amount <> coalesce((SELECT sum(amount) FROM allocations a WHERE a.credit_note_id = n.id), 0)`);
    expect(notes.n).toBe(0);
    // Each settlement fitted into what the invoice had open at that moment (settlements in id order).
    const overshoot = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM (
        SELECT i.gross_amount, sum(a.amount) OVER (PARTITION BY a.invoice_id ORDER BY a.id) AS settled
          FROM allocations a JOIN invoices i ON i.id = a.invoice_id) x
       WHERE settled > gross_amount`);
    expect(overshoot.n).toBe(0);
    const invoices = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM invoices i
       WHERE i.paid_amount <> coalesce((SELECT sum(amount) FROM allocations a WHERE a.invoice_id = i.id AND a.payment_id IS NOT NULL), 0)
          OR i.credited_amount <> coalesce((SELECT sum(amount) FROM allocations a WHERE a.invoice_id = i.id AND a.credit_note_id IS NOT NULL), 0)
          OR i.written_off_amount <> coalesce((SELECT sum(amount) FROM write_offs w WHERE w.invoice_id = i.id AND w.status = 'approved'), 0)`);
    expect(invoices.n).toBe(0);
  });

  it('ships no more than was allocated, and every order line adds up', async () => {
    const lines = await one<{ n: number }>(`
      WITH allocated AS (SELECT order_line_id, sum(quantity) AS q FROM sales_order_allocations
                          WHERE status <> 'released' GROUP BY 1),
           shipped AS (SELECT sl.order_line_id, sum(sl.quantity) AS q FROM shipment_lines sl
                         JOIN shipments s ON s.id = sl.shipment_id WHERE s.status IN ('shipped', 'delivered') GROUP BY 1)
      SELECT count(*)::int AS n FROM sales_order_lines l
        LEFT JOIN allocated a ON a.order_line_id = l.id LEFT JOIN shipped s ON s.order_line_id = l.id
       WHERE l.shipped_quantity > l.allocated_quantity
          OR l.allocated_quantity <> coalesce(a.q, 0) OR l.shipped_quantity <> coalesce(s.q, 0)
          OR l.allocated_quantity + l.backordered_quantity > l.quantity`);
    expect(lines.n).toBe(0);
    const orders = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM sales_orders o
        JOIN (SELECT order_id, sum(net_amount) AS net, sum(tax_amount) AS tax, sum(net_cny_fen) AS net_cny
                FROM sales_order_lines GROUP BY 1) l ON l.order_id = o.id
       WHERE o.net_amount <> l.net OR o.tax_amount <> l.tax OR o.net_cny_fen <> l.net_cny`);
    expect(orders.n).toBe(0);
  });

  it('invoices add up to their lines, and their lines to the shipment', async () => {
    const invoices = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM invoices i
        LEFT JOIN (SELECT invoice_id, sum(net_amount) AS net, sum(tax_amount) AS tax, sum(net_cny_fen) AS net_cny,
                          sum(tax_cny_fen) AS tax_cny, sum(cost_cny_fen) AS cost
                     FROM invoice_lines GROUP BY 1) l ON l.invoice_id = i.id
       WHERE (i.net_amount, i.tax_amount, i.net_cny_fen, i.tax_cny_fen, i.cost_cny_fen)
             IS DISTINCT FROM (l.net, l.tax, l.net_cny, l.tax_cny, l.cost)`);
    expect(invoices.n).toBe(0);
    const lines = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM invoice_lines il JOIN shipment_lines sl ON sl.id = il.shipment_line_id
       WHERE il.quantity <> sl.quantity OR il.lot_id <> sl.lot_id OR il.unit_cost_fen <> sl.unit_cost_fen
          OR il.cost_cny_fen <> il.quantity * sl.unit_cost_fen`);
    expect(lines.n).toBe(0);
    // Each order's maintained invoiced amount (migration 0031, triggers on invoices) is its invoices' gross.
    const orders = await one<{ n: number; invoiced: number }>(`
      SELECT count(*) FILTER (WHERE o.invoiced_gross_cny_fen <> coalesce(b.fen, 0))::int AS n,
             count(*) FILTER (WHERE o.invoiced_gross_cny_fen > 0)::int AS invoiced
        FROM sales_orders o
        LEFT JOIN (SELECT order_id, sum(gross_cny_fen) AS fen FROM invoices WHERE status <> 'cancelled'
                    GROUP BY order_id) b ON b.order_id = o.id`);
    expect(orders.n).toBe(0);
    expect(orders.invoiced).toBeGreaterThan(10_000);
  });

  it('never ships an expired lot, or one with less shelf life than the customer asks for', async () => {
    const short = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM shipment_lines sl JOIN shipments s ON s.id = sl.shipment_id
        JOIN lots l ON l.id = sl.lot_id JOIN customers c ON c.id = s.customer_id
       WHERE s.shipped_on IS NOT NULL AND l.expiry_date - s.shipped_on < greatest(1, c.min_shelf_life_days)`);
    expect(short.n).toBe(0);
    const serials = await one<{ missing: number; shipped: number }>(`
      SELECT count(*) FILTER (WHERE n <> quantity)::int AS missing, count(*)::int AS shipped FROM (
        SELECT sl.quantity, (SELECT count(*) FROM shipment_line_serials x WHERE x.shipment_line_id = sl.id) AS n
          FROM shipment_lines sl JOIN shipments s ON s.id = sl.shipment_id JOIN products p ON p.id = sl.product_id
         WHERE p.is_serial_tracked AND s.status IN ('shipped', 'delivered')) x`);
    expect(serials.shipped).toBeGreaterThan(0);
    expect(serials.missing).toBe(0);
  });

  it('leaves document counters at or above every number it used', async () => {
    const behind = await one<{ n: number; documents: number }>(`
      WITH used AS (
        SELECT number FROM sales_orders UNION ALL SELECT number FROM shipments UNION ALL SELECT number FROM invoices
        UNION ALL SELECT number FROM payments UNION ALL SELECT number FROM purchase_orders
        UNION ALL SELECT number FROM receipts UNION ALL SELECT number FROM credit_notes
        UNION ALL SELECT number FROM sales_returns UNION ALL SELECT number FROM write_offs
        UNION ALL SELECT number FROM sales_contracts),
      parsed AS (
        SELECT split_part(number, '-', 1) AS prefix, to_date(split_part(number, '-', 2), 'YYYYMMDD') AS day,
               split_part(number, '-', 3)::int AS seq FROM used)
      SELECT count(*) FILTER (WHERE c.last_value IS NULL OR c.last_value < p.seq)::int AS n, count(*)::int AS documents
        FROM parsed p LEFT JOIN document_counters c ON c.prefix = p.prefix AND c.day = p.day`);
    expect(behind.documents).toBeGreaterThan(30_000);
    expect(behind.n).toBe(0);
  });
});

describe('demo history: storage', () => {
  it('stores the rows that never change once written frozen, most of their pages marked all-visible', async () => {
    // COPY FREEZE into the storage renewed in the load's transaction: the first reads after the
    // commit then have nothing to record on the rows or pages. pageinspect shows each row's
    // header, pg_visibility the pages marked all-frozen (both ship with PostgreSQL; a server
    // without them skips the check). COPY marks a page only when it starts it empty, so the
    // page each batch of rows continues on stays unmarked, with its rows frozen all the same.
    const available = await asSuperuser<{ n: number }>(
      test,
      `SELECT count(*)::int AS n FROM pg_available_extensions WHERE name IN ('pageinspect', 'pg_visibility')`,
    );
    if (available.rows[0]!.n < 2) return;
    await asSuperuser(
      test,
      'CREATE EXTENSION IF NOT EXISTS pageinspect; CREATE EXTENSION IF NOT EXISTS pg_visibility',
    );
    // HEAP_XMIN_FROZEN: both the committed and the invalid bit of the row's xmin (0x0300).
    const { rows } = await asSuperuser<{
      table: string;
      rows: number;
      unfrozen: number;
      pages: number;
      marked: number;
    }>(
      test,
      `SELECT t AS table, count(*)::int AS rows, count(*) FILTER (WHERE i.t_infomask & 768 <> 768)::int AS unfrozen,
              max(p.pages) AS pages, max(v.all_frozen)::int AS marked
         FROM unnest(ARRAY['stock_moves', 'ledger_entries', 'shipment_line_serials', 'invoice_lines']::regclass[]) AS t
         CROSS JOIN LATERAL (SELECT (pg_relation_size(t) / current_setting('block_size')::int)::int AS pages) p
         CROSS JOIN LATERAL pg_visibility_map_summary(t) v
         CROSS JOIN LATERAL generate_series(0, p.pages - 1) AS page
         CROSS JOIN LATERAL heap_page_items(get_raw_page(t::text, page)) i
        WHERE i.lp_flags = 1
        GROUP BY t`,
    );
    expect(rows.map((r) => r.table).sort()).toEqual(
      ['invoice_lines', 'ledger_entries', 'shipment_line_serials', 'stock_moves'].sort(),
    );
    for (const table of rows) {
      expect(table.rows, table.table).toBeGreaterThan(1000);
      expect(table.unfrozen, table.table).toBe(0);
      expect(table.marked, table.table).toBeGreaterThan(table.pages / 2);
    }
  });
});

describe('demo history: shape', () => {
  it('has three years of orders at the size the issue asks for', async () => {
    const size = await one<{ months: number; orders: number; lines: number; first: string }>(`
      SELECT count(DISTINCT date_trunc('month', order_date))::int AS months, count(*)::int AS orders,
             (SELECT count(*)::int FROM sales_order_lines) AS lines, min(order_date)::text AS first FROM sales_orders`);
    expect(size.months).toBeGreaterThanOrEqual(37);
    expect(size.first <= '2023-11-05').toBe(true);
    expect(size.orders).toBeGreaterThan(13_000);
    expect(size.orders).toBeLessThan(20_000);
    expect(size.lines).toBeGreaterThan(38_000);
    expect(size.lines).toBeLessThan(60_000);
  });

  it('dips at every Spring Festival and peaks with the hospitals’ budgets in November and December', async () => {
    const { rows } = await db.query<{ month: string; orders: number; net: number }>(
      `SELECT to_char(order_date, 'YYYY-MM') AS month, count(*)::int AS orders, sum(net_cny_fen)::float8 AS net
         FROM sales_orders GROUP BY 1 ORDER BY 1`,
    );
    const byMonth = new Map(rows.map((r) => [r.month, r]));
    for (const year of [2024, 2025, 2026]) {
      const ordinary = ['03', '04', '05', '06', '07', '08', '09', '10'].map(
        (m) => byMonth.get(`${year}-${m}`)!,
      );
      const mean = (key: 'orders' | 'net') => ordinary.reduce((sum, r) => sum + r[key], 0) / ordinary.length;
      // The month the holiday week falls in (the week after the festival).
      const festival = chineseNewYearOf(year);
      const holidayMonth = byMonth.get(
        festival.slice(0, 7) === `${year}-01` ? `${year}-02` : festival.slice(0, 7),
      )!;
      expect(holidayMonth.orders, `${year} Spring Festival`).toBeLessThan(0.85 * mean('orders'));
      if (year < 2026) {
        const yearEnd = (byMonth.get(`${year}-11`)!.net + byMonth.get(`${year}-12`)!.net) / 2;
        expect(yearEnd, `${year} year end`).toBeGreaterThan(1.1 * mean('net'));
      }
    }
  });

  it('grows 12–20 % a year, faster in the southwest than in the northeast', async () => {
    const growth = await one<{ last: number; before: number }>(
      `SELECT sum(net_cny_fen) FILTER (WHERE order_date > $1::date - 365)::float8 AS last,
              sum(net_cny_fen) FILTER (WHERE order_date <= $1::date - 365 AND order_date > $1::date - 730)::float8 AS before
         FROM sales_orders`,
      [today],
    );
    const rate = growth.last / growth.before - 1;
    expect(rate).toBeGreaterThan(0.1);
    expect(rate).toBeLessThan(0.25);
    const { rows } = await db.query<{ region: string; rate: number }>(
      `SELECT r.code AS region,
              (sum(o.net_cny_fen) FILTER (WHERE o.order_date > $1::date - 365)::float8 /
               sum(o.net_cny_fen) FILTER (WHERE o.order_date <= $1::date - 365 AND o.order_date > $1::date - 730)) - 1 AS rate
         FROM sales_orders o JOIN regions city ON city.id = o.region_id JOIN regions province ON province.id = city.parent_id
         JOIN regions r ON r.id = province.parent_id
        GROUP BY r.code`,
      [today],
    );
    const byRegion = Object.fromEntries(rows.map((r) => [r.region, r.rate]));
    expect(byRegion.SOUTHWEST).toBeGreaterThan(byRegion.NORTHEAST!);
  });

  it('prices orders from contracts, agreements, channel lists and (rarely) the list price', async () => {
    const { rows } = await db.query<{ source: string; n: number }>(
      'SELECT price_source AS source, count(*)::int AS n FROM sales_order_lines GROUP BY 1',
    );
    const n = Object.fromEntries(rows.map((r) => [r.source, r.n]));
    expect(n.channel_price_list).toBeGreaterThan(n.contract ?? 0);
    expect(n.contract).toBeGreaterThan(500);
    expect(n.customer_price_list).toBeGreaterThan(500);
    expect(n.list_price).toBeGreaterThan(0);
    expect(n.list_price).toBeLessThan(n.channel_price_list! / 20);
  });

  it('leaves today with open orders, backorders, open and overdue invoices in every aging bucket', async () => {
    const { rows: statuses } = await db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM sales_orders GROUP BY 1`,
    );
    const status = Object.fromEntries(statuses.map((r) => [r.status, r.n]));
    expect(status.allocated).toBeGreaterThan(0);
    expect(status.picking).toBeGreaterThan(0);
    expect(status.backordered).toBeGreaterThan(0);
    expect(status.delivered).toBeGreaterThan(10_000);
    const backorders = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM sales_order_lines l JOIN sales_orders o ON o.id = l.order_id
        WHERE o.accept_partial AND l.backordered_quantity > 0`,
    );
    expect(backorders.n).toBeGreaterThan(0);
    const { rows: buckets } = await db.query<{ bucket: string; n: number }>(
      `SELECT ${agingBucketSql('greatest(0, $1::date - due_date)')} AS bucket, count(*)::int AS n
         FROM invoices WHERE open_amount > 0 GROUP BY 1`,
      [today],
    );
    expect(Object.fromEntries(buckets.map((b) => [b.bucket, b.n > 0]))).toEqual({
      not_due: true,
      '1_30': true,
      '31_60': true,
      '61_90': true,
      '91_180': true,
      over_180: true,
    });
  });

  it('numbers lots as makers do, so that a lot number names one product or a few', async () => {
    const shared = await one<{ most: number; lots: number }>(
      `SELECT max(n)::int AS most, sum(n)::int AS lots FROM (SELECT count(*) AS n FROM lots GROUP BY lot_number) x`,
    );
    expect(shared.lots).toBeGreaterThan(1_000);
    expect(shared.most).toBeLessThanOrEqual(5);
  });

  it('won customers along the way, a few of them new on the customer-value page today', async () => {
    // First orders a year or more into the history: customers won during it (without them, a
    // customer that orders rarely still orders within its first year: 1 % of them did not).
    const won = await one<{ later: number; recent: number; customers: number }>(
      `
      SELECT count(*) FILTER (WHERE first_order > '2024-11-01')::int AS later,
             count(*) FILTER (WHERE first_order > $1::date - 60)::int AS recent, count(*)::int AS customers
        FROM (SELECT customer_id, min(order_date) AS first_order FROM sales_orders GROUP BY customer_id) f`,
      [today],
    );
    expect(won.later / won.customers).toBeGreaterThan(0.025);
    expect(won.later / won.customers).toBeLessThan(0.08);
    expect(won.recent).toBeGreaterThanOrEqual(2);
    // DOMAIN §6: "new" is a recent last order and a first order ever within 60 days.
    const value = await getCustomerValue(db, systemContext(), { mode: 'fixed', limit: 200 }, today);
    const fresh = value.segments.find((s) => s.segment === 'new');
    expect(fresh?.customers).toBeGreaterThanOrEqual(2);
    expect(fresh?.customers).toBeLessThanOrEqual(won.recent);
  });

  it('wrote off the debts of exactly one customer, with approval and a journal', async () => {
    const writeOffs = await one<{ customers: number; n: number; journals: number; invoices: number }>(`
      SELECT count(DISTINCT w.customer_id)::int AS customers, count(*)::int AS n,
             count(j.id)::int AS journals,
             (SELECT count(*)::int FROM invoices WHERE status = 'written_off') AS invoices
        FROM write_offs w LEFT JOIN journals j ON j.id = w.journal_id AND j.source_type = 'write_off'
       WHERE w.status = 'approved' AND w.decided_by <> w.requested_by`);
    expect(writeOffs.customers).toBe(1);
    expect(writeOffs.n).toBeGreaterThan(0);
    expect(writeOffs.journals).toBe(writeOffs.n);
    expect(writeOffs.invoices).toBe(writeOffs.n);
  });

  it('has returns with credit notes, price allowances and rejected receipts', async () => {
    const counts = await one<{
      returns: number;
      inspected: number;
      returnNotes: number;
      allowances: number;
      rejected: number;
    }>(`
      SELECT (SELECT count(*)::int FROM sales_returns) AS returns,
             (SELECT count(*)::int FROM sales_returns WHERE status = 'inspected') AS inspected,
             (SELECT count(*)::int FROM credit_notes WHERE kind = 'return') AS "returnNotes",
             (SELECT count(*)::int FROM credit_notes WHERE kind = 'adjustment') AS allowances,
             (SELECT count(*)::int FROM receipt_lines WHERE quantity_rejected > 0) AS rejected`);
    expect(counts.returns).toBeGreaterThan(20);
    expect(counts.inspected).toBeGreaterThan(0);
    expect(counts.returnNotes).toBe(counts.returns);
    expect(counts.allowances).toBeGreaterThan(5);
    expect(counts.rejected).toBeGreaterThan(20);
  });
});

describe('demo marketing section', () => {
  it('generates two years of campaigns of every type with costs booked over time, and thousands of leads', async () => {
    const { rows } = await db.query<{
      type: string;
      campaigns: number;
      costs: number;
      leads: number;
    }>(
      `SELECT c.type, count(DISTINCT c.id)::int AS campaigns, count(DISTINCT k.id)::int AS costs,
              (SELECT count(*)::int FROM leads l JOIN campaigns c2 ON c2.id = l.campaign_id WHERE c2.type = c.type) AS leads
         FROM campaigns c LEFT JOIN campaign_costs k ON k.campaign_id = c.id GROUP BY c.type`,
    );
    const byType = Object.fromEntries(rows.map((r) => [r.type, r]));
    expect(Object.keys(byType).sort()).toEqual([
      'academic_meeting',
      'distributor_promotion',
      'email',
      'online_ad',
      'trade_show',
    ]);
    expect(byType.trade_show!.costs).toBeGreaterThan(byType.trade_show!.campaigns * 3);
    const leads = rows.reduce((sum, r) => sum + r.leads, 0);
    expect(leads).toBeGreaterThan(2000);
    expect(byType.trade_show!.leads).toBeGreaterThan(byType.academic_meeting!.leads * 10);
    const { rows: dates } = await db.query<{ first: string; last: string }>(
      `SELECT to_char(min(cost_date), 'YYYY-MM-DD') AS first, to_char(max(cost_date), 'YYYY-MM-DD') AS last FROM campaign_costs`,
    );
    expect(dates[0]!.first < addDays(today, -600)).toBe(true);
    expect(dates[0]!.last <= today).toBe(true);
  });

  it('touches only customers that have orders', async () => {
    const { rows } = await db.query<{ orphans: number; touches: number }>(
      `SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM sales_orders o WHERE o.customer_id = t.customer_id))::int AS orphans,
              count(*)::int AS touches
         FROM touches t WHERE t.customer_id IS NOT NULL`,
    );
    expect(rows[0]!.orphans).toBe(0);
    expect(rows[0]!.touches).toBeGreaterThan(1000);
  });

  it('fills every stage of the funnel, with lost reasons', async () => {
    const report = await getFunnelReport(db, systemContext(), { from, to: today });
    const reached = report.stages.map((s) => s.reached);
    expect(reached.every((n) => n > 0)).toBe(true);
    expect(reached).toEqual([...reached].sort((a, b) => b - a));
    expect(report.lostReasons.length).toBeGreaterThan(2);
    expect(report.winRate).toBeGreaterThan(0);
    expect(report.salesVelocityFenPerDay).toBeGreaterThan(0);
  });

  it('tells the story: trade shows bring many leads and little profit, academic meetings few leads and much profit', async () => {
    const report = await getAttributionReport(db, systemContext(), { from, to: today });
    expect(report.orders.attributed).toBeGreaterThan(100);
    const sum = (type: string, pick: (c: (typeof report.campaigns)[number]) => number) =>
      report.campaigns.filter((c) => c.type === type).reduce((s, c) => s + pick(c), 0);
    const roi = (type: string) => {
      const cost = sum(type, (c) => c.costFen);
      return (
        (sum(type, (c) => c.models.linear.grossProfitFen - c.models.linear.afterSalesCostFen) - cost) / cost
      );
    };
    expect(sum('trade_show', (c) => c.leads)).toBeGreaterThan(sum('academic_meeting', (c) => c.leads) * 10);
    expect(roi('trade_show')).toBeLessThan(0);
    expect(roi('academic_meeting')).toBeGreaterThan(1);
    expect(sum('academic_meeting', (c) => c.leadToOpportunity ?? 0)).toBeGreaterThan(0);
    expect(report.economics.cacFen).toBeGreaterThan(0);
  });
});

// Issue #6: contacts with the customers that pay late, with promises kept, broken and open by
// the same rule as the daily collections job, and the collections worklist showing them.
describe('demo collection log', () => {
  it('contacts only customers with an invoice past due, never after today, about one of their open invoices', async () => {
    const { rows } = await db.query<{
      contacts: number;
      customers: number;
      stray: number;
      future: number;
      foreign: number;
    }>(
      `SELECT count(*)::int AS contacts, count(DISTINCT k.customer_id)::int AS customers,
              count(*) FILTER (WHERE NOT EXISTS (
                SELECT 1 FROM invoices i WHERE i.customer_id = k.customer_id AND i.open_amount > 0
                   AND i.status <> 'cancelled' AND i.due_date < $1::date AND i.due_date < k.contacted_on))::int AS stray,
              count(*) FILTER (WHERE k.contacted_on > $1::date)::int AS future,
              count(*) FILTER (WHERE i.customer_id <> k.customer_id OR i.open_amount <= 0)::int AS foreign
         FROM collection_contacts k JOIN invoices i ON i.id = k.invoice_id`,
      [today],
    );
    expect(rows[0]!.contacts).toBeGreaterThan(20);
    expect(rows[0]).toMatchObject({ stray: 0, future: 0, foreign: 0 });
    const overdue = await db.query<{ n: number }>(
      `SELECT count(DISTINCT customer_id)::int AS n FROM invoices
        WHERE open_amount > 0 AND status <> 'cancelled' AND due_date < $1::date`,
      [today],
    );
    expect(rows[0]!.customers).toBe(overdue.rows[0]!.n);
  });

  it('has promises kept, broken and open, each as the payments received since the contact say', async () => {
    const { rows } = await db.query<{ status: string; n: number; wrong: number }>(
      `SELECT k.promise_status AS status, count(*)::int AS n,
              count(*) FILTER (WHERE k.promise_status <> CASE
                WHEN paid.fen >= k.promised_fen THEN 'kept'
                WHEN k.promised_on < $1::date THEN 'broken'
                ELSE 'open' END)::int AS wrong
         FROM collection_contacts k
         CROSS JOIN LATERAL (SELECT coalesce(sum(p.amount_cny_fen), 0) AS fen FROM payments p
                              WHERE p.customer_id = k.customer_id
                                AND p.received_date BETWEEN k.contacted_on AND k.promised_on) paid
        WHERE k.promise_status IS NOT NULL
        GROUP BY 1 ORDER BY 1`,
      [today],
    );
    expect(rows.map((r) => r.status)).toEqual(['broken', 'kept', 'open']);
    for (const row of rows) {
      expect(row.n, row.status).toBeGreaterThan(0);
      expect(row.wrong, row.status).toBe(0);
    }
  });

  it('uses every channel of the steps reached, finance writing the escalations', async () => {
    const { rows } = await db.query<{ channel: string }>(
      'SELECT DISTINCT channel FROM collection_contacts ORDER BY 1',
    );
    expect(rows.map((r) => r.channel)).toEqual(['email', 'letter', 'phone', 'visit', 'wechat']);
    const letters = await db.query<{ username: string }>(
      `SELECT DISTINCT u.username FROM collection_contacts k JOIN users u ON u.id = k.logged_by
        WHERE k.channel = 'letter'`,
    );
    expect(letters.rows.map((r) => r.username)).toEqual(['finance']);
  });

  it('shows on the collections worklist: the latest contact and the open promise', async () => {
    const worklist = await listWorklist(
      db,
      systemContext('en'),
      collectionWorklistQuery.parse({ pageSize: 200 }),
      200,
      today,
    );
    const overdue = worklist.items.filter((item) => item.daysPastDue > 0);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((item) => item.lastContact !== null)).toBe(true);
    expect(worklist.items.some((item) => item.openPromise?.promiseStatus === 'open')).toBe(true);
  });
});

// The demo targets (issue #8): every sales region and every rep who sold has a target each
// month, and over the past year the company reaches roughly 87–95 % of them (targets 5–15 %
// above the trend).
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
    // From the first month of history to the plan's December.
    const history = await db.query<{ first: string; months: number }>(
      `SELECT to_char(min(order_date), 'YYYY-MM') AS first,
              ((2026 - extract(year FROM min(order_date))) * 12 + 12 - extract(month FROM min(order_date)) + 1)::int AS months
         FROM sales_orders`,
    );
    const { first, months } = history.rows[0]!;
    expect(months).toBeGreaterThan(24);
    for (const row of rows) expect(row).toMatchObject({ months, first, last: '2026-12' });
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

describe('demo saved reports and KPI alerts', () => {
  it('stores reports every role they are shared with can run, with figures', async () => {
    const { rows } = await db.query<{ id: number; name: string }>(
      'SELECT id, name FROM saved_reports ORDER BY id',
    );
    expect(rows.length).toBe(3);
    for (const report of rows) {
      const result = await runSavedReport(db, systemContext(), report.id, today);
      expect(result.rows.length, report.name).toBeGreaterThan(0);
      expect(
        Object.values(result.totals.values).some((v) => v !== null && v !== 0),
        report.name,
      ).toBe(true);
    }
  });

  it('evaluates every alert as its owner without an error', async () => {
    const summary = await evaluateActiveAlerts(db, { today });
    expect(summary).toMatchObject({ evaluated: 3, failed: 0 });
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM kpi_alerts WHERE last_value IS NOT NULL AND last_error IS NULL',
    );
    expect(rows[0]!.n).toBe(3);
  });
});

describe('demo approvals under way', () => {
  it('leaves three contracts for next year waiting, one on each route of the contract policy (DOMAIN §5)', async () => {
    const { rows } = await db.query<{ amount: number; status: string; tasks: string; valid_from: string }>(
      `SELECT a.amount_fen::float8 / 100 AS amount, a.status, k.valid_from::text AS valid_from,
              (SELECT string_agg(u.username || ' ' || t.status, ', ' ORDER BY t.id)
                 FROM workflow_tasks t JOIN users u ON u.id = t.assignee_id WHERE t.approval_id = a.id) AS tasks
         FROM workflow_approvals a JOIN sales_contracts k ON k.id = a.document_id
        WHERE a.document_type = 'contract' ORDER BY a.amount_fen`,
    );
    expect(rows.map((r) => [r.amount < 50_000, r.status, r.valid_from, r.tasks])).toEqual([
      // Under 50,000: the sales director alone.
      [true, 'pending', '2027-01-01', 'director open'],
      // 50,000–200,000: the sales director and finance, in parallel.
      [false, 'pending', '2027-01-01', 'director open, finance open'],
      // Above 200,000: director → legal → finance director → GM; the director has approved.
      [false, 'pending', '2027-01-01', 'director done, legal open'],
    ]);
    expect(rows[1]!.amount).toBeGreaterThanOrEqual(50_000);
    expect(rows[1]!.amount).toBeLessThanOrEqual(200_000);
    expect(rows[2]!.amount).toBeGreaterThan(200_000);
    // Each next-year contract carries its customer's agreed prices of this year, product for product.
    const lines = (contract: string) =>
      `SELECT product_id, unit_price FROM sales_contract_lines WHERE contract_id = ${contract}.id`;
    const compared = await one<{ pairs: number; differing: number }>(`
      SELECT count(DISTINCT a.id)::int AS pairs, count(d.product_id)::int AS differing FROM workflow_approvals a
        JOIN sales_contracts nxt ON nxt.id = a.document_id
        JOIN sales_contracts cur ON cur.customer_id = nxt.customer_id AND cur.valid_until = nxt.valid_from - 1
        LEFT JOIN LATERAL ((${lines('nxt')} EXCEPT ${lines('cur')}) UNION ALL (${lines('cur')} EXCEPT ${lines('nxt')})) d
          ON true
       WHERE a.document_type = 'contract'`);
    expect(compared).toEqual({ pairs: 3, differing: 0 });
  });
});

describe('demo analytics rollups', () => {
  it('are built once the load has committed: nothing left to read from the documents, the same answers', async () => {
    // Built after the commit, on two connections: every mark the bulk load left is taken.
    expect((await db.query('SELECT family, day FROM analytics_rollup_dirty_days')).rows).toEqual([]);
    expect((await db.query('SELECT customer_id FROM analytics_receivables_dirty_customers')).rows).toEqual(
      [],
    );
    for (const table of [
      'analytics_daily_sales',
      'analytics_daily_orders',
      'analytics_daily_stock_value',
      'analytics_receivables_deltas',
    ]) {
      expect((await one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).n, table).toBeGreaterThan(
        1000,
      );
    }
    const questions = questionsOfEveryRollup(from, today);
    const documents = await systemAnswers(db, questions, today, 'off');
    for (const answer of documents) expect(answer.rows.length).toBeGreaterThan(1);
    expect(await systemAnswers(db, questions, today, 'auto')).toEqual(documents);
  });
});

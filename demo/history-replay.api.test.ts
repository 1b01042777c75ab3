/**
 * Replays generated documents through the real application and compares what it computes with
 * what the generator wrote:
 *
 * - orders: every order of the history's last day is taken again through POST /api/orders
 *   (compliance, price resolution, amounts, floor check, FEFO allocation and reservation), in
 *   the original sequence, on the stock as it was before that day's orders; prices, amounts,
 *   allocated and backordered quantities and the allocated lots must be the same;
 * - invoices: a sample of generated invoices is issued again through POST /api/invoices for the
 *   same shipment and date; amounts, lines, due date and the journal must be the same;
 * - payments: every automatically allocated payment of a sample of customers is planned and
 *   priced again with the allocation rules (`planAutomaticAllocation`, `priceAllocations`,
 *   `allocationEntries`) against the customer's open invoices as they stood at that moment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../contracts/sales.ts';
import { allocationEntries } from '../server/modules/finance/ledger/ledger.rules.ts';
import {
  type OpenInvoice,
  planAutomaticAllocation,
  priceAllocations,
} from '../server/modules/finance/payments/allocation.rules.ts';
import { addDays, businessDate } from '../server/platform/dates.ts';
import { createPool } from '../server/platform/db.ts';
import { createTestApp, signIn, type TestApp } from '../server/testing/test-app.ts';
import { DEMO_PASSWORD, loadDemoCompany } from './company.ts';
import { dayWeight } from './history/calendar.ts';

let test: TestApp;
let today: string;
let director: string;
let finance: string;
/** The last invoice the generator wrote (the invoice replay adds more after it). */
let lastGeneratedInvoice: number;

/**
 * The services check compliance on the later of the order date and the real today, so the
 * demo's today is the real one — or the last ordinary working day before it (a Sunday or the
 * Spring Festival has too few orders to replay).
 */
function lastWorkingDay(): string {
  let date = businessDate();
  while (dayWeight(date, 'hospital') < 0.8) date = addDays(date, -1);
  return date;
}

beforeAll(async () => {
  test = await createTestApp();
  // Credit limits and approvals (the credit module) are not part of the generated history,
  // which only stops customers with invoices more than 90 days past due: the replay compares
  // pricing, amounts and allocation, with every order within credit.
  test.app.salesHooks.credit = { checkOrder: async () => ({ decision: 'approve' }) };
  today = lastWorkingDay();
  await loadDemoCompany(test.deps.db, { seed: 11, today, historyMonths: 2 });
  const admin = createPool(test.database.adminUrl, 1);
  await admin.query('ANALYZE');
  await admin.end();
  lastGeneratedInvoice = (await test.deps.db.query<{ id: number }>('SELECT max(id) AS id FROM invoices'))
    .rows[0]!.id;
  director = await signIn(test, 'director', DEMO_PASSWORD);
  finance = await signIn(test, 'finance', DEMO_PASSWORD);
}, 300_000);
afterAll(async () => {
  await test?.close();
});

const db = () => test.deps.db;

function call(cookie: string, method: 'POST', url: string, payload: object) {
  return test.app.inject({ method, url, payload, headers: { cookie, 'accept-language': 'en' } });
}

interface StoredOrder {
  id: number;
  customerId: number;
  contractId: number | null;
  promisedDate: string;
  acceptPartial: boolean;
  status: string;
  netAmount: number;
  taxAmount: number;
  netCnyFen: number;
  hasApproval: boolean;
}

const lineColumns = `product_id AS "productId", quantity, price_source AS "priceSource", price_reference_id AS "priceReferenceId",
  unit_price AS "unitPrice", discount_rate::text AS "discountRate", vat_rate::text AS "vatRate", net_amount AS "netAmount",
  tax_amount AS "taxAmount", net_cny_fen AS "netCnyFen", tax_cny_fen AS "taxCnyFen", floor_price_fen AS "floorPriceFen",
  allocated_quantity AS "allocatedQuantity", backordered_quantity AS "backorderedQuantity"`;

describe('demo history: replay through the services', () => {
  it('takes the last day’s orders again with the same prices, amounts and FEFO lots', async () => {
    const { rows: orders } = await db().query<StoredOrder>(
      `SELECT o.id, o.customer_id AS "customerId", o.contract_id AS "contractId", o.promised_date AS "promisedDate",
              o.accept_partial AS "acceptPartial", o.status, o.net_amount AS "netAmount", o.tax_amount AS "taxAmount",
              o.net_cny_fen AS "netCnyFen", EXISTS (SELECT 1 FROM sales_order_approvals a WHERE a.order_id = o.id) AS "hasApproval"
         FROM sales_orders o WHERE o.order_date = $1 ORDER BY o.id`,
      [today],
    );
    expect(orders.length).toBeGreaterThan(5);
    const ids = orders.map((o) => o.id);
    // The stock before the day's orders: what their allocations took is given back to each lot
    // (shipping leaves a lot's free units unchanged, so reserved and shipped units both come back:
    // shipped serials to their rows, other units by lowering the lot's order reservations).
    await db().query(
      `UPDATE stock_balances b SET on_hand = b.on_hand + x.n
         FROM (SELECT a.warehouse_id, a.product_id, a.lot_id, coalesce(s.serial, '') AS serial,
                      sum(CASE WHEN s.serial IS NULL THEN a.quantity ELSE 1 END)::int AS n
                 FROM sales_order_allocations a
                 JOIN shipment_lines sl ON sl.allocation_id = a.id
                 LEFT JOIN shipment_line_serials s ON s.shipment_line_id = sl.id
                WHERE a.order_id = ANY($1::bigint[]) AND a.status = 'shipped' GROUP BY 1, 2, 3, 4) x
        WHERE b.warehouse_id = x.warehouse_id AND b.product_id = x.product_id AND b.lot_id = x.lot_id AND b.serial = x.serial`,
      [ids],
    );
    const { rows: reserved } = await db().query<{ w: number; p: number; l: number; q: number }>(
      `SELECT warehouse_id AS w, product_id AS p, lot_id AS l, sum(quantity)::int AS q FROM sales_order_allocations
        WHERE order_id = ANY($1::bigint[]) AND status = 'reserved' GROUP BY 1, 2, 3`,
      [ids],
    );
    for (const r of reserved) {
      const { rows } = await db().query<{ serial: string; releasable: number }>(
        `SELECT serial, reserved - held AS releasable FROM stock_balances
          WHERE warehouse_id = $1 AND product_id = $2 AND lot_id = $3 AND reserved > held ORDER BY serial`,
        [r.w, r.p, r.l],
      );
      let left = r.q;
      for (const row of rows) {
        const take = Math.min(left, row.releasable);
        if (take === 0) break;
        await db().query(
          `UPDATE stock_balances SET reserved = reserved - $5
            WHERE warehouse_id = $1 AND product_id = $2 AND lot_id = $3 AND serial = $4`,
          [r.w, r.p, r.l, row.serial, take],
        );
        left -= take;
      }
      expect(left).toBe(0);
    }
    let replayed = 0;
    for (const order of orders) {
      const lines = await db().query(
        `SELECT ${lineColumns} FROM sales_order_lines WHERE order_id = $1 ORDER BY line_no`,
        [order.id],
      );
      const allocations = await db().query<{
        productId: number;
        warehouseId: number;
        lotId: number;
        quantity: number;
      }>(
        `SELECT product_id AS "productId", warehouse_id AS "warehouseId", lot_id AS "lotId", quantity
           FROM sales_order_allocations WHERE order_id = $1 ORDER BY product_id, lot_id, warehouse_id`,
        [order.id],
      );
      if (order.hasApproval) {
        // A special price approved below our floor: its units are taken again as they were
        // (on the lot's rows without a serial, or its first free serials).
        for (const a of allocations.rows) {
          await db().query(
            `UPDATE stock_balances b SET reserved = b.reserved + 1
               FROM (SELECT serial FROM stock_balances WHERE warehouse_id = $1 AND product_id = $2 AND lot_id = $3
                        AND on_hand > reserved AND serial <> '' ORDER BY serial LIMIT $4) s
              WHERE b.warehouse_id = $1 AND b.product_id = $2 AND b.lot_id = $3 AND b.serial = s.serial`,
            [a.warehouseId, a.productId, a.lotId, a.quantity],
          );
          await db().query(
            `UPDATE stock_balances SET reserved = reserved + $4
              WHERE warehouse_id = $1 AND product_id = $2 AND lot_id = $3 AND serial = '' AND on_hand - reserved >= $4`,
            [a.warehouseId, a.productId, a.lotId, a.quantity],
          );
        }
        continue;
      }
      const response = await call(director, 'POST', '/api/orders', {
        customerId: order.customerId,
        orderDate: today,
        promisedDate: order.promisedDate,
        contractId: order.contractId,
        acceptPartial: order.acceptPartial,
        confirm: true,
        lines: lines.rows.map((l) => ({
          productId: l.productId,
          quantity: l.quantity,
          discountRate: Number(l.discountRate),
        })),
      });
      expect(response.statusCode, response.body).toBe(201);
      const again = response.json<Order>();
      // What the confirmation allocated (the fill rate's numerator), as the generator recorded it.
      const firstAllocated = (id: number) =>
        db()
          .query<{ q: number }>(
            'SELECT first_allocated_quantity AS q FROM sales_order_lines WHERE order_id = $1 ORDER BY line_no',
            [id],
          )
          .then((r) => r.rows.map((row) => row.q));
      expect(await firstAllocated(again.id)).toEqual(await firstAllocated(order.id));
      expect({
        status: again.status,
        netAmount: again.netAmount,
        taxAmount: again.taxAmount,
        netCnyFen: again.netCnyFen,
      }).toEqual({
        // Picked or shipped since, but confirmed as allocated or (waiting for stock) backordered.
        status: lines.rows.some((l) => l.backorderedQuantity > 0) ? 'backordered' : 'allocated',
        netAmount: order.netAmount,
        taxAmount: order.taxAmount,
        netCnyFen: order.netCnyFen,
      });
      expect(
        again.lines.map((l) => ({
          productId: l.productId,
          quantity: l.quantity,
          priceSource: l.priceSource,
          priceReferenceId: l.priceReferenceId,
          unitPrice: l.unitPrice,
          discountRate: String(l.discountRate),
          vatRate: String(l.vatRate),
          netAmount: l.netAmount,
          taxAmount: l.taxAmount,
          netCnyFen: l.netCnyFen,
          taxCnyFen: l.taxCnyFen,
          floorPriceFen: l.floorPriceFen,
          allocatedQuantity: l.allocatedQuantity,
          backorderedQuantity: l.backorderedQuantity,
        })),
      ).toEqual(
        lines.rows.map((l) => ({
          ...l,
          discountRate: String(Number(l.discountRate)),
          vatRate: String(Number(l.vatRate)),
        })),
      );
      const lots = again.allocations
        .map((a) => ({
          productId: a.productId,
          warehouseId: a.warehouseId,
          lotId: a.lotId,
          quantity: a.quantity,
        }))
        .sort((a, b) => a.productId - b.productId || a.lotId - b.lotId || a.warehouseId - b.warehouseId);
      expect(lots).toEqual(allocations.rows);
      replayed++;
    }
    expect(replayed).toBeGreaterThan(5);
  });

  it('issues sampled invoices again with the same amounts, due dates and journals', async () => {
    const { rows: sample } = await db().query<{ id: number }>(
      `SELECT id FROM invoices WHERE credited_amount = 0 ORDER BY id LIMIT 40 OFFSET 10`,
    );
    expect(sample.length).toBe(40);
    const invoiceOf = async (id: number) => {
      const { rows } = await db().query(
        `SELECT i.shipment_id AS "shipmentId", i.invoice_date AS "invoiceDate", i.due_date AS "dueDate", i.customer_id AS "customerId",
                i.net_amount AS "netAmount", i.tax_amount AS "taxAmount", i.gross_amount AS "grossAmount",
                i.net_cny_fen AS "netCnyFen", i.tax_cny_fen AS "taxCnyFen", i.cost_cny_fen AS "costCnyFen",
                (SELECT json_agg(json_build_object('shipmentLineId', l.shipment_line_id, 'lotId', l.lot_id, 'quantity', l.quantity,
                        'unitPrice', l.unit_price, 'net', l.net_amount, 'tax', l.tax_amount, 'netCny', l.net_cny_fen,
                        'taxCny', l.tax_cny_fen, 'cost', l.cost_cny_fen) ORDER BY l.line_no)
                   FROM invoice_lines l WHERE l.invoice_id = i.id) AS lines,
                (SELECT json_agg(json_build_object('account', e.account, 'customerId', e.customer_id, 'debit', e.debit_fen,
                        'credit', e.credit_fen) ORDER BY e.id)
                   FROM ledger_entries e WHERE e.journal_id = i.journal_id) AS entries
           FROM invoices i WHERE i.id = $1`,
        [id],
      );
      return rows[0]!;
    };
    for (const { id } of sample) {
      const generated = await invoiceOf(id);
      // Free the shipment's lines as a cancellation would, and invoice the shipment again.
      await db().query('UPDATE invoice_lines SET is_active = false WHERE invoice_id = $1', [id]);
      const response = await call(finance, 'POST', '/api/invoices', {
        shipmentId: generated.shipmentId,
        invoiceDate: generated.invoiceDate,
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(await invoiceOf(response.json<{ id: number }>().id)).toEqual(generated);
    }
  });

  it('allocates every automatic payment as the allocation rules do, oldest due first', async () => {
    const { rows: payments } = await db().query<{
      id: number;
      number: string;
      customerId: number;
      receivedDate: string;
      amount: number;
      amountCnyFen: number;
    }>(
      `SELECT p.id, p.number, p.customer_id AS "customerId", p.received_date AS "receivedDate", p.amount,
              p.amount_cny_fen AS "amountCnyFen"
         FROM payments p
        WHERE EXISTS (SELECT 1 FROM allocations a WHERE a.payment_id = p.id AND a.is_automatic)
        ORDER BY p.id LIMIT 300`,
    );
    expect(payments.length).toBeGreaterThan(50);
    for (const payment of payments) {
      const { rows: allocated } = await db().query<{
        id: number;
        invoiceId: number;
        amount: number;
        sourceCny: number;
        invoiceCny: number;
        journalId: number;
      }>(
        `SELECT id, invoice_id AS "invoiceId", amount, source_cny_fen AS "sourceCny", invoice_cny_fen AS "invoiceCny",
                journal_id AS "journalId"
           FROM allocations WHERE payment_id = $1 ORDER BY id`,
        [payment.id],
      );
      // The customer's invoices as they stood just before this payment's allocations.
      const { rows: open } = await db().query<OpenInvoice>(
        `SELECT i.id, i.number, i.currency, i.invoice_date AS "invoiceDate", i.due_date AS "dueDate",
                i.gross_amount AS "grossAmount", i.gross_cny_fen AS "grossCnyFen",
                i.gross_amount - coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.invoice_id = i.id AND a.id < $2), 0)
                  - coalesce((SELECT sum(w.amount) FROM write_offs w WHERE w.invoice_id = i.id AND w.written_off_on <= $3), 0)
                  AS "openAmount"
           FROM invoices i WHERE i.customer_id = $1 AND i.invoice_date <= $3 AND i.id <= $4 ORDER BY i.id`,
        [payment.customerId, allocated[0]!.id, payment.receivedDate, lastGeneratedInvoice],
      );
      const source = {
        kind: 'payment' as const,
        number: payment.number,
        currency: 'CNY',
        date: payment.receivedDate,
        amount: payment.amount,
        amountCnyFen: payment.amountCnyFen,
        unallocatedAmount: payment.amount,
      };
      const plan = planAutomaticAllocation(source, open, payment.receivedDate);
      const priced = priceAllocations(source, plan, new Map(open.map((i) => [i.id, i])));
      expect(
        allocated.map(({ invoiceId, amount, sourceCny, invoiceCny }) => ({
          invoiceId,
          amount,
          sourceCny,
          invoiceCny,
        })),
      ).toEqual(priced);
      const { rows: entries } = await db().query(
        `SELECT account, customer_id AS "customerId", debit_fen AS "debitFen", credit_fen AS "creditFen"
           FROM ledger_entries WHERE journal_id = $1 ORDER BY id`,
        [allocated[0]!.journalId],
      );
      expect(entries).toEqual(
        allocationEntries(payment.customerId, 'payment', {
          sourceCny: priced.reduce((sum, p) => sum + p.sourceCny, 0),
          invoiceCny: priced.reduce((sum, p) => sum + p.invoiceCny, 0),
        }),
      );
    }
  });
});

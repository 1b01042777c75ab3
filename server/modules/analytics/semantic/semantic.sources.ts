/**
 * The fact sources of the semantic layer: the kinds of fact rows measures are summed over, each
 * as SQL over the documents (sales and orders from ../sales-facts.sql.ts, the one definition).
 */
import { orderFactsSql, salesFactsSql } from '../sales-facts.sql.ts';
import { type TargetSourceName, targetSources } from './targets.definitions.ts';

export type Label = { zh: string; en: string };

/**
 * A kind of fact rows. Every source yields `region_id` and `customer_id` (null when the fact
 * belongs to no customer), which the caller's scope filters on, and optionally `fact_date`,
 * `product_id`, `rep_id`, `warehouse_id`. Snapshot sources (balances on a day) have no date:
 * they are read as of the last day of the time range.
 */
export interface FactSource {
  name: SourceName;
  /**
   * SQL of the fact rows; `asOf` is a parameter placeholder for the snapshot day, `param` adds a
   * parameter and returns its placeholder (a rollup read passes its dirty days so).
   */
  sql: (asOf: string, param?: (value: unknown) => string, rangeFrom?: string) => string;
  isSnapshot: boolean;
  /**
   * A snapshot source that reads the whole time range (an average over its days): `rangeFrom`
   * is then the placeholder of the range's first day, `asOf` of its last.
   */
  readsRangeStart?: boolean;
  has: ReadonlySet<Capability>;
}

export type SourceName =
  | 'sales'
  | 'orders'
  | 'order_lines'
  | 'shipments'
  | 'receivables'
  | 'inventory'
  | 'inventory_days'
  | TargetSourceName;
export type Capability = 'date' | 'customer' | 'product' | 'rep' | 'warehouse';

/** Orders (the one definition) with their net value and whether each is the customer's first. */
const ordersSql = `
  SELECT f.*, o.net_cny_fen, (f.fact_date = fo.first_date) AS is_first_order
    FROM (${orderFactsSql}) f
    JOIN sales_orders o ON o.id = f.order_id
    JOIN (SELECT customer_id, min(order_date) AS first_date FROM sales_orders
           WHERE status NOT IN ('draft', 'cancelled') GROUP BY customer_id) fo ON fo.customer_id = f.customer_id`;

/**
 * `first_allocated_quantity`: what the line got allocated when the order was confirmed (written
 * by the confirming transaction, never raised by a later backorder allocation; migration 0029).
 */
const orderLinesSql = `
  SELECT f.fact_date, f.region_id, f.customer_id, f.rep_id, f.order_id, l.product_id, l.quantity,
         l.net_cny_fen, l.first_allocated_quantity
    FROM (${orderFactsSql}) f
    JOIN sales_order_lines l ON l.order_id = f.order_id`;

/** Shipments that left, by ship date; on time when shipped on or before the promised date. */
const shipmentsSql = `
  SELECT s.shipped_on AS fact_date, s.region_id, s.customer_id,
         coalesce(o.owner_rep_id, c.owner_rep_id) AS rep_id, (s.shipped_on <= s.promised_date) AS is_on_time
    FROM shipments s
    JOIN sales_orders o ON o.id = s.order_id
    JOIN customers c ON c.id = s.customer_id
   WHERE s.status IN ('shipped', 'delivered') AND s.shipped_on IS NOT NULL`;

/**
 * Each invoice read with its open amount on the day `asOf` (an SQL date: a placeholder, or a
 * column when evaluated per invoice and day; the row names it, `as_of`): `open_cny_fen` its
 * gross less the CNY of the allocations and approved write-offs dated up to that day, and
 * `is_open` whether it is open then — issued and not cancelled by the day, and not settled in
 * full in its own currency (so a USD invoice paid in full owes no CNY rounding remainder).
 * `from` names the invoices `i` (and whatever else the caller reads with them); `where`
 * restricts them.
 *
 * THE receivables definition per invoice: receivablesSql sums it as of a day, and the receivables
 * rollup (../rollups/rollups.receivables.ts) evaluates it on each day an invoice's amount can
 * change, to store the changes.
 */
export const invoicesOpenOnSql = (asOf: string, from = 'invoices i', where = 'true') => `
  SELECT i.id AS invoice_id, ${asOf}::date AS as_of, i.region_id, i.customer_id, coalesce(o.owner_rep_id, c.owner_rep_id) AS rep_id,
         i.due_date, i.gross_cny_fen - coalesce(s.cny, 0) AS open_cny_fen,
         (i.invoice_date <= ${asOf}::date AND (i.cancelled_on IS NULL OR i.cancelled_on > ${asOf}::date)
          AND i.gross_amount - coalesce(s.amount, 0) > 0) AS is_open
    FROM ${from}
    JOIN sales_orders o ON o.id = i.order_id
    JOIN customers c ON c.id = i.customer_id
    LEFT JOIN LATERAL (
      SELECT sum(x.amount) AS amount, sum(x.cny) AS cny FROM (
        SELECT a.amount, a.invoice_cny_fen AS cny FROM allocations a
         WHERE a.invoice_id = i.id AND a.allocated_on <= ${asOf}::date
        UNION ALL
        SELECT w.amount, w.amount_cny_fen FROM write_offs w
         WHERE w.invoice_id = i.id AND w.status = 'approved' AND w.written_off_on <= ${asOf}::date) x) s ON true
   WHERE ${where}`;

/**
 * Receivables open on a day, as the receivables page and the sales overview compute them:
 * invoices issued and not cancelled by then, less allocations and approved write-offs dated
 * up to that day (invoicesOpenOnSql). Overdue: past the due date on that day.
 *
 * Only invoices that can be open on the day are read: those open now, and those settled (in
 * part) after the day. An invoice settled in full by the day is neither (its open amount is its
 * gross less every allocation and approved write-off, a constraint of the invoices table and
 * the allocation service), so the answer is the same as over all invoices, while a company's
 * years of paid invoices are never touched (indexes of migration 0033).
 *
 * `customers` (SQL of a bigint[]) restricts the rows to those customers' invoices, found through
 * their open invoices (invoices_open_idx) rather than all open ones: the receivables rollup reads
 * its dirty customers so.
 */
export const receivablesSql = (asOf: string, customers?: string) => {
  const ofCustomers = (column: string) => (customers ? ` AND ${column} = ANY(${customers})` : '');
  const canBeOpen = `i.id IN (SELECT open.id FROM invoices open WHERE open.open_amount > 0${ofCustomers('open.customer_id')}
                  UNION SELECT a.invoice_id FROM allocations a WHERE a.allocated_on > ${asOf}::date
                  UNION SELECT w.invoice_id FROM write_offs w
                   WHERE w.status = 'approved' AND w.written_off_on > ${asOf}::date)${ofCustomers('i.customer_id')}`;
  return `
  SELECT f.region_id, f.customer_id, f.rep_id, f.open_cny_fen, (f.due_date < ${asOf}::date) AS is_overdue, f.due_date
    FROM (${invoicesOpenOnSql(asOf, 'invoices i', canBeOpen)}) f
   WHERE f.is_open`;
};

/**
 * Stock at cost as it stands now (the balances hold no history): on hand × the lot's unit
 * cost, in the warehouse's region. Near expiry: the lot expires within 90 days of the day.
 */
const inventorySql = (asOf: string) => `
  SELECT w.region_id, NULL::bigint AS customer_id, b.warehouse_id, b.product_id,
         (b.on_hand * l.unit_cost_fen)::bigint AS value_fen, (l.expiry_date < ${asOf}::date + 90) AS is_near_expiry
    FROM stock_balances b
    JOIN lots l ON l.id = b.lot_id
    JOIN warehouses w ON w.id = b.warehouse_id
   WHERE b.on_hand > 0`;

/**
 * The stock ledger at cost, one row per move: quantity × the lot's unit cost, by the move's
 * business day, in the warehouse's region. Average inventory is computed from these rows
 * (inventoryDaysSql), and the stock value rollups sum them per day (rollups.inventory.ts).
 */
export const stockValueFactsSql = `
  SELECT m.business_date AS fact_date, w.region_id, m.warehouse_id, m.product_id,
         m.quantity::bigint * l.unit_cost_fen AS value_fen
    FROM stock_moves m
    JOIN lots l ON l.id = m.lot_id
    JOIN warehouses w ON w.id = m.warehouse_id`;

/**
 * Inventory at cost held over the range, in fen-days: the sum over the range's days of the stock
 * at lot cost at the end of each day, from the stock ledger (on hand is the sum of the moves).
 * A move on day m adds its value to every day from max(m, from) to the end of the range, so each
 * move contributes that value × those days; moves after the range count nowhere. Average
 * inventory = this ÷ days of the range. Per warehouse × product, in the warehouse's region;
 * stock belongs to no customer.
 */
const inventoryDaysSql = (asOf: string, rangeFrom = '') => `
  SELECT f.region_id, NULL::bigint AS customer_id, f.warehouse_id, f.product_id,
         sum(f.value_fen * (${asOf}::date - greatest(f.fact_date, ${rangeFrom}::date) + 1)) AS value_fen_days,
         (${asOf}::date - ${rangeFrom}::date + 1) AS range_days
    FROM (${stockValueFactsSql}) f
   WHERE f.fact_date <= ${asOf}::date
   GROUP BY f.region_id, f.warehouse_id, f.product_id`;

const caps = (...list: Capability[]) => new Set<Capability>(list);

export const sources: Record<SourceName, FactSource> = {
  sales: {
    name: 'sales',
    sql: () => salesFactsSql,
    isSnapshot: false,
    has: caps('date', 'customer', 'product', 'rep'),
  },
  orders: { name: 'orders', sql: () => ordersSql, isSnapshot: false, has: caps('date', 'customer', 'rep') },
  order_lines: {
    name: 'order_lines',
    sql: () => orderLinesSql,
    isSnapshot: false,
    has: caps('date', 'customer', 'product', 'rep'),
  },
  shipments: {
    name: 'shipments',
    sql: () => shipmentsSql,
    isSnapshot: false,
    has: caps('date', 'customer', 'rep'),
  },
  receivables: {
    name: 'receivables',
    sql: (asOf) => receivablesSql(asOf),
    isSnapshot: true,
    has: caps('customer', 'rep'),
  },
  inventory: { name: 'inventory', sql: inventorySql, isSnapshot: true, has: caps('product', 'warehouse') },
  inventory_days: {
    name: 'inventory_days',
    sql: (asOf, _param, rangeFrom) => inventoryDaysSql(asOf, rangeFrom),
    isSnapshot: true,
    readsRangeStart: true,
    has: caps('product', 'warehouse'),
  },
  // Revenue targets and region coverage (targets.definitions.ts).
  ...targetSources,
};

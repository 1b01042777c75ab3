/**
 * The analytics rollups (migration 0025): daily sums of the fact rows of one semantic source,
 * keyed by the ids the dimensions join on. Each rollup is filled from its source's SQL in
 * semantic.definitions.ts (which takes sales and orders from ../sales-facts.sql.ts), so no
 * formula exists twice: a rollup row is `sum(perFact)` over the facts of its day and keys (a
 * coarser rollup sums a finer one's rows, `summedFrom`: the same sums).
 *
 * A rollup answers a query when it has every measure (with the aggregate that re-sums its
 * columns) and every dimension and filter of it. (The monthly sales rollup, summed from the
 * daily one, is in rollups.monthly.ts.) Names, channel, customer type, product line and
 * region levels are joined at query time on the ids, as on the raw facts.
 */
import type { AnalyticsDimensionName, AnalyticsMeasureName } from '../../../../contracts/analytics-query.ts';
import { orderFactsSql } from '../sales-facts.sql.ts';
import type { SourceName } from '../semantic/semantic.definitions.ts';
import { stockValueFactsSql } from '../semantic/semantic.sources.ts';

/** Which dirty-day marks (set by the triggers of migrations 0025 and 0036) a rollup follows. */
export type RollupFamily = 'sales' | 'orders' | 'stock';
export const rollupFamilies: readonly RollupFamily[] = ['sales', 'orders', 'stock'];

export type RollupKey = 'region_id' | 'customer_id' | 'rep_id' | 'product_id' | 'warehouse_id';

export interface RollupSum {
  column: string;
  /** The value one fact row `f` adds to the column. */
  perFact: string;
  type: 'bigint' | 'int';
}

export interface Rollup {
  table: string;
  family: RollupFamily;
  /** The semantic source whose fact rows it sums (by `fact_date` into `day`), or which it serves. */
  source: SourceName;
  /** The dated fact rows it sums, when they are not its source's own (the stock values of moves). */
  facts?: string;
  /**
   * A finer rollup of the same source (every key of this one, the same sums) whose rows it sums
   * instead of the facts: the same numbers, since a sum of sums is the sum, for a fraction of the
   * work of reading the facts again. Filled after that one, in the same transaction.
   */
  summedFrom?: string;
  keys: readonly RollupKey[];
  sums: readonly RollupSum[];
  /** The measures it answers: their aggregate over rollup rows `x` (as over facts in the definitions). */
  measures: Partial<Record<AnalyticsMeasureName, string>>;
}

const salesSums: readonly RollupSum[] = [
  { column: 'revenue_fen', perFact: 'f.revenue_fen', type: 'bigint' },
  { column: 'cost_fen', perFact: 'f.cost_fen', type: 'bigint' },
];
const salesMeasures = {
  revenue: 'coalesce(sum(x.revenue_fen), 0)::bigint',
  cost: 'coalesce(sum(x.cost_fen), 0)::bigint',
  gross_profit: 'coalesce(sum(x.revenue_fen - x.cost_fen), 0)::bigint',
};
const orderSums: readonly RollupSum[] = [
  { column: 'orders', perFact: '1', type: 'int' },
  { column: 'net_cny_fen', perFact: 'f.net_cny_fen', type: 'bigint' },
];
const orderMeasures = {
  order_value: 'coalesce(sum(x.net_cny_fen), 0)::bigint',
  orders: 'coalesce(sum(x.orders), 0)::int',
};

// first_allocated: the numerator of the fill rate (a draft's lines count nowhere, so no NULL here).
const orderLineSums: readonly RollupSum[] = [
  { column: 'order_lines', perFact: '1', type: 'int' },
  { column: 'quantity', perFact: 'f.quantity', type: 'bigint' },
  { column: 'first_allocated', perFact: 'coalesce(f.first_allocated_quantity, 0)', type: 'bigint' },
];
const orderLineMeasures = {
  order_lines: 'coalesce(sum(x.order_lines), 0)::int',
  units: 'coalesce(sum(x.quantity), 0)::bigint',
  first_allocated_units: 'coalesce(sum(x.first_allocated), 0)::bigint',
};

/** Smallest first: a query reads the first rollup that can answer it. */
export const rollups: readonly Rollup[] = [
  {
    table: 'analytics_daily_sales_by_product',
    summedFrom: 'analytics_daily_sales',
    family: 'sales',
    source: 'sales',
    keys: ['region_id', 'rep_id', 'product_id'],
    sums: salesSums,
    measures: salesMeasures,
  },
  {
    table: 'analytics_daily_orders_by_rep',
    summedFrom: 'analytics_daily_orders',
    family: 'orders',
    source: 'orders',
    keys: ['region_id', 'rep_id'],
    sums: orderSums,
    measures: orderMeasures,
  },
  {
    // Per customer without the product: the days of per-customer questions outside whole months.
    table: 'analytics_daily_sales_by_customer',
    summedFrom: 'analytics_daily_sales',
    family: 'sales',
    source: 'sales',
    keys: ['region_id', 'customer_id', 'rep_id'],
    sums: salesSums,
    measures: salesMeasures,
  },
  {
    table: 'analytics_daily_sales',
    family: 'sales',
    source: 'sales',
    keys: ['region_id', 'customer_id', 'rep_id', 'product_id'],
    sums: salesSums,
    measures: salesMeasures,
  },
  {
    // new_customers is not here: whether a day holds a customer's first order depends on all
    // their other orders, so it is read from the orders themselves.
    table: 'analytics_daily_orders',
    family: 'orders',
    source: 'orders',
    keys: ['region_id', 'customer_id', 'rep_id'],
    sums: orderSums,
    measures: {
      ...orderMeasures,
      // Rows are per customer, so counting distinct customers over them is exact.
      active_customers: 'count(DISTINCT x.customer_id)::int',
    },
  },
  {
    table: 'analytics_daily_order_lines_by_product',
    summedFrom: 'analytics_daily_order_lines',
    family: 'orders',
    source: 'order_lines',
    keys: ['region_id', 'rep_id', 'product_id'],
    sums: orderLineSums,
    measures: orderLineMeasures,
  },
  {
    table: 'analytics_daily_order_lines',
    family: 'orders',
    source: 'order_lines',
    keys: ['region_id', 'customer_id', 'rep_id', 'product_id'],
    sums: orderLineSums,
    measures: orderLineMeasures,
  },
  {
    // Stock value moved per day: what average inventory and turnover days read
    // (rollups.inventory.ts weighs the rows by the days they are held; no measure sums them as is).
    table: 'analytics_daily_stock_value',
    family: 'stock',
    source: 'inventory_days',
    facts: stockValueFactsSql,
    keys: ['region_id', 'warehouse_id', 'product_id'],
    sums: [
      { column: 'value_fen', perFact: 'f.value_fen', type: 'bigint' },
      {
        column: 'day_value_fen',
        perFact: "f.value_fen * (f.fact_date - date_trunc('month', f.fact_date)::date)",
        type: 'bigint',
      },
    ],
    measures: {},
  },
];

/**
 * What came back of each order: the net CNY of the 'return' credit notes of its invoices, dated by
 * the ORDER (fact_date, with the order's region and customer, as in orderFactsSql) and by the
 * credit note (credit_date). Customer value (DOMAIN §6) deducts it from the value of the orders in
 * its window when credited by the as-of day. An order counts as orderFactsSql says (confirmed, not
 * cancelled); the invoice's own status does not matter, as before the rollup.
 */
export const orderReturnFactsSql = `
  SELECT f.fact_date, cn.credit_date, f.region_id, f.customer_id, cn.net_cny_fen
    FROM (${orderFactsSql}) f
    JOIN invoices i ON i.order_id = f.order_id
    JOIN credit_notes cn ON cn.invoice_id = i.id
   WHERE cn.kind = 'return'`;

/**
 * orderReturnFactsSql summed per order day (`day`), credit date, region and customer (migration
 * 0039). Not a semantic source's rollup, so not in `rollups`: only customer value reads it
 * (rollups.planner.ts, orderReturnsSource). Keyed by the order's day, it follows the 'orders'
 * family of dirty days and is refreshed with the order rollups.
 */
export const orderReturnsRollup = { table: 'analytics_daily_order_returns', family: 'orders' } as const;

/** INSERT … SELECT of the returns rollup's rows, for the order days in `$1` (or all). */
export function orderReturnsInsertSql(onlyDays: boolean): string {
  return `INSERT INTO ${orderReturnsRollup.table} (day, credit_date, region_id, customer_id, net_cny_fen)
    SELECT f.fact_date, f.credit_date, f.region_id, f.customer_id, sum(f.net_cny_fen)::bigint
      FROM (${orderReturnFactsSql}) f
     ${onlyDays ? 'WHERE f.fact_date = ANY($1::date[])' : ''}
     GROUP BY f.fact_date, f.credit_date, f.region_id, f.customer_id`;
}

/**
 * Dimensions a rollup row can be broken down and filtered by: the date grains, and everything
 * reached through the region, customer, product or rep id (when the rollup keeps that id).
 */
export const dimensionKeys: Partial<Record<AnalyticsDimensionName, RollupKey | 'day'>> = {
  day: 'day',
  week: 'day',
  month: 'day',
  quarter: 'day',
  year: 'day',
  region: 'region_id',
  province: 'region_id',
  city: 'region_id',
  channel: 'customer_id',
  customer: 'customer_id',
  customer_type: 'customer_id',
  hospital_grade: 'customer_id',
  distributor_level: 'customer_id',
  product: 'product_id',
  product_line: 'product_id',
  device_class: 'product_id',
  rep: 'rep_id',
  warehouse: 'warehouse_id',
};

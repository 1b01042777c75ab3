/**
 * The semantic layer: every measure and dimension analytics can show, defined once. Queries
 * (POST /api/analytics/query), exports, the customer-value and portfolio pages all compile
 * from these definitions, so a figure means the same everywhere. Only the SQL written here
 * ever becomes an identifier or an expression in a query; input only picks names.
 *
 * Sales figures come from THE definitions in ../sales-facts.sql.ts (revenue, cost, orders),
 * so they agree with the sales overview. Money is CNY fen; rates are fractions.
 */

import type { AnalyticsDimensionName, AnalyticsMeasureName } from '../../../../contracts/analytics-query.ts';
import type { Role } from '../../../../contracts/auth.ts';
import { orderFactsSql, salesFactsSql } from '../sales-facts.sql.ts';
import { type TargetSourceName, targetMeasures, targetSources } from './targets.definitions.ts';

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
 * Receivables open on a day, as the receivables page and the sales overview compute them:
 * invoices issued and not cancelled by then, less allocations and approved write-offs dated
 * up to that day. Overdue: past the due date on that day.
 */
const receivablesSql = (asOf: string) => `
  SELECT i.region_id, i.customer_id, coalesce(o.owner_rep_id, c.owner_rep_id) AS rep_id,
         i.gross_cny_fen - coalesce(s.cny, 0) AS open_cny_fen, (i.due_date < ${asOf}::date) AS is_overdue
    FROM invoices i
    JOIN sales_orders o ON o.id = i.order_id
    JOIN customers c ON c.id = i.customer_id
    LEFT JOIN (
      SELECT x.invoice_id, sum(x.amount) AS amount, sum(x.cny) AS cny FROM (
        SELECT a.invoice_id, a.amount, a.invoice_cny_fen AS cny FROM allocations a WHERE a.allocated_on <= ${asOf}::date
        UNION ALL
        SELECT w.invoice_id, w.amount, w.amount_cny_fen FROM write_offs w
         WHERE w.status = 'approved' AND w.written_off_on <= ${asOf}::date) x
      GROUP BY x.invoice_id) s ON s.invoice_id = i.id
   WHERE i.invoice_date <= ${asOf}::date AND (i.cancelled_on IS NULL OR i.cancelled_on > ${asOf}::date)
     AND i.gross_amount - coalesce(s.amount, 0) > 0`;

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
 * Inventory at cost held over the range, in fen-days: the sum over the range's days of the stock
 * at lot cost at the end of each day, from the stock ledger (on hand is the sum of the moves).
 * A move on day m adds quantity × the lot's unit cost to every day from max(m, from) to the end
 * of the range, so each move contributes that value × those days; moves after the range count
 * nowhere. Average inventory = this ÷ days of the range. Per warehouse × product, in the
 * warehouse's region; stock belongs to no customer.
 */
const inventoryDaysSql = (asOf: string, rangeFrom = '') => `
  SELECT w.region_id, NULL::bigint AS customer_id, m.warehouse_id, m.product_id,
         sum(m.quantity::bigint * l.unit_cost_fen * (${asOf}::date - greatest(m.business_date, ${rangeFrom}::date) + 1))
           AS value_fen_days,
         (${asOf}::date - ${rangeFrom}::date + 1) AS range_days
    FROM stock_moves m
    JOIN lots l ON l.id = m.lot_id
    JOIN warehouses w ON w.id = m.warehouse_id
   WHERE m.business_date <= ${asOf}::date
   GROUP BY w.region_id, m.warehouse_id, m.product_id`;

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
  receivables: { name: 'receivables', sql: receivablesSql, isSnapshot: true, has: caps('customer', 'rep') },
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

export type MeasureType = 'money' | 'count' | 'quantity' | 'rate' | 'days';

/** Roles that may see our cost (and so gross profit and margin): not distributors. */
const internalRoles: readonly Role[] = [
  'admin',
  'sales_rep',
  'regional_manager',
  'sales_director',
  'general_manager',
  'finance',
  'finance_director',
  'warehouse',
  'quality',
  'marketing',
  'legal',
];

interface MeasureCommon {
  name: AnalyticsMeasureName;
  label: Label;
  description: string;
  type: MeasureType;
  /** Roles allowed; absent = everyone with access to analytics. */
  roles?: readonly Role[];
}

/** Summed (or counted) over one source's fact rows `x`. */
export interface BaseMeasure extends MeasureCommon {
  kind: 'base';
  source: SourceName;
  aggregate: string;
  /** The SQL result type cast. */
}

/** Computed from other measures of the same row (so totals are ratios of totals). */
export interface DerivedMeasure extends MeasureCommon {
  kind: 'derived';
  inputs: readonly AnalyticsMeasureName[];
  compute: (value: (name: AnalyticsMeasureName) => number | null, context: { days: number }) => number | null;
}

export type Measure = BaseMeasure | DerivedMeasure;

const ratio = (numerator: number | null, denominator: number | null) =>
  numerator === null || denominator === null || denominator === 0 ? null : numerator / denominator;

const base = (m: Omit<BaseMeasure, 'kind'>): BaseMeasure => ({ kind: 'base', ...m });
const derived = (m: Omit<DerivedMeasure, 'kind'>): DerivedMeasure => ({ kind: 'derived', ...m });

export const measureList: readonly Measure[] = [
  base({
    name: 'order_value',
    label: { zh: '订单金额', en: 'Order value' },
    description: 'Net (excl. VAT) value of confirmed, not cancelled orders by order date',
    type: 'money',
    source: 'orders',
    aggregate: 'coalesce(sum(x.net_cny_fen), 0)::bigint',
  }),
  base({
    name: 'revenue',
    label: { zh: '销售收入', en: 'Revenue' },
    description: 'Invoiced net of VAT less credit notes, by document date',
    type: 'money',
    source: 'sales',
    aggregate: 'coalesce(sum(x.revenue_fen), 0)::bigint',
  }),
  base({
    name: 'cost',
    label: { zh: '销售成本', en: 'Cost' },
    description: 'Cost of the lots shipped on the invoices less cost returned',
    type: 'money',
    source: 'sales',
    aggregate: 'coalesce(sum(x.cost_fen), 0)::bigint',
    roles: internalRoles,
  }),
  base({
    name: 'gross_profit',
    label: { zh: '毛利', en: 'Gross profit' },
    description: 'Revenue − cost',
    type: 'money',
    source: 'sales',
    aggregate: 'coalesce(sum(x.revenue_fen - x.cost_fen), 0)::bigint',
    roles: internalRoles,
  }),
  derived({
    name: 'margin',
    label: { zh: '毛利率', en: 'Margin' },
    description: 'Gross profit ÷ revenue (a fraction)',
    type: 'rate',
    inputs: ['gross_profit', 'revenue'],
    compute: (v) => ratio(v('gross_profit'), v('revenue')),
    roles: internalRoles,
  }),
  base({
    name: 'orders',
    label: { zh: '订单数', en: 'Orders' },
    description: 'Confirmed, not cancelled sales orders by order date',
    type: 'count',
    source: 'orders',
    aggregate: 'count(*)::int',
  }),
  base({
    name: 'order_lines',
    label: { zh: '订单行数', en: 'Order lines' },
    description: 'Lines of those orders',
    type: 'count',
    source: 'order_lines',
    aggregate: 'count(*)::int',
  }),
  base({
    name: 'units',
    label: { zh: '订购数量', en: 'Units ordered' },
    description: 'Units on those order lines',
    type: 'quantity',
    source: 'order_lines',
    aggregate: 'coalesce(sum(x.quantity), 0)::bigint',
  }),
  base({
    name: 'first_allocated_units',
    label: { zh: '首次分配数量', en: 'Units allocated on confirmation' },
    description:
      'Units allocated from stock when those orders were confirmed, before any later backorder allocation',
    type: 'quantity',
    source: 'order_lines',
    aggregate: 'coalesce(sum(x.first_allocated_quantity), 0)::bigint',
  }),
  derived({
    name: 'fill_rate',
    label: { zh: '满足率', en: 'Fill rate' },
    description: 'Units allocated on confirmation ÷ units ordered, by order date (a fraction)',
    type: 'rate',
    inputs: ['first_allocated_units', 'units'],
    compute: (v) => ratio(v('first_allocated_units'), v('units')),
  }),
  derived({
    name: 'stockout_rate',
    label: { zh: '缺货率', en: 'Stockout rate' },
    description: '1 − fill rate: units not in stock when the orders were confirmed ÷ units ordered',
    type: 'rate',
    inputs: ['first_allocated_units', 'units'],
    // (units − allocated) ÷ units rather than 1 − a float, so 2 ÷ 3 is the same figure either way.
    compute: (v) => {
      const units = v('units');
      const allocated = v('first_allocated_units');
      return units === null || allocated === null ? null : ratio(units - allocated, units);
    },
  }),
  derived({
    name: 'average_order_value',
    label: { zh: '客单价', en: 'Average order value' },
    description: 'Revenue ÷ orders, rounded half up to the fen (as the sales overview)',
    type: 'money',
    inputs: ['revenue', 'orders'],
    compute: (v) => {
      const r = ratio(v('revenue'), v('orders'));
      return r === null ? null : Math.sign(r) * Math.round(Math.abs(r));
    },
  }),
  base({
    name: 'active_customers',
    label: { zh: '活跃客户数', en: 'Active customers' },
    description: 'Customers with at least one order in the period',
    type: 'count',
    source: 'orders',
    aggregate: 'count(DISTINCT x.customer_id)::int',
  }),
  base({
    name: 'new_customers',
    label: { zh: '新客户数', en: 'New customers' },
    description: 'Customers whose first order ever is in the period',
    type: 'count',
    source: 'orders',
    aggregate: 'count(DISTINCT x.customer_id) FILTER (WHERE x.is_first_order)::int',
  }),
  base({
    name: 'shipments',
    label: { zh: '发货单数', en: 'Shipments' },
    description: 'Shipments that left, by ship date',
    type: 'count',
    source: 'shipments',
    aggregate: 'count(*)::int',
  }),
  base({
    name: 'on_time_shipments',
    label: { zh: '准时发货单数', en: 'On-time shipments' },
    description: 'Shipments shipped on or before the promised date',
    type: 'count',
    source: 'shipments',
    aggregate: 'count(*) FILTER (WHERE x.is_on_time)::int',
  }),
  derived({
    name: 'on_time_shipment_rate',
    label: { zh: '准时发货率', en: 'On-time shipment rate' },
    description: 'On-time shipments ÷ shipments',
    type: 'rate',
    inputs: ['on_time_shipments', 'shipments'],
    compute: (v) => ratio(v('on_time_shipments'), v('shipments')),
  }),
  base({
    name: 'ar_open',
    label: { zh: '应收余额', en: 'AR open' },
    description: 'Receivables open on the last day of the range (incl. VAT)',
    type: 'money',
    source: 'receivables',
    aggregate: 'coalesce(sum(x.open_cny_fen), 0)::bigint',
  }),
  base({
    name: 'ar_overdue',
    label: { zh: '逾期应收', en: 'AR overdue' },
    description: 'The part of it past its due date on that day',
    type: 'money',
    source: 'receivables',
    aggregate: 'coalesce(sum(x.open_cny_fen) FILTER (WHERE x.is_overdue), 0)::bigint',
  }),
  derived({
    name: 'overdue_rate',
    label: { zh: '逾期占比', en: 'Overdue %' },
    description: 'AR overdue ÷ AR open',
    type: 'rate',
    inputs: ['ar_overdue', 'ar_open'],
    compute: (v) => ratio(v('ar_overdue'), v('ar_open')),
  }),
  derived({
    name: 'dso',
    label: { zh: '应收周转天数', en: 'DSO' },
    description: 'AR open at the end of the range ÷ revenue of the range × days of the range',
    type: 'days',
    inputs: ['ar_open', 'revenue'],
    compute: (v, c) => {
      const r = ratio(v('ar_open'), v('revenue'));
      return r === null ? null : Math.round(r * c.days * 10) / 10;
    },
  }),
  base({
    name: 'inventory_value',
    label: { zh: '库存金额', en: 'Inventory value' },
    description: 'Stock on hand at lot cost, as it stands now',
    type: 'money',
    source: 'inventory',
    aggregate: 'coalesce(sum(x.value_fen), 0)::bigint',
    roles: internalRoles,
  }),
  base({
    name: 'near_expiry_value',
    label: { zh: '近效期库存金额', en: 'Near-expiry value' },
    description: 'Stock at cost whose lot expires within 90 days',
    type: 'money',
    source: 'inventory',
    aggregate: 'coalesce(sum(x.value_fen) FILTER (WHERE x.is_near_expiry), 0)::bigint',
    roles: internalRoles,
  }),
  base({
    name: 'average_inventory_value',
    label: { zh: '平均库存金额', en: 'Average inventory value' },
    description:
      'Mean over the days of the range of the stock at lot cost at the end of each day (stock ledger), rounded to the fen',
    type: 'money',
    source: 'inventory_days',
    // Every row carries the range's length; half a fen rounds away from zero.
    aggregate: 'coalesce(round(sum(x.value_fen_days) / min(x.range_days)), 0)::bigint',
    roles: internalRoles,
  }),
  derived({
    name: 'inventory_turnover_days',
    label: { zh: '库存周转天数', en: 'Inventory turnover days' },
    description: 'Average inventory value ÷ cost of the range × days of the range, to 0.1 day',
    type: 'days',
    inputs: ['average_inventory_value', 'cost'],
    compute: (v, c) => {
      const r = ratio(v('average_inventory_value'), v('cost'));
      return r === null ? null : Math.round(r * c.days * 10) / 10;
    },
    roles: internalRoles,
  }),
  // revenue_target, target_attainment, target_hospitals, covered_target_hospitals, coverage_rate.
  ...targetMeasures,
];

/** Joins a dimension needs, in dependency order. */
export type JoinName = 'rl' | 'c' | 'seg' | 'p' | 'pl' | 'u' | 'w';

export const joinSql: Record<JoinName, string> = {
  rl: 'LEFT JOIN analytics_region_levels rl ON rl.region_id = f.region_id',
  c: 'LEFT JOIN customers c ON c.id = f.customer_id',
  // Each customer's RFM segment, computed before the query (customer-segments.ts) and passed as
  // parameters: the compiler puts their placeholders where the braces are.
  seg: `LEFT JOIN unnest({segmentCustomerIds}::bigint[], {segmentCodes}::text[], {segmentLabels}::text[])
          AS seg(customer_id, segment, label) ON seg.customer_id = f.customer_id`,
  p: 'LEFT JOIN products p ON p.id = f.product_id',
  pl: 'LEFT JOIN product_lines pl ON pl.id = p.product_line_id',
  u: 'LEFT JOIN users u ON u.id = f.rep_id',
  w: 'LEFT JOIN warehouses w ON w.id = f.warehouse_id',
};

export interface Dimension {
  name: AnalyticsDimensionName;
  label: Label;
  /** What the fact rows must carry. Region dimensions need nothing: every fact has a region. */
  needs: Capability | null;
  joins: readonly JoinName[];
  /** The grouping key; `{date}` stands for the (possibly shifted) fact date. */
  key: string;
  /** Display names; null to show the key (codes such as a channel, translated by the client). */
  labelSql: Label | null;
  /** Codes the client translates (channel, customer type). */
  isCode?: boolean;
}

const dateDimension = (name: AnalyticsDimensionName, label: Label, format: string): Dimension => ({
  name,
  label,
  needs: 'date',
  joins: [],
  key: `to_char({date}, '${format}')`,
  labelSql: null,
});

export const dimensionList: readonly Dimension[] = [
  dateDimension('day', { zh: '日', en: 'Day' }, 'YYYY-MM-DD'),
  dateDimension('week', { zh: '周', en: 'Week' }, 'IYYY-"W"IW'),
  dateDimension('month', { zh: '月', en: 'Month' }, 'YYYY-MM'),
  dateDimension('quarter', { zh: '季度', en: 'Quarter' }, 'YYYY-"Q"Q'),
  dateDimension('year', { zh: '年', en: 'Year' }, 'YYYY'),
  {
    name: 'region',
    label: { zh: '大区', en: 'Sales region' },
    needs: null,
    joins: ['rl'],
    key: 'rl.sales_region_id',
    labelSql: { zh: 'rl.sales_region_zh', en: 'rl.sales_region_en' },
  },
  {
    name: 'province',
    label: { zh: '省份', en: 'Province' },
    needs: null,
    joins: ['rl'],
    key: 'rl.province_id',
    labelSql: { zh: 'rl.province_zh', en: 'rl.province_en' },
  },
  {
    name: 'city',
    label: { zh: '城市', en: 'City' },
    needs: null,
    joins: ['rl'],
    key: 'rl.city_id',
    labelSql: { zh: 'rl.city_zh', en: 'rl.city_en' },
  },
  {
    name: 'channel',
    label: { zh: '渠道', en: 'Channel' },
    needs: 'customer',
    joins: ['c'],
    key: 'c.channel',
    labelSql: null,
    isCode: true,
  },
  {
    name: 'customer',
    label: { zh: '客户', en: 'Customer' },
    needs: 'customer',
    joins: ['c'],
    key: 'c.id',
    labelSql: { zh: 'c.name', en: 'c.name' },
  },
  {
    name: 'customer_type',
    label: { zh: '客户类型', en: 'Customer type' },
    needs: 'customer',
    joins: ['c'],
    key: 'c.type',
    labelSql: null,
    isCode: true,
  },
  {
    name: 'hospital_grade',
    label: { zh: '医院等级', en: 'Hospital grade' },
    needs: 'customer',
    joins: ['c'],
    key: 'c.hospital_grade',
    labelSql: null,
    isCode: true,
  },
  {
    name: 'distributor_level',
    label: { zh: '经销商级别', en: 'Distributor level' },
    needs: 'customer',
    joins: ['c'],
    key: 'c.distributor_level',
    labelSql: null,
    isCode: true,
  },
  {
    // Fixed-threshold RFM segment (DOMAIN §6) as of the range's last day, or today when the range
    // ends later (a day to come has no recency yet); null for a customer without orders by then.
    name: 'customer_segment',
    label: { zh: '客户分群', en: 'Customer segment' },
    needs: 'customer',
    joins: ['seg'],
    key: 'seg.segment',
    labelSql: { zh: 'seg.label', en: 'seg.label' },
  },
  {
    name: 'product',
    label: { zh: '产品', en: 'Product' },
    needs: 'product',
    joins: ['p'],
    key: 'p.id',
    labelSql: { zh: 'p.name_zh', en: 'p.name_en' },
  },
  {
    name: 'product_line',
    label: { zh: '产品线', en: 'Product line' },
    needs: 'product',
    joins: ['p', 'pl'],
    key: 'pl.id',
    labelSql: { zh: 'pl.name_zh', en: 'pl.name_en' },
  },
  {
    name: 'device_class',
    label: { zh: '器械类别', en: 'Device class' },
    needs: 'product',
    joins: ['p'],
    key: 'p.device_class',
    labelSql: null,
    isCode: true,
  },
  {
    name: 'rep',
    label: { zh: '销售代表', en: 'Sales rep' },
    needs: 'rep',
    joins: ['u'],
    key: 'u.id',
    labelSql: { zh: 'u.display_name', en: 'u.display_name' },
  },
  {
    name: 'warehouse',
    label: { zh: '仓库', en: 'Warehouse' },
    needs: 'warehouse',
    joins: ['w'],
    key: 'w.id',
    labelSql: { zh: 'w.name', en: 'w.name' },
  },
];

export const measures = new Map<string, Measure>(measureList.map((m) => [m.name, m]));
export const dimensions = new Map<string, Dimension>(dimensionList.map((d) => [d.name, d]));

/** The base measures a measure needs (itself, or a derived measure's inputs, recursively). */
export function baseMeasuresOf(measure: Measure): BaseMeasure[] {
  if (measure.kind === 'base') return [measure];
  return measure.inputs.flatMap((name) => baseMeasuresOf(measures.get(name)!));
}

export function isMeasureAllowed(measure: Measure, roles: readonly Role[]): boolean {
  const needed = [measure, ...baseMeasuresOf(measure)];
  return needed.every((m) => !m.roles || roles.some((r) => m.roles!.includes(r)));
}

/**
 * The semantic layer: every measure, dimension and fact source analytics can show, defined once. Queries
 * (POST /api/analytics/query), exports, the customer-value and portfolio pages all compile
 * from these definitions, so a figure means the same everywhere. Only the SQL written here
 * ever becomes an identifier or an expression in a query; input only picks names.
 *
 * Sales figures come from THE definitions in ../sales-facts.sql.ts (revenue, cost, orders),
 * so they agree with the sales overview. Money is CNY fen; rates are fractions.
 */

import type { AnalyticsMeasureName } from '../../../../contracts/analytics-query.ts';
import type { Role } from '../../../../contracts/auth.ts';
import type { Label, SourceName } from './semantic.sources.ts';
import { targetMeasures } from './targets.definitions.ts';

// Sources (semantic.sources.ts) and dimensions (semantic.dimensions.ts) live in files of their
// own; importers of the layer find all three here.
export * from './semantic.dimensions.ts';
export * from './semantic.sources.ts';

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

export const measures = new Map<string, Measure>(measureList.map((m) => [m.name, m]));

/** The base measures a measure needs (itself, or a derived measure's inputs, recursively). */
export function baseMeasuresOf(measure: Measure): BaseMeasure[] {
  if (measure.kind === 'base') return [measure];
  return measure.inputs.flatMap((name) => baseMeasuresOf(measures.get(name)!));
}

export function isMeasureAllowed(measure: Measure, roles: readonly Role[]): boolean {
  const needed = [measure, ...baseMeasuresOf(measure)];
  return needed.every((m) => !m.roles || roles.some((r) => m.roles!.includes(r)));
}

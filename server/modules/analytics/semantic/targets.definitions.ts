/**
 * Targets and region coverage in the semantic layer (issue #8): the fact sources and measures,
 * kept beside semantic.definitions.ts, which lists them with the others.
 *
 * Revenue targets (table revenue_targets, CNY fen) are facts dated the FIRST DAY of their
 * month. A month's target therefore counts in full in any time range that contains its first
 * day, and in none that does not (a range from 15 January counts February's target onwards,
 * not January's): pick whole months to compare with targets. By week or day, a month's target
 * sits on the week or day of its 1st.
 *
 * A region's target and its reps' quotas are not added up twice. The source yields each rep's
 * quota (rep set), and per region and month one more row without a rep holding the region's
 * target minus its reps' quotas ("not assigned to a rep"; negative when quotas are allocated
 * above the region's target). So by region the target is the region's own (or the sum of its
 * quotas when it has none), by rep each rep's quota, and every total is the sum of the regions.
 *
 * Region coverage (DOMAIN §8) = target hospitals with an order in the period ÷ target
 * hospitals. A target hospital is a customer flagged `customers.is_target` (目标医院); the flag
 * has no history, so today's list counts for any period. Both counts attribute a customer to
 * its current region and owner rep, so the covered ones are always among the targets of the
 * same group.
 */
import { orderFactsSql } from '../sales-facts.sql.ts';
import type { BaseMeasure, Capability, DerivedMeasure, FactSource } from './semantic.definitions.ts';

export type TargetSourceName = 'targets' | 'target_customers' | 'target_customer_orders';

const revenueTargetsSql = `
  SELECT t.month AS fact_date, t.region_id, NULL::bigint AS customer_id, t.rep_id, t.amount_fen AS target_fen
    FROM revenue_targets t
   WHERE t.rep_id IS NOT NULL
  UNION ALL
  SELECT t.month, t.region_id, NULL::bigint, NULL::bigint, t.amount_fen - coalesce(q.quota_fen, 0)
    FROM revenue_targets t
    LEFT JOIN (SELECT month, region_id, sum(amount_fen)::bigint AS quota_fen FROM revenue_targets
                WHERE rep_id IS NOT NULL GROUP BY month, region_id) q
           ON q.month = t.month AND q.region_id = t.region_id
   WHERE t.rep_id IS NULL AND t.amount_fen <> coalesce(q.quota_fen, 0)`;

/**
 * Target hospitals as they stand. A snapshot source must use its day's parameter (an unused
 * parameter has no type PostgreSQL can infer); the list has no history, so it only names it.
 */
const targetCustomersSql = (asOf: string) => `
  SELECT c.region_id, c.id AS customer_id, c.owner_rep_id AS rep_id
    FROM customers c
   WHERE c.is_target AND ${asOf}::date IS NOT NULL`;

/** Orders (the one definition) of target hospitals, attributed like the hospitals themselves. */
const targetCustomerOrdersSql = `
  SELECT f.fact_date, c.region_id, c.id AS customer_id, c.owner_rep_id AS rep_id
    FROM (${orderFactsSql}) f
    JOIN customers c ON c.id = f.customer_id
   WHERE c.is_target`;

const caps = (...list: Capability[]) => new Set<Capability>(list);

export const targetSources: Record<TargetSourceName, FactSource> = {
  targets: { name: 'targets', sql: () => revenueTargetsSql, isSnapshot: false, has: caps('date', 'rep') },
  target_customers: {
    name: 'target_customers',
    sql: targetCustomersSql,
    isSnapshot: true,
    has: caps('customer', 'rep'),
  },
  target_customer_orders: {
    name: 'target_customer_orders',
    sql: () => targetCustomerOrdersSql,
    isSnapshot: false,
    has: caps('date', 'customer', 'rep'),
  },
};

const ratio = (numerator: number | null, denominator: number | null) =>
  numerator === null || denominator === null || denominator === 0 ? null : numerator / denominator;

/** Targets are internal plans: not for distributor users. */
const targetRoles = [
  'admin',
  'sales_rep',
  'regional_manager',
  'sales_director',
  'general_manager',
  'finance',
  'finance_director',
  'marketing',
] as const;

export const revenueTargetMeasure: BaseMeasure = {
  kind: 'base',
  name: 'revenue_target',
  label: { zh: '销售指标', en: 'Revenue target' },
  description: "Monthly revenue targets whose month starts in the range; by rep the rep's quota",
  type: 'money',
  source: 'targets',
  aggregate: 'coalesce(sum(x.target_fen), 0)::bigint',
  roles: targetRoles,
};

export const targetMeasures: readonly (BaseMeasure | DerivedMeasure)[] = [
  revenueTargetMeasure,
  {
    kind: 'derived',
    name: 'target_attainment',
    label: { zh: '指标达成率', en: 'Target attainment' },
    description: 'Revenue ÷ revenue target (a fraction); empty when there is no target',
    type: 'rate',
    inputs: ['revenue', 'revenue_target'],
    compute: (v) => ratio(v('revenue'), v('revenue_target')),
    roles: targetRoles,
  },
  {
    kind: 'base',
    name: 'target_hospitals',
    label: { zh: '目标医院数', en: 'Target hospitals' },
    description: 'Customers flagged as target hospitals, as the list stands now',
    type: 'count',
    source: 'target_customers',
    aggregate: 'count(*)::int',
  },
  {
    kind: 'base',
    name: 'covered_target_hospitals',
    label: { zh: '已覆盖目标医院数', en: 'Covered target hospitals' },
    description: 'Target hospitals with at least one order in the period',
    type: 'count',
    source: 'target_customer_orders',
    aggregate: 'count(DISTINCT x.customer_id)::int',
  },
  {
    kind: 'derived',
    name: 'coverage_rate',
    label: { zh: '目标医院覆盖率', en: 'Region coverage' },
    description: 'Covered target hospitals ÷ target hospitals (a fraction)',
    type: 'rate',
    inputs: ['covered_target_hospitals', 'target_hospitals'],
    compute: (v) => ratio(v('covered_target_hospitals'), v('target_hospitals')),
  },
];

/**
 * The sales overview's questions to the analytics semantic layer (../semantic). Every figure
 * of the page is one of the layer's measures, so it means what it means in the report builder,
 * and the layer's planner reads the rollups when they can answer. Scope and the measures a role
 * may see are the layer's, from the caller's own context; the page's filters only narrow it,
 * and a caller who may not see cost is never asked gross profit for.
 */
import type {
  AnalyticsMeasureName,
  AnalyticsQuery,
  AnalyticsResult,
} from '../../../../contracts/analytics-query.ts';
import type { Role } from '../../../../contracts/auth.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { isMeasureAllowed, measures } from '../semantic/semantic.definitions.ts';
import { runAnalyticsQuery } from '../semantic/semantic.service.ts';
import type { LevelFilter, Period } from './sales-overview.rules.ts';

/**
 * What every overview question is narrowed to — the page's region (in level terms) and channel —
 * and whether it may ask for cost-based measures at all.
 */
export interface OverviewSlice {
  regionFilters: LevelFilter[];
  channel: string | null;
  canSeeCost: boolean;
}

/** Large enough that a breakdown is never cut before the overview ranks it (the layer's maximum). */
const ALL_ROWS = 10_000;

/**
 * Whether these roles see the page's cost-based figures (gross profit, margin): exactly when the
 * semantic layer would answer them gross profit, so the page and the report builder never
 * disagree. Fails closed should the measure ever be missing.
 */
export function canSeeCost(roles: readonly Role[]): boolean {
  const grossProfit = measures.get('gross_profit');
  return grossProfit !== undefined && isMeasureAllowed(grossProfit, roles);
}

/** Gross profit next to the other measures of a question, only for a caller who may see cost. */
export function withCost(
  slice: Pick<OverviewSlice, 'canSeeCost'>,
  measureNames: readonly AnalyticsMeasureName[],
): AnalyticsMeasureName[] {
  return slice.canSeeCost ? [...measureNames, 'gross_profit'] : [...measureNames];
}

function ask(
  db: Queryable,
  ctx: RequestContext,
  range: { from: string; to: string },
  slice: OverviewSlice,
  question: Pick<AnalyticsQuery, 'measures' | 'dimensions'> &
    Partial<Pick<AnalyticsQuery, 'comparison' | 'sort'>>,
): Promise<AnalyticsResult> {
  const filters: AnalyticsQuery['filters'] = [...slice.regionFilters];
  if (slice.channel) filters.push({ dimension: 'channel', op: 'in', values: [slice.channel] });
  return runAnalyticsQuery(db, ctx, {
    measures: question.measures,
    dimensions: question.dimensions,
    filters,
    timeRange: range,
    comparison: question.comparison,
    sort: question.sort ?? [],
    limit: ALL_ROWS,
  });
}

/**
 * Revenue, gross profit (when the caller may see it), orders and average order value per month
 * of the period, next to the same dates a year earlier (the layer shifts those onto this year's
 * months); the totals are the KPIs, so the trend always adds up to them.
 */
export function readMonthlySales(db: Queryable, ctx: RequestContext, period: Period, slice: OverviewSlice) {
  return ask(db, ctx, period, slice, {
    measures: withCost(slice, ['revenue', 'orders', 'average_order_value']),
    dimensions: ['month'],
    comparison: 'same_period_last_year',
  });
}

/** Revenue (and gross profit) per city, province and sales region (a fact knows all three). */
export function readSalesByRegionLevels(
  db: Queryable,
  ctx: RequestContext,
  period: Period,
  slice: OverviewSlice,
) {
  return ask(db, ctx, period, slice, {
    measures: withCost(slice, ['revenue']),
    dimensions: ['region', 'province', 'city'],
  });
}

export function readSalesByProduct(db: Queryable, ctx: RequestContext, period: Period, slice: OverviewSlice) {
  return ask(db, ctx, period, slice, {
    measures: withCost(slice, ['revenue']),
    dimensions: ['product'],
    sort: [{ field: 'revenue', direction: 'desc' }],
  });
}

/** Per owner rep (a null key: no owner rep), with the rep's name as the label. */
export function readSalesByRep(db: Queryable, ctx: RequestContext, period: Period, slice: OverviewSlice) {
  return ask(db, ctx, period, slice, {
    measures: withCost(slice, ['revenue', 'orders']),
    dimensions: ['rep'],
    sort: [{ field: 'revenue', direction: 'desc' }],
  });
}

/** Receivables open and overdue on a day (a snapshot: the layer reads it as of the range's end). */
export function readReceivables(db: Queryable, ctx: RequestContext, asOf: string, slice: OverviewSlice) {
  return ask(db, ctx, { from: asOf, to: asOf }, slice, {
    measures: ['ar_open', 'ar_overdue', 'overdue_rate'],
    dimensions: [],
  });
}

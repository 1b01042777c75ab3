/**
 * The sales overview's questions to the analytics semantic layer (../semantic). Every figure
 * of the page is one of the layer's measures, so it means what it means in the report builder,
 * and the layer's planner reads the rollups when they can answer. Scope is applied by the
 * layer from the caller's context; the page's filters only narrow it.
 */
import type { AnalyticsQuery, AnalyticsResult } from '../../../../contracts/analytics-query.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { isMeasureAllowed, measures } from '../semantic/semantic.definitions.ts';
import { runAnalyticsQuery } from '../semantic/semantic.service.ts';
import type { LevelFilter, Period } from './sales-overview.rules.ts';

/** What every overview question is narrowed to: the page's region (in level terms) and channel. */
export interface OverviewSlice {
  regionFilters: LevelFilter[];
  channel: string | null;
}

/** Large enough that a breakdown is never cut before the overview ranks it (the layer's maximum). */
const ALL_ROWS = 10_000;

/**
 * The overview has always shown a distributor the gross profit of its own purchases (see
 * "shows a distributor only its own company's figures" in sales-overview.api.test.ts), while the
 * semantic layer keeps cost-based measures to internal roles. Until product decides which is
 * right (raised on issue #8), the overview keeps its behaviour: for a caller the layer would
 * refuse cost to, it asks with one internal role added. The layer reads roles only to allow
 * measures; the scope it applies comes from regionIds / distributorId, which stay the caller's.
 */
export function overviewContext(ctx: RequestContext): RequestContext {
  const grossProfit = measures.get('gross_profit');
  if (!grossProfit || isMeasureAllowed(grossProfit, ctx.roles)) return ctx;
  return { ...ctx, roles: [...ctx.roles, 'sales_rep'] };
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
  return runAnalyticsQuery(db, overviewContext(ctx), {
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
 * Revenue, gross profit, orders and average order value per month of the period, next to the
 * same dates a year earlier (the layer shifts those onto this year's months); the totals are
 * the KPIs, so the trend always adds up to them.
 */
export function readMonthlySales(db: Queryable, ctx: RequestContext, period: Period, slice: OverviewSlice) {
  return ask(db, ctx, period, slice, {
    measures: ['revenue', 'gross_profit', 'orders', 'average_order_value'],
    dimensions: ['month'],
    comparison: 'same_period_last_year',
  });
}

/** Revenue and gross profit per city, province and sales region (a fact knows all three). */
export function readSalesByRegionLevels(
  db: Queryable,
  ctx: RequestContext,
  period: Period,
  slice: OverviewSlice,
) {
  return ask(db, ctx, period, slice, {
    measures: ['revenue', 'gross_profit'],
    dimensions: ['region', 'province', 'city'],
  });
}

export function readSalesByProduct(db: Queryable, ctx: RequestContext, period: Period, slice: OverviewSlice) {
  return ask(db, ctx, period, slice, {
    measures: ['revenue', 'gross_profit'],
    dimensions: ['product'],
    sort: [{ field: 'revenue', direction: 'desc' }],
  });
}

/** Per owner rep (a null key: no owner rep), with the rep's name as the label. */
export function readSalesByRep(db: Queryable, ctx: RequestContext, period: Period, slice: OverviewSlice) {
  return ask(db, ctx, period, slice, {
    measures: ['revenue', 'gross_profit', 'orders'],
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

/**
 * The sales overview (landing dashboard): KPIs against the same dates a year earlier, the
 * monthly trend, contribution by region (with drill-down), top products, the rep
 * leaderboard and overdue receivables — all within the caller's scope, narrowed by the
 * page's region and channel filters. Every figure is a semantic-layer measure
 * (sales-overview.semantic.ts); this file shapes them into the page's response. Gross profit and
 * margin are null throughout for a caller who may not see cost (a distributor).
 */

import type { SalesOverview, SalesOverviewQuery } from '../../../../contracts/analytics.ts';
import type { AnalyticsResult } from '../../../../contracts/analytics-query.ts';
import { type AgingBucket, agingBuckets } from '../../../../contracts/finance.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate } from '../../../platform/dates.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import * as repo from './sales-overview.repository.ts';
import {
  bookedRegionOf,
  breadcrumbOf,
  canDrillDown,
  changePoints,
  changeRate,
  indexRegions,
  marginRate,
  monthsOf,
  monthYearBefore,
  type RegionIndex,
  receivablesAsOf,
  regionBuckets,
  regionFilterOf,
  regionRef,
  resolvePeriod,
  subtreeOf,
} from './sales-overview.rules.ts';
import * as semantic from './sales-overview.semantic.ts';

const TOP_PRODUCTS = 10;
const TOP_REPS = 20;

type Row = AnalyticsResult['rows'][number];
type Values = AnalyticsResult['totals']['values'];

/** A sum of the layer (0 when absent: a group with orders and no invoice has no revenue). */
const sumOf = (values: Values | null | undefined, measure: string): number => values?.[measure] ?? 0;

/** Gross profit of a group for a caller who may see cost; null (not shown) for anyone else. */
const grossProfitOf = (values: Values | null | undefined, canSeeCost: boolean): number | null =>
  canSeeCost ? sumOf(values, 'gross_profit') : null;

/** Largest revenue first; ties in id order, so the page is stable. */
function byRevenue<T extends { id: number; revenue: number }>(a: T, b: T): number {
  return b.revenue - a.revenue || a.id - b.id;
}

export async function getSalesOverview(
  db: Db,
  ctx: RequestContext,
  query: SalesOverviewQuery,
  today = businessDate(),
): Promise<SalesOverview> {
  const period = resolvePeriod(query, today, ctx.lang);
  const regions = indexRegions(await repo.listRegions(db));
  const focusId = query.regionId ?? null;
  if (focusId !== null && !regions.byId.has(focusId)) {
    throw new AppError(
      'INVALID_REFERENCE',
      { entity: ctx.lang === 'en' ? 'region' : '区域', value: focusId },
      { field: 'regionId' },
    );
  }
  const channel = query.channel ?? null;
  const canSeeCost = semantic.canSeeCost(ctx.roles);
  const slice: semantic.OverviewSlice = {
    regionFilters: regionFilterOf(regions, focusId),
    channel,
    canSeeCost,
  };
  const asOf = receivablesAsOf(period, today);

  const [monthly, byRegion, byProduct, byRep, receivables, agingRows] = await Promise.all([
    semantic.readMonthlySales(db, ctx, period, slice),
    semantic.readSalesByRegionLevels(db, ctx, period, slice),
    semantic.readSalesByProduct(db, ctx, period, slice),
    semantic.readSalesByRep(db, ctx, period, slice),
    semantic.readReceivables(db, ctx, asOf, slice),
    // Aging buckets and invoice counts are not in the semantic layer.
    repo.sumOpenReceivables(db, ctx, asOf, {
      regionIds: focusId === null ? null : subtreeOf(regions, focusId),
      channel,
    }),
  ]);

  return {
    period,
    filters: { regionId: focusId, channel },
    kpis: kpisOf(monthly.totals, canSeeCost),
    trend: trendOf(monthly.rows, period, canSeeCost),
    regions: {
      path: breadcrumbOf(regions, focusId),
      items: regionItemsOf(byRegion.rows, regions, focusId, canSeeCost),
    },
    topProducts: await topProductsOf(db, byProduct.rows, canSeeCost),
    reps: repsOf(byRep.rows, canSeeCost),
    receivables: {
      asOf,
      buckets: bucketsOf(agingRows),
      totalOpenCnyFen: sumOf(receivables.totals.values, 'ar_open'),
      overdueCnyFen: sumOf(receivables.totals.values, 'ar_overdue'),
      overdueRate: receivables.totals.values.overdue_rate ?? null,
    },
  };
}

function kpisOf(totals: AnalyticsResult['totals'], canSeeCost: boolean): SalesOverview['kpis'] {
  const now = totals.values;
  const before = totals.previous;
  const revenue = { current: sumOf(now, 'revenue'), previous: sumOf(before, 'revenue') };
  const orders = { current: sumOf(now, 'orders'), previous: sumOf(before, 'orders') };
  const average = { current: now.average_order_value ?? null, previous: before?.average_order_value ?? null };
  return {
    revenueCnyFen: { ...revenue, changeRate: changeRate(revenue.current, revenue.previous) },
    ...(canSeeCost ? costKpisOf(totals, revenue) : { grossProfitCnyFen: null, marginRate: null }),
    orders: { ...orders, changeRate: changeRate(orders.current, orders.previous) },
    averageOrderValueCnyFen: {
      ...average,
      changeRate:
        average.current === null || average.previous === null
          ? null
          : changeRate(average.current, average.previous),
    },
  };
}

function costKpisOf(
  totals: AnalyticsResult['totals'],
  revenue: { current: number; previous: number },
): Pick<SalesOverview['kpis'], 'grossProfitCnyFen' | 'marginRate'> {
  const grossProfit = {
    current: sumOf(totals.values, 'gross_profit'),
    previous: sumOf(totals.previous, 'gross_profit'),
  };
  // The page's margin is null unless revenue is positive (its contract), so it is taken from the
  // layer's sums rather than from the layer's margin, which has a value on a net credit too.
  const margin = {
    current: marginRate(grossProfit.current, revenue.current),
    previous: marginRate(grossProfit.previous, revenue.previous),
  };
  return {
    grossProfitCnyFen: { ...grossProfit, changeRate: changeRate(grossProfit.current, grossProfit.previous) },
    marginRate: { ...margin, changePoints: changePoints(margin.current, margin.previous) },
  };
}

/** Every month of the period (empty ones as zeros); `previous` is the layer's year-earlier twin of the month. */
function trendOf(
  rows: readonly Row[],
  period: { from: string; to: string },
  canSeeCost: boolean,
): SalesOverview['trend'] {
  const byMonth = new Map(rows.map((row) => [row.keys[0], row]));
  return monthsOf(period.from, period.to).map((month) => {
    const row = byMonth.get(month);
    return {
      month,
      revenueCnyFen: sumOf(row?.values, 'revenue'),
      grossProfitCnyFen: grossProfitOf(row?.values, canSeeCost),
      previousMonth: monthYearBefore(month),
      previousRevenueCnyFen: sumOf(row?.previous, 'revenue'),
      previousGrossProfitCnyFen: grossProfitOf(row?.previous, canSeeCost),
    };
  });
}

/**
 * The region chart: the layer's groups (sales region × province × city) each counted in the
 * chart row its booked region falls in — a sales region, or the regions just below the focus.
 */
function regionItemsOf(
  rows: readonly Row[],
  regions: RegionIndex,
  focusId: number | null,
  canSeeCost: boolean,
): SalesOverview['regions']['items'] {
  const buckets = regionBuckets(regions, focusId);
  const sums = new Map<number, { id: number; revenue: number; grossProfit: number }>();
  for (const row of rows) {
    const booked = bookedRegionOf(
      regions,
      [row.keys[0] ?? null, row.keys[1] ?? null, row.keys[2] ?? null],
      focusId,
    );
    const bucket = booked === null ? undefined : buckets.get(booked);
    if (bucket === undefined) continue;
    const sum = sums.get(bucket) ?? { id: bucket, revenue: 0, grossProfit: 0 };
    sum.revenue += sumOf(row.values, 'revenue');
    sum.grossProfit += sumOf(row.values, 'gross_profit');
    sums.set(bucket, sum);
  }
  return [...sums.values()].sort(byRevenue).flatMap((sum) => {
    const ref = regionRef(regions, sum.id);
    if (!ref) return [];
    return [
      {
        ...ref,
        canDrillDown: canDrillDown(regions, sum.id, focusId),
        revenueCnyFen: sum.revenue,
        grossProfitCnyFen: canSeeCost ? sum.grossProfit : null,
      },
    ];
  });
}

/** The products that sold most, named with their SKU and product line (which the layer does not return). */
async function topProductsOf(
  db: Db,
  rows: readonly Row[],
  canSeeCost: boolean,
): Promise<SalesOverview['topProducts']> {
  const top = rows
    .map((row) => ({
      id: Number(row.keys[0]),
      revenue: sumOf(row.values, 'revenue'),
      grossProfit: grossProfitOf(row.values, canSeeCost),
    }))
    .sort(byRevenue)
    .slice(0, TOP_PRODUCTS);
  const names = new Map(
    (
      await repo.listProductNames(
        db,
        top.map((p) => p.id),
      )
    ).map((n) => [n.productId, n]),
  );
  return top.flatMap((p) => {
    const name = names.get(p.id);
    return name ? [{ ...name, revenueCnyFen: p.revenue, grossProfitCnyFen: p.grossProfit }] : [];
  });
}

/**
 * The rep leaderboard. The layer merges sales and orders on the rep, so a rep with orders in
 * the period and no invoice yet is there too (and one with invoices only). Ranked by revenue,
 * then orders, then id (no owner rep first).
 */
function repsOf(rows: readonly Row[], canSeeCost: boolean): SalesOverview['reps'] {
  return rows
    .map((row) => ({
      id: row.keys[0] === null || row.keys[0] === undefined ? null : Number(row.keys[0]),
      name: row.labels[0] ?? null,
      revenue: sumOf(row.values, 'revenue'),
      grossProfit: grossProfitOf(row.values, canSeeCost),
      orders: sumOf(row.values, 'orders'),
    }))
    .sort((a, b) => b.revenue - a.revenue || b.orders - a.orders || (a.id ?? 0) - (b.id ?? 0))
    .slice(0, TOP_REPS)
    .map((r) => ({
      repId: r.id,
      repName: r.id === null ? null : r.name,
      revenueCnyFen: r.revenue,
      grossProfitCnyFen: r.grossProfit,
      orders: r.orders,
    }));
}

function bucketsOf(
  rows: readonly { bucket: AgingBucket; openCnyFen: number; count: number }[],
): SalesOverview['receivables']['buckets'] {
  const byBucket = new Map(rows.map((r) => [r.bucket, r]));
  return agingBuckets.map((bucket) => ({
    bucket,
    openCnyFen: byBucket.get(bucket)?.openCnyFen ?? 0,
    count: byBucket.get(bucket)?.count ?? 0,
  }));
}

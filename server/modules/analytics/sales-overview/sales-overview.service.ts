/**
 * The sales overview (landing dashboard): KPIs against the same dates a year earlier, the
 * monthly trend, contribution by region (with drill-down), top products, the rep
 * leaderboard and overdue receivables — all within the caller's scope, narrowed by the
 * page's region and channel filters.
 */
import type { SalesOverview, SalesOverviewQuery } from '../../../../contracts/analytics.ts';
import { type AgingBucket, agingBuckets } from '../../../../contracts/finance.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate } from '../../../platform/dates.ts';
import type { Db } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import * as repo from './sales-overview.repository.ts';
import {
  averageFen,
  breadcrumbOf,
  canDrillDown,
  changePoints,
  changeRate,
  indexRegions,
  marginRate,
  monthsOf,
  monthYearBefore,
  receivablesAsOf,
  regionBuckets,
  regionRef,
  resolvePeriod,
  subtreeOf,
} from './sales-overview.rules.ts';

const TOP_PRODUCTS = 10;
const TOP_REPS = 20;

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
  const filter: repo.OverviewFilter = {
    regionIds: focusId === null ? null : subtreeOf(regions, focusId),
    channel: query.channel ?? null,
  };
  const asOf = receivablesAsOf(period, today);

  const [groups, orderCounts, receivables] = await Promise.all([
    repo.summariseSales(db, ctx, period, filter, regionBuckets(regions, focusId)),
    repo.countOrders(db, ctx, period, filter),
    repo.sumOpenReceivables(db, ctx, asOf, filter),
  ]);
  const of = (dimension: repo.SalesDimension) => groups.filter((g) => g.dimension === dimension);
  const sales = of('total')[0] ?? { revenue: 0, cost: 0, previousRevenue: 0, previousCost: 0 };
  const orders = orderCounts.find((o) => o.repKey === null) ?? { current: 0, previous: 0 };
  // Breakdowns show what sold in the period, largest first (ties in id order, so stable).
  const ranked = (dimension: repo.SalesDimension) =>
    of(dimension)
      .filter((g) => g.key !== null && g.currentFacts > 0)
      .map((g) => ({ id: Number(g.key), revenue: g.revenue, grossProfit: g.revenue - g.cost }))
      .sort((a, b) => b.revenue - a.revenue || a.id - b.id);

  const products = ranked('product').slice(0, TOP_PRODUCTS);
  const names = new Map(
    (
      await repo.listProductNames(
        db,
        products.map((p) => p.id),
      )
    ).map((n) => [n.productId, n]),
  );
  const topProducts = products.flatMap((p) => {
    const name = names.get(p.id);
    return name ? [{ ...name, revenueCnyFen: p.revenue, grossProfitCnyFen: p.grossProfit }] : [];
  });

  // A rep can have orders in the period and no invoice yet, or the other way round.
  const ordersByRep = new Map(
    orderCounts.filter((o) => o.repKey !== null).map((o) => [o.repKey!, o.current]),
  );
  const repSales = new Map(ranked('rep').map((r) => [r.id, r]));
  for (const [repKey, count] of ordersByRep) {
    if (count > 0 && !repSales.has(repKey)) repSales.set(repKey, { id: repKey, revenue: 0, grossProfit: 0 });
  }
  const leaders = [...repSales.values()]
    .map((r) => ({ ...r, orders: ordersByRep.get(r.id) ?? 0 }))
    .sort((a, b) => b.revenue - a.revenue || b.orders - a.orders || a.id - b.id)
    .slice(0, TOP_REPS);
  const repNames = new Map(
    (
      await repo.listUserNames(
        db,
        leaders.filter((r) => r.id !== 0).map((r) => r.id),
      )
    ).map((u) => [u.id, u.name]),
  );
  const reps = leaders.map((r) => ({
    repId: r.id === 0 ? null : r.id,
    repName: r.id === 0 ? null : (repNames.get(r.id) ?? null),
    revenueCnyFen: r.revenue,
    grossProfitCnyFen: r.grossProfit,
    orders: r.orders,
  }));

  const grossProfit = sales.revenue - sales.cost;
  const previousGrossProfit = sales.previousRevenue - sales.previousCost;
  const margin = marginRate(grossProfit, sales.revenue);
  const previousMargin = marginRate(previousGrossProfit, sales.previousRevenue);
  const average = averageFen(sales.revenue, orders.current);
  const previousAverage = averageFen(sales.previousRevenue, orders.previous);

  const byMonth = new Map(of('month').map((m) => [m.key, m]));
  const trend = monthsOf(period.from, period.to).map((month) => {
    const previousMonth = monthYearBefore(month);
    const current = byMonth.get(month);
    const before = byMonth.get(previousMonth);
    return {
      month,
      revenueCnyFen: current?.revenue ?? 0,
      grossProfitCnyFen: (current?.revenue ?? 0) - (current?.cost ?? 0),
      previousMonth,
      previousRevenueCnyFen: before?.previousRevenue ?? 0,
      previousGrossProfitCnyFen: (before?.previousRevenue ?? 0) - (before?.previousCost ?? 0),
    };
  });

  const openByBucket = new Map(receivables.map((r) => [r.bucket, r]));
  const buckets = agingBuckets.map((bucket: AgingBucket) => ({
    bucket,
    openCnyFen: openByBucket.get(bucket)?.openCnyFen ?? 0,
    count: openByBucket.get(bucket)?.count ?? 0,
  }));
  const totalOpen = buckets.reduce((sum, b) => sum + b.openCnyFen, 0);
  const overdue = totalOpen - (openByBucket.get('not_due')?.openCnyFen ?? 0);

  return {
    period,
    filters: { regionId: focusId, channel: query.channel ?? null },
    kpis: {
      revenueCnyFen: {
        current: sales.revenue,
        previous: sales.previousRevenue,
        changeRate: changeRate(sales.revenue, sales.previousRevenue),
      },
      grossProfitCnyFen: {
        current: grossProfit,
        previous: previousGrossProfit,
        changeRate: changeRate(grossProfit, previousGrossProfit),
      },
      marginRate: {
        current: margin,
        previous: previousMargin,
        changePoints: changePoints(margin, previousMargin),
      },
      orders: {
        current: orders.current,
        previous: orders.previous,
        changeRate: changeRate(orders.current, orders.previous),
      },
      averageOrderValueCnyFen: {
        current: average,
        previous: previousAverage,
        changeRate:
          average === null || previousAverage === null ? null : changeRate(average, previousAverage),
      },
    },
    trend,
    regions: {
      path: breadcrumbOf(regions, focusId),
      items: ranked('region').flatMap((row) => {
        const ref = regionRef(regions, row.id);
        if (!ref) return [];
        return [
          {
            ...ref,
            canDrillDown: canDrillDown(regions, row.id, focusId),
            revenueCnyFen: row.revenue,
            grossProfitCnyFen: row.grossProfit,
          },
        ];
      }),
    },
    topProducts,
    reps,
    receivables: {
      asOf,
      buckets,
      totalOpenCnyFen: totalOpen,
      overdueCnyFen: overdue,
      overdueRate: totalOpen > 0 ? overdue / totalOpen : null,
    },
  };
}

/**
 * Product portfolio (DOMAIN §9): each product line's revenue now and the same dates a year
 * earlier, from the semantic layer, placed by the pure rules (../portfolio.rules.ts) with the
 * caller's cut-offs. Margin is shown to roles that may see cost.
 */
import type { Portfolio, PortfolioQuery } from '../../../../contracts/analytics-insights.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate } from '../../../platform/dates.ts';
import type { Queryable } from '../../../platform/db.ts';
import { classifyPortfolio } from '../portfolio.rules.ts';
import { isMeasureAllowed, measures } from '../semantic/semantic.definitions.ts';
import { runAnalyticsQuery } from '../semantic/semantic.service.ts';

export async function getPortfolio(
  db: Queryable,
  ctx: RequestContext,
  query: PortfolioQuery,
  today = businessDate(),
): Promise<Portfolio> {
  const to = query.to ?? today;
  const from = query.from ?? `${to.slice(0, 4)}-01-01`;
  const canSeeCost = isMeasureAllowed(measures.get('gross_profit')!, ctx.roles);
  const result = await runAnalyticsQuery(
    db,
    ctx,
    {
      measures: canSeeCost ? ['revenue', 'gross_profit'] : ['revenue'],
      dimensions: ['product_line'],
      filters: [],
      sort: [],
      limit: 10_000,
      timeRange: { from, to },
      comparison: 'same_period_last_year',
    },
    today,
  );
  // Basis points, compared exactly in integers by the rules.
  const cutoffs = {
    relativeShareBp: Math.round(query.shareCutoff * 10_000),
    growthBp: Math.round(query.growthCutoff * 10_000),
  };
  const positions = classifyPortfolio(
    result.rows.map((r) => ({
      lineId: r.keys[0] ?? '',
      salesFen: BigInt(r.values.revenue ?? 0),
      priorYearSalesFen: BigInt(r.previous?.revenue ?? 0),
    })),
    cutoffs,
  );
  return {
    timeRange: result.timeRange,
    comparisonRange: result.comparisonRange!,
    shareCutoff: query.shareCutoff,
    growthCutoff: query.growthCutoff,
    lines: result.rows.map((r, i) => {
      const p = positions[i]!;
      const revenue = r.values.revenue ?? 0;
      const grossProfit = canSeeCost ? (r.values.gross_profit ?? 0) : null;
      return {
        productLineId: Number(r.keys[0]),
        name: r.labels[0] ?? '',
        revenueCnyFen: revenue,
        previousRevenueCnyFen: r.previous?.revenue ?? 0,
        grossProfitCnyFen: grossProfit,
        margin: grossProfit === null || revenue === 0 ? null : grossProfit / revenue,
        relativeShare: p.relativeShare,
        growth: p.growth,
        isNewLine: p.isNewLine,
        quadrant: p.quadrant,
      };
    }),
  };
}

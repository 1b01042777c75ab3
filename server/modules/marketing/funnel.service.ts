import type { AnalysisFilters, FunnelBreakdown, FunnelReport } from '../../../contracts/marketing.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import type { Queryable } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { type FunnelStage, funnelStages, salesVelocity, stageConversions } from './attribution.rules.ts';
import * as repo from './funnel.repository.ts';
import { emptyReached, findBottleneck, trailingPeriods, withTrailingAverages } from './funnel.rules.ts';

/** The bottleneck compares the period with this many equal periods before it. */
export const TRAILING_PERIODS = 3;

const stageIndex = (stage: FunnelStage) => funnelStages.indexOf(stage);

/** Reached counts from furthest-stage counts: a deal reached every stage up to its furthest. */
function reachedFrom(counts: readonly { stage: FunnelStage; deals: number }[]): Record<FunnelStage, number> {
  const reached = emptyReached();
  for (const { stage, deals } of counts) {
    for (const s of funnelStages.slice(0, stageIndex(stage) + 1)) reached[s] += deals;
  }
  return reached;
}

export async function getFunnelReport(
  db: Queryable,
  ctx: RequestContext,
  filters: AnalysisFilters,
): Promise<FunnelReport> {
  if (filters.to < filters.from) {
    throw new AppError('INVALID_DATE_RANGE', { from: filters.from, to: filters.to }, { field: 'to' });
  }
  const windows = [
    { from: filters.from, to: filters.to },
    ...trailingPeriods(filters.from, filters.to, TRAILING_PERIODS),
  ];
  const [counts, days, closing, lostReasons] = await Promise.all([
    repo.countFurthestStages(db, ctx, filters, windows),
    repo.averageDaysInStages(db, ctx, filters),
    repo.readClosingFacts(db, ctx, filters),
    repo.countLostReasons(db, ctx, filters),
  ]);
  const reachedPerWindow = windows.map((_, k) => reachedFrom(counts.filter((c) => c.window === k)));
  const reached = reachedPerWindow[0]!;
  const conversions = withTrailingAverages(
    stageConversions(reached),
    reachedPerWindow.slice(1).map((r) => stageConversions(r)),
  );
  const closed = closing.won + closing.lost;
  const winRate = closed > 0 ? closing.won / closed : null;
  const velocity =
    winRate !== null &&
    closing.averageWonDealFen !== null &&
    closing.averageCycleDays !== null &&
    closing.averageCycleDays > 0
      ? salesVelocity(closing.open, closing.averageWonDealFen, winRate, closing.averageCycleDays)
      : null;
  return {
    from: filters.from,
    to: filters.to,
    stages: funnelStages.map((stage) => ({
      stage,
      reached: reached[stage],
      averageDaysInStage: days.get(stage) ?? null,
    })),
    conversions,
    bottleneck: findBottleneck(conversions),
    trailingPeriods: TRAILING_PERIODS,
    winRate,
    won: closing.won,
    lost: closing.lost,
    openOpportunities: closing.open,
    averageWonDealFen: closing.averageWonDealFen,
    averageCycleDays: closing.averageCycleDays,
    salesVelocityFenPerDay: velocity,
    lostReasons,
  };
}

export async function getFunnelBreakdown(
  db: Queryable,
  ctx: RequestContext,
  filters: AnalysisFilters,
  by: repo.BreakdownDimension,
): Promise<FunnelBreakdown> {
  if (filters.to < filters.from) {
    throw new AppError('INVALID_DATE_RANGE', { from: filters.from, to: filters.to }, { field: 'to' });
  }
  const rows = await repo.countByGroup(db, ctx, filters, by);
  const groups = new Map<string, { label: string; counts: typeof rows; won: number; lost: number }>();
  for (const row of rows) {
    let group = groups.get(row.key);
    if (!group) {
      group = { label: row.label, counts: [], won: 0, lost: 0 };
      groups.set(row.key, group);
    }
    group.counts.push(row);
    group.won += row.won;
    group.lost += row.lost;
  }
  return {
    by,
    rows: [...groups.entries()].map(([key, group]) => {
      const reached = reachedFrom(group.counts);
      return {
        key,
        label: group.label,
        reached,
        conversions: stageConversions(reached),
        won: group.won,
        lost: group.lost,
        winRate: group.won + group.lost > 0 ? group.won / (group.won + group.lost) : null,
      };
    }),
  };
}

/**
 * The `target` comparison of the query API: each row's `previous` holds the revenue target of
 * the same group, read from the targets source over the same time range (a month's target
 * counts when its first day is in the range; see targets.definitions.ts). Only revenue has a
 * target; every other measure's comparison value is null.
 */
import type { AnalyticsMeasureName } from '../../../../contracts/analytics-query.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { AppError } from '../../../platform/errors.ts';
import {
  type BaseMeasure,
  type Dimension,
  isMeasureAllowed,
  type Measure,
  type SourceName,
} from './semantic.definitions.ts';
import { revenueTargetMeasure, targetSources } from './targets.definitions.ts';

/** Refuses a target comparison by a dimension (or filter) targets cannot be broken down by. */
export function checkTargetComparison(ctx: RequestContext, dimensions: readonly Dimension[]): void {
  const lang = ctx.lang === 'en' ? 'en' : 'zh';
  if (!isMeasureAllowed(revenueTargetMeasure, ctx.roles)) {
    throw new AppError('ANALYTICS_MEASURE_FORBIDDEN', { measure: revenueTargetMeasure.label[lang] });
  }
  for (const d of dimensions) {
    if (d.needs !== null && !targetSources.targets.has.has(d.needs)) {
      throw new AppError('ANALYTICS_NOT_APPLICABLE', {
        measure: revenueTargetMeasure.label[lang],
        dimension: d.label[lang],
      });
    }
  }
}

/** What a target comparison reads: the revenue target alone. */
export function targetComparisonSources(): Map<SourceName, BaseMeasure[]> {
  return new Map([['targets', [revenueTargetMeasure]]]);
}

/**
 * The comparison values of one group: revenue's target (null when the group has no target
 * at all; the totals say 0 when nothing in scope has one), and null for every other measure.
 */
export function asTargetComparison(
  measures: readonly Measure[],
  raw: Record<string, number | null> | undefined,
): Record<string, number | null> {
  const target = raw?.revenue_target ?? null;
  const compared: AnalyticsMeasureName = 'revenue';
  return Object.fromEntries(measures.map((m) => [m.name, m.name === compared ? target : null]));
}

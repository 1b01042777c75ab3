/** Analytics questions the demo tests ask with the rollups off and on. */
import {
  type AnalyticsQueryInput,
  type AnalyticsResult,
  analyticsQuery,
} from '../contracts/analytics-query.ts';
import { withRollupsMode } from '../server/modules/analytics/semantic/semantic.fixtures.ts';
import { runAnalyticsQuery } from '../server/modules/analytics/semantic/semantic.service.ts';
import { systemContext } from '../server/platform/auth-context.ts';
import { addDays } from '../server/platform/dates.ts';
import type { Queryable } from '../server/platform/db.ts';

/** One question per rollup family (sales, orders, stock) and the receivables, from `from` to `today`. */
export function questionsOfEveryRollup(from: string, today: string): AnalyticsQueryInput[] {
  const lastMonth = { from: addDays(today, -30), to: today };
  return [
    {
      measures: ['revenue', 'gross_profit', 'orders'],
      dimensions: ['month', 'region'],
      timeRange: { from, to: today },
    },
    {
      measures: ['units', 'first_allocated_units', 'order_lines'],
      dimensions: ['product_line'],
      timeRange: { from, to: today },
    },
    { measures: ['ar_open', 'ar_overdue'], dimensions: ['region'], timeRange: lastMonth },
    { measures: ['inventory_value'], dimensions: ['warehouse'], timeRange: lastMonth },
  ];
}

/**
 * The answers as the system user, read from the documents ('off') or as analytics reads them,
 * through the rollups where they are up to date ('auto').
 */
export function systemAnswers(
  db: Queryable,
  questions: AnalyticsQueryInput[],
  today: string,
  mode: 'off' | 'auto',
): Promise<AnalyticsResult[]> {
  return withRollupsMode(mode, async () => {
    const answers = [];
    for (const question of questions) {
      answers.push(await runAnalyticsQuery(db, systemContext(), analyticsQuery.parse(question), today));
    }
    return answers;
  });
}

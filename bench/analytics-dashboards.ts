/**
 * Every query the analytics pages send, timed as the pages send them: each panel of each role
 * dashboard (the layouts of web/src/modules/analytics/dashboards/dashboards.rules.ts, over this
 * year to date, no filters), and the customer value (RFM), segment movement and portfolio pages.
 * The issue's latency target (p50 ≤ 300 ms at 10M order lines) is about these; the questions in
 * analytics.bench.ts are the ones also put to DuckDB.
 */

import { customerValueQuery, portfolioQuery } from '../contracts/analytics-insights.ts';
import { analyticsQuery } from '../contracts/analytics-query.ts';
import { segmentMovementQuery } from '../contracts/customer-segments.ts';
import { getCustomerValue } from '../server/modules/analytics/customer-value/customer-value.service.ts';
import { getSegmentMovement } from '../server/modules/analytics/customer-value/segments.service.ts';
import { getPortfolio } from '../server/modules/analytics/portfolio/portfolio.service.ts';
import {
  getAnalyticsCatalogue,
  runAnalyticsQuery,
} from '../server/modules/analytics/semantic/semantic.service.ts';
import type { RequestContext } from '../server/platform/auth-context.ts';
import type { Db } from '../server/platform/db.ts';
import { dashboards, panelQuery } from '../web/src/modules/analytics/dashboards/dashboards.rules.ts';
import { timeRuns } from './bench-utils.ts';

export interface PageTiming {
  page: string;
  /** Each query of the page with its p50 (ms), slowest first. */
  queries: { name: string; p50: number }[];
}

const p50Of = async (runs: number, once: () => Promise<unknown>) => (await timeRuns(runs, once)).p50;

/** Times every query of every analytics page for `ctx` (rollups as configured: 'auto' by default). */
export async function timeAnalyticsPages(
  db: Db,
  ctx: RequestContext,
  today: string,
  runs: number,
): Promise<PageTiming[]> {
  const catalogue = getAnalyticsCatalogue(ctx);
  const range = { from: `${today.slice(0, 4)}-01-01`, to: today };
  const pages: PageTiming[] = [];
  for (const dashboard of dashboards) {
    const queries: PageTiming['queries'] = [];
    for (const panel of dashboard.panels) {
      const planned = panelQuery(panel, range, [], catalogue);
      if (!planned) continue;
      const query = analyticsQuery.parse(planned.query);
      queries.push({
        name: panel.key,
        p50: await p50Of(runs, () => runAnalyticsQuery(db, ctx, query, today)),
      });
    }
    if (queries.length > 0) pages.push({ page: `dashboard ${dashboard.key}`, queries });
  }
  const insights: [string, () => Promise<unknown>][] = [
    ['customer value (RFM, fixed)', () => getCustomerValue(db, ctx, customerValueQuery.parse({}), today)],
    [
      'customer value (RFM, quintiles)',
      () => getCustomerValue(db, ctx, customerValueQuery.parse({ mode: 'quintile' }), today),
    ],
    ['segment movement', () => getSegmentMovement(db, ctx, segmentMovementQuery.parse({}), today)],
    ['product portfolio', () => getPortfolio(db, ctx, portfolioQuery.parse({}), today)],
  ];
  const queries: PageTiming['queries'] = [];
  for (const [name, once] of insights) queries.push({ name, p50: await p50Of(runs, once) });
  pages.push({ page: 'customer and product insights', queries });
  for (const page of pages) page.queries.sort((a, b) => b.p50 - a.p50);
  return pages;
}

/** Lines to print: per page its queries' p50s, slowest first, and whether each meets the target. */
export function describePageTimings(pages: readonly PageTiming[], targetMs: number): string[] {
  const lines: string[] = [];
  for (const page of pages) {
    const slow = page.queries.filter((q) => q.p50 > targetMs);
    lines.push(
      `  ${page.page.padEnd(34)} ${page.queries.length} queries, slowest p50 ${page.queries[0]!.p50.toFixed(1)} ms ` +
        `(${page.queries.map((q) => `${q.name} ${q.p50.toFixed(1)}`).join(', ')}) ` +
        `${slow.length === 0 ? 'met' : `NOT met: ${slow.map((q) => q.name).join(', ')} > ${targetMs} ms`}`,
    );
  }
  return lines;
}

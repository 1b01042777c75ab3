/**
 * Receivables reports for credit: aging by dimension, DSO (standard and countback), ECL provision
 * and the loss rates the company's own history suggests for it.
 */
import type {
  AgingReport,
  AgingReportQuery,
  DsoQuery,
  DsoReport,
  EclHistoryQuery,
  EclHistoryReport,
  EclQuery,
  EclReport,
} from '../../../contracts/credit.ts';
import { type AgingBucket, agingBuckets } from '../../../contracts/finance.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { addDays, businessDate, daysBetween } from '../../platform/dates.ts';
import type { Db } from '../../platform/db.ts';
import { dsoCountback, dsoStandard, expectedCreditLossFen } from './credit.rules.ts';
import { historicalLossRates, observedMonthEnds } from './ecl.rules.ts';
import { getCurrentPolicy } from './policy.service.ts';
import * as repo from './reports.repository.ts';

function emptyBuckets(): Record<AgingBucket, number> {
  return Object.fromEntries(agingBuckets.map((b) => [b, 0])) as Record<AgingBucket, number>;
}

export async function agingReport(
  db: Db,
  ctx: RequestContext,
  query: AgingReportQuery,
): Promise<AgingReport> {
  const asOf = query.asOf ?? businessDate();
  const rows = await repo.agingByDimension(db, ctx, asOf, query.groupBy);
  const groups = new Map<string, { key: string; label: string; buckets: Record<AgingBucket, number> }>();
  const totals = emptyBuckets();
  for (const row of rows) {
    let group = groups.get(row.key);
    if (!group) {
      group = { key: row.key, label: row.label, buckets: emptyBuckets() };
      groups.set(row.key, group);
    }
    group.buckets[row.bucket as AgingBucket] += row.fen;
    totals[row.bucket as AgingBucket] += row.fen;
  }
  const sum = (b: Record<AgingBucket, number>) => agingBuckets.reduce((s, k) => s + b[k], 0);
  return {
    asOf,
    groupBy: query.groupBy,
    rows: [...groups.values()].map((g) => ({ ...g, totalFen: sum(g.buckets) })),
    totals,
    totalFen: sum(totals),
  };
}

/** First day of the month `back` months before the month of `date`. */
function monthStart(date: string, back: number): string {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/**
 * DSO over the last N calendar months, newest first; the as-of month counts up to the as-of
 * date. Sales are credit sales incl. VAT (as the receivables are) less credit notes.
 */
export async function dsoReport(db: Db, ctx: RequestContext, query: DsoQuery): Promise<DsoReport> {
  const asOf = query.asOf ?? businessDate();
  const ranges = Array.from({ length: query.months }, (_, back) => {
    const from = monthStart(asOf, back);
    const to = back === 0 ? asOf : addDays(monthStart(asOf, back - 1), -1);
    return { from, to, days: query.dayCount === '30' ? 30 : daysBetween(from, to) + 1 };
  });
  const [receivablesFen, sales] = await Promise.all([
    repo.receivablesOn(db, ctx, asOf, query.customerId),
    repo.creditSalesBetween(db, ctx, ranges, query.customerId),
  ]);
  const months = ranges.map((r, i) => ({ month: r.from.slice(0, 7), salesFen: sales[i] ?? 0, days: r.days }));
  const totalSales = months.reduce((s, m) => s + m.salesFen, 0);
  const totalDays = months.reduce((s, m) => s + m.days, 0);
  const round1 = (v: number) => Math.round(v * 10) / 10;
  return {
    asOf,
    receivablesFen,
    months,
    standardDays: round1(dsoStandard(receivablesFen, totalSales, totalDays)),
    countbackDays: round1(dsoCountback(receivablesFen, months)),
  };
}

/** Provision by the policy's loss matrix on the date, and its movement from the previous month end. */
export async function eclReport(db: Db, ctx: RequestContext, query: EclQuery): Promise<EclReport> {
  const asOf = query.asOf ?? businessDate();
  const previousMonthEnd = addDays(monthStart(asOf, 0), -1);
  const policy = await getCurrentPolicy(db);
  const balancesOn = async (date: string) => {
    const balances = emptyBuckets();
    for (const row of await repo.bucketBalancesOn(db, ctx, date))
      balances[row.bucket as AgingBucket] += row.fen;
    return balances;
  };
  const [now, before] = await Promise.all([balancesOn(asOf), balancesOn(previousMonthEnd)]);
  const current = expectedCreditLossFen(now, policy.config.eclMatrix);
  const previous = expectedCreditLossFen(before, policy.config.eclMatrix);
  return {
    asOf,
    policyVersion: policy.version,
    lines: current.lines,
    provisionFen: current.provisionFen,
    previousMonthEnd,
    previousProvisionFen: previous.provisionFen,
    movementFen: current.provisionFen - previous.provisionFen,
  };
}

/**
 * Loss rates suggested by the company's history, per aging bucket and per row of the policy's
 * matrix (next to its configured rate): of what sat in each bucket at the observed month-ends,
 * the share written off afterwards, up to the as-of date. In the user's scope.
 */
export async function eclHistoryReport(
  db: Db,
  ctx: RequestContext,
  query: EclHistoryQuery,
): Promise<EclHistoryReport> {
  const asOf = query.asOf ?? businessDate();
  const monthEnds = observedMonthEnds(asOf, query.months, query.maturityMonths);
  const [policy, rows] = await Promise.all([
    getCurrentPolicy(db),
    repo.bucketBalancesWithLaterWriteOffs(db, ctx, monthEnds, asOf),
  ]);
  const observations = rows.map((r) => ({ ...r, bucket: r.bucket as AgingBucket }));
  const matrix = policy.config.eclMatrix;
  const lines = historicalLossRates(
    observations,
    matrix.map((row) => row.buckets),
  ).map((line, i) => ({ ...line, configuredRate: matrix[i]!.lossRate }));
  return {
    asOf,
    monthEnds,
    policyVersion: policy.version,
    buckets: historicalLossRates(observations),
    lines,
  };
}

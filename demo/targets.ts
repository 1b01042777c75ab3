/**
 * Demo section: monthly revenue targets (销售指标) for every sales region and every rep, over the
 * months of the order history and the rest of the current year, so that attainment has a story.
 *
 * A month's target is its actual revenue trend (the mean of the month and its two neighbours,
 * so one lumpy tender does not make a target) raised by 5–15 %, rounded to 1,000 yuan: like a
 * real plan, mostly a little out of reach. Months of the current month on have no full actuals
 * yet: they get the same month's target a year earlier, plus 10 %. Regions and reps are drawn
 * independently, so a region's target and its reps' quotas differ a little, as they do when a
 * manager allocates a plan. Runs after the history: it reads the invoices (the one revenue
 * definition). Deterministic for a seed.
 */
import { salesFactsSql } from '../server/modules/analytics/index.ts';
import type { DemoContext, DemoSection } from './company.ts';
import { insertColumns } from './company.ts';

const ROUND_FEN = 100_000;

/** YYYY-MM of a month `offset` months after `month`. */
function shiftMonth(month: string, offset: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export interface Series {
  regionId: number;
  repId: number | null;
  revenue: Map<string, number>;
}

/** Targets of one series (a region, or a rep) from its first month with revenue to December of this year. */
export function planSeries(
  series: Series,
  currentMonth: string,
  uplift: () => number,
): { month: string; amountFen: number }[] {
  const months = [...series.revenue.keys()].filter((m) => m < currentMonth).sort();
  if (months.length === 0) return [];
  const lastMonth = `${currentMonth.slice(0, 4)}-12`;
  const targets = new Map<string, number>();
  for (let month = months[0]!; month <= lastMonth; month = shiftMonth(month, 1)) {
    let amount: number;
    if (month < currentMonth) {
      const around = [-1, 0, 1]
        .map((o) => shiftMonth(month, o))
        .filter((m) => m >= months[0]! && m < currentMonth)
        .map((m) => series.revenue.get(m) ?? 0);
      amount = (around.reduce((s, v) => s + v, 0) / around.length) * (1 + uplift());
    } else {
      amount = (targets.get(shiftMonth(month, -12)) ?? 0) * 1.1;
    }
    const rounded = Math.round(amount / ROUND_FEN) * ROUND_FEN;
    if (rounded > 0) targets.set(month, rounded);
  }
  return [...targets].map(([month, amountFen]) => ({ month, amountFen }));
}

async function loadTargets(demo: DemoContext): Promise<void> {
  if (!demo.historyMonths) return;
  const random = demo.random.fork('targets');
  const uplift = () => 0.05 + random.next() * 0.1;
  const { rows } = await demo.tx.query<{
    month: string;
    region_id: number;
    rep_id: number | null;
    revenue_fen: number;
  }>(
    `SELECT to_char(f.fact_date, 'YYYY-MM') AS month, rl.sales_region_id AS region_id, rep.id AS rep_id,
            sum(f.revenue_fen)::bigint AS revenue_fen
       FROM (${salesFactsSql}) f
       JOIN analytics_region_levels rl ON rl.region_id = f.region_id
       LEFT JOIN users rep ON rep.id = f.rep_id AND rep.roles && ARRAY['sales_rep', 'regional_manager']::text[]
      WHERE rl.sales_region_id IS NOT NULL
      GROUP BY GROUPING SETS ((to_char(f.fact_date, 'YYYY-MM'), rl.sales_region_id),
                              (to_char(f.fact_date, 'YYYY-MM'), rl.sales_region_id, rep.id))
     HAVING GROUPING(rep.id) = 1 OR rep.id IS NOT NULL
      ORDER BY region_id, rep_id NULLS FIRST, month`,
  );
  // A region's series (rep null: the grouping without rep) and each rep's.
  const series = new Map<string, Series>();
  for (const row of rows) {
    const key = `${row.region_id}:${row.rep_id ?? ''}`;
    const s = series.get(key) ?? { regionId: row.region_id, repId: row.rep_id, revenue: new Map() };
    s.revenue.set(row.month, row.revenue_fen);
    series.set(key, s);
  }
  const currentMonth = demo.today.slice(0, 7);
  const month: string[] = [];
  const regionId: number[] = [];
  const repId: (number | null)[] = [];
  const amountFen: number[] = [];
  for (const s of series.values()) {
    for (const t of planSeries(s, currentMonth, uplift)) {
      month.push(`${t.month}-01`);
      regionId.push(s.regionId);
      repId.push(s.repId);
      amountFen.push(t.amountFen);
    }
  }
  // One quota a rep and month: demo reps sell in their own region only, but should one have sold
  // in two, the quota stays in the first.
  const seen = new Set<string>();
  const keep = month.map((m, i) => {
    if (repId[i] === null) return true;
    const key = `${repId[i]}:${m}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const pick = <T>(values: T[]) => values.filter((_, i) => keep[i]);
  await insertColumns(demo.tx, 'revenue_targets', {
    month: { type: 'date', values: pick(month) },
    region_id: { type: 'bigint', values: pick(regionId) },
    rep_id: { type: 'bigint', values: pick(repId) },
    amount_fen: { type: 'bigint', values: pick(amountFen) },
  });
}

export const targetsSection: DemoSection = {
  name: 'revenue targets',
  weight: 0.2,
  run: loadTargets,
};

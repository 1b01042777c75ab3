/**
 * Monthly rollups: a daily rollup summed per calendar month, for the long ranges of the
 * dashboards, where daily rows are nearly as many as the facts. Some keep fewer keys than the
 * daily rollup they sum (sales by region and rep, without the product): their rows do not grow
 * with the number of products or facts, so a year of KPIs or a trend reads a few thousand rows
 * whatever the size of the company. A query reads whole months of its range from the smallest
 * monthly rollup that keeps every key it needs, and the days of partial months (and of months
 * with a dirty day) from the daily rollup, in one statement.
 *
 * Only without a day or week breakdown, and when the date keys are not shifted by a number of
 * days (previous period): a monthly row stands for its first day, which keeps its month,
 * quarter and year when moved by a year, but not when moved by 31 days.
 */
import { addDays } from '../../../platform/dates.ts';
import type { Queryable } from '../../../platform/db.ts';
import type { DateRange, DateShift } from '../semantic/semantic.compiler.ts';
import type { Dimension, FactSource } from '../semantic/semantic.definitions.ts';
import type { RollupFamily, RollupKey } from './rollups.definitions.ts';
import { emptyRollupTable } from './rollups.storage.ts';

export interface MonthlyRollup {
  table: string;
  /** The daily rollup it sums; it keeps a subset of that one's keys and all of its sums. */
  of: string;
  family: RollupFamily;
  keys: readonly RollupKey[];
  sums: readonly string[];
  /**
   * Also keeps the first and last day with facts of each row's month (first_day, last_day), for
   * questions that need the day of an order and not only its month: customer value's first and
   * last order, and whether a month lies wholly inside a window ending on the last order.
   */
  keepsDays?: true;
}

/** Smallest first, per daily rollup: a query reads the first that keeps every key it needs. */
export const monthlyRollups: readonly MonthlyRollup[] = [
  {
    table: 'analytics_monthly_sales_by_region',
    of: 'analytics_daily_sales_by_product',
    family: 'sales',
    keys: ['region_id', 'rep_id'],
    sums: ['revenue_fen', 'cost_fen'],
  },
  {
    // Without the region: only for company-wide users, whose scope reads no region.
    table: 'analytics_monthly_sales_by_product_company',
    of: 'analytics_daily_sales_by_product',
    family: 'sales',
    keys: ['product_id'],
    sums: ['revenue_fen', 'cost_fen'],
  },
  {
    table: 'analytics_monthly_sales_by_product',
    of: 'analytics_daily_sales_by_product',
    family: 'sales',
    keys: ['region_id', 'rep_id', 'product_id'],
    sums: ['revenue_fen', 'cost_fen'],
  },
  {
    table: 'analytics_monthly_sales_by_customer',
    of: 'analytics_daily_sales_by_customer',
    family: 'sales',
    keys: ['region_id', 'customer_id', 'rep_id'],
    sums: ['revenue_fen', 'cost_fen'],
  },
  {
    table: 'analytics_monthly_orders_by_rep',
    of: 'analytics_daily_orders_by_rep',
    family: 'orders',
    keys: ['region_id', 'rep_id'],
    sums: ['orders', 'net_cny_fen'],
  },
  {
    table: 'analytics_monthly_orders_by_customer',
    of: 'analytics_daily_orders',
    family: 'orders',
    keys: ['region_id', 'customer_id', 'rep_id'],
    sums: ['orders', 'net_cny_fen'],
    keepsDays: true,
  },
  {
    table: 'analytics_monthly_order_lines_by_region',
    of: 'analytics_daily_order_lines_by_product',
    family: 'orders',
    keys: ['region_id', 'rep_id'],
    sums: ['order_lines', 'quantity', 'first_allocated'],
  },
  {
    table: 'analytics_monthly_stock_value_by_warehouse',
    of: 'analytics_daily_stock_value',
    family: 'stock',
    keys: ['region_id', 'warehouse_id'],
    sums: ['value_fen', 'day_value_fen'],
  },
  {
    table: 'analytics_monthly_stock_value',
    of: 'analytics_daily_stock_value',
    family: 'stock',
    keys: ['region_id', 'warehouse_id', 'product_id'],
    sums: ['value_fen', 'day_value_fen'],
  },
  {
    table: 'analytics_monthly_order_lines_by_product',
    of: 'analytics_daily_order_lines_by_product',
    family: 'orders',
    keys: ['region_id', 'rep_id', 'product_id'],
    sums: ['order_lines', 'quantity', 'first_allocated'],
  },
];

/** The smallest monthly rollup of the daily rollup `daily` that keeps every key in `needed`. */
export function findMonthlyRollup(daily: string, needed: ReadonlySet<RollupKey>): MonthlyRollup | null {
  return monthlyRollups.find((m) => m.of === daily && [...needed].every((k) => m.keys.includes(k))) ?? null;
}

const columnsOf = (m: MonthlyRollup) => [...m.keys, ...m.sums];
const dayColumns = ['first_day', 'last_day'];

const pad = (n: number) => String(n).padStart(2, '0');
/** The first day of the date's month. */
export const monthStart = (date: string) => `${date.slice(0, 7)}-01`;
export function nextMonthStart(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
}
function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** The whole calendar months inside the range: first day of the first, last day of the last. */
export function fullMonthsOf(range: DateRange): DateRange | null {
  const from = range.from === monthStart(range.from) ? range.from : nextMonthStart(range.from);
  const nextDay = new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const to = nextDay === monthStart(nextDay) ? range.to : dayBefore(monthStart(range.to));
  return from <= to ? { from, to } : null;
}

/** Whether the query's dimensions and filters (all of them) can take a month for its first day. */
export function canReadMonths(dimensions: readonly Dimension[], shift: DateShift): boolean {
  return shift.kind !== 'days' && dimensions.every((d) => d.name !== 'day' && d.name !== 'week');
}

/** Every day from `from` to `to`, both included. */
export function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/**
 * Whole clean months from the monthly rollup; the other days of the range (of partial months
 * and of months with a dirty day) from `daily`, the daily rollup, which itself reads its dirty
 * days from the documents. The days are listed so that the daily part is an index lookup rather
 * than a scan of the whole range.
 */
export function monthlySource(
  monthly: MonthlyRollup,
  daily: FactSource,
  range: DateRange,
  months: DateRange,
  dirtyDays: readonly string[],
): FactSource {
  const dirtyMonths = [...new Set(dirtyDays.map(monthStart))];
  const dailyDays = [
    ...(range.from < months.from ? daysFrom(range.from, dayBefore(months.from)) : []),
    ...dirtyMonths.flatMap((m) => daysFrom(m, dayBefore(nextMonthStart(m)))),
    ...(months.to < range.to ? daysFrom(addDays(months.to, 1), range.to) : []),
  ];
  // A day's row is its own first and last day.
  const columns = columnsOf(monthly);
  const [monthDays, dayDays] = monthly.keepsDays
    ? [dayColumns.map((c) => `, m.${c}`).join(''), dayColumns.map((c) => `, d.fact_date AS ${c}`).join('')]
    : ['', ''];
  const sql = (asOf: string, param?: (value: unknown) => string): string => {
    if (!param) throw new Error('a monthly rollup read needs query parameters');
    return `SELECT m.month AS fact_date, ${columns.map((c) => `m.${c}`).join(', ')}${monthDays} FROM ${monthly.table} m
       WHERE m.month BETWEEN ${param(months.from)}::date AND ${param(months.to)}::date
         AND m.month <> ALL(${param(dirtyMonths)}::date[])
      UNION ALL
      SELECT d.fact_date, ${columns.map((c) => `d.${c}`).join(', ')}${dayDays} FROM (${daily.sql(asOf, param)}) d
       WHERE d.fact_date = ANY(${param(dailyDays)}::date[])`;
  };
  return { ...daily, sql };
}

const monthlyInsert = (m: MonthlyRollup, where: string) => `
  INSERT INTO ${m.table} (month, ${[...columnsOf(m), ...(m.keepsDays ? dayColumns : [])].join(', ')})
  SELECT date_trunc('month', d.day)::date, ${m.keys.map((k) => `d.${k}`).join(', ')}, ${m.sums.map((c) => `sum(d.${c})`).join(', ')}
         ${m.keepsDays ? ', min(d.day), max(d.day)' : ''}
    FROM ${m.of} d ${where}
   GROUP BY 1, ${m.keys.map((_, i) => i + 2).join(', ')}`;

/** Sums again the months of `days` from the family's daily rollups (already refreshed in this transaction). */
export async function refreshMonths(
  tx: Queryable,
  family: RollupFamily,
  days: readonly string[],
): Promise<void> {
  const months = [...new Set(days.map(monthStart))].sort();
  const [first, last] = [months[0]!, dayBefore(nextMonthStart(months.at(-1)!))];
  for (const m of monthlyRollups.filter((r) => r.family === family)) {
    await tx.query(`DELETE FROM ${m.table} WHERE month = ANY($1::date[])`, [months]);
    await tx.query(
      monthlyInsert(
        m,
        `WHERE d.day BETWEEN $2::date AND $3::date AND date_trunc('month', d.day)::date = ANY($1::date[])`,
      ),
      [months, first, last],
    );
  }
}

export async function rebuildMonths(tx: Queryable, family: RollupFamily): Promise<void> {
  for (const m of monthlyRollups.filter((r) => r.family === family)) {
    await emptyRollupTable(tx, m.table);
    await tx.query(monthlyInsert(m, ''));
  }
}

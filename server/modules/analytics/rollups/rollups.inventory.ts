/**
 * Average inventory (and so turnover days) from the stock value rollups instead of the ledger.
 *
 * The raw source (inventoryDaysSql in semantic.sources.ts) weighs every move up to the as-of
 * day by the days of the range it is held: value × (asOf − max(day, from) + 1). That weight is
 * linear in the value, so rows that sum the moves of one day weigh the same way, and so do
 * rows that sum a whole month, given Σ value × (day − month start) (`day_value_fen`):
 *   a month wholly before `from`:            value × (asOf − from + 1)
 *   a month wholly inside [from, asOf]:      value × (asOf − month + 1) − day_value
 * The month holding `from` (unless `from` starts it), the month of the as-of day (unless it ends
 * it), and months with a dirty day are read day by day from the daily rollup; dirty days
 * themselves from the ledger. Everything is integer arithmetic, so the answer is the raw one to
 * the fen (rollups.inventory.api.test.ts).
 */
import { addDays } from '../../../platform/dates.ts';
import type { Queryable } from '../../../platform/db.ts';
import type { FactSource } from '../semantic/semantic.definitions.ts';
import { dimensionKeys, type Rollup, type RollupKey, rollups } from './rollups.definitions.ts';
import { daysFrom, findMonthlyRollup, monthStart, nextMonthStart } from './rollups.monthly.ts';
import type { ReadModel, ReadModelRequest } from './rollups.planner.ts';

const daily = rollups.find((r) => r.table === 'analytics_daily_stock_value') as Rollup & { facts: string };

const isMonthEnd = (date: string) => monthStart(addDays(date, 1)) === addDays(date, 1);
const lastDayOfMonth = (month: string) => addDays(nextMonthStart(month), -1);

/** The keys the query's dimensions and filters reach, or null when one is not a stock rollup key. */
function neededKeys(request: ReadModelRequest): Set<RollupKey> | null {
  const keys = new Set<RollupKey>(['region_id', 'warehouse_id']);
  for (const d of [...request.dimensions, ...request.filters.map((f) => f.dimension)]) {
    const key = dimensionKeys[d.name as keyof typeof dimensionKeys];
    if (key === undefined || key === 'day' || !daily.keys.includes(key)) return null;
    keys.add(key);
  }
  return keys;
}

/** Dirty stock days up to the as-of day: every move before it counts. */
async function dirtyStockDays(db: Queryable, asOf: string): Promise<string[]> {
  const { rows } = await db.query<{ days: string[] | null }>(
    `SELECT array_agg(DISTINCT day::text ORDER BY day::text) AS days
       FROM analytics_rollup_dirty_days WHERE family = 'stock' AND day <= $1::date`,
    [asOf],
  );
  return rows[0]?.days ?? [];
}

/**
 * The inventory_days rows (per region, warehouse and product, value_fen_days and range_days)
 * from the rollups; null when the query needs a key they do not keep, or a distributor asks
 * (whose scope is by customer, which stock has none: the raw source answers nothing, as it should).
 */
export async function stockValueReadModel(
  db: Queryable,
  request: ReadModelRequest,
): Promise<ReadModel | null> {
  if (request.source.name !== 'inventory_days' || request.ctx.distributorId !== null) return null;
  const keys = neededKeys(request);
  if (!keys) return null;
  const monthly = findMonthlyRollup(daily.table, keys);
  if (!monthly) return null;
  const { from, to: asOf } = request.range;
  const dirtyDays = await dirtyStockDays(db, asOf);
  const withProduct = monthly.keys.includes('product_id');

  // Months read whole: up to the last one the as-of day completes, except these.
  const lastFullMonth = isMonthEnd(asOf) ? monthStart(asOf) : monthStart(addDays(monthStart(asOf), -1));
  const excluded = new Set(dirtyDays.map(monthStart));
  if (from !== monthStart(from)) excluded.add(monthStart(from));
  const excludedMonths = [...excluded].filter((m) => m <= lastFullMonth).sort();
  // Days read from the daily rollup: those of the excluded months, and after the last full month.
  const dailyDays = [
    ...excludedMonths.flatMap((m) => daysFrom(m, lastDayOfMonth(m))),
    ...daysFrom(addDays(lastDayOfMonth(lastFullMonth), 1), asOf),
  ];

  const sql: FactSource['sql'] = (asOfParam, param, rangeFromParam) => {
    if (!param || !rangeFromParam) throw new Error('a stock value rollup read needs query parameters');
    const product = (alias: string) => (withProduct ? `${alias}.product_id` : 'NULL::bigint');
    const heldFrom = (day: string) => `(${asOfParam}::date - greatest(${day}, ${rangeFromParam}::date) + 1)`;
    const monthlyPart = `
      SELECT m.region_id, m.warehouse_id, ${product('m')} AS product_id,
             CASE WHEN m.month < ${rangeFromParam}::date
                  THEN m.value_fen * (${asOfParam}::date - ${rangeFromParam}::date + 1)
                  ELSE m.value_fen * (${asOfParam}::date - m.month + 1) - m.day_value_fen END AS value_fen_days
        FROM ${monthly.table} m
       WHERE m.month <= ${param(lastFullMonth)}::date AND m.month <> ALL(${param(excludedMonths)}::date[])`;
    const dirty = param(dirtyDays);
    const dailyPart = `
      SELECT d.region_id, d.warehouse_id, ${product('d')}, d.value_fen * ${heldFrom('d.day')}
        FROM ${daily.table} d
       WHERE d.day = ANY(${param(dailyDays)}::date[]) AND d.day <> ALL(${dirty}::date[])`;
    const rawPart = `
      SELECT f.region_id, f.warehouse_id, ${product('f')}, f.value_fen * ${heldFrom('f.fact_date')}
        FROM (${daily.facts}) f
       WHERE f.fact_date = ANY(${dirty}::date[])`;
    return `
      SELECT x.region_id, NULL::bigint AS customer_id, x.warehouse_id, x.product_id,
             sum(x.value_fen_days) AS value_fen_days, (${asOfParam}::date - ${rangeFromParam}::date + 1) AS range_days
        FROM (${monthlyPart} UNION ALL ${dailyPart} UNION ALL ${rawPart}) x
       GROUP BY x.region_id, x.warehouse_id, x.product_id`;
  };
  return { source: { ...request.source, sql }, measures: [...request.measures], rollup: monthly.table };
}

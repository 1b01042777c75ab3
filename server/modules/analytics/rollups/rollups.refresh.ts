/**
 * Keeps the rollups up to date. The triggers of migration 0025 (and 0036, 0039) mark the days a
 * write changed as dirty; a refresh takes the marks it can see, deletes those days' rollup rows
 * and sums them again from the source's fact SQL (the one definition), all in one transaction. A mark that
 * commits while a refresh runs is not among those it deletes, so it stays for the next refresh:
 * no change is ever lost, at worst a day is summed twice.
 */
import type { Db, Queryable } from '../../../platform/db.ts';
import { withTransaction } from '../../../platform/db.ts';
import { sources } from '../semantic/semantic.definitions.ts';
import {
  orderReturnsInsertSql,
  orderReturnsRollup,
  type Rollup,
  type RollupFamily,
  rollupFamilies,
  rollups,
} from './rollups.definitions.ts';
import { rebuildMonths, refreshMonths } from './rollups.monthly.ts';
import { rebuildReceivablesRollup, refreshReceivablesRollup } from './rollups.receivables.ts';
import { emptyRollupTable } from './rollups.storage.ts';

// Any constant; refreshes of one family take turns under (REFRESH_LOCK, family index).
const REFRESH_LOCK = 7_401_025;

/**
 * INSERT … SELECT of a rollup's rows from its source's facts (or from the finer rollup it sums),
 * for the days in `$1` (or all).
 */
export function rollupInsertSql(rollup: Rollup, onlyDays: boolean): string {
  const columns = [...rollup.keys, ...rollup.sums.map((s) => s.column)].join(', ');
  if (rollup.summedFrom) {
    const keys = rollup.keys.map((k) => `r.${k}`);
    return `INSERT INTO ${rollup.table} (day, ${columns})
      SELECT r.day, ${[...keys, ...rollup.sums.map((s) => `sum(r.${s.column})::${s.type}`)].join(', ')}
        FROM ${rollup.summedFrom} r
       ${onlyDays ? 'WHERE r.day = ANY($1::date[])' : ''}
       GROUP BY r.day, ${keys.join(', ')}`;
  }
  const keys = rollup.keys.map((k) => `f.${k}`);
  const sums = rollup.sums.map((s) => `sum(${s.perFact})::${s.type}`);
  return `INSERT INTO ${rollup.table} (day, ${columns})
    SELECT f.fact_date, ${[...keys, ...sums].join(', ')}
      FROM (${rollup.facts ?? sources[rollup.source].sql('NULL')}) f
     ${onlyDays ? 'WHERE f.fact_date = ANY($1::date[])' : ''}
     GROUP BY f.fact_date, ${keys.join(', ')}`;
}

/**
 * Every daily table of a family with the INSERT … SELECT that sums its days: the rollups of the
 * semantic sources, and the returns by order day (which follows the order days).
 */
function dailyTablesOf(family: RollupFamily): { table: string; insertSql: (onlyDays: boolean) => string }[] {
  // Those summed from a finer rollup after it (rollups.definitions.ts lists them smallest first).
  const tables = rollups
    .filter((r) => r.family === family)
    .sort((a, b) => Number(a.summedFrom !== undefined) - Number(b.summedFrom !== undefined))
    .map((r) => ({ table: r.table, insertSql: (onlyDays: boolean) => rollupInsertSql(r, onlyDays) }));
  if (family === orderReturnsRollup.family)
    tables.push({ table: orderReturnsRollup.table, insertSql: orderReturnsInsertSql });
  return tables;
}

export interface RefreshResult {
  family: RollupFamily;
  /** Days summed again (all days with facts after a rebuild: null). */
  days: string[] | null;
}

async function refreshFamily(tx: Queryable, family: RollupFamily): Promise<string[]> {
  await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [REFRESH_LOCK, rollupFamilies.indexOf(family)]);
  const { rows } = await tx.query<{ days: string[] | null }>(
    `WITH taken AS (DELETE FROM analytics_rollup_dirty_days WHERE family = $1 RETURNING day)
     SELECT array_agg(DISTINCT day::text ORDER BY day::text) AS days FROM taken`,
    [family],
  );
  const days = rows[0]?.days ?? [];
  if (days.length === 0) return days;
  for (const daily of dailyTablesOf(family)) {
    await tx.query(`DELETE FROM ${daily.table} WHERE day = ANY($1::date[])`, [days]);
    await tx.query(daily.insertSql(true), [days]);
  }
  await refreshMonths(tx, family, days);
  return days;
}

/**
 * Sums again every dirty day of every rollup, and recomputes the dirty customers of the
 * receivables rollup (the scheduled job). Returns the days per family.
 */
export async function refreshRollups(db: Db): Promise<RefreshResult[]> {
  const results: RefreshResult[] = [];
  for (const family of rollupFamilies) {
    const days = await withTransaction(db, (tx) => refreshFamily(tx, family));
    results.push({ family, days });
  }
  await withTransaction(db, (tx) => refreshReceivablesRollup(tx));
  return results;
}

/**
 * Builds every rollup from scratch in the caller's transaction (after the demo load, whose bulk
 * inserts leave most days dirty). Cheaper than day by day when nearly all days are dirty; reads
 * of the rollups wait for the transaction meanwhile (TRUNCATE's lock).
 */
export async function rebuildRollups(tx: Queryable): Promise<RefreshResult[]> {
  const results: RefreshResult[] = [];
  for (const family of rollupFamilies) {
    await rebuildFamily(tx, family);
    results.push({ family, days: null });
  }
  await rebuildReceivablesRollup(tx);
  return results;
}

async function rebuildFamily(tx: Queryable, family: RollupFamily): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [REFRESH_LOCK, rollupFamilies.indexOf(family)]);
  await tx.query('DELETE FROM analytics_rollup_dirty_days WHERE family = $1', [family]);
  for (const daily of dailyTablesOf(family)) {
    await emptyRollupTable(tx, daily.table);
    await tx.query(daily.insertSql(false));
  }
  await rebuildMonths(tx, family);
}

/**
 * Builds every rollup from scratch like `rebuildRollups`, but each family (and the receivables)
 * in a transaction of its own, `connections` at a time: a transaction is one PostgreSQL backend
 * on one core, so after a bulk load of committed documents (the demo company) this sums them on
 * every core. A rebuild empties each table with TRUNCATE (emptyRollupTable: no WAL for the new
 * rows on the embedded server), so reads of a family's tables wait for its commit and then read
 * the new rows; should the process stop first, its days are still marked dirty and reads sum
 * them from the documents until the scheduled refresh sums the marked days. Answers stay exact.
 */
export async function rebuildRollupsConcurrently(db: Db, connections = 2): Promise<void> {
  // Four rebuilds of about the same length (8–10 s each at scale 10), so in any order two
  // connections finish them together.
  const jobs = [
    ...rollupFamilies.map((family) => () => withRebuildMemory(db, (tx) => rebuildFamily(tx, family))),
    () => withRebuildMemory(db, (tx) => rebuildReceivablesRollup(tx)),
  ];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(connections, jobs.length)) }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
}

/**
 * A rebuild's transaction, with room to group in memory: summing every day of three years groups
 * hundreds of thousands of keys at once (the stock value per day: about 700,000 at scale 10), and
 * with the default work_mem (4 MB) PostgreSQL spilled them to disk in batches. Measured at scale
 * 10, alternating runs: on one connection 42.6–59.5 s with 4 MB and 33.9–46.9 s with 256 MB (the
 * stock value per day 7.2–12.3 s → 5.4–6.1 s); as here, on two, 27.5–32.0 s (mean 29.4) with
 * 4 MB and 25.8–29.2 s (mean 27.3) with 128 MB, where the other connection works while one
 * writes its batches. 128 MB per connection (a hash may take twice that), for this transaction.
 */
function withRebuildMemory(db: Db, rebuild: (tx: Queryable) => Promise<void>): Promise<void> {
  return withTransaction(db, async (tx) => {
    await tx.query(`SELECT set_config('work_mem', '128MB', true)`);
    await rebuild(tx);
  });
}

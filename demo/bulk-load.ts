/**
 * Bulk mode for loading the demo company (migration 0010). PostgreSQL checks a foreign key row
 * by row (about 30 µs a reference here), which would dominate a load of a million rows with
 * four or five references each. On an empty database `demo_enter_bulk_mode()` lets the loading
 * transaction skip trigger-based checks (foreign keys, the journal-balance trigger; CHECK,
 * unique and NOT NULL constraints still apply) and makes the commit verify, set-based, every
 * foreign key of the schema and every journal's balance: the same guarantees, checked in bulk.
 * Where the function refuses (data present, or migrations not run by a superuser) the load
 * runs with the ordinary per-row checks.
 */
import type { Queryable } from '../server/platform/db.ts';

/** Switches the transaction to bulk mode when allowed; returns whether it did. */
export async function enterBulkMode(tx: Queryable): Promise<boolean> {
  await tx.query('SAVEPOINT demo_bulk_mode');
  try {
    const { rows } = await tx.query<{ ok: boolean }>('SELECT demo_enter_bulk_mode() AS ok');
    await tx.query('RELEASE SAVEPOINT demo_bulk_mode');
    return rows[0]!.ok;
  } catch (error) {
    // A database migrated before 0010 has no such function: load with the per-row checks.
    if ((error as { code?: string }).code !== '42883') throw error;
    await tx.query('ROLLBACK TO SAVEPOINT demo_bulk_mode');
    await tx.query('RELEASE SAVEPOINT demo_bulk_mode');
    return false;
  }
}

/**
 * Calls one of migration 0040's bulk-mode functions; a database migrated before 0040 has none
 * (undefined_function), and loads as before.
 */
async function callBulkFunction<T extends Record<string, unknown>>(
  tx: Queryable,
  sql: string,
  params: unknown[] = [],
): Promise<T | null> {
  await tx.query('SAVEPOINT demo_bulk_function');
  try {
    const { rows } = await tx.query<T>(sql, params);
    await tx.query('RELEASE SAVEPOINT demo_bulk_function');
    return rows[0] ?? null;
  } catch (error) {
    if ((error as { code?: string }).code !== '42883') throw error;
    await tx.query('ROLLBACK TO SAVEPOINT demo_bulk_function');
    await tx.query('RELEASE SAVEPOINT demo_bulk_function');
    return null;
  }
}

/**
 * In bulk mode, drops the plain secondary indexes of those `tables` that are still empty
 * (migration 0040): building an index once after the load is one sort, keeping it up to date
 * through ten million COPYed rows is not. The commit is refused until `restoreIndexes` has
 * created them again, from the definitions read before dropping. Returns how many it dropped.
 */
export async function deferIndexes(tx: Queryable, tables: readonly string[]): Promise<number> {
  const row = await callBulkFunction<{ n: number }>(tx, 'SELECT demo_defer_indexes($1::text[]) AS n', [
    tables,
  ]);
  return row?.n ?? 0;
}

/** Creates the indexes `deferIndexes` dropped again; returns how many. */
export async function restoreIndexes(tx: Queryable): Promise<number> {
  // Room to sort the largest index (a few million entries) in memory, for this transaction only.
  await tx.query(`SELECT set_config('maintenance_work_mem', '256MB', true)`);
  const row = await callBulkFunction<{ n: number }>(tx, 'SELECT demo_restore_indexes() AS n');
  return row?.n ?? 0;
}

/**
 * In bulk mode, gives those `tables` new, empty storage (TRUNCATE, migration 0043) when they and
 * every table referencing them are still empty: with wal_level = minimal (the embedded server)
 * PostgreSQL then writes no WAL for the rows COPYed into them, nor for their indexes, and syncs
 * the files at commit instead. Returns how many tables it renewed (0: nothing changed).
 */
export async function renewEmptyTables(tx: Queryable, tables: readonly string[]): Promise<number> {
  const row = await callBulkFunction<{ n: number }>(tx, 'SELECT demo_renew_empty_tables($1::text[]) AS n', [
    tables,
  ]);
  return row?.n ?? 0;
}

/**
 * In bulk mode, stops the analytics' insert triggers from marking the days and customers each
 * COPY wrote (migration 0046): they kept a copy of every chunk's rows to group them again. Until
 * `markFactDaysDirty`, nothing in the transaction may read analytics. Returns whether it did.
 */
export async function deferAnalyticsMarks(tx: Queryable): Promise<boolean> {
  const { rows } = await tx.query<{ deferred: boolean }>(
    `SELECT CASE WHEN current_setting('session_replication_role') = 'replica'
                 THEN set_config('pulse.analytics_marks_deferred', 'on', true) = 'on'
                 ELSE false END AS deferred`,
  );
  return rows[0]!.deferred;
}

/**
 * Lets the insert triggers mark again, and marks every day with facts and every invoiced
 * customer in one pass (what they left out), so that analytics read the loaded days from the
 * documents until the rollups are built. A bulk load's commit does it too, as a guard.
 */
export async function markFactDaysDirty(tx: Queryable): Promise<void> {
  await tx.query(`SELECT set_config('pulse.analytics_marks_deferred', 'off', true)`);
  await callBulkFunction(tx, 'SELECT analytics_mark_fact_days_dirty()');
}

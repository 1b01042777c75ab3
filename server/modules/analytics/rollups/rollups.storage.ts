/**
 * Emptying a rollup table before summing it again from scratch (migration 0047). TRUNCATE gives
 * the table new storage in the rebuilding transaction; with wal_level = minimal (the embedded
 * server) its new rows then write no WAL, which the rebuilds after the demo load, two at a time,
 * otherwise queued for. The application role may not TRUNCATE; the migration's function may,
 * for rollup tables only. Readers of the table wait for the rebuild's commit meanwhile.
 */
import type { Queryable } from '../../../platform/db.ts';

export async function emptyRollupTable(tx: Queryable, table: string): Promise<void> {
  await tx.query('SELECT analytics_empty_rollup_table($1)', [table]);
}

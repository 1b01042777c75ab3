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

/**
 * The same seed gives the same demo company, table by table and row by row — whether it is
 * loaded in bulk mode (migration 0010) or with the per-row checks; and bulk mode never commits
 * a broken reference or an unbalanced journal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, withTransaction } from '../server/platform/db.ts';
import { asSuperuser, createTestDatabase, type TestDatabase } from '../server/testing/test-db.ts';
import { loadDemoCompany } from './company.ts';

let appLoaded: TestDatabase;
let bulkLoaded: TestDatabase;
const options = { seed: 31, today: '2026-03-09', historyMonths: 3 };

/** Makes demo_enter_bulk_mode() refuse, as on a server where migrations do not run as a superuser. */
async function withoutBulkMode(test: TestDatabase): Promise<boolean> {
  const { rows } = await test.db.query<{ role: string; isSuper: boolean }>(
    `SELECT current_user AS role, rolsuper AS "isSuper" FROM pg_roles WHERE rolname = current_user`,
  );
  if (rows[0]!.isSuper) return false;
  await asSuperuser(test, `ALTER FUNCTION demo_enter_bulk_mode() OWNER TO "${rows[0]!.role}"`);
  return true;
}

let isPerRow: boolean;

beforeAll(async () => {
  [appLoaded, bulkLoaded] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  isPerRow = await withoutBulkMode(appLoaded);
  await loadDemoCompany(appLoaded.db, options);
  await loadDemoCompany(bulkLoaded.db, options);
}, 300_000);
afterAll(async () => {
  await appLoaded?.drop();
  await bulkLoaded?.drop();
});

/** Tables whose content is not the demo's: migration bookkeeping and the audit chain (it hashes timestamps). */
const skippedTables = new Set(['schema_migrations', 'audit_log', 'demo_bulk_loads']);

/**
 * One checksum per table over every column but timestamps (set by now() in the master-data
 * sections) and password hashes (salted), rows in text order: ids, numbers, amounts and dates
 * must all agree.
 */
async function checksums(db: Db): Promise<Record<string, { rows: number; md5: string }>> {
  const { rows: columns } = await db.query<{ table: string; column: string }>(
    `SELECT table_name AS table, column_name AS column FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type NOT LIKE 'timestamp%'
        AND NOT (table_name = 'users' AND column_name = 'password_hash')
      ORDER BY table_name, ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const c of columns) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c.column]);
  const result: Record<string, { rows: number; md5: string }> = {};
  for (const [table, names] of byTable) {
    if (skippedTables.has(table)) continue;
    const row = names.map((n) => `coalesce("${n}"::text, '∅')`).join(", '|', ");
    const { rows } = await db.query<{ rows: number; md5: string }>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) AS md5
         FROM (SELECT concat(${row}) AS r FROM "${table}") t`,
    );
    result[table] = rows[0]!;
  }
  return result;
}

describe('demo history: determinism', () => {
  it('writes the same rows for the same seed in every table, by either loading path', async () => {
    const { rows } = await bulkLoaded.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM demo_bulk_loads',
    );
    expect(rows[0]!.n).toBe(1);
    if (isPerRow) {
      const perRow = await appLoaded.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM demo_bulk_loads',
      );
      expect(perRow.rows[0]!.n).toBe(0);
    }
    const a = await checksums(appLoaded.db);
    const b = await checksums(bulkLoaded.db);
    for (const table of [
      'sales_orders',
      'sales_order_lines',
      'stock_moves',
      'journals',
      'payments',
      'lots',
    ]) {
      expect(a[table]!.rows, table).toBeGreaterThan(0);
    }
    expect(b).toEqual(a);
  });

  it('dates the history’s timestamps from its documents, not from the load', async () => {
    const sql = `SELECT md5(string_agg(concat(m.moved_at, o.created_at, o.confirmed_at), ',' ORDER BY m.id, o.id))
                   FROM stock_moves m, LATERAL (SELECT * FROM sales_orders o WHERE o.id = m.id) o`;
    const [a, b] = await Promise.all([appLoaded.db.query(sql), bulkLoaded.db.query(sql)]);
    expect(b.rows).toEqual(a.rows);
  });

  it('refuses bulk mode on a database with data, and never commits a broken reference in it', async () => {
    const refused = await bulkLoaded.db.query<{ ok: boolean }>('SELECT demo_enter_bulk_mode() AS ok');
    expect(refused.rows[0]!.ok).toBe(false);
    const empty = await createTestDatabase();
    try {
      await expect(
        withTransaction(empty.db, async (tx) => {
          expect((await tx.query<{ ok: boolean }>('SELECT demo_enter_bulk_mode() AS ok')).rows[0]!.ok).toBe(
            true,
          );
          // A customer in a region that does not exist: accepted by the row, refused at commit.
          await tx.query(
            `INSERT INTO customers (code, name, name_normalized, type, channel, region_id)
             VALUES ('X1', '测试医院', '测试医院', 'hospital', 'direct', 999999)`,
          );
        }),
      ).rejects.toMatchObject({ code: '23503', constraint: 'customers_region_id_fkey' });
      const { rows } = await empty.db.query<{ n: number }>('SELECT count(*)::int AS n FROM customers');
      expect(rows[0]!.n).toBe(0);
    } finally {
      await empty.drop();
    }
  });
});

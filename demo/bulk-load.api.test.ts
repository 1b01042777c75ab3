/**
 * Deferred indexes of the bulk load (migration 0040): dropped only in bulk mode and only on empty
 * tables, created again exactly as the migrations define them, and never missing after a commit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, withTransaction } from '../server/platform/db.ts';
import { createTestDatabase, type TestDatabase } from '../server/testing/test-db.ts';
import { deferIndexes, enterBulkMode, restoreIndexes } from './bulk-load.ts';

let test: TestDatabase;
const tables = ['stock_moves', 'invoices', 'sales_order_lines'];

beforeAll(async () => {
  test = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await test?.drop();
});

async function indexDefinitions(db: Pick<Db, 'query'>): Promise<string[]> {
  const { rows } = await db.query<{ def: string }>(
    `SELECT indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY ($1) ORDER BY indexname`,
    [tables],
  );
  return rows.map((r) => r.def);
}

describe('demo bulk load: deferred indexes', () => {
  it('drops the plain indexes of empty tables in bulk mode and creates the same ones again', async () => {
    const before = await indexDefinitions(test.db);
    await withTransaction(test.db, async (tx) => {
      expect(await enterBulkMode(tx)).toBe(true);
      const dropped = await deferIndexes(tx, tables);
      expect(dropped).toBeGreaterThan(5);
      const during = await indexDefinitions(tx);
      expect(during.length).toBe(before.length - dropped);
      // Unique indexes keep checking while the rows arrive.
      expect(during.some((d) => d.includes('invoices_vat_number_key'))).toBe(true);
      expect(during.some((d) => d.includes('stock_moves_lot_idx'))).toBe(false);
      expect(await restoreIndexes(tx)).toBe(dropped);
    });
    expect(await indexDefinitions(test.db)).toEqual(before);
  });

  it('refuses to commit while a dropped index has not been created again', async () => {
    const before = await indexDefinitions(test.db);
    await expect(
      withTransaction(test.db, async (tx) => {
        expect(await enterBulkMode(tx)).toBe(true);
        expect(await deferIndexes(tx, tables)).toBeGreaterThan(0);
      }),
    ).rejects.toMatchObject({ code: '55000' });
    expect(await indexDefinitions(test.db)).toEqual(before);
  });

  it('drops nothing outside bulk mode', async () => {
    const before = await indexDefinitions(test.db);
    await withTransaction(test.db, async (tx) => {
      expect(await deferIndexes(tx, tables)).toBe(0);
      expect(await indexDefinitions(tx)).toEqual(before);
    });
  });

  it('refuses a table of definitions the application role made itself (it would run its SQL as the owner)', async () => {
    await expect(
      withTransaction(test.db, async (tx) => {
        expect(await enterBulkMode(tx)).toBe(true);
        await tx.query(
          `CREATE TEMPORARY TABLE demo_deferred_indexes (name text PRIMARY KEY, definition text NOT NULL) ON COMMIT DROP`,
        );
        await tx.query(
          `INSERT INTO pg_temp.demo_deferred_indexes VALUES ('x', 'CREATE ROLE intruder SUPERUSER')`,
        );
        await restoreIndexes(tx);
      }),
    ).rejects.toMatchObject({ code: '42501' });
    const { rows } = await test.db.query(`SELECT 1 FROM pg_roles WHERE rolname = 'intruder'`);
    expect(rows).toHaveLength(0);
  });
});

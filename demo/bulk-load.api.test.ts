/**
 * Deferred indexes of the bulk load (migration 0040): dropped only in bulk mode and only on empty
 * tables, created again exactly as the migrations define them, and never missing after a commit.
 * Renewed tables (migration 0043): new storage only in bulk mode and only while empty.
 * Invoiced totals written by the loader (migration 0044): the invoices' trigger leaves them alone
 * only when a bulk load says so, and the commit verifies them.
 * Analytics marks (migration 0046): deferred only in bulk mode, then made in one pass, by the
 * loader or else by the commit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, withTransaction } from '../server/platform/db.ts';
import { createTestDatabase, type TestDatabase } from '../server/testing/test-db.ts';
import {
  deferAnalyticsMarks,
  deferIndexes,
  enterBulkMode,
  markFactDaysDirty,
  renewEmptyTables,
  restoreIndexes,
} from './bulk-load.ts';

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

/** The storage file of a table: TRUNCATE gives it a new one. */
async function storageOf(db: Pick<Db, 'query'>, table: string): Promise<string> {
  const { rows } = await db.query<{ file: string }>(
    'SELECT pg_relation_filenode($1::regclass)::text AS file',
    [table],
  );
  return rows[0]!.file;
}

/** Runs `work` in a transaction that is rolled back afterwards. */
async function inRolledBackTransaction(work: (tx: Pick<Db, 'query'>) => Promise<void>): Promise<void> {
  const rollback = new Error('roll back');
  await expect(
    withTransaction(test.db, async (tx) => {
      await work(tx);
      throw rollback;
    }),
  ).rejects.toBe(rollback);
}

describe('demo bulk load: renewed tables', () => {
  it('gives empty tables, and the empty tables referencing them, new storage in bulk mode', async () => {
    await inRolledBackTransaction(async (tx) => {
      const moves = await storageOf(tx, 'stock_moves');
      const serials = await storageOf(tx, 'shipment_line_serials'); // references shipment_lines
      expect(await enterBulkMode(tx)).toBe(true);
      expect(await renewEmptyTables(tx, ['stock_moves', 'shipment_lines'])).toBeGreaterThanOrEqual(3);
      expect(await storageOf(tx, 'stock_moves')).not.toBe(moves);
      expect(await storageOf(tx, 'shipment_line_serials')).not.toBe(serials);
    });
  });

  it('renews nothing outside bulk mode, nor when one of the tables has a row (which stays)', async () => {
    const moves = await storageOf(test.db, 'stock_moves');
    await inRolledBackTransaction(async (tx) => {
      expect(await renewEmptyTables(tx, ['stock_moves'])).toBe(0);
      expect(await storageOf(tx, 'stock_moves')).toBe(moves);
    });
    await inRolledBackTransaction(async (tx) => {
      expect(await enterBulkMode(tx)).toBe(true);
      // Bulk mode checks references at commit, so a row of made-up ids goes in.
      await tx.query(
        `INSERT INTO stock_moves (business_date, warehouse_id, product_id, lot_id, kind, quantity)
         VALUES ('2026-01-05', 1, 1, 1, 'receipt', 5)`,
      );
      expect(await renewEmptyTables(tx, ['stock_moves', 'invoices'])).toBe(0);
      expect(await storageOf(tx, 'stock_moves')).toBe(moves);
      const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM stock_moves');
      expect(rows[0]!.n).toBe(1);
    });
  });
});

/** An order of made-up parents (bulk mode checks references only at commit) with this invoiced total. */
async function insertOrder(tx: Pick<Db, 'query'>, invoicedFen: number): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `INSERT INTO sales_orders (number, customer_id, region_id, exchange_rate, order_date, promised_date, status,
                               net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen,
                               invoiced_gross_cny_fen)
     VALUES ('SO-T-1', 1, 1, 1, '2026-01-05', '2026-01-06', 'delivered', 1000, 130, 1130, 1000, 130, 1130, $1)
     RETURNING id`,
    [invoicedFen],
  );
  return Number(rows[0]!.id);
}

async function insertInvoice(tx: Pick<Db, 'query'>, orderId: number): Promise<void> {
  await tx.query(
    `INSERT INTO invoices (number, customer_id, region_id, shipment_id, order_id, currency, exchange_rate,
                           invoice_date, due_date, net_amount, tax_amount, gross_amount, net_cny_fen, tax_cny_fen,
                           gross_cny_fen, cost_cny_fen, open_amount, open_cny_fen)
     VALUES ('INV-T-1', 1, 1, 1, $1, 'CNY', 1, '2026-01-07', '2026-02-06', 1000, 130, 1130, 1000, 130, 1130, 600,
             1130, 1130)`,
    [orderId],
  );
}

async function invoicedTotalOf(tx: Pick<Db, 'query'>, orderId: number): Promise<number> {
  const { rows } = await tx.query<{ fen: string }>(
    'SELECT invoiced_gross_cny_fen AS fen FROM sales_orders WHERE id = $1',
    [orderId],
  );
  return Number(rows[0]!.fen);
}

const saysTotalsWritten = (tx: Pick<Db, 'query'>, on: boolean) =>
  tx.query(`SELECT set_config('pulse.invoiced_totals_written', $1, true)`, [on ? 'on' : 'off']);

describe('demo bulk load: invoiced totals written by the loader', () => {
  it("adds an invoice to its order's total unless the bulk load says the order already carries it", async () => {
    await inRolledBackTransaction(async (tx) => {
      expect(await enterBulkMode(tx)).toBe(true);
      const order = await insertOrder(tx, 0);
      await insertInvoice(tx, order);
      expect(await invoicedTotalOf(tx, order)).toBe(1130);
    });
    await inRolledBackTransaction(async (tx) => {
      expect(await enterBulkMode(tx)).toBe(true);
      const order = await insertOrder(tx, 1130);
      await saysTotalsWritten(tx, true);
      await insertInvoice(tx, order);
      expect(await invoicedTotalOf(tx, order)).toBe(1130);
    });
  });

  it('refuses to commit a bulk load whose order totals are not the sums of their invoices', async () => {
    await expect(
      withTransaction(test.db, async (tx) => {
        expect(await enterBulkMode(tx)).toBe(true);
        const order = await insertOrder(tx, 0); // says nothing was invoiced…
        await saysTotalsWritten(tx, true);
        await insertInvoice(tx, order); // …and then the trigger is told not to count this invoice
      }),
    ).rejects.toMatchObject({ code: '23514', constraint: 'sales_orders_invoiced_total' });
    const { rows } = await test.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sales_orders');
    expect(rows[0]!.n).toBe(0);
  });

  it('checks the totals before the references: right totals reach the reference check', async () => {
    // The made-up parents then fail it: proof that the totals passed.
    await expect(
      withTransaction(test.db, async (tx) => {
        expect(await enterBulkMode(tx)).toBe(true);
        const order = await insertOrder(tx, 1130);
        await saysTotalsWritten(tx, true);
        await insertInvoice(tx, order);
      }),
    ).rejects.toMatchObject({ code: '23503' });
  });
});

async function marks(tx: Pick<Db, 'query'>): Promise<{ days: string[]; customers: number[] }> {
  const { rows: days } = await tx.query<{ mark: string }>(
    `SELECT DISTINCT family || ' ' || day::text AS mark FROM analytics_rollup_dirty_days ORDER BY 1`,
  );
  const { rows: customers } = await tx.query<{ id: string }>(
    'SELECT DISTINCT customer_id AS id FROM analytics_receivables_dirty_customers ORDER BY 1',
  );
  return { days: days.map((r) => r.mark), customers: customers.map((r) => Number(r.id)) };
}

async function markRows(tx: Pick<Db, 'query'>): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM analytics_rollup_dirty_days)::int
            + (SELECT count(*) FROM analytics_receivables_dirty_customers)::int AS n`,
  );
  return rows[0]!.n;
}

const marksOfTheOrderAndInvoice = { days: ['orders 2026-01-05', 'sales 2026-01-07'], customers: [1] };

describe('demo bulk load: analytics marks made once for the whole history', () => {
  it('marks the days each insert wrote, unless a bulk load defers the marks to one pass', async () => {
    await inRolledBackTransaction(async (tx) => {
      expect(await enterBulkMode(tx)).toBe(true);
      await insertInvoice(tx, await insertOrder(tx, 1130));
      expect(await marks(tx)).toEqual(marksOfTheOrderAndInvoice);
    });
    await inRolledBackTransaction(async (tx) => {
      expect(await enterBulkMode(tx)).toBe(true);
      expect(await deferAnalyticsMarks(tx)).toBe(true);
      await insertInvoice(tx, await insertOrder(tx, 1130));
      expect(await marks(tx)).toEqual({ days: [], customers: [] });
      await markFactDaysDirty(tx);
      expect(await marks(tx)).toEqual(marksOfTheOrderAndInvoice);
      // Once per day and customer: a second pass adds nothing.
      const rows = await markRows(tx);
      await markFactDaysDirty(tx);
      expect(await markRows(tx)).toBe(rows);
    });
  });

  it('defers nothing outside bulk mode', async () => {
    await inRolledBackTransaction(async (tx) => {
      expect(await deferAnalyticsMarks(tx)).toBe(false);
      const { rows } = await tx.query<{ setting: string | null }>(
        `SELECT current_setting('pulse.analytics_marks_deferred', true) AS setting`,
      );
      expect(rows[0]!.setting ?? '').not.toBe('on');
    });
  });

  it("makes the marks at a bulk load's commit when the loader did not", async () => {
    await inRolledBackTransaction(async (tx) => {
      expect(await enterBulkMode(tx)).toBe(true);
      expect(await deferAnalyticsMarks(tx)).toBe(true);
      await insertInvoice(tx, await insertOrder(tx, 1130));
      expect(await marks(tx)).toEqual({ days: [], customers: [] });
      // What the commit runs (the made-up parents would fail its reference check after it).
      await tx.query('SET CONSTRAINTS demo_bulk_load_marks_dirty IMMEDIATE');
      expect(await marks(tx)).toEqual(marksOfTheOrderAndInvoice);
    });
  });
});

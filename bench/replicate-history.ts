/**
 * Grows a loaded demo company to benchmark size by replicating its documents in SQL (issue #8:
 * analytics at 10M order lines, which the demo generator cannot reach: it simulates the history
 * in memory). Copy k = 1..N duplicates every row of the document tables the analytics fact
 * sources read, and of those the copied rows reference, so that every copy is a closed
 * order-to-cash history of its own:
 *
 *   sales_orders, sales_order_lines, sales_order_allocations, shipments, shipment_lines,
 *   invoices, invoice_lines, sales_returns, sales_return_lines, credit_notes, credit_note_lines,
 *   payments, allocations, write_offs
 *
 * Ids are shifted by k × (the table's max id before replication), and so is every reference to
 * a replicated table (read from the catalog's foreign keys), so references stay inside their
 * copy. Text columns under a unique index (document numbers, the Golden Tax number) get `-k`
 * appended. Customers, products, lots, warehouses, regions, reps and dates are the same. So every
 * additive measure (revenue, cost, orders, order lines, units, shipments, AR open) is exactly
 * (N + 1) × its original value on every day and in every group; ratios (margin, average order
 * value, fill rate, on-time rate, overdue rate) and distinct counts (active and new customers,
 * coverage) do not change.
 *
 * Not replicated, on purpose:
 * - Stock (stock_moves, stock_balances, lots): the copies ship the same lots, and a stock
 *   position is one row per warehouse × lot, so stock stays as it is. Inventory value,
 *   near-expiry value and average inventory are the original company's (meaningful: the stock
 *   a distributor holds does not grow with its history); measures relating sales to stock
 *   (inventory turnover days) are off by the factor N + 1. The inventory questions of the
 *   analytics benchmark are timed on the original ledger (their answers are not checked against N + 1).
 * - The ledger (journals, ledger_entries): no fact source reads it; the copies' journal_id is
 *   null (not posted), rather than pointing at the journal of the document they copy.
 * - Serial numbers scanned on shipments, order approvals, credit decisions, collection contacts,
 *   workflow and audit rows, revenue targets: read by no fact source.
 *
 * One transaction per chunk of copies, one INSERT … SELECT per table over generate_series(k).
 * As a superuser the inserts run with session_replication_role = replica, skipping the row-by-row
 * foreign-key triggers: the references are consistent by construction (each copied reference is
 * an original, valid reference shifted like the row it points to), and a set-based check of the
 * copied rows' references runs afterwards. The tables' own triggers are disabled inside the
 * transaction (ALTER TABLE … DISABLE TRIGGER USER, restored before commit): the dirty-day marks
 * would be thrown away by the rollup rebuild that follows, and the orders' invoiced amount
 * (migration 0031) is copied with the order, already counting its copied invoices.
 */
import pg from 'pg';

/** Parents before children: without replica mode the ordinary foreign-key checks pass too. */
export const replicatedTables = [
  'sales_orders',
  'sales_order_lines',
  'shipments',
  'sales_order_allocations',
  'shipment_lines',
  'invoices',
  'invoice_lines',
  'sales_returns',
  'sales_return_lines',
  'credit_notes',
  'credit_note_lines',
  'payments',
  'allocations',
  'write_offs',
] as const;
type ReplicatedTable = (typeof replicatedTables)[number];

/** References to tables that are not replicated but must not be shared by the copies. */
const clearedColumns: Record<string, ReadonlySet<string>> = {
  invoices: new Set(['journal_id']),
  credit_notes: new Set(['journal_id']),
  payments: new Set(['journal_id']),
  allocations: new Set(['journal_id']),
  write_offs: new Set(['journal_id']),
};

/** Copies per transaction: about this many order lines per INSERT of order lines. */
const LINES_PER_CHUNK = 500_000;

export interface ReplicationProgress {
  copiesDone: number;
  copies: number;
  elapsedMs: number;
}

export interface ReplicationResult {
  /** Rows per table before replication, and added by it. */
  rows: Record<ReplicatedTable, { original: number; added: number }>;
  /** Whether the inserts skipped the row-by-row foreign-key checks (superuser). */
  isReplicaMode: boolean;
  insertMs: number;
  /** Time spent in each table's inserts (all chunks). */
  tableMs: Record<ReplicatedTable, number>;
  verifyMs: number;
}

interface Column {
  name: string;
  type: string;
}

interface ForeignKey {
  table: string;
  column: string;
  parent: string;
  parentColumn: string;
}

interface UniqueIndex {
  table: string;
  name: string;
  columns: string[];
  isPrimary: boolean;
}

const q = (name: string) => pg.escapeIdentifier(name);

/**
 * Adds `copies` copies of the documents (see the header), one transaction per chunk of copies,
 * then resets the id sequences and checks the copies' references. `db` must be one connection
 * (its transactions span several statements) of the tables' owner, ideally a superuser.
 */
export async function replicateHistory(
  db: pg.ClientBase,
  copies: number,
  onProgress: (progress: ReplicationProgress) => void = () => {},
): Promise<ReplicationResult> {
  if (!Number.isInteger(copies) || copies < 1)
    throw new Error(`copies must be a positive integer: ${copies}`);
  const started = performance.now();
  const maxIds = {} as Record<ReplicatedTable, number>;
  const rows = {} as ReplicationResult['rows'];
  for (const table of replicatedTables) {
    const { rows: r } = await db.query<{ max_id: number | null; count: number }>(
      `SELECT max(id) AS max_id, count(*)::int AS count FROM ${q(table)}`,
    );
    maxIds[table] = r[0]!.max_id ?? 0;
    rows[table] = { original: r[0]!.count, added: r[0]!.count * copies };
  }
  const inserts = await buildInserts(db, maxIds);
  const tableMs = Object.fromEntries(replicatedTables.map((t) => [t, 0])) as Record<ReplicatedTable, number>;

  const { rows: role } = await db.query<{ is_superuser: boolean }>(
    'SELECT rolsuper AS is_superuser FROM pg_roles WHERE rolname = current_user',
  );
  const isReplicaMode = role[0]?.is_superuser ?? false;
  const { rows: triggers } = await db.query<{ table: string; name: string; enabled: string }>(
    `SELECT c.relname AS table, t.tgname AS name, t.tgenabled AS enabled
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE NOT t.tgisinternal AND c.oid = ANY($1::regclass[])`,
    [[...replicatedTables]],
  );
  const restoreTriggers = triggers.map(
    (t) =>
      `ALTER TABLE ${q(t.table)} ${{ O: 'ENABLE', A: 'ENABLE ALWAYS', R: 'ENABLE REPLICA', D: 'DISABLE' }[t.enabled] ?? 'ENABLE'} TRIGGER ${q(t.name)}`,
  );

  const perChunk = Math.max(1, Math.floor(LINES_PER_CHUNK / Math.max(1, rows.sales_order_lines.original)));
  for (let first = 1; first <= copies; first += perChunk) {
    const last = Math.min(copies, first + perChunk - 1);
    await db.query('BEGIN');
    try {
      if (isReplicaMode) await db.query(`SET LOCAL session_replication_role = replica`);
      for (const table of replicatedTables) await db.query(`ALTER TABLE ${q(table)} DISABLE TRIGGER USER`);
      for (const insert of inserts) {
        const insertStarted = performance.now();
        await db.query(insert.sql, [first, last, ...insert.params]);
        tableMs[insert.table] += performance.now() - insertStarted;
      }
      for (const statement of restoreTriggers) await db.query(statement);
      await db.query('COMMIT');
    } catch (error) {
      await db.query('ROLLBACK').catch(() => {});
      throw error;
    }
    onProgress({ copiesDone: last, copies, elapsedMs: performance.now() - started });
  }
  for (const table of replicatedTables) {
    await db.query(
      `SELECT setval(pg_get_serial_sequence($1, 'id'), greatest((SELECT max(id) FROM ${q(table)}), 1))`,
      [table],
    );
  }
  const insertMs = performance.now() - started;

  const verifyStarted = performance.now();
  await verifyReferences(db, maxIds);
  return { rows, isReplicaMode, insertMs, tableMs, verifyMs: performance.now() - verifyStarted };
}

async function readCatalog(db: pg.ClientBase) {
  const tables = [...replicatedTables];
  const { rows: columns } = await db.query<Column & { table: string }>(
    `SELECT c.relname::text AS table, a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE a.attrelid = ANY($1::regclass[]) AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY c.relname, a.attnum`,
    [tables],
  );
  const { rows: foreignKeys } = await db.query<ForeignKey & { width: number }>(
    `SELECT c.relname AS table, a.attname AS column, p.relname AS parent, pa.attname AS "parentColumn",
            cardinality(k.conkey) AS width
       FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid
       JOIN pg_class p ON p.oid = k.confrelid
       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
       JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
      WHERE k.contype = 'f' AND k.conrelid = ANY($1::regclass[])`,
    [tables],
  );
  const { rows: uniques } = await db.query<UniqueIndex & { hasExpressions: boolean }>(
    `SELECT c.relname AS table, ic.relname AS name, i.indisprimary AS "isPrimary",
            i.indexprs IS NOT NULL AS "hasExpressions",
            array(SELECT a.attname FROM unnest(i.indkey::int2[]) AS x(n)
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = x.n)::text[] AS columns
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE i.indisunique AND i.indrelid = ANY($1::regclass[])`,
    [tables],
  );
  for (const fk of foreignKeys) {
    if (fk.width !== 1 && (replicatedTables as readonly string[]).includes(fk.parent))
      throw new Error(`cannot replicate ${fk.table}: multi-column reference to ${fk.parent}`);
  }
  return { columns, foreignKeys, uniques };
}

/**
 * One INSERT … SELECT per table: `$1`..`$2` are the copies, the further parameters the maxima
 * the ids and references are shifted by. Fails on a unique index the copies would break (a
 * future column the rules here do not know), rather than on the first duplicate at 10M rows.
 */
async function buildInserts(
  db: pg.ClientBase,
  maxIds: Record<ReplicatedTable, number>,
): Promise<{ table: ReplicatedTable; sql: string; params: number[] }[]> {
  const { columns, foreignKeys, uniques } = await readCatalog(db);
  const isReplicated = (table: string): table is ReplicatedTable =>
    (replicatedTables as readonly string[]).includes(table);
  const inserts: { table: ReplicatedTable; sql: string; params: number[] }[] = [];
  for (const table of replicatedTables) {
    if (maxIds[table] === 0) continue;
    const params: number[] = [];
    const shiftOf = (parent: ReplicatedTable) => {
      params.push(maxIds[parent]);
      return `$${params.length + 2}::bigint`;
    };
    const shifted = new Set<string>();
    const suffixed = new Set<string>();
    const expressions = columns
      .filter((c) => c.table === table)
      .map((c) => {
        const column = `t.${q(c.name)}`;
        if (c.name === 'id') {
          shifted.add(c.name);
          return `${column} + g.k * ${shiftOf(table)}`;
        }
        const fk = foreignKeys.find((f) => f.table === table && f.column === c.name);
        if (fk && isReplicated(fk.parent)) {
          if (fk.parentColumn !== 'id')
            throw new Error(`cannot replicate ${table}.${c.name}: not a reference to an id`);
          shifted.add(c.name);
          return `${column} + g.k * ${shiftOf(fk.parent)}`;
        }
        if (clearedColumns[table]?.has(c.name)) return 'NULL';
        const isUniqueText =
          c.type === 'text' &&
          uniques.some((u) => u.table === table && !u.isPrimary && u.columns.includes(c.name));
        if (isUniqueText) {
          suffixed.add(c.name);
          return `${column} || '-' || g.k`;
        }
        return column;
      });
    for (const u of uniques.filter((x) => x.table === table)) {
      if (u.hasExpressions || !u.columns.some((c) => shifted.has(c) || suffixed.has(c)))
        throw new Error(`cannot replicate ${table}: the copies would break unique index ${u.name}`);
    }
    const names = columns.filter((c) => c.table === table).map((c) => q(c.name));
    inserts.push({
      table,
      sql: `INSERT INTO ${q(table)} (${names.join(', ')})
            SELECT ${expressions.join(', ')}
              FROM generate_series($1::int, $2::int) AS g(k)
             CROSS JOIN ${q(table)} t
             WHERE t.id <= ${shiftOf(table)}`,
      params,
    });
  }
  return inserts;
}

/**
 * The checks the replica mode skipped, set-based, over the copied rows only: every reference of
 * a copied row to a replicated table finds its row.
 */
async function verifyReferences(db: pg.ClientBase, maxIds: Record<ReplicatedTable, number>): Promise<void> {
  const { foreignKeys } = await readCatalog(db);
  for (const fk of foreignKeys) {
    if (!(replicatedTables as readonly string[]).includes(fk.parent)) continue;
    const table = fk.table as ReplicatedTable;
    const { rows } = await db.query<{ broken: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${q(table)} c
                       WHERE c.id > $1 AND c.${q(fk.column)} IS NOT NULL
                         AND NOT EXISTS (SELECT 1 FROM ${q(fk.parent)} p WHERE p.${q(fk.parentColumn)} = c.${q(fk.column)})) AS broken`,
      [maxIds[table]],
    );
    if (rows[0]!.broken)
      throw new Error(`replication broke the reference ${fk.table}.${fk.column} → ${fk.parent}`);
  }
}

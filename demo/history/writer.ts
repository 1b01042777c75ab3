/**
 * Bulk writing for the history: id ranges reserved from each table's sequence (so rows can
 * name each other before they are written, and the app's own inserts continue after them),
 * and COPY in chunks, building the next chunk while PostgreSQL loads the previous one. Binary
 * COPY where the table's column types allow (copy-binary.ts: PostgreSQL then parses nothing),
 * else CSV.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { copyIn } from '../../server/modules/imports/copy-in.ts';
import type { Queryable } from '../../server/platform/db.ts';
import {
  BinaryChunk,
  binaryColumnTypes,
  type ColumnTypeOids,
  columnTypeOids,
  OffsetTime,
} from './copy-binary.ts';
import { CsvChunk } from './csv.ts';

const CHUNK_ROWS = 25_000;
/**
 * COPY data (binary or CSV) built between two turns of the event loop. The previous chunk
 * leaves through the socket only while the loop turns, and at most what the socket's send
 * buffer holds at a time (about 200 KB for a Unix socket); building a whole chunk in one go
 * would leave PostgreSQL waiting for data for most of it. By bytes, not rows: 2,500 rows of a
 * wide table (invoices) were several times the buffer, and PostgreSQL waited for the client
 * (ClientRead) about 15 % of the write sections at scale 3. A third of the buffer keeps data
 * queued; in alternating runs at scale 3 the write sections then took about a fifth less time
 * than with 250 KB.
 */
const BYTES_PER_TURN = 64 * 1024;

/** Tables with a bigserial id that the history writes. */
export type IdTable =
  | 'price_lists'
  | 'sales_contracts'
  | 'purchase_orders'
  | 'purchase_order_lines'
  | 'receipts'
  | 'receipt_lines'
  | 'lots'
  | 'sales_orders'
  | 'sales_order_lines'
  | 'sales_order_allocations'
  | 'sales_order_approvals'
  | 'shipments'
  | 'shipment_lines'
  | 'stock_moves'
  | 'invoices'
  | 'invoice_lines'
  | 'journals'
  | 'ledger_entries'
  | 'payments'
  | 'allocations'
  | 'credit_notes'
  | 'credit_note_lines'
  | 'write_offs'
  | 'sales_returns'
  | 'sales_return_lines';

export class HistoryWriter {
  private readonly offsets = new Map<IdTable, number>();
  /** Tables given new storage in this transaction, which COPY fills with frozen rows. */
  private readonly renewed = new Set<string>();

  /**
   * The last chunk of the previous `copy`, still loading: the next table's first chunk is built
   * meanwhile, rather than leaving Node idle while PostgreSQL loads it and PostgreSQL idle while
   * Node builds the next (about one chunk's time at every table boundary). `flush` waits for it.
   */
  private inflight: Promise<void> | null = null;

  private bulkLoad: boolean | null = null;

  /** The schema's column types, read at the first `copy` (binary COPY or CSV). */
  private typeOids: ColumnTypeOids | null = null;

  /** Told after each chunk is loaded (progress). */
  onRows: (table: string, rows: number) => void = () => {};

  constructor(readonly tx: Queryable) {}

  /** Takes `count` ids from the table's sequence; local id n is then stored as offset + n. */
  async reserve(table: IdTable, count: number): Promise<void> {
    if (count === 0) {
      this.offsets.set(table, 0);
      return;
    }
    const { rows } = await this.tx.query<{ first: number }>(
      `SELECT setval(s, nextval(s) + $2::bigint - 1) - $2::bigint + 1 AS first
         FROM pg_get_serial_sequence($1, 'id') AS s`,
      [`public.${table}`, count],
    );
    this.offsets.set(table, rows[0]!.first - 1);
  }

  /** The stored id of a local id (null stays null). */
  id(table: IdTable, local: number): number;
  id(table: IdTable, local: number | null): number | null;
  id(table: IdTable, local: number | null): number | null {
    if (local === null) return null;
    const offset = this.offsets.get(table);
    if (offset === undefined) throw new Error(`ids of ${table} were not reserved`);
    return offset + local;
  }

  /**
   * Whether the transaction loads in bulk mode (migration 0010: trigger-based checks off, verified
   * at commit), where the writer may store what some triggers would otherwise sum.
   */
  async isBulkLoad(): Promise<boolean> {
    if (this.bulkLoad === null) {
      const { rows } = await this.tx.query<{ bulk: boolean }>(
        `SELECT current_setting('session_replication_role') = 'replica' AS bulk`,
      );
      this.bulkLoad = rows[0]!.bulk;
    }
    return this.bulkLoad;
  }

  /**
   * Says that `tables` got new storage in the writer's transaction (renewEmptyTables), and so
   * may be filled with COPY FREEZE: their rows are stored frozen, most pages marked all-visible.
   * Else the first reads after the commit (the analytics rollups, then the first screens) would
   * each visit every row to record that its transaction committed, and write every page again:
   * a sixth to a quarter of the rollups' time. Safe here: no other transaction sees the new
   * storage before the commit, and a rollback throws it away.
   */
  renewedTables(tables: readonly string[]): void {
    for (const table of tables) this.renewed.add(table);
  }

  /** COPYs `count` rows produced by `row(i)` into `table` (columns in this order). */
  async copy(
    table: string,
    columns: readonly string[],
    count: number,
    row: (i: number) => readonly unknown[],
  ) {
    // FREEZE needs the COPY in the transaction itself, not in a savepoint opened after the
    // storage was renewed: the writer's COPYs are.
    this.typeOids ??= await columnTypeOids(this.tx);
    const types = binaryColumnTypes(this.typeOids, table, columns);
    const format = types ? 'FORMAT binary' : 'FORMAT csv';
    const options = this.renewed.has(table) ? `${format}, FREEZE` : format;
    const sql = `COPY ${table} (${columns.join(', ')}) FROM STDIN (${options})`;
    let pending: Promise<void> | null = this.inflight;
    this.inflight = null;
    let chunkBytes = 1 << 20;
    for (let start = 0; start < count; start += CHUNK_ROWS) {
      const end = Math.min(count, start + CHUNK_ROWS);
      // Room for this chunk at once when its rows are like the previous chunk's.
      const expectedBytes = chunkBytes + (chunkBytes >> 3);
      const chunk = types
        ? new BinaryChunk(table, columns, types, expectedBytes)
        : new CsvChunk(expectedBytes);
      let turnEnd = BYTES_PER_TURN;
      for (let i = start; i < end; i++) {
        chunk.row(row(i));
        if (pending && chunk.byteLength >= turnEnd) {
          turnEnd = chunk.byteLength + BYTES_PER_TURN;
          await nextTurn();
        }
      }
      const data = chunk.finish();
      chunkBytes = data.length;
      if (pending) await pending;
      pending = copyIn(this.tx, sql, data).then(() => this.onRows(table, end - start));
      // A failure is rethrown by the next `await pending`; until then the loop may turn
      // (building the next chunk), when an unhandled rejection would end the process.
      pending.catch(() => {});
    }
    this.inflight = pending;
  }

  /** Waits until every row handed to `copy` is loaded (and rethrows a failed COPY's error). */
  async flush(): Promise<void> {
    const last = this.inflight;
    this.inflight = null;
    if (last) await last;
  }
}

/** A PostgreSQL array literal of plain tokens (serial numbers: digits and letters only). */
export function textArray(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}

/**
 * A plausible time of day for a document of `date` (Asia/Shanghai office hours), spread by
 * `seq` so that documents of a day do not all share one instant.
 */
export function timestampOn(date: string, seq: number): OffsetTime {
  return new OffsetTime(date, 8 * 3600 + 1800 + ((seq * 7919) % 36_000), 8);
}

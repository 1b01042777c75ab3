/**
 * Traceability at ledger scale: forward trace of one lot (receipts, every move with its
 * customer, transfers, remaining stock — the service the API calls) and backward trace of one
 * move, on a ledger of 10 million moves. Target: p95 ≤ 50 ms for one lot.
 *
 * Builds a fresh embedded PostgreSQL in a temporary folder (fsync off: loading speed is not
 * what is measured), migrates it, and generates the data set-based with generate_series:
 * 100 moves per lot spread over the whole table (a lot's moves are far apart on disk, as
 * they are in a real ledger), one receipt line per lot, one transfer per 20 lots.
 *
 * `npm run bench -- trace`, or standalone: `npx tsx bench/trace.bench.ts`.
 * TRACE_BENCH_MOVES (default 10000000) and TRACE_BENCH_SAMPLES (default 300) change the size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { traceLotForward, traceMoveBackward } from '../server/modules/inventory/trace.service.ts';
import { systemContext } from '../server/platform/auth-context.ts';
import { createPool } from '../server/platform/db.ts';
import { startEmbeddedPostgres } from '../server/platform/embedded-postgres.ts';
import { migrate } from '../server/platform/migrate.ts';
import { percentile } from './bench-utils.ts';

const MOVES = Number(process.env.TRACE_BENCH_MOVES ?? 10_000_000);
const SAMPLES = Number(process.env.TRACE_BENCH_SAMPLES ?? 300);
const MOVES_PER_LOT = 100;
const LOTS = Math.max(1, Math.floor(MOVES / MOVES_PER_LOT));
const PRODUCTS = 2_000;
const WAREHOUSES = 20;
const CHUNK = 1_000_000;

function elapsed(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)} s`;
}

function summary(label: string, timings: number[]): string {
  const sorted = [...timings].sort((a, b) => a - b);
  const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
  return `${label}: p50 ${fmt(percentile(sorted, 50))}, p95 ${fmt(percentile(sorted, 95))}, max ${fmt(sorted.at(-1)!)} (n=${sorted.length})`;
}

/** Master data, lots, receipts and transfers; the ledger itself comes after, in chunks. */
async function seedDocuments(db: pg.Client): Promise<void> {
  await db.query(`
    INSERT INTO regions (id, parent_id, level, code, name_zh, name_en) VALUES (1, NULL, 'country', 'CN', '中国', 'China');
    INSERT INTO product_lines (id, code, name_zh, name_en) VALUES (1, 'L', '产品线', 'Line');
    INSERT INTO suppliers (id, code, name, kind, licence_number)
      SELECT g, 'S' || g, '供应商' || g, 'both', '许可证' || g FROM generate_series(1, 50) g;
    INSERT INTO warehouses (id, code, name, region_id)
      SELECT g, 'W' || g, '仓库' || g, 1 FROM generate_series(1, ${WAREHOUSES}) g;
    INSERT INTO products (id, sku, name_zh, name_en, model_spec, product_line_id, unit, certificate_number,
                          device_class, manufacturer_id, standard_cost_fen, list_price_fen)
      SELECT g, 'SKU' || g, '产品' || g, 'Product ' || g, 'M' || g, 1, '个', '国械注准20193130123', 3,
             1 + g % 50, 100, 200
        FROM generate_series(1, ${PRODUCTS}) g;
    INSERT INTO lots (id, product_id, lot_number, production_date, expiry_date, status, supplier_id,
                      unit_cost_fen, first_received_on)
      SELECT g, 1 + g % ${PRODUCTS}, 'LOT' || g, date '2023-01-01', date '2028-01-01' + g % 700, 'released',
             1 + g % 50, 100, date '2023-01-01' + g % 1000
        FROM generate_series(1, ${LOTS}) g;
    INSERT INTO purchase_orders (id, number, supplier_id, warehouse_id, order_date, status)
      SELECT g, 'PO-' || g, 1 + g % 50, 1 + g % ${WAREHOUSES}, date '2023-01-01' + g % 1000, 'received'
        FROM generate_series(1, ${LOTS}) g;
    INSERT INTO purchase_order_lines (id, purchase_order_id, line_no, product_id, quantity, unit_price, amount,
                                      received_quantity)
      SELECT g, g, 1, 1 + g % ${PRODUCTS}, 100, 100, 10000, 100 FROM generate_series(1, ${LOTS}) g;
    INSERT INTO receipts (id, number, purchase_order_id, supplier_id, warehouse_id, arrival_date)
      SELECT g, 'RC-' || g, g, 1 + g % 50, 1 + g % ${WAREHOUSES}, date '2023-01-01' + g % 1000
        FROM generate_series(1, ${LOTS}) g;
    INSERT INTO receipt_lines (receipt_id, purchase_order_line_id, product_id, lot_id, quantity_received,
                               quantity_accepted, quantity_rejected, inspection_result, inspector)
      SELECT g, g, 1 + g % ${PRODUCTS}, g, 102, 100, 2, 'partially_accepted', '质检员'
        FROM generate_series(1, ${LOTS}) g;
    INSERT INTO stock_transfers (id, number, from_warehouse_id, to_warehouse_id, status, dispatched_on, received_on)
      SELECT g, 'TR-' || g, 1 + g % ${WAREHOUSES}, 1 + (g + 1) % ${WAREHOUSES}, 'received',
             date '2024-01-01' + g % 500, date '2024-01-02' + g % 500
        FROM generate_series(1, ${Math.ceil(LOTS / 20)}) g;
    INSERT INTO stock_transfer_lines (transfer_id, product_id, lot_id, quantity)
      SELECT g, 1 + (g * 20) % ${PRODUCTS}, least(g * 20, ${LOTS}), 10 FROM generate_series(1, ${Math.ceil(LOTS / 20)}) g;
    INSERT INTO stock_balances (warehouse_id, product_id, lot_id, on_hand)
      SELECT 1 + g % ${WAREHOUSES}, 1 + g % ${PRODUCTS}, g, 20 FROM generate_series(1, ${LOTS}) g;`);
}

/**
 * Move n belongs to lot 1 + n % LOTS, so a lot's 100 moves are spread over the whole table.
 * The first move of each lot is its receipt; the rest are shipments of one unit.
 */
async function generateMoves(db: pg.Client): Promise<void> {
  for (let from = 1; from <= MOVES; from += CHUNK) {
    const to = Math.min(MOVES, from + CHUNK - 1);
    await db.query(
      `INSERT INTO stock_moves (id, moved_at, business_date, warehouse_id, product_id, lot_id, serial, kind, quantity,
                                reference_type, reference_id)
       SELECT n, timestamptz '2023-01-01' + n * interval '9 seconds', date '2023-01-01' + (n / 9600)::int,
              1 + lot % ${WAREHOUSES}, 1 + lot % ${PRODUCTS}, lot, '',
              CASE WHEN n <= ${LOTS} THEN 'receipt' ELSE 'issue' END,
              CASE WHEN n <= ${LOTS} THEN 100 ELSE -1 END,
              CASE WHEN n <= ${LOTS} THEN 'receipt' ELSE 'shipment' END,
              CASE WHEN n <= ${LOTS} THEN lot ELSE n END
         FROM generate_series($1::bigint, $2::bigint) n, LATERAL (SELECT 1 + n % ${LOTS} AS lot) l`,
      [from, to],
    );
    process.stdout.write(`  moves ${to.toLocaleString('en')} / ${MOVES.toLocaleString('en')}\r`);
  }
  process.stdout.write('\n');
}

async function loadLedger(adminUrl: string): Promise<void> {
  const db = new pg.Client({ connectionString: adminUrl });
  await db.connect();
  try {
    // Bulk load: foreign-key and other triggers off for this session, secondary indexes rebuilt after.
    await db.query(`SET session_replication_role = replica; SET maintenance_work_mem = '512MB'`);
    let started = performance.now();
    await seedDocuments(db);
    console.log(`  documents for ${LOTS.toLocaleString('en')} lots in ${elapsed(started)}`);
    const { rows: indexes } = await db.query<{ name: string; definition: string }>(
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
        WHERE tablename = 'stock_moves' AND indexname <> 'stock_moves_pkey'`,
    );
    for (const index of indexes) await db.query(`DROP INDEX ${index.name}`);
    started = performance.now();
    await generateMoves(db);
    console.log(`  ${MOVES.toLocaleString('en')} moves in ${elapsed(started)}`);
    started = performance.now();
    for (const index of indexes) await db.query(index.definition);
    await db.query(`SELECT setval('stock_moves_id_seq', ${MOVES})`);
    await db.query('VACUUM ANALYZE');
    console.log(
      `  ${indexes.length} secondary indexes rebuilt, vacuumed and analysed in ${elapsed(started)}`,
    );
  } finally {
    await db.end();
  }
}

async function measure(appUrl: string): Promise<void> {
  const db = createPool(appUrl, 10);
  const ctx = systemContext();
  try {
    // Deterministic pseudo-random samples (no Math.random: runs are comparable).
    const lotIds = Array.from({ length: SAMPLES }, (_, i) => 1 + ((i * 7919 + 13) % LOTS));
    const moveIds = Array.from({ length: SAMPLES }, (_, i) => 1 + ((i * 104_729 + 17) % MOVES));
    for (const lotId of lotIds.slice(0, 20)) await traceLotForward(db, ctx, lotId + 1);
    const forward: number[] = [];
    let moves = 0;
    for (const lotId of lotIds) {
      const started = performance.now();
      const trace = await traceLotForward(db, ctx, lotId);
      forward.push(performance.now() - started);
      moves += trace.shipments.length;
    }
    const backward: number[] = [];
    for (const moveId of moveIds) {
      const started = performance.now();
      await traceMoveBackward(db, ctx, moveId);
      backward.push(performance.now() - started);
    }
    console.log(summary(`forward trace of one lot (~${Math.round(moves / SAMPLES)} moves each)`, forward));
    console.log(summary('backward trace of one move', backward));
    const { rows } = await db.query<{ plan: string }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT)
       SELECT id FROM stock_moves WHERE lot_id = $1 ORDER BY moved_at, id`,
      [lotIds[0]],
    );
    console.log(
      "  plan of the lot's moves:",
      rows
        .map((r) => Object.values(r)[0])
        .slice(0, 3)
        .join(' | '),
    );
  } finally {
    await db.end();
  }
}

export async function run(): Promise<void> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulse-trace-bench-'));
  fs.chmodSync(tempDir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir: tempDir,
    settings: {
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      max_wal_size: '8GB',
    },
  });
  try {
    const started = performance.now();
    await migrate(server.adminUrl);
    console.log(
      `Trace benchmark: ${MOVES.toLocaleString('en')} moves over ${LOTS.toLocaleString('en')} lots, ` +
        `embedded PostgreSQL, ${os.cpus().length} cores`,
    );
    await loadLedger(server.adminUrl);
    console.log(`  ready in ${elapsed(started)}`);
    await measure(server.appUrl);
  } finally {
    await server.stop();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
}

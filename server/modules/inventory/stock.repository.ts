/**
 * The stock ledger's SQL. Moves are appended, never changed; the balance table is updated in
 * the same statement sequence, so on_hand always equals the sum of the moves. Constraints on
 * stock_balances make negative stock or over-reservation impossible, whatever the caller does.
 */
import type { Queryable } from '../../platform/db.ts';
import { preparedStatement } from '../../platform/sql.ts';
import type { WriteStatement } from '../../platform/writes.ts';
import type { StockCandidate } from './fefo.rules.ts';

export interface StockKey {
  warehouseId: number;
  productId: number;
  lotId: number;
  serial?: string;
}

export interface NewStockMove extends StockKey {
  kind:
    | 'receipt'
    | 'transfer_out'
    | 'transfer_in'
    | 'issue'
    | 'return'
    | 'adjustment'
    | 'scrap'
    | 'recall_return';
  /** Signed: positive into the warehouse, negative out of it. */
  quantity: number;
  businessDate: string;
  referenceType?: string | null;
  referenceId?: number | null;
  reason?: string | null;
  createdBy?: number | null;
}

/** Sorting keys gives every transaction the same lock order, which avoids most deadlocks. */
function byKey(a: StockKey, b: StockKey): number {
  return (
    a.warehouseId - b.warehouseId ||
    a.productId - b.productId ||
    a.lotId - b.lotId ||
    (a.serial ?? '').localeCompare(b.serial ?? '')
  );
}

export async function insertMovesAndUpdateBalances(db: Queryable, moves: NewStockMove[]): Promise<void> {
  if (moves.length === 0) return;
  const sorted = [...moves].sort(byKey);
  await db.query(
    `INSERT INTO stock_moves (business_date, warehouse_id, product_id, lot_id, serial, kind, quantity, reference_type,
                              reference_id, reason, created_by)
     SELECT * FROM unnest($1::date[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::int[],
                          $8::text[], $9::bigint[], $10::text[], $11::bigint[])`,
    [
      sorted.map((m) => m.businessDate),
      sorted.map((m) => m.warehouseId),
      sorted.map((m) => m.productId),
      sorted.map((m) => m.lotId),
      sorted.map((m) => m.serial ?? ''),
      sorted.map((m) => m.kind),
      sorted.map((m) => m.quantity),
      sorted.map((m) => m.referenceType ?? null),
      sorted.map((m) => m.referenceId ?? null),
      sorted.map((m) => m.reason ?? null),
      sorted.map((m) => m.createdBy ?? null),
    ],
  );
  const keys = [
    sorted.map((m) => m.warehouseId),
    sorted.map((m) => m.productId),
    sorted.map((m) => m.lotId),
    sorted.map((m) => m.serial ?? ''),
  ];
  // Not one INSERT … ON CONFLICT DO UPDATE with the signed quantity: PostgreSQL checks the
  // proposed row (on_hand = −2) against `on_hand >= 0` before it looks for the conflict, so
  // every outgoing move would be refused. Instead: make sure each row exists (at 0), lock the
  // rows in key order (the same order in every transaction), then add the quantities; the
  // constraints then judge the real result.
  await db.query(
    `INSERT INTO stock_balances (warehouse_id, product_id, lot_id, serial, on_hand)
     SELECT DISTINCT w, p, l, s, 0 FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[]) AS m(w, p, l, s)
      ORDER BY w, p, l, s
     ON CONFLICT (warehouse_id, product_id, lot_id, serial) DO NOTHING`,
    keys,
  );
  await db.query(
    `SELECT 1 FROM stock_balances b
       JOIN (SELECT DISTINCT w, p, l, s FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[]) AS m(w, p, l, s)) k
         ON b.warehouse_id = k.w AND b.product_id = k.p AND b.lot_id = k.l AND b.serial = k.s
      ORDER BY b.warehouse_id, b.product_id, b.lot_id, b.serial
      FOR UPDATE OF b`,
    keys,
  );
  await db.query(
    `UPDATE stock_balances b SET on_hand = b.on_hand + m.q
       FROM (SELECT w, p, l, s, sum(q)::int AS q
               FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::int[]) AS x(w, p, l, s, q)
              GROUP BY w, p, l, s) m
      WHERE b.warehouse_id = m.w AND b.product_id = m.p AND b.lot_id = m.l AND b.serial = m.s`,
    [...keys, sorted.map((m) => m.quantity)],
  );
}

export interface Reservation extends StockKey {
  quantity: number;
}

function keyText(k: StockKey): string {
  return `${k.warehouseId}/${k.productId}/${k.lotId}/${k.serial ?? ''}`;
}

/** One row per balance key: an UPDATE … FROM changes a row once, however often it is listed. */
function mergeByKey(reservations: readonly Reservation[]): Reservation[] {
  const merged = new Map<string, Reservation>();
  for (const r of reservations) {
    const found = merged.get(keyText(r));
    if (found) found.quantity += r.quantity;
    else merged.set(keyText(r), { ...r, serial: r.serial ?? '' });
  }
  return [...merged.values()].filter((r) => r.quantity !== 0).sort(byKey);
}

/**
 * Adds (or with a negative quantity, removes) order reservations on exactly these rows, only
 * where enough is available and never below the row's hold. Returns how many of the (merged)
 * rows could be changed and how many there were; fewer changed than asked means a shortage.
 */
export async function changeReservations(
  db: Queryable,
  reservations: readonly Reservation[],
): Promise<{ changed: number; expected: number }> {
  const write = reservationWrite(reservations);
  if (!write) return { changed: 0, expected: 0 };
  const { rowCount } = await db.query(preparedStatement(write.statement.text, write.statement.values));
  return { changed: rowCount ?? 0, expected: write.rows };
}

/**
 * changeReservations as a write to batch with the caller's other writes (`runWrites`), with
 * the number of rows it must change (fewer means a shortage); null when nothing changes.
 */
export function reservationWrite(
  reservations: readonly Reservation[],
): { statement: WriteStatement; rows: number } | null {
  const merged = mergeByKey(reservations);
  if (merged.length === 0) return null;
  const statement = {
    text: `UPDATE stock_balances b SET reserved = b.reserved + r.q
       FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::int[]) AS r(w, p, l, s, q)
      WHERE b.warehouse_id = r.w AND b.product_id = r.p AND b.lot_id = r.l AND b.serial = r.s
        AND b.on_hand - b.reserved >= r.q AND b.reserved + r.q >= b.held`,
    values: [
      merged.map((r) => r.warehouseId),
      merged.map((r) => r.productId),
      merged.map((r) => r.lotId),
      merged.map((r) => r.serial ?? ''),
      merged.map((r) => r.quantity),
    ],
  };
  return { statement, rows: merged.length };
}

/** Adds (or removes) holds on exactly these rows: a hold is a reservation tied to its unit. */
export async function changeHolds(
  db: Queryable,
  holds: readonly Reservation[],
): Promise<{ changed: number; expected: number }> {
  const merged = mergeByKey(holds);
  if (merged.length === 0) return { changed: 0, expected: 0 };
  const { rowCount } = await db.query(
    `UPDATE stock_balances b SET reserved = b.reserved + r.q, held = b.held + r.q
       FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::int[]) AS r(w, p, l, s, q)
      WHERE b.warehouse_id = r.w AND b.product_id = r.p AND b.lot_id = r.l AND b.serial = r.s
        AND b.on_hand - b.reserved >= r.q AND b.held + r.q >= 0`,
    [
      merged.map((r) => r.warehouseId),
      merged.map((r) => r.productId),
      merged.map((r) => r.lotId),
      merged.map((r) => r.serial ?? ''),
      merged.map((r) => r.quantity),
    ],
  );
  return { changed: rowCount ?? 0, expected: merged.length };
}

export interface LotKey {
  warehouseId: number;
  productId: number;
  lotId: number;
}

export interface LockedBalanceRow extends LotKey {
  serial: string;
  onHand: number;
  reserved: number;
  held: number;
}

/** Every balance row (each serial) of these lots in these warehouses, locked in key order. */
export async function lockLotRows(db: Queryable, lots: readonly LotKey[]): Promise<LockedBalanceRow[]> {
  if (lots.length === 0) return [];
  const { rows } = await db.query<LockedBalanceRow>(
    `SELECT b.warehouse_id AS "warehouseId", b.product_id AS "productId", b.lot_id AS "lotId", b.serial,
            b.on_hand AS "onHand", b.reserved, b.held
       FROM stock_balances b
       JOIN (SELECT DISTINCT w, p, l FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS k(w, p, l)) k
         ON b.warehouse_id = k.w AND b.product_id = k.p AND b.lot_id = k.l
      ORDER BY b.warehouse_id, b.product_id, b.lot_id, b.serial
      FOR UPDATE OF b`,
    [lots.map((l) => l.warehouseId), lots.map((l) => l.productId), lots.map((l) => l.lotId)],
  );
  return rows;
}

export interface CandidateRow extends Omit<StockCandidate, 'available'> {
  productId: number;
  serial: string;
  onHand: number;
  reserved: number;
  held: number;
}

/**
 * Stock of these products that could be allocated — every row with free units, each serial of
 * a serial-tracked lot on its own row — with its lot's facts, locked until the end of the
 * transaction so that concurrent allocations of the same product queue up instead of both
 * counting the same units. Locked in key order, as lockLotRows locks, so that two transactions
 * locking rows of several products always take them in the same order and cannot deadlock.
 */
export async function lockAllocationCandidates(
  db: Queryable,
  productIds: readonly number[],
): Promise<CandidateRow[]> {
  // Prepared (planned once per connection): every confirmed order runs it. The array is read
  // through a subquery so that the planner never sees its length: otherwise, on tables without
  // statistics yet, it judged one shared plan dearer than a plan per call for a one-product
  // order and planned every order's read anew (about 14 % of the order path's CPU under load).
  const { rows } = await db.query<CandidateRow>(
    preparedStatement(
      `SELECT b.warehouse_id AS "warehouseId", b.product_id AS "productId", b.lot_id AS "lotId", b.serial,
            l.lot_number AS "lotNumber", l.expiry_date AS "expiryDate",
            coalesce(l.first_received_on, l.created_at::date) AS "receivedDate",
            l.status, b.on_hand AS "onHand", b.reserved, b.held
       FROM stock_balances b JOIN lots l ON l.id = b.lot_id
      WHERE b.product_id = ANY((SELECT $1::bigint[])::bigint[]) AND b.on_hand > b.reserved
      ORDER BY b.warehouse_id, b.product_id, b.lot_id, b.serial
      FOR UPDATE OF b`,
      [productIds],
    ),
  );
  return rows.map((r) => ({ ...r, receivedDate: String(r.receivedDate) }));
}

export interface SerialPlacement {
  warehouseId: number;
  lotId: number;
  lotNumber: string;
  onHand: number;
  held: number;
}

/** Where one serial number of a product is in stock (normally one row; none once it has left). */
export async function findSerialInStock(
  db: Queryable,
  productId: number,
  serial: string,
): Promise<SerialPlacement[]> {
  const { rows } = await db.query<SerialPlacement>(
    `SELECT b.warehouse_id AS "warehouseId", b.lot_id AS "lotId", l.lot_number AS "lotNumber",
            b.on_hand AS "onHand", b.held
       FROM stock_balances b JOIN lots l ON l.id = b.lot_id
      WHERE b.product_id = $1 AND b.serial = $2 AND b.on_hand > 0
      ORDER BY b.warehouse_id, b.lot_id`,
    [productId, serial],
  );
  return rows;
}

/** Units of a lot per warehouse: free (not reserved) in total, and on hand without a serial number. */
export async function summarizeLotStock(
  db: Queryable,
  lotId: number,
  warehouseIds: number[],
): Promise<{ warehouseId: number; available: number; unserialised: number }[]> {
  const { rows } = await db.query<{ warehouseId: number; available: number; unserialised: number }>(
    `SELECT warehouse_id AS "warehouseId", sum(on_hand - reserved)::int AS available,
            coalesce(sum(on_hand - held) FILTER (WHERE serial = ''), 0)::int AS unserialised
       FROM stock_balances WHERE lot_id = $1 AND warehouse_id = ANY($2::bigint[]) AND on_hand > 0
      GROUP BY warehouse_id ORDER BY warehouse_id`,
    [lotId, warehouseIds],
  );
  return rows;
}

export interface LotInput {
  productId: number;
  lotNumber: string;
  productionDate: string | null;
  expiryDate: string;
  supplierId: number | null;
  unitCostFen: number;
  receivedOn: string;
  inspectionReportRef: string | null;
}

/** Finds or creates a lot; a lot received again keeps its first facts (and must agree on expiry). */
export async function upsertLot(
  db: Queryable,
  lot: LotInput,
): Promise<{ id: number; expiryDate: string; status: string }> {
  const { rows } = await db.query<{ id: number; expiryDate: string; status: string }>(
    `INSERT INTO lots (product_id, lot_number, production_date, expiry_date, supplier_id, unit_cost_fen, first_received_on,
                       inspection_report_ref, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'released')
     ON CONFLICT (product_id, lot_number) DO UPDATE SET updated_at = now()
     RETURNING id, expiry_date AS "expiryDate", status`,
    [
      lot.productId,
      lot.lotNumber,
      lot.productionDate,
      lot.expiryDate,
      lot.supplierId,
      lot.unitCostFen,
      lot.receivedOn,
      lot.inspectionReportRef,
    ],
  );
  return rows[0]!;
}

/** The ledger sum and the balance for every key where they differ (an empty list is the invariant). */
export async function findLedgerMismatches(
  db: Queryable,
): Promise<{ key: string; ledger: number; balance: number }[]> {
  const { rows } = await db.query<{ key: string; ledger: number; balance: number }>(
    `SELECT concat_ws('/', coalesce(m.warehouse_id, b.warehouse_id), coalesce(m.product_id, b.product_id),
                      coalesce(m.lot_id, b.lot_id), coalesce(m.serial, b.serial)) AS key,
            coalesce(m.total, 0)::int AS ledger, coalesce(b.on_hand, 0) AS balance
       FROM (SELECT warehouse_id, product_id, lot_id, serial, sum(quantity) AS total FROM stock_moves
              GROUP BY 1, 2, 3, 4) m
       FULL JOIN stock_balances b USING (warehouse_id, product_id, lot_id, serial)
      WHERE coalesce(m.total, 0) <> coalesce(b.on_hand, 0)`,
  );
  return rows;
}

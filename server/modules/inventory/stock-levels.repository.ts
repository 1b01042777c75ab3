/** Read side of the ledger (balances, moves) and the facts a manual stock move needs. */
import type {
  StockBalance,
  StockListQuery,
  StockMove,
  StockMoveListQuery,
} from '../../../contracts/inventory.ts';
import type { Queryable } from '../../platform/db.ts';
import { pageClause, sortClause } from '../../platform/listing.ts';
import { likePattern, SqlParams } from '../../platform/sql.ts';
import type { LotStatus } from './fefo.rules.ts';

const balanceFrom = `stock_balances b JOIN lots l ON l.id = b.lot_id JOIN products p ON p.id = b.product_id
  JOIN warehouses w ON w.id = b.warehouse_id`;

const balanceSortable: Record<string, string> = {
  expiryDate: 'l.expiry_date',
  sku: 'p.sku',
  warehouse: 'w.code',
  lotNumber: 'l.lot_number',
  onHand: 'b.on_hand',
  available: 'b.on_hand - b.reserved',
};

/** Sellable: released, at least a day of shelf life left (DOMAIN §3), something not reserved. */
function sellable(day: string): string {
  return `(l.status = 'released' AND l.expiry_date > ${day}::date AND b.on_hand > b.reserved)`;
}

export async function listStockBalances(
  db: Queryable,
  query: StockListQuery,
  today: string,
  maxPageSize: number,
): Promise<{ items: StockBalance[]; total: number }> {
  const params = new SqlParams();
  // The count query takes only the filter's parameters, so today is added where it is used.
  let filterDay: string | undefined;
  const dayForFilter = () => {
    filterDay ??= params.add(today);
    return filterDay;
  };
  const conditions = [query.includeEmpty ? 'TRUE' : 'b.on_hand > 0'];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(p.sku ILIKE ${pattern} OR p.name_zh ILIKE ${pattern} OR p.name_en ILIKE ${pattern}
      OR l.lot_number ILIKE ${pattern})`);
  }
  if (query.productId) conditions.push(`b.product_id = ${params.add(query.productId)}`);
  if (query.warehouseId) conditions.push(`b.warehouse_id = ${params.add(query.warehouseId)}`);
  if (query.lotId) conditions.push(`b.lot_id = ${params.add(query.lotId)}`);
  if (query.lotNumber) conditions.push(`l.lot_number = ${params.add(query.lotNumber)}`);
  if (query.nearExpiryDays !== undefined) {
    conditions.push(`l.expiry_date <= ${dayForFilter()}::date + ${params.add(query.nearExpiryDays)}::int`);
  }
  if (query.onlyAvailable) conditions.push(sellable(dayForFilter()));
  const where = conditions.join(' AND ');
  const order = sortClause(
    query.sort,
    balanceSortable,
    'l.expiry_date, w.code, p.sku, l.lot_number, b.serial',
  );
  const countParams = params.values.length;
  const day = params.add(today);
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<StockBalance>(
      `SELECT b.warehouse_id AS "warehouseId", w.code AS "warehouseCode", w.name AS "warehouseName",
              b.product_id AS "productId", p.sku, p.name_zh AS "productName", p.name_en AS "productNameEn", b.lot_id AS "lotId",
              l.lot_number AS "lotNumber", b.serial, b.on_hand AS "onHand", b.reserved,
              b.on_hand - b.reserved AS available, l.expiry_date AS "expiryDate",
              l.expiry_date - ${day}::date AS "daysToExpiry", l.status AS "lotStatus",
              ${sellable(day)} AS "isSellable"
         FROM ${balanceFrom} WHERE ${where} ${order} ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${balanceFrom} WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

const moveColumns = `m.id, to_char(m.moved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "movedAt",
  m.business_date AS "businessDate", m.warehouse_id AS "warehouseId", w.code AS "warehouseCode",
  m.product_id AS "productId", p.sku, m.lot_id AS "lotId", l.lot_number AS "lotNumber", m.serial, m.kind,
  m.quantity, m.reference_type AS "referenceType", m.reference_id AS "referenceId", m.reason,
  u.username AS "createdBy"`;

const moveFrom = `stock_moves m JOIN warehouses w ON w.id = m.warehouse_id JOIN products p ON p.id = m.product_id
  JOIN lots l ON l.id = m.lot_id LEFT JOIN users u ON u.id = m.created_by`;

export async function listStockMoves(
  db: Queryable,
  query: StockMoveListQuery,
  maxPageSize: number,
): Promise<{ items: StockMove[]; total: number }> {
  const params = new SqlParams();
  const conditions = ['TRUE'];
  if (query.productId) conditions.push(`m.product_id = ${params.add(query.productId)}`);
  if (query.warehouseId) conditions.push(`m.warehouse_id = ${params.add(query.warehouseId)}`);
  if (query.lotId) conditions.push(`m.lot_id = ${params.add(query.lotId)}`);
  if (query.kind) conditions.push(`m.kind = ${params.add(query.kind)}`);
  if (query.referenceType) conditions.push(`m.reference_type = ${params.add(query.referenceType)}`);
  if (query.referenceId) conditions.push(`m.reference_id = ${params.add(query.referenceId)}`);
  if (query.from) conditions.push(`m.business_date >= ${params.add(query.from)}`);
  if (query.to) conditions.push(`m.business_date <= ${params.add(query.to)}`);
  const where = conditions.join(' AND ');
  const order = sortClause(query.sort, { id: 'm.id', businessDate: 'm.business_date' }, 'm.id DESC');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<StockMove>(
      `SELECT ${moveColumns} FROM ${moveFrom} WHERE ${where} ${order} ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM stock_moves m WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function findStockMove(db: Queryable, id: number): Promise<StockMove | undefined> {
  const { rows } = await db.query<StockMove>(`SELECT ${moveColumns} FROM ${moveFrom} WHERE m.id = $1`, [id]);
  return rows[0];
}

/** The id of the last move this transaction appended (stock_moves ids come from one sequence). */
export async function lastInsertedMoveId(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT currval(pg_get_serial_sequence('stock_moves', 'id')) AS id`,
  );
  return rows[0]!.id;
}

export interface LotForStock {
  lotId: number;
  lotNumber: string;
  productId: number;
  sku: string;
  isSerialTracked: boolean;
  status: LotStatus;
}

export async function findLotsForStock(db: Queryable, lotIds: number[]): Promise<Map<number, LotForStock>> {
  const { rows } = await db.query<LotForStock>(
    `SELECT l.id AS "lotId", l.lot_number AS "lotNumber", l.product_id AS "productId", p.sku,
            p.is_serial_tracked AS "isSerialTracked", l.status
       FROM lots l JOIN products p ON p.id = l.product_id WHERE l.id = ANY($1::bigint[])`,
    [lotIds],
  );
  return new Map(rows.map((r) => [r.lotId, r]));
}

/** Active warehouses among these ids. */
export async function findActiveWarehouseIds(db: Queryable, ids: number[]): Promise<Set<number>> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT id FROM warehouses WHERE id = ANY($1::bigint[]) AND is_active',
    [ids],
  );
  return new Set(rows.map((r) => r.id));
}

/** Serial rows that would hold more than one unit (a serial number is one physical unit). */
export async function findOverfilledSerials(
  db: Queryable,
  keys: { warehouseId: number; productId: number; lotId: number; serial: string }[],
): Promise<string[]> {
  const { rows } = await db.query<{ serial: string }>(
    `SELECT b.serial FROM stock_balances b
       JOIN unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[]) AS k(w, p, l, s)
         ON b.warehouse_id = k.w AND b.product_id = k.p AND b.lot_id = k.l AND b.serial = k.s
      WHERE b.serial <> '' AND b.on_hand > 1`,
    [
      keys.map((k) => k.warehouseId),
      keys.map((k) => k.productId),
      keys.map((k) => k.lotId),
      keys.map((k) => k.serial),
    ],
  );
  return rows.map((r) => r.serial);
}

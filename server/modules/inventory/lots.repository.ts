import type { Lot, LotListQuery } from '../../../contracts/inventory.ts';
import type { Queryable } from '../../platform/db.ts';
import { pageClause, sortClause } from '../../platform/listing.ts';
import { likePattern, SqlParams } from '../../platform/sql.ts';
import type { LotStatus } from './fefo.rules.ts';

function columns(day: string) {
  return `l.id, l.product_id AS "productId", p.sku, p.name_zh AS "productName", p.name_en AS "productNameEn", l.lot_number AS "lotNumber",
  l.production_date AS "productionDate", l.expiry_date AS "expiryDate",
  l.expiry_date - ${day}::date AS "daysToExpiry", l.status, l.status_reason AS "statusReason",
  l.recall_level AS "recallLevel", l.supplier_id AS "supplierId", s.name AS "supplierName",
  l.first_received_on AS "firstReceivedOn", l.inspection_report_ref AS "inspectionReportRef",
  coalesce(st.on_hand, 0)::int AS "onHand", coalesce(st.reserved, 0)::int AS reserved, l.version`;
}

const from = `lots l JOIN products p ON p.id = l.product_id LEFT JOIN suppliers s ON s.id = l.supplier_id
  LEFT JOIN LATERAL (SELECT sum(on_hand) AS on_hand, sum(reserved) AS reserved
                       FROM stock_balances b WHERE b.lot_id = l.id) st ON TRUE`;

const sortable: Record<string, string> = {
  expiryDate: 'l.expiry_date',
  lotNumber: 'l.lot_number',
  sku: 'p.sku',
  status: 'l.status',
  firstReceivedOn: 'l.first_received_on',
};

export async function listLots(
  db: Queryable,
  query: LotListQuery,
  today: string,
  maxPageSize: number,
): Promise<{ items: Lot[]; total: number }> {
  const params = new SqlParams();
  const conditions = ['TRUE'];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(
      `(l.lot_number ILIKE ${pattern} OR p.sku ILIKE ${pattern} OR p.name_zh ILIKE ${pattern} OR p.name_en ILIKE ${pattern})`,
    );
  }
  if (query.productId) conditions.push(`l.product_id = ${params.add(query.productId)}`);
  if (query.status) conditions.push(`l.status = ${params.add(query.status)}`);
  if (query.expiringWithinDays !== undefined) {
    const within = params.add(query.expiringWithinDays);
    conditions.push(`l.expiry_date <= ${params.add(today)}::date + ${within}::int`);
  }
  if (query.withStockOnly) conditions.push('coalesce(st.on_hand, 0) > 0');
  const where = conditions.join(' AND ');
  const order = sortClause(query.sort, sortable, 'l.expiry_date, l.id');
  const countParams = params.values.length;
  const day = params.add(today);
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<Lot>(`SELECT ${columns(day)} FROM ${from} WHERE ${where} ${order} ${page}`, params.values),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${from} WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function findLot(
  db: Queryable,
  id: number,
  today: string,
  lock = false,
): Promise<Lot | undefined> {
  const { rows } = await db.query<Lot>(
    `SELECT ${columns('$2')} FROM ${from} WHERE l.id = $1${lock ? ' FOR UPDATE OF l' : ''}`,
    [id, today],
  );
  return rows[0];
}

export async function updateLotStatus(
  db: Queryable,
  id: number,
  version: number,
  change: { status: LotStatus; reason: string; recallLevel: number | null },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE lots SET status = $3, status_reason = $4, recall_level = coalesce($5, recall_level),
            status_changed_at = now(), version = version + 1, updated_at = now()
      WHERE id = $1 AND version = $2`,
    [id, version, change.status, change.reason, change.recallLevel],
  );
  return rowCount === 1;
}

/** Where the lot's stock is now, for the people who must act on a hold or recall. */
export async function listLotStock(
  db: Queryable,
  lotId: number,
): Promise<{ warehouseId: number; onHand: number; reserved: number }[]> {
  const { rows } = await db.query<{ warehouseId: number; onHand: number; reserved: number }>(
    `SELECT warehouse_id AS "warehouseId", sum(on_hand)::int AS "onHand", sum(reserved)::int AS reserved
       FROM stock_balances WHERE lot_id = $1 AND on_hand > 0 GROUP BY warehouse_id ORDER BY warehouse_id`,
    [lotId],
  );
  return rows;
}

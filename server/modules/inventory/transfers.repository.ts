import type { Transfer, TransferListQuery, TransferSummary } from '../../../contracts/inventory.ts';
import type { Queryable } from '../../platform/db.ts';
import { pageClause, sortClause } from '../../platform/listing.ts';
import { likePattern, SqlParams } from '../../platform/sql.ts';

const columns = `t.id, t.number, t.from_warehouse_id AS "fromWarehouseId", wf.name AS "fromWarehouseName",
  t.to_warehouse_id AS "toWarehouseId", wt.name AS "toWarehouseName", t.status, t.dispatched_on AS "dispatchedOn",
  t.received_on AS "receivedOn", t.version,
  to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"`;

const from = `stock_transfers t JOIN warehouses wf ON wf.id = t.from_warehouse_id
  JOIN warehouses wt ON wt.id = t.to_warehouse_id`;

export async function listTransfers(
  db: Queryable,
  query: TransferListQuery,
  maxPageSize: number,
): Promise<{ items: TransferSummary[]; total: number }> {
  const params = new SqlParams();
  const conditions = ['TRUE'];
  if (query.q) conditions.push(`t.number ILIKE ${params.add(likePattern(query.q))}`);
  if (query.status) conditions.push(`t.status = ${params.add(query.status)}`);
  if (query.warehouseId) {
    const w = params.add(query.warehouseId);
    conditions.push(`(t.from_warehouse_id = ${w} OR t.to_warehouse_id = ${w})`);
  }
  const where = conditions.join(' AND ');
  const order = sortClause(query.sort, { number: 't.number', dispatchedOn: 't.dispatched_on' }, 't.id DESC');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<TransferSummary>(
      `SELECT ${columns} FROM ${from} WHERE ${where} ${order} ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${from} WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function findTransfer(db: Queryable, id: number, lock = false): Promise<Transfer | undefined> {
  const { rows } = await db.query<TransferSummary>(
    `SELECT ${columns} FROM ${from} WHERE t.id = $1${lock ? ' FOR UPDATE OF t' : ''}`,
    [id],
  );
  const transfer = rows[0];
  if (!transfer) return undefined;
  const lines = await db.query<Transfer['lines'][number]>(
    `SELECT tl.id, tl.product_id AS "productId", p.sku, tl.lot_id AS "lotId", l.lot_number AS "lotNumber",
            tl.serial, tl.quantity
       FROM stock_transfer_lines tl JOIN products p ON p.id = tl.product_id JOIN lots l ON l.id = tl.lot_id
      WHERE tl.transfer_id = $1 ORDER BY tl.id`,
    [id],
  );
  return { ...transfer, lines: lines.rows };
}

export async function insertTransfer(
  db: Queryable,
  transfer: {
    number: string;
    fromWarehouseId: number;
    toWarehouseId: number;
    dispatchedOn: string;
    createdBy: number | null;
    lines: { productId: number; lotId: number; serial: string; quantity: number }[];
  },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO stock_transfers (number, from_warehouse_id, to_warehouse_id, dispatched_on, created_by)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      transfer.number,
      transfer.fromWarehouseId,
      transfer.toWarehouseId,
      transfer.dispatchedOn,
      transfer.createdBy,
    ],
  );
  const id = rows[0]!.id;
  await db.query(
    `INSERT INTO stock_transfer_lines (transfer_id, product_id, lot_id, serial, quantity)
     SELECT $1, p, l, s, q FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::int[]) WITH ORDINALITY AS x(p, l, s, q, n)
      ORDER BY n`,
    [
      id,
      transfer.lines.map((l) => l.productId),
      transfer.lines.map((l) => l.lotId),
      transfer.lines.map((l) => l.serial),
      transfer.lines.map((l) => l.quantity),
    ],
  );
  return id;
}

export async function closeTransfer(
  db: Queryable,
  id: number,
  version: number,
  change: { status: 'received' | 'cancelled'; receivedOn: string | null },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE stock_transfers SET status = $3, received_on = $4, version = version + 1
      WHERE id = $1 AND version = $2 AND status = 'in_transit'`,
    [id, version, change.status, change.receivedOn],
  );
  return rowCount === 1;
}

import type { ReturnListQuery, SalesReturn } from '../../../../contracts/finance.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { pageClause } from '../../../platform/listing.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { likePattern, SqlParams } from '../../../platform/sql.ts';

type ReturnHeader = Omit<SalesReturn, 'lines' | 'creditNotes'>;

const timestamp = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
const columns = `r.id, r.number, r.shipment_id AS "shipmentId", s.number AS "shipmentNumber", r.customer_id AS "customerId",
  c.name AS "customerName", r.region_id AS "regionId", r.return_date AS "returnDate", r.reason, r.status,
  r.inspected_by AS "inspectedBy", ${timestamp('r.inspected_at')} AS "inspectedAt", r.inspection_note AS "inspectionNote",
  r.version, ${timestamp('r.created_at')} AS "createdAt"`;
const from =
  'sales_returns r JOIN shipments s ON s.id = r.shipment_id JOIN customers c ON c.id = r.customer_id';
const scope = { region: 'r.region_id', customer: 'r.customer_id' };

export async function listReturns(
  db: Queryable,
  ctx: RequestContext,
  query: ReturnListQuery,
  maxPageSize: number,
): Promise<{ items: ReturnHeader[]; total: number }> {
  const params = new SqlParams();
  const conditions = [scopeCondition(ctx, scope, params)];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(r.number ILIKE ${pattern} OR s.number ILIKE ${pattern} OR c.name ILIKE ${pattern})`);
  }
  if (query.status) conditions.push(`r.status = ${params.add(query.status)}`);
  if (query.customerId) conditions.push(`r.customer_id = ${params.add(query.customerId)}`);
  if (query.shipmentId) conditions.push(`r.shipment_id = ${params.add(query.shipmentId)}`);
  const where = conditions.join(' AND ');
  const countValues = [...params.values];
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<ReturnHeader>(
      `SELECT ${columns} FROM ${from} WHERE ${where} ORDER BY r.id DESC ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`, countValues),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function findReturn(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  lock = false,
): Promise<ReturnHeader | undefined> {
  const params = new SqlParams();
  const { rows } = await db.query<ReturnHeader>(
    `SELECT ${columns} FROM ${from} WHERE r.id = ${params.add(id)} AND ${scopeCondition(ctx, scope, params)}
     ${lock ? 'FOR UPDATE OF r' : ''}`,
    params.values,
  );
  return rows[0];
}

export type ReturnLine = SalesReturn['lines'][number];

export async function listReturnLines(db: Queryable, returnId: number): Promise<ReturnLine[]> {
  const { rows } = await db.query<ReturnLine>(
    `SELECT l.id, l.line_no AS "lineNo", l.shipment_line_id AS "shipmentLineId", l.warehouse_id AS "warehouseId",
            l.product_id AS "productId", p.sku, p.name_zh AS "productName", l.lot_id AS "lotId", lt.lot_number AS "lotNumber",
            l.quantity, l.serials, l.accepted_quantity AS "acceptedQuantity", l.rejected_quantity AS "rejectedQuantity"
       FROM sales_return_lines l JOIN products p ON p.id = l.product_id JOIN lots lt ON lt.id = l.lot_id
      WHERE l.return_id = $1 ORDER BY l.line_no`,
    [returnId],
  );
  return rows;
}

export interface ReturnableLine {
  id: number;
  warehouseId: number;
  productId: number;
  lotId: number;
  quantity: number;
  isSerialTracked: boolean;
  shippedSerials: string[];
  returnedQuantity: number;
  returnedSerials: string[];
}

/**
 * The shipment's lines with what has come back already, locked so that two returns of the
 * same line are counted one after the other.
 */
export async function lockReturnableLines(db: Queryable, shipmentId: number): Promise<ReturnableLine[]> {
  const { rows } = await db.query<ReturnableLine>(
    `SELECT sl.id, sl.warehouse_id AS "warehouseId", sl.product_id AS "productId", sl.lot_id AS "lotId", sl.quantity,
            p.is_serial_tracked AS "isSerialTracked",
            coalesce((SELECT array_agg(x.serial ORDER BY x.serial) FROM shipment_line_serials x
                       WHERE x.shipment_line_id = sl.id), '{}') AS "shippedSerials",
            coalesce((SELECT sum(rl.quantity)::int FROM sales_return_lines rl WHERE rl.shipment_line_id = sl.id), 0)
              AS "returnedQuantity",
            coalesce((SELECT array_agg(s.serial) FROM sales_return_lines rl, unnest(rl.serials) AS s(serial)
                       WHERE rl.shipment_line_id = sl.id), '{}') AS "returnedSerials"
       FROM shipment_lines sl JOIN products p ON p.id = sl.product_id
      WHERE sl.shipment_id = $1 ORDER BY sl.id FOR UPDATE OF sl`,
    [shipmentId],
  );
  return rows;
}

export interface NewReturnLine {
  shipmentLineId: number;
  warehouseId: number;
  productId: number;
  lotId: number;
  quantity: number;
  serials: string[];
}

export async function insertReturn(
  db: Queryable,
  r: {
    number: string;
    shipmentId: number;
    customerId: number;
    regionId: number;
    returnDate: string;
    reason: string;
    createdBy: number | null;
    lines: NewReturnLine[];
  },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO sales_returns (number, shipment_id, customer_id, region_id, return_date, reason, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [r.number, r.shipmentId, r.customerId, r.regionId, r.returnDate, r.reason, r.createdBy],
  );
  const id = rows[0]!.id;
  // Serials are an array per line, so the lines travel as JSON rather than as parallel arrays.
  await db.query(
    `INSERT INTO sales_return_lines (return_id, line_no, shipment_line_id, warehouse_id, product_id, lot_id, quantity, serials)
     SELECT $1, x.line_no, x.shipment_line_id, x.warehouse_id, x.product_id, x.lot_id, x.quantity, x.serials
       FROM jsonb_to_recordset($2::jsonb) AS x(line_no int, shipment_line_id bigint, warehouse_id bigint,
                                               product_id bigint, lot_id bigint, quantity int, serials text[])`,
    [
      id,
      JSON.stringify(
        r.lines.map((l, i) => ({
          line_no: i + 1,
          shipment_line_id: l.shipmentLineId,
          warehouse_id: l.warehouseId,
          product_id: l.productId,
          lot_id: l.lotId,
          quantity: l.quantity,
          serials: l.serials,
        })),
      ),
    ],
  );
  return id;
}

export async function recordInspection(
  db: Queryable,
  returnId: number,
  version: number,
  inspection: {
    inspectedBy: number | null;
    note: string | null;
    lines: { lineId: number; accepted: number; rejected: number }[];
  },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE sales_returns SET status = 'inspected', inspected_by = $3, inspected_at = now(), inspection_note = $4,
            version = version + 1
      WHERE id = $1 AND version = $2 AND status = 'awaiting_inspection'`,
    [returnId, version, inspection.inspectedBy, inspection.note],
  );
  if (rowCount !== 1) return false;
  const lines = await db.query(
    `UPDATE sales_return_lines l SET accepted_quantity = x.a, rejected_quantity = x.r
       FROM unnest($2::bigint[], $3::int[], $4::int[]) AS x(id, a, r)
      WHERE l.id = x.id AND l.return_id = $1`,
    [
      returnId,
      inspection.lines.map((l) => l.lineId),
      inspection.lines.map((l) => l.accepted),
      inspection.lines.map((l) => l.rejected),
    ],
  );
  return lines.rowCount === inspection.lines.length;
}

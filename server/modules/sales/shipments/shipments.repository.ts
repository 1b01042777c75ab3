import type { Shipment, ShipmentListQuery } from '../../../../contracts/sales.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { pageClause, sortClause } from '../../../platform/listing.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { likePattern, SqlParams } from '../../../platform/sql.ts';
import type { ScanLine } from './shipments.rules.ts';

const timestamp = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const headerColumns = `s.id, s.number, s.order_id AS "orderId", o.number AS "orderNumber", s.customer_id AS "customerId",
  c.name AS "customerName", s.region_id AS "regionId", o.currency, s.status, s.promised_date AS "promisedDate",
  s.shipped_on AS "shippedOn", s.delivered_on AS "deliveredOn",
  CASE WHEN s.shipped_on IS NULL THEN NULL ELSE s.shipped_on <= s.promised_date END AS "isOnTime",
  CASE WHEN s.shipped_on IS NULL THEN NULL ELSE greatest(s.shipped_on - s.promised_date, 0) END AS "daysLate",
  s.version, ${timestamp('s.created_at')} AS "createdAt"`;

const linesJson = `(SELECT coalesce(json_agg(json_build_object(
    'id', sl.id, 'orderLineId', sl.order_line_id, 'allocationId', sl.allocation_id, 'warehouseId', sl.warehouse_id,
    'warehouseCode', w.code, 'productId', sl.product_id, 'sku', p.sku, 'productNameZh', p.name_zh,
    'productNameEn', p.name_en, 'gtin', p.gtin, 'isSerialTracked', p.is_serial_tracked, 'lotId', sl.lot_id,
    'lotNumber', lt.lot_number, 'expiryDate', lt.expiry_date, 'quantity', sl.quantity,
    'scannedQuantity', sl.scanned_quantity,
    'serials', (SELECT coalesce(json_agg(x.serial ORDER BY x.scanned_at, x.serial), '[]')
                  FROM shipment_line_serials x WHERE x.shipment_line_id = sl.id),
    'unitPrice', sl.unit_price, 'discountRate', sl.discount_rate, 'vatRate', sl.vat_rate,
    'unitCostFen', sl.unit_cost_fen) ORDER BY w.code, p.sku, lt.expiry_date, sl.id), '[]')
  FROM shipment_lines sl JOIN warehouses w ON w.id = sl.warehouse_id JOIN products p ON p.id = sl.product_id
  JOIN lots lt ON lt.id = sl.lot_id WHERE sl.shipment_id = s.id)`;

const from = 'shipments s JOIN sales_orders o ON o.id = s.order_id JOIN customers c ON c.id = s.customer_id';

function scopeOf(ctx: RequestContext, params: SqlParams): string {
  return scopeCondition(ctx, { region: 's.region_id', customer: 's.customer_id' }, params);
}

export async function findShipment(
  db: Queryable,
  ctx: RequestContext,
  id: number,
): Promise<Shipment | undefined> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const { rows } = await db.query<Shipment>(
    `SELECT ${headerColumns}, ${linesJson} AS lines FROM ${from} WHERE s.id = ${idParam} AND ${scopeOf(ctx, params)}`,
    params.values,
  );
  return rows[0];
}

export interface ShipmentHeaderRow {
  id: number;
  number: string;
  orderId: number;
  customerId: number;
  status: 'picking' | 'shipped' | 'delivered' | 'cancelled';
  promisedDate: string;
  shippedOn: string | null;
  version: number;
}

export async function lockShipment(
  db: Queryable,
  ctx: RequestContext,
  id: number,
): Promise<ShipmentHeaderRow | undefined> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const { rows } = await db.query<ShipmentHeaderRow>(
    `SELECT s.id, s.number, s.order_id AS "orderId", s.customer_id AS "customerId", s.status,
            s.promised_date AS "promisedDate", s.shipped_on AS "shippedOn", s.version
       FROM shipments s WHERE s.id = ${idParam} AND ${scopeOf(ctx, params)} FOR UPDATE OF s`,
    params.values,
  );
  return rows[0];
}

/**
 * Creates a shipment from every reserved allocation of the order not yet on a shipment, with
 * the price, VAT and lot cost each line needs for invoicing. Returns its id and line count.
 */
export async function insertShipmentFromAllocations(
  db: Queryable,
  shipment: {
    number: string;
    orderId: number;
    customerId: number;
    regionId: number;
    promisedDate: string;
    createdBy: number | null;
  },
): Promise<{ id: number; lines: number }> {
  const { rows } = await db.query<{ id: number; lines: number }>(
    `WITH s AS (
       INSERT INTO shipments (number, order_id, customer_id, region_id, promised_date, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id),
     a AS (
       UPDATE sales_order_allocations a SET shipment_id = s.id FROM s
        WHERE a.order_id = $2 AND a.status = 'reserved' AND a.shipment_id IS NULL
       RETURNING a.id, a.order_line_id, a.warehouse_id, a.product_id, a.lot_id, a.quantity, s.id AS shipment_id),
     l AS (
       INSERT INTO shipment_lines (shipment_id, allocation_id, order_line_id, warehouse_id, product_id, lot_id, quantity,
                                   unit_price, discount_rate, vat_rate, unit_cost_fen)
       SELECT a.shipment_id, a.id, a.order_line_id, a.warehouse_id, a.product_id, a.lot_id, a.quantity, ol.unit_price,
              ol.discount_rate, ol.vat_rate, lt.unit_cost_fen
         FROM a JOIN sales_order_lines ol ON ol.id = a.order_line_id JOIN lots lt ON lt.id = a.lot_id
       RETURNING id)
     SELECT (SELECT id FROM s) AS id, (SELECT count(*)::int FROM l) AS lines`,
    [
      shipment.number,
      shipment.orderId,
      shipment.customerId,
      shipment.regionId,
      shipment.promisedDate,
      shipment.createdBy !== null && shipment.createdBy > 0 ? shipment.createdBy : null,
    ],
  );
  return rows[0]!;
}

export async function listScanLines(
  db: Queryable,
  shipmentId: number,
): Promise<(ScanLine & { allocationId: number; orderLineId: number })[]> {
  const { rows } = await db.query(
    `SELECT sl.id, sl.allocation_id AS "allocationId", sl.order_line_id AS "orderLineId", sl.product_id AS "productId",
            p.sku, p.gtin, sl.warehouse_id AS "warehouseId", sl.lot_id AS "lotId", lt.lot_number AS "lotNumber",
            lt.expiry_date AS "expiryDate", p.is_serial_tracked AS "isSerialTracked", sl.quantity,
            sl.scanned_quantity AS "scannedQuantity",
            coalesce((SELECT array_agg(x.serial) FROM shipment_line_serials x WHERE x.shipment_line_id = sl.id), '{}')
              AS serials
       FROM shipment_lines sl JOIN products p ON p.id = sl.product_id JOIN lots lt ON lt.id = sl.lot_id
      WHERE sl.shipment_id = $1 ORDER BY sl.id`,
    [shipmentId],
  );
  return rows;
}

export async function recordScan(
  db: Queryable,
  line: { id: number; productId: number },
  quantity: number,
  serial: string | null,
): Promise<void> {
  await db.query('UPDATE shipment_lines SET scanned_quantity = scanned_quantity + $2 WHERE id = $1', [
    line.id,
    quantity,
  ]);
  if (serial !== null) {
    await db.query(
      'INSERT INTO shipment_line_serials (shipment_line_id, product_id, serial) VALUES ($1, $2, $3)',
      [line.id, line.productId, serial],
    );
  }
}

/** Whether this serial of this product already left on another shipment. */
export async function isSerialShipped(
  db: Queryable,
  productId: number,
  serial: string,
  exceptShipmentId: number,
) {
  const { rowCount } = await db.query(
    `SELECT 1 FROM shipment_line_serials x JOIN shipment_lines sl ON sl.id = x.shipment_line_id
       JOIN shipments s ON s.id = sl.shipment_id
      WHERE x.product_id = $1 AND x.serial = $2 AND s.id <> $3 AND s.status IN ('shipped', 'delivered') LIMIT 1`,
    [productId, serial, exceptShipmentId],
  );
  return (rowCount ?? 0) > 0;
}

/** The number of another shipment still being picked on which this serial is already scanned. */
export async function findOpenShipmentWithSerial(
  db: Queryable,
  productId: number,
  serial: string,
  exceptShipmentId: number,
): Promise<string | null> {
  const { rows } = await db.query<{ number: string }>(
    `SELECT s.number FROM shipment_line_serials x JOIN shipment_lines sl ON sl.id = x.shipment_line_id
       JOIN shipments s ON s.id = sl.shipment_id
      WHERE x.product_id = $1 AND x.serial = $2 AND s.id <> $3 AND s.status = 'picking' LIMIT 1`,
    [productId, serial, exceptShipmentId],
  );
  return rows[0]?.number ?? null;
}

export async function findLot(db: Queryable, productId: number, lotNumber: string) {
  const { rows } = await db.query<{ id: number; expiryDate: string; status: string }>(
    'SELECT id, expiry_date AS "expiryDate", status FROM lots WHERE product_id = $1 AND lot_number = $2',
    [productId, lotNumber],
  );
  return rows[0];
}

/**
 * Moves `quantity` units of an order line from one allocated lot to a substitute lot: the
 * original allocation and shipment line shrink (a released allocation records the swap), and
 * the substitute's allocation and shipment line grow, already scanned.
 */
export async function substituteLot(
  db: Queryable,
  from: { shipmentLineId: number; allocationId: number; quantity: number },
  to: {
    shipmentId: number;
    orderId: number;
    orderLineId: number;
    warehouseId: number;
    productId: number;
    lotId: number;
  },
  quantity: number,
): Promise<number> {
  if (from.quantity > quantity) {
    await db.query('UPDATE sales_order_allocations SET quantity = quantity - $2 WHERE id = $1', [
      from.allocationId,
      quantity,
    ]);
    // The units given back, kept as a released allocation so the swap stays visible.
    await db.query(
      `INSERT INTO sales_order_allocations (order_id, order_line_id, warehouse_id, product_id, lot_id, quantity, status)
       SELECT order_id, order_line_id, warehouse_id, product_id, lot_id, $2, 'released' FROM sales_order_allocations
        WHERE id = $1`,
      [from.allocationId, quantity],
    );
    await db.query('UPDATE shipment_lines SET quantity = quantity - $2 WHERE id = $1', [
      from.shipmentLineId,
      quantity,
    ]);
  } else {
    await db.query('DELETE FROM shipment_lines WHERE id = $1', [from.shipmentLineId]);
    await db.query(
      `UPDATE sales_order_allocations SET status = 'released', shipment_id = NULL WHERE id = $1`,
      [from.allocationId],
    );
  }
  const existing = await db.query<{ id: number; allocationId: number }>(
    `SELECT sl.id, sl.allocation_id AS "allocationId" FROM shipment_lines sl
      WHERE sl.shipment_id = $1 AND sl.order_line_id = $2 AND sl.warehouse_id = $3 AND sl.lot_id = $4`,
    [to.shipmentId, to.orderLineId, to.warehouseId, to.lotId],
  );
  const line = existing.rows[0];
  if (line) {
    await db.query('UPDATE sales_order_allocations SET quantity = quantity + $2 WHERE id = $1', [
      line.allocationId,
      quantity,
    ]);
    await db.query('UPDATE shipment_lines SET quantity = quantity + $2 WHERE id = $1', [line.id, quantity]);
    return line.id;
  }
  const { rows } = await db.query<{ id: number }>(
    `WITH a AS (
       INSERT INTO sales_order_allocations (order_id, order_line_id, warehouse_id, product_id, lot_id, quantity, shipment_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id)
     INSERT INTO shipment_lines (shipment_id, allocation_id, order_line_id, warehouse_id, product_id, lot_id, quantity,
                                 unit_price, discount_rate, vat_rate, unit_cost_fen)
     SELECT $7, a.id, $2, $3, $4, $5, $6, ol.unit_price, ol.discount_rate, ol.vat_rate, lt.unit_cost_fen
       FROM a, sales_order_lines ol, lots lt WHERE ol.id = $2 AND lt.id = $5
     RETURNING id`,
    [to.orderId, to.orderLineId, to.warehouseId, to.productId, to.lotId, quantity, to.shipmentId],
  );
  return rows[0]!.id;
}

/** Marks the shipment's allocations shipped and adds the shipped units to the order lines. */
export async function markShipped(
  db: Queryable,
  shipmentId: number,
  shippedOn: string,
  userId: number | null,
) {
  await db.query(
    `UPDATE sales_order_allocations SET status = 'shipped' WHERE shipment_id = $1 AND status = 'reserved'`,
    [shipmentId],
  );
  await db.query(
    `UPDATE sales_order_lines ol SET shipped_quantity = ol.shipped_quantity + t.q
       FROM (SELECT order_line_id, sum(quantity)::int AS q FROM shipment_lines WHERE shipment_id = $1
              GROUP BY order_line_id) t
      WHERE ol.id = t.order_line_id`,
    [shipmentId],
  );
  await db.query(
    `UPDATE shipments SET status = 'shipped', shipped_on = $2, shipped_by = $3, version = version + 1,
            updated_at = now() WHERE id = $1`,
    [shipmentId, shippedOn, userId !== null && userId > 0 ? userId : null],
  );
}

export async function markDelivered(db: Queryable, shipmentId: number, deliveredOn: string) {
  await db.query(
    `UPDATE shipments SET status = 'delivered', delivered_on = $2, version = version + 1, updated_at = now()
      WHERE id = $1`,
    [shipmentId, deliveredOn],
  );
}

/** Shipments of the order still open (being picked), other than this one. */
export async function countOtherOpenShipments(
  db: Queryable,
  orderId: number,
  exceptId: number,
): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM shipments WHERE order_id = $1 AND id <> $2 AND status = 'picking'`,
    [orderId, exceptId],
  );
  return rows[0]!.n;
}

export async function countUndelivered(db: Queryable, orderId: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM shipments WHERE order_id = $1 AND status IN ('picking', 'shipped')`,
    [orderId],
  );
  return rows[0]!.n;
}

// ---------------------------------------------------------------------------------------

const sortable: Record<string, string> = {
  number: 's.number',
  promisedDate: 's.promised_date',
  shippedOn: 's.shipped_on',
  status: 's.status',
  customer: 'c.name',
  createdAt: 's.created_at',
};

export async function listShipments(
  db: Queryable,
  ctx: RequestContext,
  query: ShipmentListQuery,
  maxPageSize: number,
) {
  const params = new SqlParams();
  const conditions = [scopeOf(ctx, params)];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(s.number ILIKE ${pattern} OR o.number ILIKE ${pattern} OR c.name ILIKE ${pattern})`);
  }
  if (query.status) conditions.push(`s.status = ${params.add(query.status)}`);
  if (query.orderId) conditions.push(`s.order_id = ${params.add(query.orderId)}`);
  const where = conditions.join(' AND ');
  const order = sortClause(query.sort, sortable, 's.id DESC');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query(
      `SELECT ${headerColumns},
              (SELECT coalesce(sum(quantity), 0)::int FROM shipment_lines WHERE shipment_id = s.id) AS quantity,
              (SELECT coalesce(sum(scanned_quantity), 0)::int FROM shipment_lines WHERE shipment_id = s.id)
                AS "scannedQuantity"
         FROM ${from} WHERE ${where} ${order} ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${from} WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

/**
 * Traceability reads. Every query starts from one lot (or one move) through an index on
 * lot_id, so a trace costs a handful of index lookups however long the ledger grows.
 */
import type { ForwardTrace } from '../../../contracts/inventory.ts';
import type { Queryable } from '../../platform/db.ts';

type Trace = ForwardTrace;
export type TraceLot = Trace['lot'];
export type TraceReceipt = Trace['receipts'][number];
export type TraceTransfer = Trace['transfers'][number];
export type TraceRemaining = Trace['remaining'][number];
export type TraceMoveRow = Omit<Trace['shipments'][number], 'isCustomerHidden'> & {
  lotId: number;
  customerRegionId: number | null;
};

interface ShipmentSchema {
  hasShipments: boolean;
  hasNumber: boolean;
  hasCustomer: boolean;
}

// The sales module owns shipments (reference_type 'shipment'); its table may not exist yet,
// so the join is built from what the database actually has, once per pool.
const schemaCache = new WeakMap<object, Promise<ShipmentSchema>>();

function shipmentSchema(db: Queryable): Promise<ShipmentSchema> {
  let cached = schemaCache.get(db);
  if (!cached) {
    cached = db
      .query<{ column: string }>(
        `SELECT column_name AS column FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = 'shipments'`,
      )
      .then(({ rows }) => {
        const names = new Set(rows.map((r) => r.column));
        return {
          hasShipments: names.has('id'),
          hasNumber: names.has('number'),
          hasCustomer: names.has('id') && names.has('customer_id'),
        };
      });
    schemaCache.set(db, cached);
    cached.catch(() => schemaCache.delete(db));
  }
  return cached;
}

async function moveSelect(db: Queryable): Promise<string> {
  const schema = await shipmentSchema(db);
  const joins = [
    schema.hasShipments
      ? `LEFT JOIN shipments sh ON m.reference_type = 'shipment' AND sh.id = m.reference_id`
      : '',
    schema.hasCustomer ? 'LEFT JOIN customers c ON c.id = sh.customer_id' : '',
  ].join(' ');
  return `SELECT m.id AS "moveId", m.lot_id AS "lotId", m.kind, m.business_date AS "businessDate",
            m.warehouse_id AS "warehouseId", w.name AS "warehouseName", m.serial, m.quantity,
            m.reference_type AS "referenceType", m.reference_id AS "referenceId", m.reason,
            ${schema.hasNumber ? 'sh.number::text' : 'NULL::text'} AS "documentNumber",
            ${schema.hasCustomer ? 'c.id' : 'NULL::bigint'} AS "customerId",
            ${schema.hasCustomer ? 'c.name' : 'NULL::text'} AS "customerName",
            ${schema.hasCustomer ? 'c.region_id' : 'NULL::bigint'} AS "customerRegionId"
       FROM stock_moves m JOIN warehouses w ON w.id = m.warehouse_id ${joins}`;
}

export async function findTraceLot(db: Queryable, lotId: number): Promise<TraceLot | undefined> {
  const { rows } = await db.query<TraceLot>(
    `SELECT l.id, l.lot_number AS "lotNumber", l.product_id AS "productId", p.sku, p.name_zh AS "productName", p.name_en AS "productNameEn",
            p.model_spec AS "modelSpec", p.gtin, l.production_date AS "productionDate",
            l.expiry_date AS "expiryDate", l.status
       FROM lots l JOIN products p ON p.id = l.product_id WHERE l.id = $1`,
    [lotId],
  );
  return rows[0];
}

export async function findLot(
  db: Queryable,
  key: { productId: number } | { gtin: string },
  lotNumber: string,
): Promise<{ id: number; isSerialTracked: boolean } | undefined> {
  const byProduct = 'productId' in key;
  const { rows } = await db.query<{ id: number; isSerialTracked: boolean }>(
    `SELECT l.id, p.is_serial_tracked AS "isSerialTracked" FROM lots l JOIN products p ON p.id = l.product_id
      WHERE ${byProduct ? 'l.product_id = $1' : 'p.gtin = $1'} AND l.lot_number = $2`,
    [byProduct ? key.productId : key.gtin, lotNumber],
  );
  return rows[0];
}

export async function listLotMoves(
  db: Queryable,
  lotId: number,
  serial: string | null,
): Promise<TraceMoveRow[]> {
  const { rows } = await db.query<TraceMoveRow>(
    `${await moveSelect(db)}
      WHERE m.lot_id = $1 AND ($2::text IS NULL OR m.serial = $2)
      ORDER BY m.moved_at, m.id`,
    [lotId, serial],
  );
  return rows;
}

export async function findTraceMove(db: Queryable, moveId: number): Promise<TraceMoveRow | undefined> {
  const { rows } = await db.query<TraceMoveRow>(`${await moveSelect(db)} WHERE m.id = $1`, [moveId]);
  return rows[0];
}

export async function listLotReceipts(
  db: Queryable,
  lotId: number,
  serial: string | null,
): Promise<TraceReceipt[]> {
  const { rows } = await db.query<TraceReceipt>(
    `SELECT rl.id AS "receiptLineId", r.id AS "receiptId", r.number AS "receiptNumber",
            r.arrival_date AS "arrivalDate", r.purchase_order_id AS "purchaseOrderId",
            po.number AS "purchaseOrderNumber", r.warehouse_id AS "warehouseId",
            json_build_object('id', s.id, 'code', s.code, 'name', s.name, 'licenceNumber', s.licence_number,
                              'licenceValidUntil', s.licence_valid_until) AS supplier,
            json_build_object('quantityReceived', rl.quantity_received, 'quantityAccepted', rl.quantity_accepted,
                              'quantityRejected', rl.quantity_rejected, 'result', rl.inspection_result,
                              'inspector', rl.inspector, 'reportRef', rl.inspection_report_ref) AS inspection,
            rl.serials, rl.scanned_udi AS "scannedUdi"
       FROM receipt_lines rl JOIN receipts r ON r.id = rl.receipt_id JOIN suppliers s ON s.id = r.supplier_id
       LEFT JOIN purchase_orders po ON po.id = r.purchase_order_id
      WHERE rl.lot_id = $1 AND ($2::text IS NULL OR $2 = ANY(rl.serials)) AND r.status <> 'cancelled'
      ORDER BY r.arrival_date, rl.id`,
    [lotId, serial],
  );
  return rows;
}

export async function listLotTransfers(
  db: Queryable,
  lotId: number,
  serial: string | null,
): Promise<TraceTransfer[]> {
  const { rows } = await db.query<TraceTransfer>(
    `SELECT t.id AS "transferId", t.number, t.from_warehouse_id AS "fromWarehouseId",
            t.to_warehouse_id AS "toWarehouseId", t.status, t.dispatched_on AS "dispatchedOn",
            t.received_on AS "receivedOn", tl.serial, tl.quantity
       FROM stock_transfer_lines tl JOIN stock_transfers t ON t.id = tl.transfer_id
      WHERE tl.lot_id = $1 AND ($2::text IS NULL OR tl.serial = $2)
      ORDER BY t.dispatched_on, t.id, tl.id`,
    [lotId, serial],
  );
  return rows;
}

export async function listLotRemaining(
  db: Queryable,
  lotId: number,
  serial: string | null,
): Promise<TraceRemaining[]> {
  const { rows } = await db.query<TraceRemaining>(
    `SELECT b.warehouse_id AS "warehouseId", w.name AS "warehouseName", b.serial, b.on_hand AS "onHand",
            b.reserved
       FROM stock_balances b JOIN warehouses w ON w.id = b.warehouse_id
      WHERE b.lot_id = $1 AND b.on_hand > 0 AND ($2::text IS NULL OR b.serial = $2)
      ORDER BY w.code, b.serial`,
    [lotId, serial],
  );
  return rows;
}

import type { Receipt, ReceiptListQuery, ReceiptSummary } from '../../../contracts/purchasing.ts';
import type { Queryable } from '../../platform/db.ts';
import { pageClause, sortClause } from '../../platform/listing.ts';
import { likePattern, SqlParams } from '../../platform/sql.ts';
import type { InspectionResult } from './purchasing.rules.ts';

const columns = `r.id, r.number, r.purchase_order_id AS "purchaseOrderId", po.number AS "purchaseOrderNumber",
  r.supplier_id AS "supplierId", s.name AS "supplierName", r.warehouse_id AS "warehouseId",
  w.name AS "warehouseName", r.arrival_date AS "arrivalDate", r.status,
  to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"`;

const from = `receipts r JOIN suppliers s ON s.id = r.supplier_id JOIN warehouses w ON w.id = r.warehouse_id
  LEFT JOIN purchase_orders po ON po.id = r.purchase_order_id`;

const sortable: Record<string, string> = {
  number: 'r.number',
  arrivalDate: 'r.arrival_date',
  supplier: 's.name',
};

function whereClause(query: ReceiptListQuery, params: SqlParams): string {
  const conditions = ['TRUE'];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(r.number ILIKE ${pattern} OR po.number ILIKE ${pattern} OR s.name ILIKE ${pattern})`);
  }
  if (query.purchaseOrderId) conditions.push(`r.purchase_order_id = ${params.add(query.purchaseOrderId)}`);
  if (query.supplierId) conditions.push(`r.supplier_id = ${params.add(query.supplierId)}`);
  if (query.warehouseId) conditions.push(`r.warehouse_id = ${params.add(query.warehouseId)}`);
  if (query.arrivedFrom) conditions.push(`r.arrival_date >= ${params.add(query.arrivedFrom)}`);
  if (query.arrivedTo) conditions.push(`r.arrival_date <= ${params.add(query.arrivedTo)}`);
  return conditions.join(' AND ');
}

export async function listReceipts(
  db: Queryable,
  query: ReceiptListQuery,
  maxPageSize: number,
): Promise<{ items: ReceiptSummary[]; total: number }> {
  const params = new SqlParams();
  const where = whereClause(query, params);
  const order = sortClause(query.sort, sortable, 'r.id DESC');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<ReceiptSummary>(`SELECT ${columns} FROM ${from} WHERE ${where} ${order} ${page}`, params.values),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${from} WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function findReceipt(db: Queryable, id: number): Promise<Receipt | undefined> {
  const { rows } = await db.query<ReceiptSummary>(`SELECT ${columns} FROM ${from} WHERE r.id = $1`, [id]);
  const receipt = rows[0];
  if (!receipt) return undefined;
  const lines = await db.query<Receipt['lines'][number]>(
    `SELECT rl.id, rl.purchase_order_line_id AS "purchaseOrderLineId", rl.product_id AS "productId", p.sku,
            p.name_zh AS "productName", rl.lot_id AS "lotId", l.lot_number AS "lotNumber",
            l.production_date AS "productionDate", l.expiry_date AS "expiryDate", rl.serials,
            rl.quantity_received AS "quantityReceived", rl.quantity_accepted AS "quantityAccepted",
            rl.quantity_rejected AS "quantityRejected", rl.inspection_result AS "inspectionResult", rl.inspector,
            rl.inspection_report_ref AS "reportRef", rl.scanned_udi AS "scannedUdi"
       FROM receipt_lines rl JOIN products p ON p.id = rl.product_id JOIN lots l ON l.id = rl.lot_id
      WHERE rl.receipt_id = $1 ORDER BY rl.id`,
    [id],
  );
  return { ...receipt, lines: lines.rows };
}

export interface ProductFacts {
  id: number;
  sku: string;
  gtin: string | null;
  isSerialTracked: boolean;
}

export async function findProductFacts(db: Queryable, ids: number[]): Promise<Map<number, ProductFacts>> {
  const { rows } = await db.query<ProductFacts>(
    `SELECT id, sku, gtin, is_serial_tracked AS "isSerialTracked" FROM products WHERE id = ANY($1::bigint[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Lots already on file among these (product, lot number) pairs. */
export async function findLotsByNumber(
  db: Queryable,
  keys: { productId: number; lotNumber: string }[],
): Promise<{ productId: number; lotNumber: string; expiryDate: string }[]> {
  const { rows } = await db.query<{ productId: number; lotNumber: string; expiryDate: string }>(
    `SELECT l.product_id AS "productId", l.lot_number AS "lotNumber", l.expiry_date AS "expiryDate"
       FROM lots l JOIN unnest($1::bigint[], $2::text[]) AS k(p, n) ON l.product_id = k.p AND l.lot_number = k.n`,
    [keys.map((k) => k.productId), keys.map((k) => k.lotNumber)],
  );
  return rows;
}

/** Serial numbers of these products that are already in stock somewhere (a serial exists once). */
export async function findSerialsInStock(
  db: Queryable,
  keys: { productId: number; serial: string }[],
): Promise<string[]> {
  if (keys.length === 0) return [];
  const { rows } = await db.query<{ serial: string }>(
    `SELECT DISTINCT b.serial FROM stock_balances b
       JOIN unnest($1::bigint[], $2::text[]) AS k(p, s) ON b.product_id = k.p AND b.serial = k.s
      WHERE b.on_hand > 0`,
    [keys.map((k) => k.productId), keys.map((k) => k.serial)],
  );
  return rows.map((r) => r.serial);
}

export async function insertReceipt(
  db: Queryable,
  receipt: {
    number: string;
    purchaseOrderId: number;
    supplierId: number;
    warehouseId: number;
    arrivalDate: string;
    receivedBy: number | null;
  },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO receipts (number, purchase_order_id, supplier_id, warehouse_id, arrival_date, received_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      receipt.number,
      receipt.purchaseOrderId,
      receipt.supplierId,
      receipt.warehouseId,
      receipt.arrivalDate,
      receipt.receivedBy,
    ],
  );
  return rows[0]!.id;
}

export interface NewReceiptLine {
  purchaseOrderLineId: number;
  productId: number;
  lotId: number;
  serials: string[];
  quantityReceived: number;
  quantityAccepted: number;
  quantityRejected: number;
  inspectionResult: InspectionResult;
  inspector: string;
  reportRef: string | null;
  scannedUdi: string | null;
}

export async function insertReceiptLines(db: Queryable, receiptId: number, lines: NewReceiptLine[]) {
  // Lines carry arrays (serials), which unnest cannot take row by row; JSON elements can.
  await db.query(
    `INSERT INTO receipt_lines (receipt_id, purchase_order_line_id, product_id, lot_id, serials, quantity_received,
                                quantity_accepted, quantity_rejected, inspection_result, inspector,
                                inspection_report_ref, scanned_udi)
     SELECT $1, (v->>'purchaseOrderLineId')::bigint, (v->>'productId')::bigint, (v->>'lotId')::bigint,
            ARRAY(SELECT jsonb_array_elements_text(v->'serials')), (v->>'quantityReceived')::int,
            (v->>'quantityAccepted')::int, (v->>'quantityRejected')::int, v->>'inspectionResult', v->>'inspector',
            v->>'reportRef', v->>'scannedUdi'
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(v, n)
      ORDER BY n`,
    [receiptId, JSON.stringify(lines)],
  );
}

/** One row per receipt line: the GSP purchase-receipt record (DOMAIN §2). */
export interface GspReceiptRow {
  receiptNumber: string;
  arrivalDate: string;
  productName: string;
  modelSpec: string;
  unit: string;
  certificateNumber: string;
  lotNumber: string;
  serials: string[];
  productionDate: string | null;
  expiryDate: string;
  manufacturer: string | null;
  supplier: string;
  quantityReceived: number;
  quantityAccepted: number;
  quantityRejected: number;
  inspectionResult: InspectionResult;
  inspector: string;
  reportRef: string | null;
}

export async function listGspReceiptRows(
  db: Queryable,
  range: { from: string; to: string },
  limit: number,
): Promise<GspReceiptRow[]> {
  const { rows } = await db.query<GspReceiptRow>(
    `SELECT r.number AS "receiptNumber", r.arrival_date AS "arrivalDate", p.name_zh AS "productName",
            p.model_spec AS "modelSpec", p.unit, p.certificate_number AS "certificateNumber",
            l.lot_number AS "lotNumber", rl.serials, l.production_date AS "productionDate",
            l.expiry_date AS "expiryDate", m.name AS manufacturer, s.name AS supplier,
            rl.quantity_received AS "quantityReceived", rl.quantity_accepted AS "quantityAccepted",
            rl.quantity_rejected AS "quantityRejected", rl.inspection_result AS "inspectionResult",
            rl.inspector, rl.inspection_report_ref AS "reportRef"
       FROM receipts r JOIN receipt_lines rl ON rl.receipt_id = r.id
       JOIN products p ON p.id = rl.product_id JOIN lots l ON l.id = rl.lot_id
       JOIN suppliers s ON s.id = r.supplier_id LEFT JOIN suppliers m ON m.id = p.manufacturer_id
      WHERE r.arrival_date BETWEEN $1 AND $2 AND r.status <> 'cancelled'
      ORDER BY r.arrival_date, r.id, rl.id
      LIMIT $3`,
    [range.from, range.to, limit + 1],
  );
  return rows;
}

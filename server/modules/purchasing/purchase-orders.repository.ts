import type {
  PurchaseOrder,
  PurchaseOrderListQuery,
  PurchaseOrderSummary,
} from '../../../contracts/purchasing.ts';
import type { Queryable } from '../../platform/db.ts';
import { pageClause, sortClause } from '../../platform/listing.ts';
import { likePattern, SqlParams } from '../../platform/sql.ts';
import type { PurchaseOrderStatus } from './purchasing.rules.ts';

const columns = `po.id, po.number, po.supplier_id AS "supplierId", s.name AS "supplierName",
  po.warehouse_id AS "warehouseId", w.name AS "warehouseName", po.currency,
  po.exchange_rate::text AS "exchangeRate", po.order_date AS "orderDate", po.expected_date AS "expectedDate",
  po.status, po.total_amount AS "totalAmount", po.total_cny_fen AS "totalCnyFen", po.note, po.version,
  to_char(po.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"`;

const from = `purchase_orders po JOIN suppliers s ON s.id = po.supplier_id
  JOIN warehouses w ON w.id = po.warehouse_id`;

const sortable: Record<string, string> = {
  number: 'po.number',
  orderDate: 'po.order_date',
  supplier: 's.name',
  status: 'po.status',
  totalCnyFen: 'po.total_cny_fen',
};

function whereClause(query: PurchaseOrderListQuery, params: SqlParams): string {
  const conditions = ['TRUE'];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(po.number ILIKE ${pattern} OR s.name ILIKE ${pattern})`);
  }
  if (query.status) conditions.push(`po.status = ${params.add(query.status)}`);
  if (query.supplierId) conditions.push(`po.supplier_id = ${params.add(query.supplierId)}`);
  if (query.warehouseId) conditions.push(`po.warehouse_id = ${params.add(query.warehouseId)}`);
  if (query.orderedFrom) conditions.push(`po.order_date >= ${params.add(query.orderedFrom)}`);
  if (query.orderedTo) conditions.push(`po.order_date <= ${params.add(query.orderedTo)}`);
  return conditions.join(' AND ');
}

export async function listPurchaseOrders(
  db: Queryable,
  query: PurchaseOrderListQuery,
  maxPageSize: number,
): Promise<{ items: PurchaseOrderSummary[]; total: number }> {
  const params = new SqlParams();
  const where = whereClause(query, params);
  const order = sortClause(query.sort, sortable, 'po.id DESC');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<PurchaseOrderSummary>(
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

export async function findPurchaseOrder(
  db: Queryable,
  id: number,
  lock = false,
): Promise<PurchaseOrder | undefined> {
  const { rows } = await db.query<PurchaseOrderSummary>(
    `SELECT ${columns} FROM ${from} WHERE po.id = $1${lock ? ' FOR UPDATE OF po' : ''}`,
    [id],
  );
  const order = rows[0];
  if (!order) return undefined;
  const lines = await db.query<PurchaseOrder['lines'][number]>(
    `SELECT l.id, l.line_no AS "lineNo", l.product_id AS "productId", p.sku, p.name_zh AS "productName",
            p.model_spec AS "modelSpec", p.gtin, l.quantity, l.unit_price AS "unitPrice", l.amount,
            round(l.unit_price * po.exchange_rate)::bigint AS "unitCostCnyFen",
            l.received_quantity AS "receivedQuantity"
       FROM purchase_order_lines l JOIN purchase_orders po ON po.id = l.purchase_order_id
       JOIN products p ON p.id = l.product_id
      WHERE l.purchase_order_id = $1 ORDER BY l.line_no`,
    [id],
  );
  return { ...order, lines: lines.rows };
}

export interface PartyCheck {
  supplierActive: boolean | null;
  supplierLicenceValidUntil: string | null;
  warehouseActive: boolean | null;
  /** Ids of the requested products that exist and are active. */
  activeProductIds: number[];
}

export async function checkParties(
  db: Queryable,
  supplierId: number,
  warehouseId: number,
  productIds: number[],
): Promise<PartyCheck> {
  const { rows } = await db.query<PartyCheck>(
    `SELECT (SELECT is_active FROM suppliers WHERE id = $1) AS "supplierActive",
            (SELECT licence_valid_until FROM suppliers WHERE id = $1) AS "supplierLicenceValidUntil",
            (SELECT is_active FROM warehouses WHERE id = $2) AS "warehouseActive",
            ARRAY(SELECT id FROM products WHERE id = ANY($3::bigint[]) AND is_active)::int[] AS "activeProductIds"`,
    [supplierId, warehouseId, productIds],
  );
  return rows[0]!;
}

export interface NewPurchaseOrder {
  number: string;
  supplierId: number;
  warehouseId: number;
  currency: string;
  exchangeRate: string;
  orderDate: string;
  expectedDate: string | null;
  note: string | null;
  createdBy: number | null;
  lines: { productId: number; quantity: number; unitPrice: number }[];
}

/** Inserts the order and its lines; amounts and the CNY total are computed by PostgreSQL, exactly. */
export async function insertPurchaseOrder(db: Queryable, order: NewPurchaseOrder): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO purchase_orders (number, supplier_id, warehouse_id, currency, exchange_rate, order_date,
                                  expected_date, note, created_by)
     VALUES ($1, $2, $3, $4, $5::numeric, $6, $7, $8, $9) RETURNING id`,
    [
      order.number,
      order.supplierId,
      order.warehouseId,
      order.currency,
      order.exchangeRate,
      order.orderDate,
      order.expectedDate,
      order.note,
      order.createdBy,
    ],
  );
  const id = rows[0]!.id;
  await db.query(
    `INSERT INTO purchase_order_lines (purchase_order_id, line_no, product_id, quantity, unit_price, amount)
     SELECT $1, n, p, q, u, q::bigint * u
       FROM unnest($2::bigint[], $3::int[], $4::bigint[]) WITH ORDINALITY AS l(p, q, u, n)`,
    [
      id,
      order.lines.map((l) => l.productId),
      order.lines.map((l) => l.quantity),
      order.lines.map((l) => l.unitPrice),
    ],
  );
  await db.query(
    `UPDATE purchase_orders po SET total_amount = t.amount, total_cny_fen = round(t.amount * po.exchange_rate)
       FROM (SELECT sum(amount) AS amount FROM purchase_order_lines WHERE purchase_order_id = $1) t
      WHERE po.id = $1`,
    [id],
  );
  return id;
}

export async function updateStatus(
  db: Queryable,
  id: number,
  version: number,
  status: PurchaseOrderStatus,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE purchase_orders SET status = $3, version = version + 1, updated_at = now()
      WHERE id = $1 AND version = $2`,
    [id, version, status],
  );
  return rowCount === 1;
}

/** Adds accepted quantities to the order's lines. */
export async function addReceivedQuantities(
  db: Queryable,
  received: { purchaseOrderLineId: number; quantity: number }[],
): Promise<void> {
  await db.query(
    `UPDATE purchase_order_lines l SET received_quantity = l.received_quantity + r.q
       FROM (SELECT id, sum(q)::int AS q FROM unnest($1::bigint[], $2::int[]) AS x(id, q) GROUP BY id) r
      WHERE l.id = r.id`,
    [received.map((r) => r.purchaseOrderLineId), received.map((r) => r.quantity)],
  );
}

import type { Order, OrderStatus } from '../../../../contracts/sales.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { SqlParams } from '../../../platform/sql.ts';
import { runWrites, type WriteStatement } from '../../../platform/writes.ts';
import type { PricedLine } from '../pricing/pricing.service.ts';
import { prepared } from '../sales.sql.ts';

const timestamp = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

export const headerColumns = `o.id, o.number, o.customer_id AS "customerId", c.name AS "customerName", o.region_id AS "regionId",
  o.owner_rep_id AS "ownerRepId", o.contract_id AS "contractId", o.quote_id AS "quoteId", o.currency,
  o.exchange_rate::text AS "exchangeRate", o.order_date AS "orderDate", o.promised_date AS "promisedDate", o.status,
  o.accept_partial AS "acceptPartial", o.net_amount AS "netAmount", o.tax_amount AS "taxAmount",
  o.gross_amount AS "grossAmount", o.net_cny_fen AS "netCnyFen", o.tax_cny_fen AS "taxCnyFen",
  o.gross_cny_fen AS "grossCnyFen", o.note, ${timestamp('o.confirmed_at')} AS "confirmedAt",
  ${timestamp('o.cancelled_at')} AS "cancelledAt", o.cancel_reason AS "cancelReason", o.created_by AS "createdBy",
  o.version, ${timestamp('o.created_at')} AS "createdAt", ${timestamp('o.updated_at')} AS "updatedAt"`;

/** The lines of order `o` as JSON, read from `source` (the table, or rows just inserted). */
const linesJsonFrom = (source: string) => `(SELECT coalesce(json_agg(json_build_object(
    'id', l.id, 'lineNo', l.line_no, 'productId', l.product_id, 'sku', p.sku, 'productNameZh', p.name_zh,
    'productNameEn', p.name_en, 'quantity', l.quantity, 'priceSource', l.price_source,
    'priceReferenceId', l.price_reference_id, 'unitPrice', l.unit_price, 'discountRate', l.discount_rate,
    'vatRate', l.vat_rate, 'netAmount', l.net_amount, 'taxAmount', l.tax_amount,
    'grossAmount', l.net_amount + l.tax_amount, 'netCnyFen', l.net_cny_fen, 'taxCnyFen', l.tax_cny_fen,
    'floorPriceFen', l.floor_price_fen, 'allocatedQuantity', l.allocated_quantity,
    'backorderedQuantity', l.backordered_quantity, 'shippedQuantity', l.shipped_quantity) ORDER BY l.line_no), '[]')
  FROM ${source} l JOIN products p ON p.id = l.product_id WHERE l.order_id = o.id)`;
const linesJson = linesJsonFrom('sales_order_lines');

const allocationsJsonFrom = (source: string) => `(SELECT coalesce(json_agg(json_build_object(
    'id', a.id, 'orderLineId', a.order_line_id, 'productId', a.product_id, 'warehouseId', a.warehouse_id,
    'warehouseCode', w.code, 'lotId', a.lot_id, 'lotNumber', lt.lot_number, 'expiryDate', lt.expiry_date,
    'quantity', a.quantity, 'status', a.status, 'shipmentId', a.shipment_id) ORDER BY a.id), '[]')
  FROM ${source} a JOIN warehouses w ON w.id = a.warehouse_id JOIN lots lt ON lt.id = a.lot_id
  WHERE a.order_id = o.id)`;
const allocationsJson = allocationsJsonFrom('sales_order_allocations');

const approvalsJson = `(SELECT coalesce(json_agg(json_build_object(
    'kind', ap.kind, 'approvedBy', ap.approved_by, 'approvedByName', u.display_name, 'reason', ap.reason,
    'createdAt', ${timestamp('ap.created_at')}) ORDER BY ap.id), '[]')
  FROM sales_order_approvals ap JOIN users u ON u.id = ap.approved_by WHERE ap.order_id = o.id)`;

export const from = 'sales_orders o JOIN customers c ON c.id = o.customer_id';

export function scopeOf(ctx: RequestContext, params: SqlParams): string {
  return scopeCondition(ctx, { region: 'o.region_id', customer: 'o.customer_id' }, params);
}

/** One order with its lines, allocations and approvals, only when inside the caller's scope. */
export async function findOrder(db: Queryable, ctx: RequestContext, id: number): Promise<Order | undefined> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const { rows } = await db.query<Order>(
    prepared(
      `SELECT ${headerColumns}, ${linesJson} AS lines, ${allocationsJson} AS allocations, ${approvalsJson} AS approvals
         FROM ${from} WHERE o.id = ${idParam} AND ${scopeOf(ctx, params)}`,
      params.values,
    ),
  );
  return rows[0];
}

export interface OrderHeaderRow {
  id: number;
  number: string;
  customerId: number;
  regionId: number;
  contractId: number | null;
  currency: string;
  orderDate: string;
  promisedDate: string;
  status: OrderStatus;
  acceptPartial: boolean;
  createdBy: number | null;
  version: number;
}

/** Locks the order row for a state change (scope applies: out of scope is "not found"). */
export async function lockOrder(
  db: Queryable,
  ctx: RequestContext,
  id: number,
): Promise<OrderHeaderRow | undefined> {
  const params = new SqlParams();
  const idParam = params.add(id);
  const { rows } = await db.query<OrderHeaderRow>(
    prepared(
      `SELECT o.id, o.number, o.customer_id AS "customerId", o.region_id AS "regionId", o.contract_id AS "contractId",
              o.currency, o.order_date AS "orderDate", o.promised_date AS "promisedDate", o.status,
              o.accept_partial AS "acceptPartial", o.created_by AS "createdBy", o.version
         FROM sales_orders o WHERE o.id = ${idParam} AND ${scopeOf(ctx, params)} FOR UPDATE OF o`,
      params.values,
    ),
  );
  return rows[0];
}

export interface StoredLine {
  id: number;
  lineNo: number;
  productId: number;
  quantity: number;
  unitPrice: number;
  discountRate: string;
  netCny: number;
  taxCny: number;
  floorPriceFen: number | null;
  allocatedQuantity: number;
  backorderedQuantity: number;
  shippedQuantity: number;
}

export async function listOrderLines(db: Queryable, orderId: number): Promise<StoredLine[]> {
  const { rows } = await db.query<StoredLine>(
    `SELECT id, line_no AS "lineNo", product_id AS "productId", quantity, unit_price AS "unitPrice",
            discount_rate::text AS "discountRate", net_cny_fen AS "netCny", tax_cny_fen AS "taxCny",
            floor_price_fen AS "floorPriceFen",
            allocated_quantity AS "allocatedQuantity", backordered_quantity AS "backorderedQuantity",
            shipped_quantity AS "shippedQuantity"
       FROM sales_order_lines WHERE order_id = $1 ORDER BY line_no`,
    [orderId],
  );
  return rows;
}

export interface NewOrder {
  number: string;
  customerId: number;
  regionId: number;
  ownerRepId: number | null;
  contractId: number | null;
  quoteId: number | null;
  currency: string;
  exchangeRate: string;
  orderDate: string;
  promisedDate: string;
  status: OrderStatus;
  acceptPartial: boolean;
  net: number;
  tax: number;
  netCny: number;
  taxCny: number;
  note: string | null;
  createdBy: number | null;
}

export interface NewAllocation {
  lineNo: number;
  warehouseId: number;
  productId: number;
  lotId: number;
  quantity: number;
}

/** Lines as stored, with what allocation decided for each (zero for drafts). */
export interface LineToStore extends PricedLine {
  allocated: number;
  backordered: number;
}

/**
 * Writes an order, its lines and its allocations in one statement (one round trip matters on
 * the order hot path) and returns the order as `findOrder` shows it, built from the rows just
 * written (a new order has no approvals yet).
 */
export async function insertOrder(
  db: Queryable,
  order: NewOrder,
  lines: LineToStore[],
  allocations: NewAllocation[],
): Promise<Order> {
  const userId = order.createdBy !== null && order.createdBy > 0 ? order.createdBy : null;
  const { rows } = await db.query<Order>(
    prepared(
      `WITH new_order AS (
       INSERT INTO sales_orders (number, customer_id, region_id, owner_rep_id, contract_id, quote_id, currency,
                                 exchange_rate, order_date, promised_date, status, accept_partial, net_amount,
                                 tax_amount, gross_amount, net_cny_fen, tax_cny_fen, gross_cny_fen, note,
                                 confirmed_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $13::bigint + $14::bigint, $15, $16,
               $15::bigint + $16::bigint, $17, CASE WHEN $11 = 'draft' THEN NULL ELSE now() END, $18)
       RETURNING *),
     new_lines AS (
       INSERT INTO sales_order_lines (order_id, line_no, product_id, quantity, price_source, price_reference_id,
                                      unit_price, discount_rate, vat_rate, net_amount, tax_amount, net_cny_fen,
                                      tax_cny_fen, floor_price_fen, allocated_quantity, backordered_quantity,
                                      first_allocated_quantity)
       SELECT o.id, t.* FROM new_order o, unnest($19::int[], $20::bigint[], $21::int[], $22::text[], $23::bigint[],
                                       $24::bigint[], $25::numeric[], $26::numeric[], $27::bigint[], $28::bigint[],
                                       $29::bigint[], $30::bigint[], $31::bigint[], $32::int[], $33::int[],
                                       $39::int[]) AS t
       RETURNING *),
     new_allocations AS (
       INSERT INTO sales_order_allocations (order_id, order_line_id, warehouse_id, product_id, lot_id, quantity)
       SELECT o.id, l.id, t.w, t.p, t.lot, t.q
         FROM new_order o, unnest($34::int[], $35::bigint[], $36::bigint[], $37::bigint[], $38::int[])
                           AS t(line_no, w, p, lot, q)
         JOIN new_lines l ON l.line_no = t.line_no
       RETURNING *)
     SELECT ${headerColumns}, ${linesJsonFrom('new_lines')} AS lines,
            ${allocationsJsonFrom('new_allocations')} AS allocations, '[]'::json AS approvals
       FROM new_order o JOIN customers c ON c.id = o.customer_id`,
      [
        order.number,
        order.customerId,
        order.regionId,
        order.ownerRepId,
        order.contractId,
        order.quoteId,
        order.currency,
        order.exchangeRate,
        order.orderDate,
        order.promisedDate,
        order.status,
        order.acceptPartial,
        order.net,
        order.tax,
        order.netCny,
        order.taxCny,
        order.note,
        userId,
        lines.map((l) => l.lineNo),
        lines.map((l) => l.productId),
        lines.map((l) => l.quantity),
        lines.map((l) => l.priceSource),
        lines.map((l) => l.priceReferenceId),
        lines.map((l) => l.unitPrice),
        lines.map((l) => l.discountRate),
        lines.map((l) => l.vatRate),
        lines.map((l) => l.net),
        lines.map((l) => l.tax),
        lines.map((l) => l.netCny),
        lines.map((l) => l.taxCny),
        lines.map((l) => l.floorPriceFen),
        lines.map((l) => l.allocated),
        lines.map((l) => l.backordered),
        allocations.map((a) => a.lineNo),
        allocations.map((a) => a.warehouseId),
        allocations.map((a) => a.productId),
        allocations.map((a) => a.lotId),
        allocations.map((a) => a.quantity),
        // A confirmed order's allocation now is its first allocation (the fill rate's numerator).
        lines.map((l) => (order.status === 'draft' ? null : l.allocated)),
      ],
    ),
  );
  return rows[0]!;
}

/** Replaces the lines of a draft and its amounts (the caller has locked and version-checked it). */
export async function replaceDraft(
  db: Queryable,
  orderId: number,
  header: Pick<NewOrder, 'net' | 'tax' | 'netCny' | 'taxCny' | 'promisedDate' | 'acceptPartial' | 'note'>,
  lines: LineToStore[] | null,
): Promise<void> {
  if (lines) {
    await db.query('DELETE FROM sales_order_approvals WHERE order_id = $1', [orderId]);
    await db.query('DELETE FROM sales_order_lines WHERE order_id = $1', [orderId]);
    await db.query(
      `INSERT INTO sales_order_lines (order_id, line_no, product_id, quantity, price_source, price_reference_id,
                                      unit_price, discount_rate, vat_rate, net_amount, tax_amount, net_cny_fen,
                                      tax_cny_fen, floor_price_fen)
       SELECT $1, t.* FROM unnest($2::int[], $3::bigint[], $4::int[], $5::text[], $6::bigint[], $7::bigint[],
                                  $8::numeric[], $9::numeric[], $10::bigint[], $11::bigint[], $12::bigint[],
                                  $13::bigint[], $14::bigint[]) AS t`,
      [
        orderId,
        lines.map((l) => l.lineNo),
        lines.map((l) => l.productId),
        lines.map((l) => l.quantity),
        lines.map((l) => l.priceSource),
        lines.map((l) => l.priceReferenceId),
        lines.map((l) => l.unitPrice),
        lines.map((l) => l.discountRate),
        lines.map((l) => l.vatRate),
        lines.map((l) => l.net),
        lines.map((l) => l.tax),
        lines.map((l) => l.netCny),
        lines.map((l) => l.taxCny),
        lines.map((l) => l.floorPriceFen),
      ],
    );
  }
  await db.query(
    `UPDATE sales_orders SET net_amount = $2, tax_amount = $3, gross_amount = $2::bigint + $3::bigint,
            net_cny_fen = $4, tax_cny_fen = $5, gross_cny_fen = $4::bigint + $5::bigint, promised_date = $6,
            accept_partial = $7, note = $8, version = version + 1, updated_at = now()
      WHERE id = $1`,
    [
      orderId,
      header.net,
      header.tax,
      header.netCny,
      header.taxCny,
      header.promisedDate,
      header.acceptPartial,
      header.note,
    ],
  );
}

/** Records what allocation decided for existing lines, and adds the allocations. */
export async function recordAllocations(
  db: Queryable,
  orderId: number,
  lines: { id: number; allocatedDelta: number; backordered: number }[],
  allocations: (Omit<NewAllocation, 'lineNo'> & { lineId: number })[],
): Promise<void> {
  await runWrites(db, allocationStatements(orderId, lines, allocations));
}

/** recordAllocations' writes, to batch with the order's status change (`runWrites`). */
export function allocationStatements(
  orderId: number,
  lines: { id: number; allocatedDelta: number; backordered: number }[],
  allocations: (Omit<NewAllocation, 'lineNo'> & { lineId: number })[],
): WriteStatement[] {
  return [
    {
      // The first allocation (a draft's confirmation) sets first_allocated_quantity; a backorder
      // allocation later leaves it as it was, so the fill rate counts what was there on confirming.
      text: `UPDATE sales_order_lines l SET allocated_quantity = l.allocated_quantity + t.a, backordered_quantity = t.b,
                    first_allocated_quantity = coalesce(l.first_allocated_quantity, l.allocated_quantity + t.a)
               FROM unnest($1::bigint[], $2::int[], $3::int[]) AS t(id, a, b) WHERE l.id = t.id`,
      values: [lines.map((l) => l.id), lines.map((l) => l.allocatedDelta), lines.map((l) => l.backordered)],
    },
    {
      text: `INSERT INTO sales_order_allocations (order_id, order_line_id, warehouse_id, product_id, lot_id, quantity)
             SELECT $1::bigint, t.* FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::int[]) AS t`,
      values: [
        orderId,
        allocations.map((a) => a.lineId),
        allocations.map((a) => a.warehouseId),
        allocations.map((a) => a.productId),
        allocations.map((a) => a.lotId),
        allocations.map((a) => a.quantity),
      ],
    },
  ];
}

export async function setOrderStatus(
  db: Queryable,
  orderId: number,
  status: OrderStatus,
  extra: { confirmed?: boolean; cancelReason?: string; acceptPartial?: boolean } = {},
): Promise<void> {
  await db.query(orderStatusStatement(orderId, status, extra));
}

/** setOrderStatus' write, to batch with other writes of the transaction (`runWrites`). */
export function orderStatusStatement(
  orderId: number,
  status: OrderStatus,
  extra: { confirmed?: boolean; cancelReason?: string; acceptPartial?: boolean } = {},
): WriteStatement {
  return {
    text: `UPDATE sales_orders SET status = $2, version = version + 1, updated_at = now(),
                  confirmed_at = CASE WHEN $3 THEN now() ELSE confirmed_at END,
                  cancelled_at = CASE WHEN $2 = 'cancelled' THEN now() ELSE cancelled_at END,
                  cancel_reason = coalesce($4, cancel_reason), accept_partial = coalesce($5, accept_partial)
            WHERE id = $1`,
    values: [
      orderId,
      status,
      extra.confirmed ?? false,
      extra.cancelReason ?? null,
      extra.acceptPartial ?? null,
    ],
  };
}

/** Reserved allocations of an order (what a cancellation gives back). */
export async function listReservedAllocations(
  db: Queryable,
  orderId: number,
): Promise<{ id: number; warehouseId: number; productId: number; lotId: number; quantity: number }[]> {
  const { rows } = await db.query(
    `SELECT id, warehouse_id AS "warehouseId", product_id AS "productId", lot_id AS "lotId", quantity
       FROM sales_order_allocations WHERE order_id = $1 AND status = 'reserved' ORDER BY id`,
    [orderId],
  );
  return rows;
}

export async function releaseAllocationsOf(db: Queryable, orderId: number): Promise<void> {
  await db.query(
    `UPDATE sales_order_allocations SET status = 'released' WHERE order_id = $1 AND status = 'reserved'`,
    [orderId],
  );
  await db.query(
    `UPDATE sales_order_lines SET allocated_quantity = shipped_quantity, backordered_quantity = 0 WHERE order_id = $1`,
    [orderId],
  );
  await db.query(
    `UPDATE shipments SET status = 'cancelled', version = version + 1, updated_at = now()
                   WHERE order_id = $1 AND status = 'picking'`,
    [orderId],
  );
}

export async function insertApproval(
  db: Queryable,
  orderId: number,
  kind: string,
  userId: number,
  reason: string,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO sales_order_approvals (order_id, kind, approved_by, reason) VALUES ($1, $2, $3, $4)
     ON CONFLICT (order_id, kind) DO NOTHING`,
    [orderId, kind, userId, reason],
  );
  return rowCount === 1;
}

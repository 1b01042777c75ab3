/** Order lists, exports and pick lists: the read side of the order tables, scoped like everything else. */
import type { OrderListQuery, OrderSummary, PickList } from '../../../../contracts/sales.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { pageClause, sortClause } from '../../../platform/listing.ts';
import { likePattern, SqlParams } from '../../../platform/sql.ts';
import { from, headerColumns, scopeOf } from './orders.repository.ts';

const sortable: Record<string, string> = {
  number: 'o.number',
  orderDate: 'o.order_date',
  promisedDate: 'o.promised_date',
  status: 'o.status',
  customer: 'c.name',
  grossAmount: 'o.gross_cny_fen',
  createdAt: 'o.created_at',
};

function whereClause(ctx: RequestContext, query: Partial<OrderListQuery>, params: SqlParams): string {
  const conditions = [scopeOf(ctx, params)];
  if (query.q) {
    const pattern = params.add(likePattern(query.q));
    conditions.push(`(o.number ILIKE ${pattern} OR c.name ILIKE ${pattern} OR c.code ILIKE ${pattern})`);
  }
  if (query.status) conditions.push(`o.status = ${params.add(query.status)}`);
  if (query.customerId) conditions.push(`o.customer_id = ${params.add(query.customerId)}`);
  if (query.dateFrom) conditions.push(`o.order_date >= ${params.add(query.dateFrom)}`);
  if (query.dateTo) conditions.push(`o.order_date <= ${params.add(query.dateTo)}`);
  return conditions.join(' AND ');
}

const summaryColumns = `${headerColumns},
  (SELECT count(*)::int FROM sales_order_lines l WHERE l.order_id = o.id) AS "lineCount"`;

export async function listOrders(
  db: Queryable,
  ctx: RequestContext,
  query: OrderListQuery,
  maxPageSize: number,
): Promise<{ items: OrderSummary[]; total: number }> {
  const params = new SqlParams();
  const where = whereClause(ctx, query, params);
  const order = sortClause(query.sort, sortable, 'o.id DESC');
  const countParams = params.values.length;
  const page = pageClause(query, maxPageSize, params);
  const [items, total] = await Promise.all([
    db.query<OrderSummary>(
      `SELECT ${summaryColumns} FROM ${from} WHERE ${where} ${order} ${page}`,
      params.values,
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${from} WHERE ${where}`,
      params.values.slice(0, countParams),
    ),
  ]);
  return { items: items.rows, total: total.rows[0]!.n };
}

export async function listOrdersForExport(
  db: Queryable,
  ctx: RequestContext,
  query: Partial<OrderListQuery>,
  limit: number,
): Promise<OrderSummary[]> {
  const params = new SqlParams();
  const where = whereClause(ctx, query, params);
  const order = sortClause(query.sort, sortable, 'o.id DESC');
  const { rows } = await db.query<OrderSummary>(
    `SELECT ${summaryColumns} FROM ${from} WHERE ${where} ${order} LIMIT ${params.add(limit + 1)}`,
    params.values,
  );
  return rows;
}

/** Reserved stock to pick, by warehouse, then product, then expiry. */
export async function listPickItems(db: Queryable, orderId: number): Promise<PickList['items']> {
  const { rows } = await db.query<PickList['items'][number]>(
    `SELECT a.warehouse_id AS "warehouseId", w.code AS "warehouseCode", w.name AS "warehouseName",
            a.product_id AS "productId", p.sku, p.name_zh AS "productNameZh", p.name_en AS "productNameEn",
            a.lot_id AS "lotId", lt.lot_number AS "lotNumber", lt.expiry_date AS "expiryDate",
            sum(a.quantity)::int AS quantity
       FROM sales_order_allocations a
       JOIN warehouses w ON w.id = a.warehouse_id
       JOIN products p ON p.id = a.product_id
       JOIN lots lt ON lt.id = a.lot_id
      WHERE a.order_id = $1 AND a.status = 'reserved'
      GROUP BY a.warehouse_id, w.code, w.name, a.product_id, p.sku, p.name_zh, p.name_en, a.lot_id, lt.lot_number,
               lt.expiry_date
      ORDER BY w.code, p.sku, lt.expiry_date, lt.lot_number`,
    [orderId],
  );
  return rows;
}

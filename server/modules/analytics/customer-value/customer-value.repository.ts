/**
 * Orders for customer value (RFM): the one definition of orders (../sales-facts.sql.ts),
 * dated on or before the day, with their net value less the net of the returns credited on
 * them by then, for the customers inside the caller's scope.
 */
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { SqlParams } from '../../../platform/sql.ts';
import { orderFactsSql } from '../sales-facts.sql.ts';

export interface CustomerOrderRow {
  customerId: number;
  orderId: number;
  orderDate: string;
  netValueFen: number;
}

export async function listCustomerOrders(
  db: Queryable,
  ctx: RequestContext,
  asOf: string,
): Promise<CustomerOrderRow[]> {
  const params = new SqlParams();
  const day = `${params.add(asOf)}::date`;
  const scope = scopeCondition(ctx, { region: 'f.region_id', customer: 'f.customer_id' }, params);
  const { rows } = await db.query<CustomerOrderRow>(
    `SELECT f.customer_id AS "customerId", f.order_id AS "orderId", f.fact_date AS "orderDate",
            (o.net_cny_fen - coalesce(r.returned, 0))::bigint AS "netValueFen"
       FROM (${orderFactsSql}) f
       JOIN sales_orders o ON o.id = f.order_id
       LEFT JOIN (SELECT i.order_id, sum(cn.net_cny_fen) AS returned
                    FROM credit_notes cn JOIN invoices i ON i.id = cn.invoice_id
                   WHERE cn.kind = 'return' AND cn.credit_date <= ${day}
                   GROUP BY i.order_id) r ON r.order_id = f.order_id
      WHERE f.fact_date <= ${day} AND ${scope}`,
    params.values,
  );
  return rows;
}

export async function listCustomerNames(
  db: Queryable,
  customerIds: number[],
): Promise<{ id: number; name: string; ownerRepName: string | null }[]> {
  if (customerIds.length === 0) return [];
  const { rows } = await db.query<{ id: number; name: string; ownerRepName: string | null }>(
    `SELECT c.id, c.name, u.display_name AS "ownerRepName"
       FROM customers c LEFT JOIN users u ON u.id = c.owner_rep_id
      WHERE c.id = ANY($1::bigint[])`,
    [customerIds],
  );
  return rows;
}

/** The stored RFM thresholds; null when never edited (DOMAIN's defaults apply). */
export async function getStoredThresholds(db: Queryable): Promise<unknown | null> {
  const { rows } = await db.query<{ value: unknown }>(
    `SELECT value FROM analytics_settings WHERE key = 'rfm_thresholds'`,
  );
  return rows[0]?.value ?? null;
}

export async function storeThresholds(db: Queryable, value: unknown, userId: number | null): Promise<void> {
  await db.query(
    `INSERT INTO analytics_settings (key, value, updated_by, updated_at) VALUES ('rfm_thresholds', $1::jsonb, $2, now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [JSON.stringify(value), userId],
  );
}

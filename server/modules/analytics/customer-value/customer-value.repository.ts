/**
 * Customer value (RFM) figures per customer as of a day, summed in the database: the one
 * definition of orders (../sales-facts.sql.ts) dated on or before the day, each worth its net
 * value less the net of the returns credited on it by then, for the customers inside the
 * caller's scope. The orders are read as the semantic layer reads them (the daily order rollup
 * where it is clean, the documents for dirty days: ../rollups/rollups.planner.ts), so a
 * company's years of orders come down to one row per customer and order day.
 */
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { SqlParams } from '../../../platform/sql.ts';
import { chooseReadModel } from '../rollups/rollups.planner.ts';
import { orderFactsSql } from '../sales-facts.sql.ts';
import { dimensions, measures, sources } from '../semantic/semantic.definitions.ts';

export interface CustomerRfmRow {
  customerId: number;
  firstOrderDate: string;
  lastOrderDate: string;
  /** Orders in the frequency window ending on the day. */
  frequency: number;
  /** Their net value less returns credited by the day, fen (as text: bigint). */
  monetaryFen: string;
  /** Orders in the churn window ending on the last order date. */
  ordersInChurnWindow: number;
}

/** From the first order anyone can have had: the read model's range must cover all history. */
const BEGINNING = '1900-01-01';

export async function listCustomerRfm(
  db: Queryable,
  ctx: RequestContext,
  asOf: string,
  windows: { frequencyDays: number; churnDays: number },
): Promise<CustomerRfmRow[]> {
  const baseMeasure = (name: string) => {
    const m = measures.get(name)!;
    if (m.kind !== 'base') throw new Error(`${name} is not a base measure`);
    return m;
  };
  const model = await chooseReadModel(db, {
    ctx,
    source: sources.orders,
    measures: [baseMeasure('orders'), baseMeasure('order_value')],
    dimensions: [dimensions.get('customer')!],
    filters: [],
    range: { from: BEGINNING, to: asOf },
  });
  const params = new SqlParams();
  const day = `${params.add(asOf)}::date`;
  const frequencyFrom = `(${day} - ${params.add(windows.frequencyDays)}::int)`;
  const scope = scopeCondition(ctx, { region: 'f.region_id', customer: 'f.customer_id' }, params);
  // A rollup row counts its day's orders; a document is one order.
  const orders = model.rollup ? 'f.orders' : '1';
  const { rows } = await db.query<CustomerRfmRow>(
    `WITH days AS (
       SELECT f.customer_id, f.fact_date, ${orders} AS orders, f.net_cny_fen,
              max(f.fact_date) OVER (PARTITION BY f.customer_id) AS last_date
         FROM (${model.source.sql(day, (value) => params.add(value))}) f
        WHERE f.fact_date <= ${day} AND ${scope}),
     returned AS (
       SELECT f.customer_id, sum(cn.net_cny_fen) AS fen
         FROM credit_notes cn
         JOIN invoices i ON i.id = cn.invoice_id
         JOIN (${orderFactsSql}) f ON f.order_id = i.order_id
        WHERE cn.kind = 'return' AND cn.credit_date <= ${day}
          AND f.fact_date > ${frequencyFrom} AND f.fact_date <= ${day} AND ${scope}
        GROUP BY f.customer_id)
     SELECT d.customer_id AS "customerId", min(d.fact_date)::text AS "firstOrderDate",
            max(d.fact_date)::text AS "lastOrderDate",
            coalesce(sum(d.orders) FILTER (WHERE d.fact_date > ${frequencyFrom}), 0)::int AS frequency,
            (coalesce(sum(d.net_cny_fen) FILTER (WHERE d.fact_date > ${frequencyFrom}), 0)
              - coalesce(min(r.fen), 0))::bigint::text AS "monetaryFen",
            coalesce(sum(d.orders) FILTER (WHERE d.fact_date > d.last_date - ${params.add(windows.churnDays)}::int), 0)::int
              AS "ordersInChurnWindow"
       FROM days d LEFT JOIN returned r ON r.customer_id = d.customer_id
      GROUP BY d.customer_id`,
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

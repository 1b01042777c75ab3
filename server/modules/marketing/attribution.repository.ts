/**
 * Set-based reads for attribution: each order's revenue, gross profit, collected cash and
 * after-sales cost with its customer's touches in the lookback window, in batches of orders.
 *
 * Per order (DOMAIN §8): revenue = invoiced excl. VAT (cancelled invoices never count) net of
 * credit notes; gross profit = revenue − cost of the lots shipped net of the cost of returned
 * lots (credit notes for returns bring their cost back); collected cash = payments allocated to
 * its invoices; after-sales cost = returned units scrapped at inspection + after-sales costs
 * booked on the order. Credit notes already reduce gross profit, so ROI does not deduct them twice.
 */
import type { AnalysisFilters } from '../../../contracts/marketing.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import type { Db, Queryable } from '../../platform/db.ts';
import { scopeCondition } from '../../platform/scope.ts';
import { SqlParams } from '../../platform/sql.ts';
import { businessDateOf, campaignScope, inRegionSubtree } from './marketing.sql.ts';

/** Per-order amounts of the orders in CTE `o` (columns id, customer_id, d). */
const orderAmountsCtes = `
  inv AS (SELECT i.order_id, sum(i.net_cny_fen) AS net, sum(i.cost_cny_fen) AS cost
            FROM invoices i JOIN o ON o.id = i.order_id WHERE i.status <> 'cancelled' GROUP BY i.order_id),
  cn AS (SELECT i.order_id, sum(c.net_cny_fen) AS net, sum(c.cost_cny_fen) AS cost
           FROM credit_notes c JOIN invoices i ON i.id = c.invoice_id JOIN o ON o.id = i.order_id
          WHERE i.status <> 'cancelled' GROUP BY i.order_id),
  cash AS (SELECT i.order_id, sum(a.invoice_cny_fen) AS amount
             FROM allocations a JOIN invoices i ON i.id = a.invoice_id JOIN o ON o.id = i.order_id
            WHERE a.payment_id IS NOT NULL GROUP BY i.order_id),
  scrap AS (SELECT s.order_id, sum(rl.rejected_quantity::bigint * sl.unit_cost_fen) AS amount
              FROM sales_return_lines rl JOIN shipment_lines sl ON sl.id = rl.shipment_line_id
              JOIN shipments s ON s.id = sl.shipment_id JOIN o ON o.id = s.order_id
             WHERE rl.rejected_quantity > 0 GROUP BY s.order_id),
  svc AS (SELECT a.order_id, sum(a.amount_fen) AS amount FROM after_sales_costs a JOIN o ON o.id = a.order_id
           GROUP BY a.order_id)`;

const orderAmountsColumns = `
  (coalesce(inv.net, 0) - coalesce(cn.net, 0))::bigint AS "revenueFen",
  (coalesce(inv.net, 0) - coalesce(cn.net, 0) - coalesce(inv.cost, 0) + coalesce(cn.cost, 0))::bigint AS "grossProfitFen",
  coalesce(cash.amount, 0)::bigint AS "collectedCashFen",
  (coalesce(scrap.amount, 0) + coalesce(svc.amount, 0))::bigint AS "afterSalesCostFen"`;

const orderAmountsJoins = `
  LEFT JOIN inv ON inv.order_id = o.id LEFT JOIN cn ON cn.order_id = o.id LEFT JOIN cash ON cash.order_id = o.id
  LEFT JOIN scrap ON scrap.order_id = o.id LEFT JOIN svc ON svc.order_id = o.id`;

/** Orders that count: not cancelled, in scope, matching the region and rep filters. */
function orderConditions(
  ctx: RequestContext,
  filters: Pick<AnalysisFilters, 'regionId' | 'ownerId'>,
  params: SqlParams,
  alias = 'so',
): string[] {
  const conditions = [
    `${alias}.status <> 'cancelled'`,
    scopeCondition(ctx, { region: `${alias}.region_id`, customer: `${alias}.customer_id` }, params),
  ];
  if (filters.regionId) conditions.push(inRegionSubtree(`${alias}.region_id`, filters.regionId, params));
  if (filters.ownerId) conditions.push(`${alias}.owner_rep_id = ${params.add(filters.ownerId)}`);
  return conditions;
}

/** A touch as [id, age in days, date, time of day, campaign id, channel], in attribution order. */
export type BatchTouch = [number, number, string, string, number, string];

export interface OrderBatchRow {
  id: number;
  orderDate: string;
  revenueFen: number;
  grossProfitFen: number;
  collectedCashFen: number;
  afterSalesCostFen: number;
  touches: BatchTouch[] | null;
}

/** The orders of the period with their amounts and windowed touches, as one set-based query. */
function orderAttributionQuery(
  ctx: RequestContext,
  filters: AnalysisFilters,
  lookbackDays: number,
): { text: string; values: unknown[] } {
  const params = new SqlParams();
  const conditions = orderConditions(ctx, filters, params);
  conditions.push(
    `so.order_date BETWEEN ${params.add(filters.from)}::date AND ${params.add(filters.to)}::date`,
  );
  const lookback = params.add(lookbackDays);
  const text = `
    WITH o AS (
      SELECT so.id, so.customer_id, so.order_date AS d FROM sales_orders so WHERE ${conditions.join(' AND ')}
    ),
    ${orderAmountsCtes},
    tch AS (
      SELECT o.id AS order_id,
             json_agg(json_build_array(t.id, o.d - t.touch_date, to_char(t.touch_date, 'YYYY-MM-DD'), t.touch_time,
                                       t.campaign_id, t.channel)
                      ORDER BY t.touch_date, t.touch_time, t.id) AS touches
        FROM o JOIN touches t ON t.customer_id = o.customer_id
         AND t.touch_date > o.d - ${lookback}::int AND t.touch_date <= o.d
       GROUP BY o.id
    )
    SELECT o.id, to_char(o.d, 'YYYY-MM-DD') AS "orderDate", ${orderAmountsColumns}, tch.touches
      FROM o ${orderAmountsJoins} LEFT JOIN tch ON tch.order_id = o.id`;
  return { text, values: params.values };
}

/**
 * Runs the orders query once, set-based, and hands its rows over in batches through a cursor,
 * so that memory stays flat however many orders the period has. Read-only snapshot: every
 * batch sees the same data.
 */
export async function streamOrders(
  db: Db,
  ctx: RequestContext,
  filters: AnalysisFilters,
  lookbackDays: number,
  batchSize: number,
  onBatch: (rows: OrderBatchRow[]) => void,
): Promise<void> {
  const { text, values } = orderAttributionQuery(ctx, filters, lookbackDays);
  const client = await db.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // One big aggregation: let its sorts and hashes stay in memory.
    await client.query("SET LOCAL work_mem = '64MB'");
    await client.query(`DECLARE attribution_orders NO SCROLL CURSOR FOR ${text}`, values);
    for (;;) {
      const { rows } = await client.query<OrderBatchRow>(
        `FETCH ${Math.trunc(batchSize)} FROM attribution_orders`,
      );
      if (rows.length === 0) break;
      onBatch(rows);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export interface SingleOrderRow {
  id: number;
  number: string;
  orderDate: string;
  customerId: number;
  customerName: string;
  revenueFen: number;
  grossProfitFen: number;
  collectedCashFen: number;
  afterSalesCostFen: number;
}

export async function findOrderWithAmounts(
  db: Queryable,
  ctx: RequestContext,
  orderId: number,
): Promise<SingleOrderRow | undefined> {
  const params = new SqlParams();
  const conditions = orderConditions(ctx, {}, params);
  conditions.push(`so.id = ${params.add(orderId)}`);
  const { rows } = await db.query<SingleOrderRow>(
    `WITH o AS (SELECT so.id, so.number, so.customer_id, so.order_date AS d FROM sales_orders so
                 WHERE ${conditions.join(' AND ')}),
     ${orderAmountsCtes}
     SELECT o.id, o.number, to_char(o.d, 'YYYY-MM-DD') AS "orderDate", o.customer_id AS "customerId",
            c.name AS "customerName", ${orderAmountsColumns}
       FROM o JOIN customers c ON c.id = o.customer_id ${orderAmountsJoins}`,
    params.values,
  );
  return rows[0];
}

export interface OrderTouchRow {
  touchId: number;
  date: string;
  time: string;
  kind: string;
  channel: string;
  campaignId: number;
  campaignName: string;
}

/** The customer's touches in (orderDate − lookback, orderDate], in attribution order. */
export async function listTouchesInWindow(
  db: Queryable,
  customerId: number,
  orderDate: string,
  lookbackDays: number,
): Promise<OrderTouchRow[]> {
  const { rows } = await db.query<OrderTouchRow>(
    `SELECT t.id AS "touchId", to_char(t.touch_date, 'YYYY-MM-DD') AS date, t.touch_time AS time, t.kind, t.channel,
            t.campaign_id AS "campaignId", c.name AS "campaignName"
       FROM touches t JOIN campaigns c ON c.id = t.campaign_id
      WHERE t.customer_id = $1 AND t.touch_date > $2::date - $3::int AND t.touch_date <= $2::date
      ORDER BY t.touch_date, t.touch_time, t.id`,
    [customerId, orderDate, lookbackDays],
  );
  return rows;
}

export interface CampaignStatsRow {
  campaignId: number;
  code: string;
  name: string;
  type: string;
  channel: string;
  costFen: number;
  leads: number;
  opportunities: number;
}

/** Campaigns in scope with their costs booked, leads created and leads turned into opportunities in the period. */
export async function listCampaignStats(
  db: Queryable,
  ctx: RequestContext,
  filters: AnalysisFilters,
): Promise<CampaignStatsRow[]> {
  const params = new SqlParams();
  const from = params.add(filters.from);
  const to = params.add(filters.to);
  const leadConditions = [
    'l.campaign_id = c.id',
    `${businessDateOf('l.created_at')} BETWEEN ${from}::date AND ${to}::date`,
    'l.duplicate_of_lead_id IS NULL',
    scopeCondition(ctx, { region: 'l.region_id' }, params),
  ];
  if (filters.regionId) leadConditions.push(inRegionSubtree('l.region_id', filters.regionId, params));
  if (filters.ownerId) leadConditions.push(`l.owner_id = ${params.add(filters.ownerId)}`);
  const campaignConditions = [campaignScope(ctx, 'c.region_id', params)];
  if (filters.campaignId) campaignConditions.push(`c.id = ${params.add(filters.campaignId)}`);
  if (filters.channel) campaignConditions.push(`c.channel = ${params.add(filters.channel)}`);
  const { rows } = await db.query<CampaignStatsRow>(
    `SELECT c.id AS "campaignId", c.code, c.name, c.type, c.channel,
            coalesce((SELECT sum(k.amount_fen) FROM campaign_costs k
                       WHERE k.campaign_id = c.id AND k.cost_date BETWEEN ${from}::date AND ${to}::date), 0)::bigint
              AS "costFen",
            (SELECT count(*) FROM leads l WHERE ${leadConditions.join(' AND ')})::int AS leads,
            (SELECT count(*) FROM leads l JOIN opportunities op ON op.lead_id = l.id
              WHERE ${leadConditions.join(' AND ')})::int AS opportunities
       FROM campaigns c WHERE ${campaignConditions.join(' AND ')}
      ORDER BY c.starts_on, c.id`,
    params.values,
  );
  return rows;
}

/**
 * Customers won in the period (their first order ever falls in it), and for each campaign how
 * many of them had one of its touches in the lookback window of that first order.
 */
export async function countNewCustomers(
  db: Queryable,
  ctx: RequestContext,
  filters: AnalysisFilters,
  lookbackDays: number,
): Promise<{ total: number; byCampaign: Map<number, number> }> {
  const params = new SqlParams();
  const conditions = orderConditions(ctx, filters, params, 'f');
  conditions.push(
    `f.order_date BETWEEN ${params.add(filters.from)}::date AND ${params.add(filters.to)}::date`,
  );
  const { rows } = await db.query<{ campaignId: number | null; customers: number }>(
    `WITH f AS (
       SELECT DISTINCT ON (customer_id) id, customer_id, order_date, region_id, owner_rep_id, status
         FROM sales_orders WHERE status <> 'cancelled' ORDER BY customer_id, order_date, id
     ),
     n AS (SELECT f.customer_id, f.order_date FROM f WHERE ${conditions.join(' AND ')})
     SELECT NULL::bigint AS "campaignId", count(*)::int AS customers FROM n
     UNION ALL
     SELECT t.campaign_id, count(DISTINCT n.customer_id)::int
       FROM n JOIN touches t ON t.customer_id = n.customer_id
        AND t.touch_date > n.order_date - ${params.add(lookbackDays)}::int AND t.touch_date <= n.order_date
      GROUP BY t.campaign_id`,
    params.values,
  );
  const byCampaign = new Map<number, number>();
  let total = 0;
  for (const row of rows) {
    if (row.campaignId === null) total = row.customers;
    else byCampaign.set(row.campaignId, row.customers);
  }
  return { total, byCampaign };
}

/** Marketing spend (campaign costs) and sales spend booked in the period, within scope. */
export async function sumSpend(
  db: Queryable,
  ctx: RequestContext,
  filters: AnalysisFilters,
): Promise<{ marketingFen: number; salesFen: number }> {
  const params = new SqlParams();
  const from = params.add(filters.from);
  const to = params.add(filters.to);
  const campaignConditions = [campaignScope(ctx, 'c.region_id', params)];
  const spendConditions = [campaignScope(ctx, 's.region_id', params)];
  if (filters.regionId) {
    campaignConditions.push(inRegionSubtree('c.region_id', filters.regionId, params));
    spendConditions.push(inRegionSubtree('s.region_id', filters.regionId, params));
  }
  const { rows } = await db.query<{ marketingFen: number; salesFen: number }>(
    `SELECT coalesce((SELECT sum(k.amount_fen) FROM campaign_costs k JOIN campaigns c ON c.id = k.campaign_id
                       WHERE k.cost_date BETWEEN ${from}::date AND ${to}::date
                         AND ${campaignConditions.join(' AND ')}), 0)::bigint AS "marketingFen",
            coalesce((SELECT sum(s.amount_fen) FROM sales_spend s
                       WHERE s.spend_date BETWEEN ${from}::date AND ${to}::date
                         AND ${spendConditions.join(' AND ')}), 0)::bigint AS "salesFen"`,
    params.values,
  );
  return rows[0]!;
}

/**
 * For LTV: gross profit of the year ending `asOf` and the customers who ordered in it, and the
 * customers of the year before and how many of them did not order again (yearly churn).
 */
export async function readCustomerYears(
  db: Queryable,
  ctx: RequestContext,
  filters: Pick<AnalysisFilters, 'regionId' | 'ownerId'>,
  asOf: string,
): Promise<{ grossProfitFen: number; activeCustomers: number; priorCustomers: number; churned: number }> {
  const params = new SqlParams();
  const conditions = orderConditions(ctx, filters, params);
  const day = params.add(asOf);
  conditions.push(`so.order_date > ${day}::date - 730 AND so.order_date <= ${day}::date`);
  const { rows } = await db.query<{
    grossProfitFen: number;
    activeCustomers: number;
    priorCustomers: number;
    churned: number;
  }>(
    `WITH o AS (SELECT so.id, so.customer_id, so.order_date AS d, so.order_date > ${day}::date - 365 AS is_last_year
                  FROM sales_orders so WHERE ${conditions.join(' AND ')}),
     ${orderAmountsCtes},
     per_customer AS (
       SELECT o.customer_id, bool_or(o.is_last_year) AS active, bool_or(NOT o.is_last_year) AS prior,
              sum(CASE WHEN o.is_last_year THEN
                    coalesce(inv.net, 0) - coalesce(cn.net, 0) - coalesce(inv.cost, 0) + coalesce(cn.cost, 0)
                  ELSE 0 END) AS gp
         FROM o ${orderAmountsJoins} GROUP BY o.customer_id
     )
     SELECT coalesce(sum(gp), 0)::bigint AS "grossProfitFen",
            count(*) FILTER (WHERE active)::int AS "activeCustomers",
            count(*) FILTER (WHERE prior)::int AS "priorCustomers",
            count(*) FILTER (WHERE prior AND NOT active)::int AS churned
       FROM per_customer`,
    params.values,
  );
  return rows[0]!;
}

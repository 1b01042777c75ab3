/**
 * Customer value (RFM) figures per customer as of a day, summed in the database: the one
 * definition of orders (../sales-facts.sql.ts) dated on or before the day, each worth its net
 * value less the net of the returns credited on it by then, for the customers inside the
 * caller's scope. The orders are read as the semantic layer reads them (the rollups where they
 * are clean, the documents for dirty days: ../rollups/rollups.planner.ts), the returns from the
 * returns by order day (migration 0039).
 *
 * At ten million order lines the work is in the number of rows summed, so the orders are read
 * month by month wherever a month is not cut by a window (issue #8): the history splits at the
 * first day of the frequency window, and each side reads its whole months from the monthly
 * orders by customer and only its partial months (and dirty ones) day by day. A monthly row
 * keeps its first and last order day, which gives the first and last order exactly. The churn
 * window ends on each customer's last order, so its first month may be cut anywhere: a month
 * wholly after its start counts whole, and the few months it cuts are counted from the daily
 * rollup of that customer (its index by customer and day).
 */
import type { RequestContext } from '../../../platform/auth-context.ts';
import { addDays } from '../../../platform/dates.ts';
import type { Queryable } from '../../../platform/db.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { SqlParams } from '../../../platform/sql.ts';
import { chooseReadModel, orderReturnsSource, type ReadModel } from '../rollups/rollups.planner.ts';
import type { DateRange } from '../semantic/semantic.compiler.ts';
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

function baseMeasure(name: string) {
  const m = measures.get(name)!;
  if (m.kind !== 'base') throw new Error(`${name} is not a base measure`);
  return m;
}

/** What the orders of the range are read from: months where it can, as the semantic layer reads them. */
function ordersReadModel(db: Queryable, ctx: RequestContext, range: DateRange): Promise<ReadModel> {
  return chooseReadModel(db, {
    ctx,
    source: sources.orders,
    measures: [baseMeasure('orders'), baseMeasure('order_value')],
    dimensions: [dimensions.get('customer')!],
    filters: [],
    range,
    // No date key is moved, so a monthly row may stand for its month.
    shift: { kind: 'none' },
    // Its rows' first and last order days, not only the range's sums.
    readsRowDays: true,
  });
}

/**
 * The model's rows of the range in the scope, as (customer, keys, first and last order day,
 * orders, value, whether in the frequency window). A document is one order on one day; a daily
 * rollup row counts its day's orders; a monthly one its month's, between its first and last day.
 * `day` is the as-of day's placeholder (what the source reads as its snapshot day).
 */
function orderRowsSql(
  model: ReadModel,
  range: DateRange,
  isInWindow: boolean,
  day: string,
  params: SqlParams,
  scope: string,
): string {
  const orders = model.rollup ? 'f.orders' : '1';
  if (model.monthly && !model.monthly.keepsDays)
    throw new Error(`${model.monthly.table} keeps no order days`);
  const days = model.monthly ? 'f.first_day, f.last_day' : 'f.fact_date, f.fact_date';
  return `SELECT f.customer_id, f.region_id, f.rep_id, ${days}, ${orders}, f.net_cny_fen, ${isInWindow}
      FROM (${model.source.sql(day, (value) => params.add(value))}) f
     WHERE f.fact_date BETWEEN ${params.add(range.from)}::date AND ${params.add(range.to)}::date AND ${scope}`;
}

export async function listCustomerRfm(
  db: Queryable,
  ctx: RequestContext,
  asOf: string,
  windows: { frequencyDays: number; churnDays: number },
): Promise<CustomerRfmRow[]> {
  // The frequency window: its first day splits the history, so that no month read whole straddles it.
  const window = { from: addDays(asOf, -(windows.frequencyDays - 1)), to: asOf };
  const before = { from: BEGINNING, to: addDays(window.from, -1) };
  const [beforeModel, windowModel, returns] = await Promise.all([
    ordersReadModel(db, ctx, before),
    ordersReadModel(db, ctx, window),
    orderReturnsSource(db, window),
  ]);
  const params = new SqlParams();
  const day = `${params.add(asOf)}::date`;
  const scope = scopeCondition(ctx, { region: 'f.region_id', customer: 'f.customer_id' }, params);
  // A month the churn window cuts: its orders after the window's start, by customer from the daily
  // rollup the monthly one sums (the month is clean: dirty months are read by day). Only a monthly
  // row can be cut (a day's row has first_day = last_day), so a read without one needs no lookup.
  const monthly = beforeModel.monthly ?? windowModel.monthly;
  const churnFrom = `o.last_date - ${params.add(windows.churnDays)}::int`;
  const cutMonth = monthly
    ? `(SELECT coalesce(sum(x.orders), 0) FROM ${monthly.of} x
         WHERE x.customer_id = o.customer_id AND x.region_id = o.region_id AND x.rep_id IS NOT DISTINCT FROM o.rep_id
           AND x.day > ${churnFrom} AND x.day <= o.last_day)`
    : '0';
  // One pass over the rows sorted by customer (a window for the last order, then the sums) costs
  // less than summing them once for the last order and joining them to it again (measured).
  const { rows } = await db.query<CustomerRfmRow>(
    `WITH order_rows (customer_id, region_id, rep_id, first_day, last_day, orders, net_cny_fen, in_window) AS (
       ${orderRowsSql(beforeModel, before, false, day, params, scope)}
       UNION ALL
       ${orderRowsSql(windowModel, window, true, day, params, scope)}),
     o AS (SELECT r.*, max(r.last_day) OVER (PARTITION BY r.customer_id) AS last_date FROM order_rows r),
     c AS (
       SELECT o.customer_id, min(o.first_day) AS first_date, max(o.last_day) AS last_date,
              coalesce(sum(o.orders) FILTER (WHERE o.in_window), 0) AS frequency,
              coalesce(sum(o.net_cny_fen) FILTER (WHERE o.in_window), 0) AS value,
              sum(CASE WHEN o.first_day > ${churnFrom} THEN o.orders
                       WHEN o.last_day <= ${churnFrom} THEN 0
                       ELSE ${cutMonth} END) AS churn_orders
         FROM o GROUP BY o.customer_id),
     returned AS (
       SELECT f.customer_id, sum(f.net_cny_fen) AS fen
         FROM (${returns.sql((value) => params.add(value))}) f
        WHERE f.fact_date BETWEEN ${params.add(window.from)}::date AND ${day} AND f.credit_date <= ${day} AND ${scope}
        GROUP BY f.customer_id)
     SELECT c.customer_id AS "customerId", c.first_date::text AS "firstOrderDate", c.last_date::text AS "lastOrderDate",
            c.frequency::int AS frequency, (c.value - coalesce(r.fen, 0))::bigint::text AS "monetaryFen",
            c.churn_orders::int AS "ordersInChurnWindow"
       FROM c LEFT JOIN returned r ON r.customer_id = c.customer_id`,
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

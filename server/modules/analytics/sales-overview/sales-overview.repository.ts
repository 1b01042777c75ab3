/**
 * The sales overview's SQL: sums over the sales and order facts (../sales-facts.sql.ts) for
 * the period and the same dates a year earlier, always inside the caller's scope. Each kind of
 * fact is read once per request: GROUPING SETS give the totals and every breakdown in one pass.
 */
import type { AgingBucket } from '../../../../contracts/finance.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { SqlParams } from '../../../platform/sql.ts';
import { agingBucketSql } from '../../finance/index.ts';
import { orderFactsSql, salesFactsSql } from '../sales-facts.sql.ts';
import type { Period, RegionRow } from './sales-overview.rules.ts';

export interface OverviewFilter {
  /** The region filter with every region below it; null for no region filter. */
  regionIds: number[] | null;
  channel: string | null;
}

interface Columns {
  region: string;
  customer: string;
  channel: string;
}

const factColumns: Columns = { region: 'f.region_id', customer: 'f.customer_id', channel: 'f.channel' };

/** Scope first, then the page's filters, which can only narrow it. */
function conditions(ctx: RequestContext, filter: OverviewFilter, params: SqlParams, columns = factColumns) {
  const list = [scopeCondition(ctx, { region: columns.region, customer: columns.customer }, params)];
  if (filter.regionIds) list.push(`${columns.region} = ANY(${params.add(filter.regionIds)}::bigint[])`);
  if (filter.channel) list.push(`${columns.channel} = ${params.add(filter.channel)}`);
  return list.join(' AND ');
}

/** The two date ranges as SQL conditions on `f.fact_date`. */
function ranges(params: SqlParams, period: Period) {
  const current = `f.fact_date BETWEEN ${params.add(period.from)}::date AND ${params.add(period.to)}::date`;
  const previous = `f.fact_date BETWEEN ${params.add(period.previousFrom)}::date AND ${params.add(period.previousTo)}::date`;
  return { current, previous };
}

export async function listRegions(db: Queryable): Promise<RegionRow[]> {
  const { rows } = await db.query<RegionRow>(
    `SELECT id, parent_id AS "parentId", level, code, name_zh AS "nameZh", name_en AS "nameEn" FROM regions`,
  );
  return rows;
}

export type SalesDimension = 'total' | 'month' | 'region' | 'product' | 'rep';

export interface SalesGroup {
  dimension: SalesDimension;
  /** The month (YYYY-MM), chart region id, product id or rep id (0: no owner rep) of the group. */
  key: string | null;
  revenue: number;
  cost: number;
  previousRevenue: number;
  previousCost: number;
  /** Facts of the group inside the period (a group can have sales only a year earlier). */
  currentFacts: number;
}

/**
 * Revenue and cost for the period and a year earlier: in total, per calendar month (the two
 * ranges may overlap when the period is longer than a year, hence FILTER rather than a split),
 * per chart region (`buckets` maps each region to the row it counts in), per product and per
 * owner rep.
 */
export async function summariseSales(
  db: Queryable,
  ctx: RequestContext,
  period: Period,
  filter: OverviewFilter,
  buckets: Map<number, number>,
): Promise<SalesGroup[]> {
  const params = new SqlParams();
  const { current, previous } = ranges(params, period);
  const regionIds = params.add([...buckets.keys()]);
  const bucketIds = params.add([...buckets.values()]);
  const { rows } = await db.query<SalesGroup>(
    `SELECT CASE WHEN GROUPING(x.month) = 0 THEN 'month' WHEN GROUPING(x.bucket_id) = 0 THEN 'region'
                 WHEN GROUPING(x.product_id) = 0 THEN 'product' WHEN GROUPING(x.rep_key) = 0 THEN 'rep'
                 ELSE 'total' END AS dimension,
            coalesce(x.month, x.bucket_id::text, x.product_id::text, x.rep_key::text) AS key,
            coalesce(sum(x.revenue_fen) FILTER (WHERE x.is_current), 0)::bigint AS revenue,
            coalesce(sum(x.cost_fen) FILTER (WHERE x.is_current), 0)::bigint AS cost,
            coalesce(sum(x.revenue_fen) FILTER (WHERE x.is_previous), 0)::bigint AS "previousRevenue",
            coalesce(sum(x.cost_fen) FILTER (WHERE x.is_previous), 0)::bigint AS "previousCost",
            count(*) FILTER (WHERE x.is_current)::int AS "currentFacts"
       FROM (SELECT to_char(f.fact_date, 'YYYY-MM') AS month, m.bucket_id, f.product_id,
                    coalesce(f.rep_id, 0) AS rep_key, f.revenue_fen, f.cost_fen,
                    ${current} AS is_current, ${previous} AS is_previous
               FROM (${salesFactsSql}) f
               LEFT JOIN unnest(${regionIds}::bigint[], ${bucketIds}::bigint[]) AS m(region_id, bucket_id)
                 ON m.region_id = f.region_id
              WHERE (${current} OR ${previous}) AND ${conditions(ctx, filter, params)}) x
      GROUP BY GROUPING SETS ((), (x.month), (x.bucket_id), (x.product_id), (x.rep_key))`,
    params.values,
  );
  return rows;
}

export interface OrderCount {
  /** null for the total; else the owner rep (0: none). */
  repKey: number | null;
  current: number;
  previous: number;
}

/** Orders of the period and a year earlier, in total and per owner rep. */
export async function countOrders(
  db: Queryable,
  ctx: RequestContext,
  period: Period,
  filter: OverviewFilter,
): Promise<OrderCount[]> {
  const params = new SqlParams();
  const { current, previous } = ranges(params, period);
  const { rows } = await db.query<OrderCount>(
    `SELECT CASE WHEN GROUPING(x.rep_key) = 0 THEN x.rep_key END AS "repKey",
            count(*) FILTER (WHERE x.is_current)::int AS current,
            count(*) FILTER (WHERE x.is_previous)::int AS previous
       FROM (SELECT coalesce(f.rep_id, 0) AS rep_key, ${current} AS is_current, ${previous} AS is_previous
               FROM (${orderFactsSql}) f
              WHERE (${current} OR ${previous}) AND ${conditions(ctx, filter, params)}) x
      GROUP BY GROUPING SETS ((), (x.rep_key))`,
    params.values,
  );
  return rows;
}

export interface ProductName {
  productId: number;
  sku: string;
  nameZh: string;
  nameEn: string;
  productLineId: number;
  productLineNameZh: string;
  productLineNameEn: string;
}

export async function listProductNames(db: Queryable, productIds: number[]): Promise<ProductName[]> {
  if (productIds.length === 0) return [];
  const { rows } = await db.query<ProductName>(
    `SELECT p.id AS "productId", p.sku, p.name_zh AS "nameZh", p.name_en AS "nameEn", pl.id AS "productLineId",
            pl.name_zh AS "productLineNameZh", pl.name_en AS "productLineNameEn"
       FROM products p JOIN product_lines pl ON pl.id = p.product_line_id
      WHERE p.id = ANY($1::bigint[])`,
    [productIds],
  );
  return rows;
}

export async function listUserNames(
  db: Queryable,
  userIds: number[],
): Promise<{ id: number; name: string }[]> {
  if (userIds.length === 0) return [];
  const { rows } = await db.query<{ id: number; name: string }>(
    'SELECT id, display_name AS name FROM users WHERE id = ANY($1::bigint[])',
    [userIds],
  );
  return rows;
}

/**
 * Open receivables on a date per aging bucket — what was open then, as the receivables page
 * computes it (invoices issued and not cancelled by then, less the allocations and approved
 * write-offs dated up to that day), within scope and the page's filters.
 */
export async function sumOpenReceivables(
  db: Queryable,
  ctx: RequestContext,
  asOf: string,
  filter: OverviewFilter,
): Promise<{ bucket: AgingBucket; openCnyFen: number; count: number }[]> {
  const params = new SqlParams();
  const day = `${params.add(asOf)}::date`;
  const where = conditions(ctx, filter, params, {
    region: 'i.region_id',
    customer: 'i.customer_id',
    channel: 'c.channel',
  });
  const { rows } = await db.query<{ bucket: AgingBucket; openCnyFen: number; count: number }>(
    `WITH issued AS (
       SELECT i.id, i.gross_amount, i.gross_cny_fen, i.due_date
         FROM invoices i JOIN customers c ON c.id = i.customer_id
        WHERE i.invoice_date <= ${day} AND (i.cancelled_on IS NULL OR i.cancelled_on > ${day}) AND ${where}),
     settled AS (
       SELECT a.invoice_id, a.amount, a.invoice_cny_fen AS cny FROM allocations a
        WHERE a.allocated_on <= ${day} AND a.invoice_id IN (SELECT id FROM issued)
       UNION ALL
       SELECT w.invoice_id, w.amount, w.amount_cny_fen FROM write_offs w
        WHERE w.status = 'approved' AND w.written_off_on <= ${day} AND w.invoice_id IN (SELECT id FROM issued)),
     per_invoice AS (SELECT invoice_id, sum(amount) AS amount, sum(cny) AS cny FROM settled GROUP BY invoice_id)
     SELECT ${agingBucketSql('o.days_past_due')} AS bucket, sum(o.open_cny_fen)::bigint AS "openCnyFen",
            count(*)::int AS count
       FROM (SELECT d.gross_amount - coalesce(s.amount, 0) AS open_amount,
                    d.gross_cny_fen - coalesce(s.cny, 0) AS open_cny_fen,
                    greatest(${day} - d.due_date, 0) AS days_past_due
               FROM issued d LEFT JOIN per_invoice s ON s.invoice_id = d.id) o
      WHERE o.open_amount > 0
      GROUP BY 1`,
    params.values,
  );
  return rows;
}

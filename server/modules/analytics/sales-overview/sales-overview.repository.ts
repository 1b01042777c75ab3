/**
 * The sales overview's own SQL: the master data its figures are shown with (the region tree,
 * product names) and the receivables per aging bucket. Every sales, order and receivables
 * total comes from the semantic layer (sales-overview.semantic.ts), which has neither names
 * of product lines nor aging buckets.
 */
import type { AgingBucket } from '../../../../contracts/finance.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { SqlParams } from '../../../platform/sql.ts';
import { agingBucketSql } from '../../finance/index.ts';
import type { RegionRow } from './sales-overview.rules.ts';

export interface OverviewFilter {
  /** The region filter with every region below it; null for no region filter. */
  regionIds: number[] | null;
  channel: string | null;
}

/** Scope first, then the page's filters, which can only narrow it (invoice `i`, customer `c`). */
function invoiceConditions(ctx: RequestContext, filter: OverviewFilter, params: SqlParams) {
  const list = [scopeCondition(ctx, { region: 'i.region_id', customer: 'i.customer_id' }, params)];
  if (filter.regionIds) list.push(`i.region_id = ANY(${params.add(filter.regionIds)}::bigint[])`);
  if (filter.channel) list.push(`c.channel = ${params.add(filter.channel)}`);
  return list.join(' AND ');
}

export async function listRegions(db: Queryable): Promise<RegionRow[]> {
  const { rows } = await db.query<RegionRow>(
    `SELECT id, parent_id AS "parentId", level, code, name_zh AS "nameZh", name_en AS "nameEn" FROM regions`,
  );
  return rows;
}

export interface ProductName {
  productId: number;
  sku: string;
  nameZh: string;
  nameEn: string;
  modelSpec: string;
  productLineId: number;
  productLineNameZh: string;
  productLineNameEn: string;
}

export async function listProductNames(db: Queryable, productIds: number[]): Promise<ProductName[]> {
  if (productIds.length === 0) return [];
  const { rows } = await db.query<ProductName>(
    `SELECT p.id AS "productId", p.sku, p.name_zh AS "nameZh", p.name_en AS "nameEn", p.model_spec AS "modelSpec",
            pl.id AS "productLineId",
            pl.name_zh AS "productLineNameZh", pl.name_en AS "productLineNameEn"
       FROM products p JOIN product_lines pl ON pl.id = p.product_line_id
      WHERE p.id = ANY($1::bigint[])`,
    [productIds],
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
  const where = invoiceConditions(ctx, filter, params);
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

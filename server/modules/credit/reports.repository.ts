/** SQL of the credit reports: aging by dimension on a date, credit sales per month. */
import type { RequestContext } from '../../platform/auth-context.ts';
import type { Queryable } from '../../platform/db.ts';
import { scopeCondition } from '../../platform/scope.ts';
import { SqlParams } from '../../platform/sql.ts';
import { agingBucketSql } from '../finance/index.ts';

/**
 * Each invoice issued by the date and not cancelled by then, with what was still open after the
 * allocations and approved write-offs dated up to that day (the receivables' own definition),
 * and its days past due. `day` is an SQL date expression (a parameter or a column, never input).
 */
const openOn = (day: string) => `
  SELECT i.id, i.customer_id, i.region_id, greatest(${day} - i.due_date, 0) AS days,
         (i.gross_cny_fen - coalesce(a.cny, 0) - coalesce(w.cny, 0))::bigint AS open_fen
    FROM invoices i
    LEFT JOIN LATERAL (SELECT sum(x.invoice_cny_fen) AS cny FROM allocations x
                        WHERE x.invoice_id = i.id AND x.allocated_on <= ${day}) a ON TRUE
    LEFT JOIN LATERAL (SELECT sum(y.amount_cny_fen) AS cny FROM write_offs y
                        WHERE y.invoice_id = i.id AND y.status = 'approved' AND y.written_off_on <= ${day}) w ON TRUE
   WHERE i.invoice_date <= ${day} AND (i.cancelled_on IS NULL OR i.cancelled_on > ${day})`;

/** The same with $1 as the date. */
const openOnDate = openOn('$1::date');

export type AgingDimension = 'customer' | 'rep' | 'region' | 'grade';

/** The sales region (大区) above each region, or the region itself when there is none. */
const salesRegionOf = `
  WITH RECURSIVE up AS (
    SELECT id AS region_id, id AS ancestor_id FROM regions
    UNION ALL
    SELECT up.region_id, r.parent_id FROM up JOIN regions r ON r.id = up.ancestor_id WHERE r.parent_id IS NOT NULL)
  SELECT up.region_id, coalesce(max(up.ancestor_id) FILTER (WHERE a.level = 'sales_region'), up.region_id) AS ancestor_id
    FROM up JOIN regions a ON a.id = up.ancestor_id GROUP BY up.region_id`;

export async function agingByDimension(
  db: Queryable,
  ctx: RequestContext,
  asOf: string,
  dimension: AgingDimension,
): Promise<{ key: string; label: string; bucket: string; fen: number }[]> {
  const params = new SqlParams();
  params.add(asOf);
  const scope = scopeCondition(ctx, { region: 'o.region_id', customer: 'o.customer_id' }, params);
  const nameCol = ctx.lang === 'en' ? 'name_en' : 'name_zh';
  const group: Record<AgingDimension, { key: string; label: string; joins: string }> = {
    customer: { key: 'c.id::text', label: 'c.name', joins: '' },
    rep: {
      key: "coalesce(c.owner_rep_id::text, 'none')",
      label: `coalesce(u.display_name, '${ctx.lang === 'en' ? '(no rep)' : '（无负责人）'}')`,
      joins: 'LEFT JOIN users u ON u.id = c.owner_rep_id',
    },
    region: {
      key: 'sr.ancestor_id::text',
      label: `rg.${nameCol}`,
      joins: `JOIN (${salesRegionOf}) sr ON sr.region_id = o.region_id JOIN regions rg ON rg.id = sr.ancestor_id`,
    },
    grade: {
      key: "coalesce(p.grade, 'unrated')",
      label: `coalesce(p.grade, '${ctx.lang === 'en' ? 'unrated' : '未评级'}')`,
      joins: 'LEFT JOIN credit_profiles p ON p.customer_id = c.id',
    },
  };
  const g = group[dimension];
  const { rows } = await db.query<{ key: string; label: string; bucket: string; fen: number }>(
    `SELECT ${g.key} AS key, ${g.label} AS label, ${agingBucketSql('o.days')} AS bucket, sum(o.open_fen)::bigint AS fen
       FROM (${openOnDate}) o JOIN customers c ON c.id = o.customer_id ${g.joins}
      WHERE o.open_fen > 0 AND ${scope}
      GROUP BY 1, 2, 3 ORDER BY 2, 1`,
    params.values,
  );
  return rows;
}

/** Open receivables on the date (invoices), in scope, optionally for one customer. */
export async function receivablesOn(
  db: Queryable,
  ctx: RequestContext,
  asOf: string,
  customerId?: number,
): Promise<number> {
  const params = new SqlParams();
  params.add(asOf);
  const scope = scopeCondition(ctx, { region: 'o.region_id', customer: 'o.customer_id' }, params);
  const customer = customerId ? `AND o.customer_id = ${params.add(customerId)}` : '';
  const { rows } = await db.query<{ fen: number }>(
    `SELECT coalesce(sum(o.open_fen), 0)::bigint AS fen FROM (${openOnDate}) o
      WHERE o.open_fen > 0 AND ${scope} ${customer}`,
    params.values,
  );
  return rows[0]!.fen;
}

/** Open receivables per aging bucket on the date, in scope (for the provision). */
export async function bucketBalancesOn(
  db: Queryable,
  ctx: RequestContext,
  asOf: string,
): Promise<{ bucket: string; fen: number }[]> {
  const params = new SqlParams();
  params.add(asOf);
  const scope = scopeCondition(ctx, { region: 'o.region_id', customer: 'o.customer_id' }, params);
  const { rows } = await db.query<{ bucket: string; fen: number }>(
    `SELECT ${agingBucketSql('o.days')} AS bucket, sum(o.open_fen)::bigint AS fen FROM (${openOnDate}) o
      WHERE o.open_fen > 0 AND ${scope} GROUP BY 1`,
    params.values,
  );
  return rows;
}

/** Credit sales (invoices incl. VAT, less credit notes) per day range, in scope. */
export async function creditSalesBetween(
  db: Queryable,
  ctx: RequestContext,
  ranges: { from: string; to: string }[],
  customerId?: number,
): Promise<number[]> {
  const params = new SqlParams();
  const starts = params.add(ranges.map((r) => r.from));
  const ends = params.add(ranges.map((r) => r.to));
  const scope = scopeCondition(ctx, { region: 'd.region_id', customer: 'd.customer_id' }, params);
  const customer = customerId ? `AND d.customer_id = ${params.add(customerId)}` : '';
  const { rows } = await db.query<{ idx: number; fen: number }>(
    `SELECT r.idx, coalesce(sum(d.fen), 0)::bigint AS fen
       FROM unnest(${starts}::date[], ${ends}::date[]) WITH ORDINALITY AS r(from_date, to_date, idx)
       LEFT JOIN (
         SELECT i.customer_id, i.region_id, i.invoice_date AS day, i.gross_cny_fen AS fen FROM invoices i
          WHERE i.status <> 'cancelled'
         UNION ALL
         SELECT n.customer_id, n.region_id, n.credit_date, -n.gross_cny_fen FROM credit_notes n) d
         ON d.day BETWEEN r.from_date AND r.to_date AND ${scope} ${customer}
      GROUP BY r.idx ORDER BY r.idx`,
    params.values,
  );
  return rows.map((r) => r.fen);
}

/**
 * Per observed month-end and aging bucket: the receivables open then (in scope), and how much of
 * each was written off afterwards, up to the as-of date (at most what was open then).
 */
export async function bucketBalancesWithLaterWriteOffs(
  db: Queryable,
  ctx: RequestContext,
  monthEnds: string[],
  asOf: string,
): Promise<{ monthEnd: string; bucket: string; balanceFen: number; laterWrittenOffFen: number }[]> {
  const params = new SqlParams();
  const ends = params.add(monthEnds);
  const through = params.add(asOf);
  const scope = scopeCondition(ctx, { region: 'o.region_id', customer: 'o.customer_id' }, params);
  const { rows } = await db.query<{
    monthEnd: string;
    bucket: string;
    balanceFen: number;
    laterWrittenOffFen: number;
  }>(
    `SELECT to_char(e.day, 'YYYY-MM-DD') AS "monthEnd", ${agingBucketSql('o.days')} AS bucket,
            sum(o.open_fen)::bigint AS "balanceFen",
            sum(least(o.open_fen, coalesce(later.cny, 0)))::bigint AS "laterWrittenOffFen"
       FROM unnest(${ends}::date[]) AS e(day)
       CROSS JOIN LATERAL (${openOn('e.day')}) o
       LEFT JOIN LATERAL (SELECT sum(y.amount_cny_fen) AS cny FROM write_offs y
                           WHERE y.invoice_id = o.id AND y.status = 'approved'
                             AND y.written_off_on > e.day AND y.written_off_on <= ${through}::date) later ON TRUE
      WHERE o.open_fen > 0 AND ${scope}
      GROUP BY 1, 2 ORDER BY 1, 2`,
    params.values,
  );
  return rows;
}

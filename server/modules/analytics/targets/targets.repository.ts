/** Revenue targets SQL: the targets, and the sales regions and reps they are set for. */
import type { RevenueTarget } from '../../../../contracts/targets.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import { scopeCondition } from '../../../platform/scope.ts';
import { SqlParams } from '../../../platform/sql.ts';

const targetColumns = `t.id, to_char(t.month, 'YYYY-MM') AS month, t.region_id AS "regionId",
  r.name_zh AS "regionNameZh", r.name_en AS "regionNameEn", t.rep_id AS "repId", u.display_name AS "repName",
  t.amount_fen AS "amountFen", t.version, to_json(t.updated_at)#>>'{}' AS "updatedAt"`;
const targetFrom =
  'revenue_targets t JOIN regions r ON r.id = t.region_id LEFT JOIN users u ON u.id = t.rep_id';

export type TargetRow = Omit<RevenueTarget, 'regionName'> & { regionNameZh: string; regionNameEn: string };

export interface SalesRegionRow {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
}

/** Sales regions (大区) in the caller's scope. */
export async function listSalesRegions(db: Queryable, ctx: RequestContext): Promise<SalesRegionRow[]> {
  const params = new SqlParams();
  const { rows } = await db.query<SalesRegionRow>(
    `SELECT r.id, r.code, r.name_zh AS "nameZh", r.name_en AS "nameEn" FROM regions r
      WHERE r.level = 'sales_region' AND ${scopeCondition(ctx, { region: 'r.id' }, params)}
      ORDER BY r.code`,
    params.values,
  );
  return rows;
}

export interface RepRow {
  id: number;
  username: string;
  name: string;
  /** Every sales region the rep is assigned to (at that level or below), lowest id first. */
  regionIds: number[];
}

/**
 * Active sales reps and regional managers who work in a sales region of the caller's scope,
 * each with the sales regions they work in.
 */
export async function listReps(db: Queryable, ctx: RequestContext): Promise<RepRow[]> {
  const params = new SqlParams();
  const { rows } = await db.query<RepRow>(
    `SELECT u.id, u.username, u.display_name AS name, array_agg(DISTINCT rl.sales_region_id::int ORDER BY rl.sales_region_id::int) AS "regionIds"
       FROM users u
       JOIN user_regions ur ON ur.user_id = u.id
       JOIN analytics_region_levels rl ON rl.region_id = ur.region_id
      WHERE u.is_active AND u.roles && ARRAY['sales_rep', 'regional_manager']::text[]
        AND rl.sales_region_id IS NOT NULL
        AND ${scopeCondition(ctx, { region: 'rl.sales_region_id' }, params)}
      GROUP BY u.id
      ORDER BY u.display_name, u.id`,
    params.values,
  );
  return rows;
}

/** Targets of the months of one year, in the caller's scope (by the sales region they count in). */
export async function listTargets(db: Queryable, ctx: RequestContext, year: number): Promise<TargetRow[]> {
  const params = new SqlParams();
  const { rows } = await db.query<TargetRow>(
    `SELECT ${targetColumns} FROM ${targetFrom}
      WHERE t.month BETWEEN make_date(${params.add(year)}::int, 1, 1) AND make_date(${params.add(year)}::int, 12, 1)
        AND ${scopeCondition(ctx, { region: 't.region_id' }, params)}
      ORDER BY r.code, t.rep_id NULLS FIRST, t.month`,
    params.values,
  );
  return rows;
}

export async function findTarget(
  db: Queryable,
  id: number,
  forUpdate = false,
): Promise<TargetRow | undefined> {
  const { rows } = await db.query<TargetRow>(
    `SELECT ${targetColumns} FROM ${targetFrom} WHERE t.id = $1${forUpdate ? ' FOR UPDATE OF t' : ''}`,
    [id],
  );
  return rows[0];
}

/** The target of this key: a rep's quota for the month, or else the region's own target. */
export async function findTargetByKey(
  db: Queryable,
  key: { month: string; regionId: number; repId: number | null },
): Promise<TargetRow | undefined> {
  const { rows } = await db.query<TargetRow>(
    `SELECT ${targetColumns} FROM ${targetFrom}
      WHERE t.month = ($1 || '-01')::date
        AND (CASE WHEN $3::bigint IS NULL THEN t.rep_id IS NULL AND t.region_id = $2 ELSE t.rep_id = $3 END)
      FOR UPDATE OF t`,
    [key.month, key.regionId, key.repId],
  );
  return rows[0];
}

export interface TargetWrite {
  month: string;
  regionId: number;
  repId: number | null;
  amountFen: number;
}

export async function insertTarget(db: Queryable, ctx: RequestContext, t: TargetWrite): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO revenue_targets (month, region_id, rep_id, amount_fen, updated_by)
     VALUES (($1 || '-01')::date, $2, $3, $4, $5) RETURNING id`,
    [t.month, t.regionId, t.repId, t.amountFen, ctx.userId > 0 ? ctx.userId : null],
  );
  return rows[0]!.id;
}

/** Changes the amount (and the region a quota counts in) if the version still matches. */
export async function updateTarget(
  db: Queryable,
  ctx: RequestContext,
  id: number,
  version: number,
  change: { regionId: number; amountFen: number },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE revenue_targets SET region_id = $3, amount_fen = $4, updated_by = $5, version = version + 1, updated_at = now()
      WHERE id = $1 AND version = $2`,
    [id, version, change.regionId, change.amountFen, ctx.userId > 0 ? ctx.userId : null],
  );
  return rowCount === 1;
}

export async function deleteTarget(db: Queryable, id: number, version: number): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM revenue_targets WHERE id = $1 AND version = $2', [
    id,
    version,
  ]);
  return rowCount === 1;
}

/**
 * Writes many targets in two set-based statements (an import): existing keys get the new
 * amount and region, new keys are inserted. Returns how many were updated and created.
 */
export async function upsertTargets(
  db: Queryable,
  ctx: RequestContext,
  targets: readonly TargetWrite[],
): Promise<{ created: number; updated: number }> {
  const columns = [
    targets.map((t) => `${t.month}-01`),
    targets.map((t) => t.regionId),
    targets.map((t) => t.repId),
    targets.map((t) => t.amountFen),
    ctx.userId > 0 ? ctx.userId : null,
  ];
  const input = `SELECT * FROM unnest($1::date[], $2::bigint[], $3::bigint[], $4::bigint[]) AS i(month, region_id, rep_id, amount_fen)`;
  const updated = await db.query(
    `UPDATE revenue_targets t
        SET region_id = i.region_id, amount_fen = i.amount_fen, updated_by = $5, version = t.version + 1, updated_at = now()
       FROM (${input}) i
      WHERE t.month = i.month
        AND (CASE WHEN i.rep_id IS NULL THEN t.rep_id IS NULL AND t.region_id = i.region_id ELSE t.rep_id = i.rep_id END)
        AND (t.region_id, t.amount_fen) IS DISTINCT FROM (i.region_id, i.amount_fen)`,
    columns,
  );
  const created = await db.query(
    `INSERT INTO revenue_targets (month, region_id, rep_id, amount_fen, updated_by)
     SELECT i.month, i.region_id, i.rep_id, i.amount_fen, $5 FROM (${input}) i
      WHERE NOT EXISTS (
        SELECT 1 FROM revenue_targets t
         WHERE t.month = i.month
           AND (CASE WHEN i.rep_id IS NULL THEN t.rep_id IS NULL AND t.region_id = i.region_id ELSE t.rep_id = i.rep_id END))`,
    columns,
  );
  return { created: created.rowCount ?? 0, updated: updated.rowCount ?? 0 };
}

/** Existing targets of these keys whose region the caller may not change (a quota moved in from elsewhere). */
export async function listTargetRegionsOfKeys(
  db: Queryable,
  keys: readonly { month: string; repId: number }[],
): Promise<{ month: string; repId: number; regionId: number }[]> {
  if (keys.length === 0) return [];
  const { rows } = await db.query<{ month: string; repId: number; regionId: number }>(
    `SELECT to_char(t.month, 'YYYY-MM') AS month, t.rep_id AS "repId", t.region_id AS "regionId"
       FROM revenue_targets t
       JOIN unnest($1::date[], $2::bigint[]) AS k(month, rep_id) ON k.month = t.month AND k.rep_id = t.rep_id`,
    [keys.map((k) => `${k.month}-01`), keys.map((k) => k.repId)],
  );
  return rows;
}

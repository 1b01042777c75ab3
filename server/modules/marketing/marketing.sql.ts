/** SQL fragments shared by the marketing module's repositories. */
import type { RequestContext } from '../../platform/auth-context.ts';
import { scopeCondition } from '../../platform/scope.ts';
import type { SqlParams } from '../../platform/sql.ts';

/** `column` lies in the region `regionId` or below it. */
export function inRegionSubtree(column: string, regionId: number, params: SqlParams): string {
  return `${column} IN (WITH RECURSIVE tree AS (
      SELECT id FROM regions WHERE id = ${params.add(regionId)}
      UNION SELECT r.id FROM regions r JOIN tree t ON r.parent_id = t.id) SELECT id FROM tree)`;
}

/**
 * Campaigns a user sees: national ones (no region) and those of their regions; company-wide
 * roles (marketing among them) see all. Distributor users see none.
 */
export function campaignScope(ctx: RequestContext, column: string, params: SqlParams): string {
  if (ctx.distributorId !== null) return 'FALSE';
  if (ctx.isCompanyWide) return 'TRUE';
  return `(${column} IS NULL OR ${scopeCondition(ctx, { region: column }, params)})`;
}

/** The business date (company zone) of a timestamptz column. */
export function businessDateOf(column: string): string {
  return `(${column} AT TIME ZONE 'Asia/Shanghai')::date`;
}

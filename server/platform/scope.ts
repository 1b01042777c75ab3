import type { RequestContext } from './auth-context.ts';
import type { SqlParams } from './sql.ts';

/**
 * The row-level scope every repository query applies. A record belongs to a region and,
 * when it is a customer's, to that customer; a user sees it when it is in one of their
 * regions (or below), when they are company-wide, or — for a distributor user — when it
 * is their own company's.
 */
export interface ScopeColumns {
  /** Column holding the record's region id (city, province or any level). */
  region: string;
  /** Column holding the customer the record belongs to, when it has one. */
  customer?: string;
}

export function scopeCondition(ctx: RequestContext, columns: ScopeColumns, params: SqlParams): string {
  if (ctx.distributorId !== null) {
    // A distributor user sees only its own company; records without a customer are not theirs.
    return columns.customer ? `${columns.customer} = ${params.add(ctx.distributorId)}` : 'FALSE';
  }
  if (ctx.isCompanyWide) return 'TRUE';
  if (ctx.regionIds.length === 0) return 'FALSE';
  return `${columns.region} = ANY(${params.add(ctx.regionIds)}::bigint[])`;
}

/** Whether a record in `regionId` (and owned by `customerId`) is inside the user's scope. */
export function isInScope(ctx: RequestContext, regionId: number | null, customerId?: number | null): boolean {
  if (ctx.distributorId !== null) return customerId === ctx.distributorId;
  if (ctx.isCompanyWide) return true;
  return regionId !== null && ctx.regionIds.includes(regionId);
}

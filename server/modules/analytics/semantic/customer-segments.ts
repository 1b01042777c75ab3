/**
 * The customer segment dimension: each customer's RFM segment (DOMAIN §6) exactly as the
 * customer-value page places it — the same segmentation function, the stored thresholds in
 * fixed-threshold mode, only the orders inside the caller's scope — as of one day. The compiler
 * joins the result to the fact rows as query parameters (semantic.compiler.ts).
 */
import type { RequestContext } from '../../../platform/auth-context.ts';
import type { Queryable } from '../../../platform/db.ts';
import type { CustomerSegments } from './semantic.compiler.ts';
import type { Dimension } from './semantic.definitions.ts';

export const usesCustomerSegment = (dimensions: readonly Dimension[]) =>
  dimensions.some((d) => d.joins.includes('seg'));

/** The segment is taken on the range's last day, or today when the range ends later. */
export const segmentDay = (rangeTo: string, today: string) => (rangeTo < today ? rangeTo : today);

export async function loadCustomerSegments(
  db: Queryable,
  ctx: RequestContext,
  asOf: string,
  lang: 'zh' | 'en',
): Promise<CustomerSegments> {
  // Imported when needed: the customer-value service builds on this layer (its revenue shares
  // are semantic queries), so a static import would make the two import each other.
  const customerValue = await import('../customer-value/customer-value.service.ts');
  const thresholds = await customerValue.getRfmThresholds(db);
  const placed = await customerValue.segmentCustomersAsOf(db, ctx, asOf, { mode: 'fixed', thresholds });
  return {
    customerIds: placed.map((p) => p.customerId),
    segments: placed.map((p) => p.segment),
    labels: placed.map((p) => customerValue.segmentLabels[p.segment]?.[lang] ?? p.segment),
  };
}

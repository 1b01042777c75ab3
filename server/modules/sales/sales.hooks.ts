/**
 * Where the credit and workflow modules plug into order confirmation. Both hooks run inside
 * the confirming transaction, after compliance and before allocation, so their reads are
 * consistent with the order and anything they write commits or rolls back with it.
 *
 * Until those modules exist the defaults let orders through, except for a price below our
 * floor, which needs an approval recorded on the order (POST /api/orders/:id/approvals).
 */

import type { RequestContext } from '../../platform/auth-context.ts';
import type { Queryable } from '../../platform/db.ts';
import type { App } from '../../platform/http.ts';
import type { WriteStatement } from '../../platform/writes.ts';

/** What the hooks see of the order being confirmed (amounts in CNY fen). */
export interface OrderForChecks {
  /** Null while a directly confirmed order has not been written yet. */
  id: number | null;
  customerId: number;
  regionId: number;
  currency: string;
  orderDate: string;
  netCnyFen: number;
  grossCnyFen: number;
  lines: {
    productId: number;
    sku: string;
    quantity: number;
    netCnyFen: number;
    floorPriceFen: number | null;
  }[];
}

export interface CreditDecision {
  decision: 'approve' | 'require_approval' | 'reject';
  reason?: string;
  /**
   * The record of an automatic approval, for the sales flow to write with the order's own
   * writes in one round trip (and with the order's id, which a new order has only then).
   * It commits or rolls back with the order.
   */
  recordFor?: (orderId: number) => WriteStatement;
}

export interface CreditHook {
  checkOrder(tx: Queryable, ctx: RequestContext, order: OrderForChecks): Promise<CreditDecision>;
}

export type ApprovalRequirement =
  | { kind: 'price_below_floor'; reason: string; skus: string[] }
  | { kind: 'credit'; reason: string };

export interface ApprovalHook {
  /** Has this requirement been approved for this order? */
  isApproved(
    tx: Queryable,
    ctx: RequestContext,
    order: OrderForChecks,
    requirement: ApprovalRequirement,
  ): Promise<boolean>;
}

export interface SalesHooks {
  credit: CreditHook;
  approval: ApprovalHook;
}

/** Until the credit module plugs in: every order is within credit. */
export const passingCreditHook: CreditHook = {
  checkOrder: async () => ({ decision: 'approve' }),
};

/**
 * Until the workflow module plugs in: a price below our floor needs an approval recorded on
 * the order; other requirements (credit) pass.
 */
export const recordedApprovalHook: ApprovalHook = {
  isApproved: async (tx, _ctx, order, requirement) => {
    if (requirement.kind !== 'price_below_floor') return true;
    if (order.id === null) return false;
    const { rows } = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sales_order_approvals WHERE order_id = $1 AND kind = 'price_below_floor'`,
      [order.id],
    );
    return rows[0]!.n > 0;
  },
};

export function defaultSalesHooks(): SalesHooks {
  return { credit: passingCreditHook, approval: recordedApprovalHook };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The credit and approval hooks orders are confirmed with; other modules replace them. */
    salesHooks: SalesHooks;
  }
}

/** Makes the hooks reachable for modules that plug in later (and for tests). */
export function installSalesHooks(app: App): SalesHooks {
  const hooks = defaultSalesHooks();
  app.decorate('salesHooks', hooks);
  return hooks;
}

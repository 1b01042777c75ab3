/**
 * Everything that happens when an order is confirmed, in one place and in this order, inside
 * the caller's transaction:
 *
 * 1. compliance per line (customer qualification covering the class, product registration
 *    valid) — COMPLIANCE_BLOCKED with every reason;
 * 2. price floor — PRICE_BELOW_FLOOR unless the approval hook says it is approved;
 * 3. credit hook — reject (CREDIT_REJECTED) or require an approval (approval hook);
 * 4. FEFO allocation of every line with the customer's minimum shelf life against the
 *    promised date — all-or-nothing (INSUFFICIENT_STOCK, nothing reserved) unless the user
 *    accepts a partial allocation, when the shortfall is backordered. The stock rows are locked
 *    here; their reservation is written with the order's own writes.
 *
 * Checks come before allocation so a refused order never locks stock rows.
 */
import type { Customer } from '../../../../contracts/customers.ts';
import type { RequestContext } from '../../../platform/auth-context.ts';
import { businessDate } from '../../../platform/dates.ts';
import type { Queryable } from '../../../platform/db.ts';
import { AppError } from '../../../platform/errors.ts';
import type { WriteStatement } from '../../../platform/writes.ts';
import { allocateFefo } from '../../inventory/index.ts';
import {
  type ComplianceQualification,
  checkSaleCompliance,
  listQualificationRows,
} from '../../parties/index.ts';
import { isBelowFloor } from '../pricing/pricing.rules.ts';
import type { SaleProduct } from '../pricing/pricing.service.ts';
import type { OrderForChecks, SalesHooks } from '../sales.hooks.ts';
import { type ComplianceFinding, laterDate, mergeComplianceFindings } from './orders.rules.ts';

export interface LineToCheck {
  lineNo: number;
  productId: number;
  quantity: number;
  netCnyFen: number;
  floorPriceFen: number | null;
}

export interface OrderToCheck {
  id: number | null;
  customer: Customer;
  orderDate: string;
  currency: string;
  netCnyFen: number;
  grossCnyFen: number;
  lines: LineToCheck[];
  products: Map<
    number,
    Pick<SaleProduct, 'sku' | 'deviceClass' | 'certificateNumber' | 'certificateExpiry' | 'isActive'>
  >;
  /** The customer's qualifications when read with the customer in this transaction; else read here. */
  qualifications?: readonly ComplianceQualification[];
}

function forHooks(order: OrderToCheck): OrderForChecks {
  return {
    id: order.id,
    customerId: order.customer.id,
    regionId: order.customer.regionId,
    currency: order.currency,
    orderDate: order.orderDate,
    netCnyFen: order.netCnyFen,
    grossCnyFen: order.grossCnyFen,
    lines: order.lines.map((l) => ({
      productId: l.productId,
      sku: order.products.get(l.productId)!.sku,
      quantity: l.quantity,
      netCnyFen: l.netCnyFen,
      floorPriceFen: l.floorPriceFen,
    })),
  };
}

async function checkCompliance(tx: Queryable, ctx: RequestContext, order: OrderToCheck) {
  // The sale must be allowed on the order date and still on the day it is confirmed.
  const today = businessDate();
  const date = laterDate(order.orderDate, today);
  const qualifications = order.qualifications ?? (await listQualificationRows(tx, [order.customer.id]));
  const findings: ComplianceFinding[] = [];
  for (const line of order.lines) {
    const product = order.products.get(line.productId)!;
    const result = checkSaleCompliance(order.customer, qualifications, product, date);
    for (const reason of result.reasons) {
      findings.push({
        code: reason.code,
        message: ctx.lang === 'en' ? reason.en : reason.zh,
        productId: line.productId,
        sku: product.sku,
      });
    }
  }
  const reasons = mergeComplianceFindings(findings);
  if (reasons.length > 0) {
    throw new AppError(
      'COMPLIANCE_BLOCKED',
      { detail: [...new Set(reasons.map((r) => `${r.sku}: ${r.message}`))].join('; ') },
      { date, reasons },
    );
  }
}

export async function runOrderChecks(
  tx: Queryable,
  ctx: RequestContext,
  hooks: SalesHooks,
  order: OrderToCheck,
): Promise<PassedChecks> {
  await checkCompliance(tx, ctx, order);
  const view = forHooks(order);

  const below = order.lines.filter((l) => isBelowFloor(l));
  if (below.length > 0) {
    const skus = [...new Set(below.map((l) => order.products.get(l.productId)!.sku))];
    const approved = await hooks.approval.isApproved(tx, ctx, view, {
      kind: 'price_below_floor',
      reason: `price below floor: ${skus.join(', ')}`,
      skus,
    });
    if (!approved) {
      const internal = ctx.distributorId === null;
      throw new AppError(
        'PRICE_BELOW_FLOOR',
        { detail: skus.join(', ') },
        {
          lines: below.map((l) => ({
            lineNo: l.lineNo,
            sku: order.products.get(l.productId)!.sku,
            quantity: l.quantity,
            netCnyFen: l.netCnyFen,
            ...(internal ? { floorPriceFen: l.floorPriceFen } : {}),
          })),
        },
      );
    }
  }

  const credit = await hooks.credit.checkOrder(tx, ctx, view);
  if (credit.decision === 'reject') {
    throw new AppError('CREDIT_REJECTED', { reason: credit.reason ?? 'rejected' }, { decision: credit });
  }
  if (credit.decision === 'require_approval') {
    const reason = credit.reason ?? 'credit';
    if (!(await hooks.approval.isApproved(tx, ctx, view, { kind: 'credit', reason }))) {
      throw new AppError('APPROVAL_REQUIRED', { detail: reason }, { kind: 'credit', decision: credit });
    }
  }
  const { recordFor } = credit;
  return { writesFor: (orderId) => (recordFor ? [recordFor(orderId)] : []) };
}

/** What passed checks leave to write with the order (e.g. the credit decision's record). */
export interface PassedChecks {
  writesFor(orderId: number): WriteStatement[];
}

export interface LineAllocation {
  lineNo: number;
  allocated: number;
  backordered: number;
  picks: { warehouseId: number; productId: number; lotId: number; lotNumber: string; quantity: number }[];
}

export interface LinesAllocation {
  lines: Map<number, LineAllocation>;
  /** The reservation of the picked stock: the caller must run it with its writes (`runWrites`). */
  reservation: WriteStatement | null;
}

/**
 * FEFO-allocates the lines (in one locking read of their stock) and plans the reservation,
 * which the caller writes with the order's own writes.
 */
export async function allocateLines(
  tx: Queryable,
  ctx: RequestContext,
  request: {
    customer: Pick<Customer, 'minShelfLifeDays'>;
    promisedDate: string;
    acceptPartial: boolean;
    lines: { lineNo: number; productId: number; quantity: number }[];
    skuOf: (productId: number) => string;
  },
): Promise<LinesAllocation> {
  const plan = await allocateFefo(
    tx,
    request.lines.map((line) => ({
      productId: line.productId,
      quantity: line.quantity,
      plannedShipDate: request.promisedDate,
      customerMinimumDays: request.customer.minShelfLifeDays,
      acceptPartial: request.acceptPartial,
    })),
  );
  const lines = new Map<number, LineAllocation>();
  request.lines.forEach((line, i) => {
    const allocation = plan.lines[i]!;
    if (!allocation.isComplete && !request.acceptPartial) {
      const sku = request.skuOf(line.productId);
      throw new AppError(
        'INSUFFICIENT_STOCK',
        {
          detail:
            ctx.lang === 'en'
              ? `${sku}: ${line.quantity} needed by ${request.promisedDate}`
              : `${sku}：${request.promisedDate} 前需要 ${line.quantity}`,
        },
        { lineNo: line.lineNo, productId: line.productId, sku, requested: line.quantity },
      );
    }
    lines.set(line.lineNo, {
      lineNo: line.lineNo,
      allocated: allocation.allocated,
      backordered: allocation.backordered,
      picks: allocation.picks.map((p) => ({
        warehouseId: p.warehouseId,
        productId: line.productId,
        lotId: p.lotId,
        lotNumber: p.lotNumber,
        quantity: p.quantity,
      })),
    });
  });
  return { lines, reservation: plan.reservation };
}

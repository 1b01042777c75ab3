/**
 * Order lifecycle rules, pure.
 *
 *   draft ──confirm──▶ allocated | backordered ──shipment──▶ picking ──ship──▶ shipped ──deliver──▶ delivered
 *     │                    │  ▲                                   │
 *     └──────cancel────────┴──┴─────────── cancel (nothing shipped yet) ──▶ cancelled
 *
 * "backordered" means part of the order waits for stock (the user accepted a partial
 * allocation); allocating the rest later moves it to "allocated". After a shipment the order is
 * "shipped" when nothing is left to ship, else it goes back to waiting (allocated/backordered).
 */
import type { OrderStatus } from '../../../../contracts/sales.ts';

const transitions: Record<OrderStatus, readonly OrderStatus[]> = {
  draft: ['allocated', 'backordered', 'cancelled'],
  allocated: ['picking', 'cancelled'],
  backordered: ['allocated', 'backordered', 'picking', 'cancelled'],
  picking: ['picking', 'allocated', 'backordered', 'shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return transitions[from].includes(to);
}

export type OrderAction = 'edit' | 'confirm' | 'cancel' | 'approve' | 'allocate' | 'ship';

/** Which actions an order in this status allows. */
export function isActionAllowed(status: OrderStatus, action: OrderAction): boolean {
  switch (action) {
    case 'edit':
    case 'confirm':
    case 'approve':
      return status === 'draft';
    case 'cancel':
      return ['draft', 'allocated', 'backordered', 'picking'].includes(status);
    case 'allocate':
      return status === 'backordered';
    case 'ship':
      return ['allocated', 'backordered', 'picking'].includes(status);
  }
}

export interface LineProgress {
  quantity: number;
  allocatedQuantity: number;
  backorderedQuantity: number;
  shippedQuantity: number;
}

/** The status of a confirmed order from its lines and whether a shipment is being picked. */
export function statusFromProgress(lines: readonly LineProgress[], hasOpenShipment: boolean): OrderStatus {
  if (lines.every((l) => l.shippedQuantity === l.quantity)) return 'shipped';
  if (hasOpenShipment) return 'picking';
  return lines.some((l) => l.backorderedQuantity > 0) ? 'backordered' : 'allocated';
}

export interface ComplianceFinding {
  code: string;
  message: string;
  productId: number;
  sku: string;
}

/**
 * One list of every reason an order is blocked: the customer-level reasons (e.g. a missing
 * licence) once per message, the product-level ones per product.
 */
export function mergeComplianceFindings(findings: readonly ComplianceFinding[]): ComplianceFinding[] {
  const seen = new Set<string>();
  const merged: ComplianceFinding[] = [];
  for (const finding of findings) {
    const key = `${finding.code}\u0000${finding.message}\u0000${finding.productId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(finding);
  }
  return merged;
}

export interface StockQuantity {
  warehouseId: number;
  productId: number;
  lotId: number;
  quantity: number;
}

/**
 * One entry per warehouse × product × lot: two order lines can hold the same lot, and the
 * ledger changes each balance row once per call.
 */
export function mergeByStockKey(items: readonly StockQuantity[]): StockQuantity[] {
  const merged = new Map<string, StockQuantity>();
  for (const item of items) {
    const key = `${item.warehouseId}/${item.productId}/${item.lotId}`;
    const existing = merged.get(key);
    if (existing) existing.quantity += item.quantity;
    else
      merged.set(key, {
        warehouseId: item.warehouseId,
        productId: item.productId,
        lotId: item.lotId,
        quantity: item.quantity,
      });
  }
  return [...merged.values()];
}

/** The later of two business dates (YYYY-MM-DD sorts as text). */
export function laterDate(a: string, b: string): string {
  return [a, b].sort()[1]!;
}

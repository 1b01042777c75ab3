/**
 * First-expiry-first-out allocation (DOMAIN §3). Pure: given the candidate stock of one
 * product, decide which lots (and how much of each) serve an order line.
 */
import { daysBetween } from '../../platform/dates.ts';

export type LotStatus = 'released' | 'quarantine' | 'on_hold' | 'recalled';

export interface StockCandidate {
  warehouseId: number;
  lotId: number;
  lotNumber: string;
  /** YYYY-MM-DD */
  expiryDate: string;
  /** YYYY-MM-DD, the day the lot was received. */
  receivedDate: string;
  status: LotStatus;
  available: number;
}

export interface AllocationRequest {
  quantity: number;
  /** YYYY-MM-DD */
  plannedShipDate: string;
  /** The customer's minimum remaining shelf life in days (default 0). */
  customerMinimumDays: number;
  /** Take what is there and backorder the rest, instead of all-or-nothing. */
  acceptPartial: boolean;
}

export interface AllocationPick {
  warehouseId: number;
  lotId: number;
  lotNumber: string;
  quantity: number;
}

export interface AllocationResult {
  picks: AllocationPick[];
  allocated: number;
  backordered: number;
  /** False when the line could not be served in full and partial was not accepted (then picks is empty). */
  isComplete: boolean;
}

/** Remaining shelf life needed on the ship date: max(1, customer minimum), so a lot expiring that day never ships. */
export function requiredRemainingDays(customerMinimumDays: number): number {
  return Math.max(1, customerMinimumDays);
}

export function isEligibleLot(
  candidate: StockCandidate,
  request: Pick<AllocationRequest, 'plannedShipDate' | 'customerMinimumDays'>,
) {
  if (candidate.status !== 'released' || candidate.available <= 0) return false;
  return (
    daysBetween(request.plannedShipDate, candidate.expiryDate) >=
    requiredRemainingDays(request.customerMinimumDays)
  );
}

/** Earliest expiry, then earliest receipt, then lot number. */
export function compareFefo(a: StockCandidate, b: StockCandidate): number {
  return (
    a.expiryDate.localeCompare(b.expiryDate) ||
    a.receivedDate.localeCompare(b.receivedDate) ||
    a.lotNumber.localeCompare(b.lotNumber) ||
    a.warehouseId - b.warehouseId
  );
}

export function allocateLotsFefo(
  candidates: readonly StockCandidate[],
  request: AllocationRequest,
): AllocationResult {
  if (!Number.isInteger(request.quantity) || request.quantity <= 0) {
    throw new RangeError(`quantity must be a positive integer, got ${request.quantity}`);
  }
  const eligible = candidates.filter((c) => isEligibleLot(c, request)).sort(compareFefo);
  const picks: AllocationPick[] = [];
  let remaining = request.quantity;
  for (const lot of eligible) {
    if (remaining === 0) break;
    const take = Math.min(remaining, lot.available);
    picks.push({ warehouseId: lot.warehouseId, lotId: lot.lotId, lotNumber: lot.lotNumber, quantity: take });
    remaining -= take;
  }
  if (remaining > 0 && !request.acceptPartial) {
    return { picks: [], allocated: 0, backordered: request.quantity, isComplete: false };
  }
  return {
    picks,
    allocated: request.quantity - remaining,
    backordered: remaining,
    isComplete: remaining === 0,
  };
}

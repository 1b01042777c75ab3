/**
 * Stock operations other modules build on (receipts, allocation, shipping, returns). They run
 * inside the caller's transaction: a document and its stock effects commit or fail together.
 */
import type { Queryable } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { type AllocationPick, type AllocationResult, allocateLotsFefo } from './fefo.rules.ts';
import * as repo from './stock.repository.ts';

export type { NewStockMove, Reservation, StockKey } from './stock.repository.ts';

function isCheckViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23514';
}

/** Appends moves to the ledger and updates balances; stock can never go negative. */
export async function postStockMoves(tx: Queryable, moves: repo.NewStockMove[]): Promise<void> {
  try {
    await repo.insertMovesAndUpdateBalances(tx, moves);
  } catch (error) {
    if (isCheckViolation(error)) {
      throw new AppError('INSUFFICIENT_STOCK', {
        detail: 'the move would take more than is on hand or reserved',
      });
    }
    throw error;
  }
}

export interface LineAllocationRequest {
  productId: number;
  quantity: number;
  plannedShipDate: string;
  customerMinimumDays: number;
  acceptPartial: boolean;
  /** Limit to these warehouses (e.g. the nearest one first); null for all. */
  warehouseIds?: number[] | null;
}

/**
 * FEFO-allocates one order line and reserves the picked stock. Candidate rows are locked, so
 * concurrent orders for the same product wait for each other and never share a unit.
 */
export async function allocateAndReserve(
  tx: Queryable,
  request: LineAllocationRequest,
): Promise<AllocationResult & { picks: (AllocationPick & { productId: number })[] }> {
  const candidates = await repo.lockAllocationCandidates(tx, request.productId, request.warehouseIds ?? null);
  const result = allocateLotsFefo(candidates, request);
  const picks = result.picks.map((pick) => ({ ...pick, productId: request.productId }));
  const reservations = picks.map((p) => ({
    warehouseId: p.warehouseId,
    productId: p.productId,
    lotId: p.lotId,
    quantity: p.quantity,
  }));
  const changed = await repo.changeReservations(tx, reservations);
  // The rows are locked, so this can only fail if the rule and the data disagree: fail closed.
  if (changed !== reservations.length)
    throw new AppError('INSUFFICIENT_STOCK', { detail: `product ${request.productId}` });
  return { ...result, picks };
}

/** Gives reserved stock back (an order cancelled or changed before shipping). */
export async function releaseReservations(tx: Queryable, reservations: repo.Reservation[]): Promise<void> {
  const changed = await repo.changeReservations(
    tx,
    reservations.map((r) => ({ ...r, quantity: -r.quantity })),
  );
  if (changed !== reservations.length) {
    throw new AppError('CONFLICT', { detail: 'the reservation to release does not exist' });
  }
}

/**
 * Holds stock that must not be allocated although it is on hand — e.g. returned units awaiting
 * inspection: they are reserved without an order until releaseReservations gives them back.
 */
export async function holdStock(tx: Queryable, holds: repo.Reservation[]): Promise<void> {
  const changed = await repo.changeReservations(tx, holds);
  if (changed !== holds.length) {
    throw new AppError('INSUFFICIENT_STOCK', { detail: 'the stock to hold is not available' });
  }
}

/** Ships reserved stock: the reservation is consumed and an issue move leaves the ledger. */
export async function issueReservedStock(
  tx: Queryable,
  reservations: repo.Reservation[],
  reference: { businessDate: string; referenceType: string; referenceId: number; createdBy: number | null },
): Promise<void> {
  await releaseReservations(tx, reservations);
  await postStockMoves(
    tx,
    reservations.map((r) => ({ ...r, kind: 'issue' as const, quantity: -r.quantity, ...reference })),
  );
}

export { findLedgerMismatches, lockAllocationCandidates, upsertLot } from './stock.repository.ts';

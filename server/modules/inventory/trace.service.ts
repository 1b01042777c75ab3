import type { BackwardTrace, ForwardTrace, ForwardTraceQuery } from '../../../contracts/inventory.ts';
import type { RequestContext } from '../../platform/auth-context.ts';
import { businessDate } from '../../platform/dates.ts';
import type { Db, Queryable } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { isInScope } from '../../platform/scope.ts';
import { parseUdi } from '../catalog/index.ts';
import * as repo from './trace.repository.ts';

type TraceMove = ForwardTrace['shipments'][number];

/** Customers outside the user's regions are not named (the quantities still add up). */
function presentMove(ctx: RequestContext, row: repo.TraceMoveRow): TraceMove {
  const { lotId: _lotId, customerRegionId, ...move } = row;
  const isCustomerHidden = move.customerId !== null && !isInScope(ctx, customerRegionId, move.customerId);
  return isCustomerHidden
    ? { ...move, customerId: null, customerName: null, isCustomerHidden }
    : { ...move, isCustomerHidden };
}

const customerKinds = new Set(['issue', 'return']);

/**
 * Everything that happened to one lot (or one serial of it): where it came from, every
 * customer it went to, every transfer, and what is left where.
 */
export async function traceLotForward(
  db: Db,
  ctx: RequestContext,
  lotId: number,
  serial: string | null = null,
): Promise<ForwardTrace> {
  const [lot, receipts, moves, transfers, remaining] = await Promise.all([
    repo.findTraceLot(db, lotId),
    repo.listLotReceipts(db, lotId, serial),
    repo.listLotMoves(db, lotId, serial),
    repo.listLotTransfers(db, lotId, serial),
    repo.listLotRemaining(db, lotId, serial),
  ]);
  if (!lot) throw new AppError('NOT_FOUND');
  const presented = moves.map((m) => presentMove(ctx, m));
  const shipments = presented.filter((m) => customerKinds.has(m.kind));
  // Receipt and transfer moves are shown through their documents above.
  const otherMoves = presented.filter(
    (m) =>
      !customerKinds.has(m.kind) &&
      !(m.kind === 'receipt' && m.referenceType === 'receipt') &&
      !(m.referenceType === 'transfer' && (m.kind === 'transfer_out' || m.kind === 'transfer_in')),
  );
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    lot,
    serial,
    receipts,
    shipments,
    otherMoves,
    transfers,
    remaining,
    totals: {
      accepted: sum(receipts.map((r) => (serial === null ? r.inspection.quantityAccepted : 1))),
      shipped: -sum(shipments.map((m) => m.quantity)),
      inTransit: sum(transfers.filter((t) => t.status === 'in_transit').map((t) => t.quantity)),
      onHand: sum(remaining.map((r) => r.onHand)),
    },
  };
}

function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', {}, { lot: what });
}

/** Finds the lot by product and lot number, or by a scanned UDI (whose serial narrows the trace). */
export async function traceForwardBy(
  db: Db,
  ctx: RequestContext,
  query: ForwardTraceQuery,
  today = businessDate(),
): Promise<ForwardTrace> {
  if (query.udi === undefined) {
    const lot = await repo.findLot(db, { productId: query.productId! }, query.lotNumber!);
    if (!lot) throw notFound(query.lotNumber!);
    return traceLotForward(db, ctx, lot.id, query.serial ?? null);
  }
  const parsed = parseUdi(query.udi, today);
  if (!parsed.ok) {
    throw new AppError(
      'UDI_INVALID',
      { column: parsed.error.position + 1, reason: parsed.error.message },
      { udiCode: parsed.error.code, position: parsed.error.position },
    );
  }
  const { gtin, lot: lotNumber, serial: scannedSerial } = parsed.value;
  if (!gtin || !lotNumber) {
    throw new AppError('BUSINESS_RULE', {
      detail:
        ctx.lang === 'en' ? 'the code needs a GTIN and a lot to trace' : '追溯需要条码中包含 GTIN 和批号',
    });
  }
  const lot = await repo.findLot(db, { gtin }, lotNumber);
  if (!lot) throw notFound(`${gtin} / ${lotNumber}`);
  // A scanned serial narrows the trace only where stock is kept by serial.
  const serial = query.serial ?? (lot.isSerialTracked ? (scannedSerial ?? null) : null);
  return traceLotForward(db, ctx, lot.id, serial);
}

/** From one move (typically a shipment to a customer) back to the supplier receipt and its inspection. */
export async function traceMoveBackward(
  db: Queryable,
  ctx: RequestContext,
  moveId: number,
): Promise<BackwardTrace> {
  const move = await repo.findTraceMove(db, moveId);
  if (!move) throw new AppError('NOT_FOUND');
  const serial = move.serial === '' ? null : move.serial;
  const [lot, receipts] = await Promise.all([
    repo.findTraceLot(db, move.lotId),
    repo.listLotReceipts(db, move.lotId, serial),
  ]);
  return { move: presentMove(ctx, move), lot: lot!, receipts };
}

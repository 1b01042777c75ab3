import type { ForwardTrace } from '../../../../contracts/inventory.ts';

type Move = ForwardTrace['shipments'][number];

/** One dated step in a lot's life, in the order it happened. */
export type TraceEvent =
  | { kind: 'receipt'; date: string; receipt: ForwardTrace['receipts'][number] }
  | { kind: 'shipment'; date: string; move: Move }
  | {
      kind: 'transfer';
      date: string;
      transfer: ForwardTrace['transfers'][number];
      leg: 'dispatched' | 'received';
    }
  | { kind: 'other'; date: string; move: Move };

const kindOrder: Record<TraceEvent['kind'], number> = { receipt: 0, transfer: 1, shipment: 2, other: 3 };

/**
 * One move per document, kind, day, warehouse and customer: a shipment of 34 serial-tracked
 * stents is 34 one-unit moves in the ledger (the table lists them), one step in the timeline.
 * The merged move keeps the first move's id (a backward trace from any of them finds the same
 * receipt: they share the lot).
 */
export function mergeDocumentMoves(moves: readonly Move[]): Move[] {
  const merged = new Map<string, Move>();
  for (const move of moves) {
    const key = [
      move.kind,
      move.businessDate,
      move.referenceType,
      move.referenceId ?? `move ${move.moveId}`,
      move.warehouseId,
      move.customerId,
      move.isCustomerHidden,
    ].join('|');
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, quantity: seen.quantity + move.quantity, serial: '' } : move);
  }
  return [...merged.values()];
}

/**
 * The forward trace as a timeline: receipts, transfers (dispatch and arrival), shipments and
 * returns (one step per document), and the other moves (adjustments, scrap, recall returns),
 * oldest first.
 */
export function buildTimeline(trace: ForwardTrace): TraceEvent[] {
  const events: TraceEvent[] = [
    ...trace.receipts.map((receipt) => ({ kind: 'receipt' as const, date: receipt.arrivalDate, receipt })),
    ...mergeDocumentMoves(trace.shipments).map((move) => ({
      kind: 'shipment' as const,
      date: move.businessDate,
      move,
    })),
    ...trace.otherMoves.map((move) => ({ kind: 'other' as const, date: move.businessDate, move })),
  ];
  for (const transfer of trace.transfers) {
    events.push({ kind: 'transfer', date: transfer.dispatchedOn, transfer, leg: 'dispatched' });
    if (transfer.receivedOn)
      events.push({ kind: 'transfer', date: transfer.receivedOn, transfer, leg: 'received' });
  }
  // Stable: same-day events keep a natural order (goods arrive before they leave).
  return events
    .map((event, index) => ({ event, index }))
    .sort(
      (a, b) =>
        a.event.date.localeCompare(b.event.date) ||
        kindOrder[a.event.kind] - kindOrder[b.event.kind] ||
        a.index - b.index,
    )
    .map(({ event }) => event);
}

/** Units that left to customers, by customer (returns count against it), for the recall view. */
export function shippedByCustomer(
  trace: ForwardTrace,
): { customer: string | null; hidden: boolean; quantity: number }[] {
  const totals = new Map<string, { customer: string | null; hidden: boolean; quantity: number }>();
  for (const move of trace.shipments) {
    const key = move.isCustomerHidden ? 'hidden' : `c${move.customerId ?? 'none'}`;
    const entry = totals.get(key) ?? {
      customer: move.customerName,
      hidden: move.isCustomerHidden,
      quantity: 0,
    };
    // Issues are negative moves out of the warehouse; returns come back positive.
    entry.quantity -= move.quantity;
    totals.set(key, entry);
  }
  return [...totals.values()].filter((entry) => entry.quantity !== 0);
}

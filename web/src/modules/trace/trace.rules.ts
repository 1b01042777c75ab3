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
 * The forward trace as a timeline: receipts, transfers (dispatch and arrival), shipments and
 * returns, and the other moves (adjustments, scrap, recall returns), oldest first.
 */
export function buildTimeline(trace: ForwardTrace): TraceEvent[] {
  const events: TraceEvent[] = [
    ...trace.receipts.map((receipt) => ({ kind: 'receipt' as const, date: receipt.arrivalDate, receipt })),
    ...trace.shipments.map((move) => ({ kind: 'shipment' as const, date: move.businessDate, move })),
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

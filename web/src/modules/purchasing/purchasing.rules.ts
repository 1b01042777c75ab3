import type {
  inspectionResults,
  PurchaseOrder,
  PurchaseOrderSummary,
  ReceiptLineRequest,
} from '../../../../contracts/purchasing.ts';
import { isApiError } from '../../shared/api.ts';
import { multiplyMinor, sumMinor } from '../../shared/currency.ts';
import { parseYuanToFen } from '../../shared/money.ts';

export type InspectionResult = (typeof inspectionResults)[number];
type OrderStatus = PurchaseOrderSummary['status'];
type OrderLine = PurchaseOrder['lines'][number];

/** Goods can be received against a confirmed order until everything has arrived. */
export function canReceive(status: OrderStatus): boolean {
  return status === 'confirmed' || status === 'partially_received';
}

/** The server cancels draft and confirmed orders nothing was received on. */
export function canCancel(order: Pick<PurchaseOrder, 'status' | 'lines'>): boolean {
  if (order.status === 'draft') return true;
  return order.status === 'confirmed' && order.lines.every((line) => line.receivedQuantity === 0);
}

export function openQuantity(line: Pick<OrderLine, 'quantity' | 'receivedQuantity'>): number {
  return Math.max(0, line.quantity - line.receivedQuantity);
}

/** A typed order line's amount in minor units: quantity × the unit price typed in yuan (or dollars). */
export function draftLineAmount(
  quantity: number | null | undefined,
  unitPriceText: string | undefined,
): number | null {
  if (quantity === null || quantity === undefined || !Number.isInteger(quantity) || quantity < 1) return null;
  const unitPrice = parseYuanToFen(unitPriceText ?? '');
  return unitPrice === null ? null : multiplyMinor(quantity, unitPrice);
}

/** The total of the typed lines, or null while a line has no amount yet. */
export function draftOrderTotal(
  lines: readonly { quantity?: number | null; unitPrice?: string }[],
): number | null {
  const amounts = lines.map((line) => draftLineAmount(line.quantity, line.unitPrice));
  if (amounts.some((amount) => amount === null)) return null;
  return sumMinor(amounts as number[]);
}

/** What the server derives when no result is chosen (and what it refuses when contradicted). */
export function deriveInspectionResult(accepted: number, rejected: number): InspectionResult | null {
  if (accepted > 0 && rejected === 0) return 'accepted';
  if (accepted === 0 && rejected > 0) return 'rejected';
  if (accepted > 0 && rejected > 0) return 'partially_accepted';
  return null;
}

/** What a scanned UDI told us about the line's lot. */
export interface ScannedLot {
  code: string;
  gtin: string | null;
  lot: string | null;
  serial: string | null;
  expiry: string | null;
  productionDate: string | null;
  isExpired: boolean | null;
}

/** One purchase-order line on the receiving screen, as the user fills it in. */
export interface ReceiptLineDraft {
  purchaseOrderLineId: number;
  mode: 'scan' | 'manual';
  scanned: ScannedLot | null;
  lotNumber: string;
  expiryDate: string | null;
  productionDate: string | null;
  serials: string[];
  quantityAccepted: number | null;
  quantityRejected: number | null;
  inspectionResult: InspectionResult | null;
  inspector: string;
  reportRef: string;
}

export function newReceiptLineDraft(line: OrderLine, inspector: string): ReceiptLineDraft {
  return {
    purchaseOrderLineId: line.id,
    mode: 'scan',
    scanned: null,
    lotNumber: '',
    expiryDate: null,
    productionDate: null,
    serials: [],
    quantityAccepted: openQuantity(line),
    quantityRejected: 0,
    inspectionResult: null,
    inspector,
    reportRef: '',
  };
}

/** A line takes part in the receipt when some units arrived on it. */
export function isLineIncluded(draft: ReceiptLineDraft): boolean {
  return (draft.quantityAccepted ?? 0) + (draft.quantityRejected ?? 0) > 0;
}

export type DraftProblem =
  | 'scanRequired'
  | 'lotRequired'
  | 'expiryRequired'
  | 'inspectorRequired'
  | 'resultContradicts';

/**
 * What keeps an included line from being sent. A scanned GTIN of another product is only flagged
 * beside the line: the server is the judge and says GTIN_MISMATCH in the user's language.
 */
export function draftProblems(draft: ReceiptLineDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (draft.mode === 'scan') {
    if (!draft.scanned) problems.push('scanRequired');
  } else {
    if (!draft.lotNumber.trim()) problems.push('lotRequired');
    if (!draft.expiryDate) problems.push('expiryRequired');
  }
  if (!draft.inspector.trim()) problems.push('inspectorRequired');
  const derived = deriveInspectionResult(draft.quantityAccepted ?? 0, draft.quantityRejected ?? 0);
  if (draft.inspectionResult && derived && draft.inspectionResult !== derived)
    problems.push('resultContradicts');
  return problems;
}

/** The request line: a scanned code (lot and dates come from it) or a typed lot with its expiry. */
export function toReceiptLineRequest(draft: ReceiptLineDraft): ReceiptLineRequest {
  const common = {
    purchaseOrderLineId: draft.purchaseOrderLineId,
    serials: draft.serials.map((serial) => serial.trim()).filter(Boolean),
    quantityAccepted: draft.quantityAccepted ?? 0,
    quantityRejected: draft.quantityRejected ?? 0,
    inspector: draft.inspector.trim(),
    reportRef: draft.reportRef.trim() || null,
    ...(draft.inspectionResult ? { inspectionResult: draft.inspectionResult } : {}),
  };
  if (draft.mode === 'scan' && draft.scanned) return { ...common, udi: draft.scanned.code };
  return {
    ...common,
    lotNumber: draft.lotNumber.trim(),
    ...(draft.expiryDate ? { expiryDate: draft.expiryDate } : {}),
    productionDate: draft.productionDate,
  };
}

/**
 * The order line a receipt error is about: the server names the index of the request line
 * (details.line), and only included lines are sent, so the index maps through them.
 */
export function orderLineOfError(error: unknown, sentOrderLineIds: readonly number[]): number | null {
  if (!isApiError(error)) return null;
  const index = lineIndexOf(error.details);
  return index === null ? null : (sentOrderLineIds[index] ?? null);
}

function lineIndexOf(details: Record<string, unknown> | undefined): number | null {
  const line = details?.line;
  if (typeof line === 'number' && Number.isInteger(line)) return line;
  // A request the schema refused names the failing field by its path: /lines/2/expiryDate.
  const issues = details?.issues;
  if (Array.isArray(issues)) {
    for (const issue of issues) {
      const path = typeof issue === 'object' && issue !== null && 'path' in issue ? issue.path : undefined;
      const match = typeof path === 'string' ? /^\/lines\/(\d+)/.exec(path) : null;
      if (match) return Number(match[1]);
    }
  }
  return null;
}

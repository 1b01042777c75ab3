/**
 * What a credit note takes back from an invoice line. Credits are cumulative shares of the
 * line, so however a line is credited in steps, crediting all of it takes back exactly its
 * net, tax, CNY and cost — no fen is left behind or taken twice.
 */
import type { CreditNoteKind } from '../../../../contracts/finance.ts';
import { AppError } from '../../../platform/errors.ts';
import {
  cnyOfStep,
  divideRoundHalfUp,
  formatMoney,
  parseScaled,
  toSafeNumber,
  vatOn,
} from '../money.rules.ts';

export interface CreditableLine {
  id: number;
  lineNo: number;
  quantity: number;
  netAmount: number;
  taxAmount: number;
  netCnyFen: number;
  taxCnyFen: number;
  costCnyFen: number;
  vatRate: string;
  creditedQuantity: number;
  creditedNetAmount: number;
  creditedTaxAmount: number;
}

export type CreditRequest =
  | { quantity: number; netAmount?: undefined }
  | { netAmount: number; quantity?: undefined };

export interface LineCredit {
  invoiceLineId: number;
  quantity: number;
  net: number;
  tax: number;
  netCny: number;
  taxCny: number;
  costCny: number;
}

/** round-half-up(part × whole ÷ of), the share of `part` units out of `of`. */
function unitsShare(part: number, of: number, whole: number): number {
  return toSafeNumber(divideRoundHalfUp(BigInt(part) * BigInt(whole), BigInt(of)));
}

function exceeds(line: CreditableLine, currency: string): AppError {
  const remaining = line.netAmount - line.creditedNetAmount + (line.taxAmount - line.creditedTaxAmount);
  return new AppError(
    'CREDIT_EXCEEDS_INVOICE',
    { line: line.lineNo, remaining: formatMoney(remaining, currency) },
    { invoiceLineId: line.id, remainingQuantity: line.quantity - line.creditedQuantity },
  );
}

/**
 * Units credited (a return, or billing for units taken back): that share of the line's net,
 * tax and CNY; the cost comes back only for a return (the goods are in our hands again).
 * A price allowance (netAmount): VAT on it rounded half up, never more than is left.
 */
export function creditLine(
  line: CreditableLine,
  request: CreditRequest,
  kind: CreditNoteKind,
  currency: string,
): LineCredit {
  const leftNet = line.netAmount - line.creditedNetAmount;
  const leftTax = line.taxAmount - line.creditedTaxAmount;
  let quantity = 0;
  let net: number;
  let tax: number;
  let costCny = 0;
  if (request.quantity !== undefined) {
    quantity = request.quantity;
    const before = line.creditedQuantity;
    const after = before + quantity;
    if (after > line.quantity) throw exceeds(line, currency);
    if (after === line.quantity) {
      // The last units take whatever is left, allowances included.
      net = leftNet;
      tax = leftTax;
    } else {
      net = Math.min(
        leftNet,
        unitsShare(after, line.quantity, line.netAmount) - unitsShare(before, line.quantity, line.netAmount),
      );
      tax = Math.min(
        leftTax,
        unitsShare(after, line.quantity, line.taxAmount) - unitsShare(before, line.quantity, line.taxAmount),
      );
    }
    if (kind === 'return') {
      costCny =
        unitsShare(after, line.quantity, line.costCnyFen) -
        unitsShare(before, line.quantity, line.costCnyFen);
    }
  } else {
    net = request.netAmount;
    if (net > leftNet) throw exceeds(line, currency);
    tax =
      net === leftNet
        ? leftTax
        : Math.min(leftTax, toSafeNumber(vatOn(BigInt(net), parseScaled(line.vatRate, 4))));
  }
  if (net + tax === 0) throw exceeds(line, currency);
  return {
    invoiceLineId: line.id,
    quantity,
    net,
    tax,
    netCny: cnyOfStep(line.creditedNetAmount, net, line.netAmount, line.netCnyFen),
    taxCny: cnyOfStep(line.creditedTaxAmount, tax, line.taxAmount, line.taxCnyFen),
    costCny,
  };
}

/** Everything not yet credited on every line: the remaining units of each. */
export function creditEverythingLeft(
  lines: readonly CreditableLine[],
): { invoiceLineId: number; quantity: number }[] {
  return lines
    .filter(
      (l) =>
        l.creditedQuantity < l.quantity &&
        l.netAmount + l.taxAmount > l.creditedNetAmount + l.creditedTaxAmount,
    )
    .map((l) => ({ invoiceLineId: l.id, quantity: l.quantity - l.creditedQuantity }));
}

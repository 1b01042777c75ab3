/**
 * Exact document arithmetic (DOMAIN "Money"), computed in shared/document-amounts.ts. Amounts are integers in the currency's minor
 * unit; rates are decimals held as scaled integers, and every step is exact integer arithmetic
 * (in doubles only while the integers are small enough to be exact: shared/line-amounts.ts).
 *
 * - Net per line = round-half-up(quantity × unit price × (1 − discount)).
 * - VAT per line = round-half-up(net × VAT rate); document totals are the sums of the lines,
 *   so the tax on a document can differ by a few fen from the tax on its total.
 * - Company-currency (CNY) amounts: the document total is round-half-up(total × rate); it is
 *   split over the lines by rounding each share down and handing the leftover fen to the
 *   largest remainders (ties: the earlier line), so the lines always add up to the total.
 */
import {
  computeDocumentAmounts,
  convertToCompanyCurrency,
  type DocumentAmounts,
  type DocumentLineAmounts,
  type LineInput,
  RATE4_SCALE,
  RATE8_SCALE,
  apportion as splitLargestRemainder,
} from '../shared/document-amounts.ts';
import { divideRoundHalfUp, lineNetAndTax, toSafeNumber } from '../shared/line-amounts.ts';
import { formatScaledDecimal, parseScaledDecimal } from '../shared/scaled-decimal.ts';

export type { DocumentAmounts, DocumentLineAmounts, LineInput };
// The document arithmetic itself lives in shared/document-amounts.ts (finance computes invoices
// with it too); these are the names sales code and its tests use.
export {
  computeDocumentAmounts,
  convertToCompanyCurrency,
  divideRoundHalfUp,
  formatScaledDecimal,
  parseScaledDecimal,
  RATE4_SCALE,
  RATE8_SCALE,
  splitLargestRemainder,
};
export type DocumentLineInput = LineInput;

export interface LineAmounts {
  net: number;
  tax: number;
}

export function computeLineAmounts(line: LineInput): LineAmounts {
  return lineNetAndTax(line.quantity, line.unitPrice, line.discountRate4, line.vatRate4);
}

/** A CNY amount in another currency's minor units (e.g. a CNY list price on a USD order). */
export function convertFromCompanyCurrency(cnyFen: number, rate8: bigint): number {
  return toSafeNumber(divideRoundHalfUp(BigInt(cnyFen) * RATE8_SCALE, rate8));
}

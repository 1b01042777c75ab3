/**
 * Exact money arithmetic for finance documents (DOMAIN "Money"). Amounts are integers in the
 * currency's minor unit; rates are decimals held as scaled bigints, and every step is exact
 * integer arithmetic (in doubles only while the integers are small enough to be exact:
 * shared/line-amounts.ts).
 *
 * The line formulas are the ones sales orders use (net and VAT per line, rounded half up),
 * so an invoice of a shipped order line reproduces the order's amounts.
 */
import {
  apportion,
  computeDocumentAmounts,
  convertToCompanyCurrency as convertToCny,
  type DocumentAmounts,
  type DocumentLineAmounts as DocumentLine,
  grossOf,
  type LineInput,
  RATE4_SCALE,
  RATE8_SCALE,
} from '../shared/document-amounts.ts';
import { divideRoundHalfUp, lineNetAndTax, toSafeNumber } from '../shared/line-amounts.ts';
import { splitByWeights } from '../shared/money-split.ts';
import { parseScaledDecimal } from '../shared/scaled-decimal.ts';

export type { DocumentAmounts, DocumentLine, LineInput };
// The document arithmetic itself lives in shared/document-amounts.ts (sales prices orders with
// it too, so an invoice reproduces its order); these are the names finance code and its tests use.
export {
  apportion,
  computeDocumentAmounts,
  convertToCny,
  divideRoundHalfUp,
  RATE4_SCALE,
  RATE8_SCALE,
  toSafeNumber,
};

/** Parses a non-negative decimal string ('0.13', '7.1025') into an integer scaled by 10^decimals. */
export function parseScaled(text: string, decimals: number): bigint {
  return parseScaledDecimal(text, decimals);
}

/**
 * Splits `total` over shares proportional to `weights` (DOMAIN "Money": round down, leftover
 * to the largest remainders, ties to the earlier share). All weights zero: all to the first.
 */
export function splitLargestRemainder(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) {
    if (total !== 0n) throw new RangeError('nothing to split the total over');
    return [];
  }
  if (weights.every((w) => w === 0n)) return weights.map((_, i) => (i === 0 ? total : 0n));
  return splitByWeights(total, weights);
}

export interface LineAmounts {
  net: number;
  tax: number;
  gross: number;
}

/** Net = quantity × unit price × (1 − discount), then VAT = net × rate, each rounded half up to the fen. */
export function computeLineAmounts(line: LineInput): LineAmounts {
  const { net, tax } = lineNetAndTax(line.quantity, line.unitPrice, line.discountRate4, line.vatRate4);
  return { net, tax, gross: grossOf(net, tax) };
}

/** VAT on a net amount, rounded half up to the fen. */
export function vatOn(net: bigint, vatRate4: bigint): bigint {
  return divideRoundHalfUp(net * vatRate4, RATE4_SCALE);
}

/**
 * The CNY part of `part` of a document whose `whole` is worth `wholeCny`, rounded half up.
 * Settling a document step by step takes share(after) − share(before) each time, so the steps
 * always add up, and settling all of it takes exactly `wholeCny`.
 */
export function cnyShare(part: number, whole: number, wholeCny: number): number {
  if (part < 0 || part > whole) throw new RangeError(`part ${part} is outside 0…${whole}`);
  if (whole === 0) return 0;
  // At rate 1 (a CNY document) the share is the part itself; no bigints needed.
  if (wholeCny === whole && Number.isSafeInteger(part)) return part;
  return toSafeNumber(divideRoundHalfUp(BigInt(part) * BigInt(wholeCny), BigInt(whole)));
}

/** The CNY that settling `amount` more of a document moves, given what was settled before. */
export function cnyOfStep(settledBefore: number, amount: number, whole: number, wholeCny: number): number {
  return cnyShare(settledBefore + amount, whole, wholeCny) - cnyShare(settledBefore, whole, wholeCny);
}

/** Minor units as a decimal with two places (12345 → "123.45"), for exports and messages. */
export function formatMajor(minor: number): string {
  const abs = Math.abs(minor);
  return `${minor < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Minor units with their currency, for messages (12345, CNY → "CNY 123.45"). */
export function formatMoney(minor: number, currency: string): string {
  return `${currency} ${formatMajor(minor)}`;
}

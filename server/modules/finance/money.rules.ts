/**
 * Exact money arithmetic for finance documents (DOMAIN "Money"). Amounts are integers in the
 * currency's minor unit; rates are decimals held as scaled bigints, and every step is exact
 * integer arithmetic (in doubles only while the integers are small enough to be exact:
 * shared/line-amounts.ts).
 *
 * The line formulas are the ones sales orders use (net and VAT per line, rounded half up),
 * so an invoice of a shipped order line reproduces the order's amounts.
 */
import { convertAtParity, divideRoundHalfUp, lineNetAndTax, toSafeNumber } from '../shared/line-amounts.ts';
import { splitByWeights } from '../shared/money-split.ts';
import { parseScaledDecimal } from '../shared/scaled-decimal.ts';

export { divideRoundHalfUp, toSafeNumber };

/** Discount and VAT rates have four decimals: integer ten-thousandths. */
export const RATE4_SCALE = 10_000n;
/** Exchange rates have eight decimals: integer hundred-millionths. */
export const RATE8_SCALE = 100_000_000n;

/** Parses a non-negative decimal string ('0.13', '7.1025') into an integer scaled by 10^decimals. */
export function parseScaled(text: string, decimals: number): bigint {
  return parseScaledDecimal(text, decimals);
}

/**
 * Splits `total` over shares whose exact values are numerators ÷ denominator: each share is
 * rounded down, and the leftover units go one by one to the largest remainders (ties: the
 * earlier share), so the shares always add up to `total`.
 */
export function apportion(total: bigint, numerators: readonly bigint[], denominator: bigint): bigint[] {
  const shares = numerators.map((n) => n / denominator);
  let leftover = total - shares.reduce((a, s) => a + s, 0n);
  if (leftover < 0n || leftover > BigInt(numerators.length)) {
    throw new RangeError('the total does not match the shares');
  }
  const order = numerators
    .map((n, index) => ({ index, remainder: n % denominator }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of order) {
    if (leftover === 0n) break;
    shares[index]! += 1n;
    leftover -= 1n;
  }
  return shares;
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

export interface LineInput {
  quantity: number;
  /** Minor units of the document currency, before discount. */
  unitPrice: number;
  /** Ten-thousandths (500 = 5 %). */
  discountRate4: bigint;
  /** Ten-thousandths (1300 = 13 %). */
  vatRate4: bigint;
}

export interface LineAmounts {
  net: number;
  tax: number;
  gross: number;
}

/** Net = quantity × unit price × (1 − discount), then VAT = net × rate, each rounded half up to the fen. */
export function computeLineAmounts(line: LineInput): LineAmounts {
  const { net, tax } = lineNetAndTax(line.quantity, line.unitPrice, line.discountRate4, line.vatRate4);
  // Two safe non-negative integers: their double sum is exact when it is safe, and at least 2^53
  // (so refused, as toSafeNumber would) when the exact sum is not.
  const gross = net + tax;
  if (!Number.isSafeInteger(gross)) throw new RangeError(`amount ${BigInt(net) + BigInt(tax)} is too large`);
  return { net, tax, gross };
}

/** VAT on a net amount, rounded half up to the fen. */
export function vatOn(net: bigint, vatRate4: bigint): bigint {
  return divideRoundHalfUp(net * vatRate4, RATE4_SCALE);
}

/**
 * Company-currency amounts of a document's lines: the total is converted and rounded half up
 * once, then split over the lines by largest remainder, so the lines add up to the total.
 */
export function convertToCny(amounts: readonly number[], rate8: bigint): { total: number; lines: number[] } {
  if (rate8 === RATE8_SCALE) {
    const atParity = convertAtParity(amounts);
    if (atParity) return atParity;
  }
  const exactTotal = amounts.reduce((sum, a) => sum + BigInt(a) * rate8, 0n);
  const total = divideRoundHalfUp(exactTotal, RATE8_SCALE);
  // Each line's exact value is amount × rate; the rounded total is shared out by largest remainder.
  const lines = apportion(
    total,
    amounts.map((a) => BigInt(a) * rate8),
    RATE8_SCALE,
  );
  return { total: toSafeNumber(total), lines: lines.map(toSafeNumber) };
}

export interface DocumentLine extends LineAmounts {
  netCny: number;
  taxCny: number;
}

export interface DocumentAmounts {
  lines: DocumentLine[];
  net: number;
  tax: number;
  gross: number;
  netCny: number;
  taxCny: number;
  grossCny: number;
}

/** Every amount of an invoice: per line, the totals (sums of the lines) and their CNY equivalents. */
export function computeDocumentAmounts(lines: readonly LineInput[], rate8: bigint): DocumentAmounts {
  const amounts = lines.map(computeLineAmounts);
  const netCny = convertToCny(
    amounts.map((a) => a.net),
    rate8,
  );
  const taxCny = convertToCny(
    amounts.map((a) => a.tax),
    rate8,
  );
  const net = amounts.reduce((sum, a) => sum + a.net, 0);
  const tax = amounts.reduce((sum, a) => sum + a.tax, 0);
  return {
    // Spelled out, not spread: V8 builds `{ ...a, more }` with a runtime call per added property.
    lines: amounts.map((a, i) => ({
      net: a.net,
      tax: a.tax,
      gross: a.gross,
      netCny: netCny.lines[i]!,
      taxCny: taxCny.lines[i]!,
    })),
    net,
    tax,
    gross: net + tax,
    netCny: netCny.total,
    taxCny: taxCny.total,
    grossCny: netCny.total + taxCny.total,
  };
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

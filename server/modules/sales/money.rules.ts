/**
 * Exact document arithmetic (DOMAIN "Money"). Amounts are integers in the currency's minor
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
import { convertAtParity, divideRoundHalfUp, lineNetAndTax, toSafeNumber } from '../shared/line-amounts.ts';
import { formatScaledDecimal, parseScaledDecimal } from '../shared/scaled-decimal.ts';

export { divideRoundHalfUp, formatScaledDecimal, parseScaledDecimal };

/** Rates with four decimals (discount, VAT) as integer ten-thousandths. */
export const RATE4_SCALE = 10_000n;
/** Exchange rates with eight decimals as integer hundred-millionths. */
export const RATE8_SCALE = 100_000_000n;

export interface LineInput {
  quantity: number;
  /** Minor units, before discount. */
  unitPrice: number;
  /** Ten-thousandths (500 = 5 %). */
  discountRate4: bigint;
  /** Ten-thousandths (1300 = 13 %). */
  vatRate4: bigint;
}

export interface LineAmounts {
  net: number;
  tax: number;
}

export function computeLineAmounts(line: LineInput): LineAmounts {
  return lineNetAndTax(line.quantity, line.unitPrice, line.discountRate4, line.vatRate4);
}

/**
 * Splits `total` over shares proportional to `exact` values given as numerator/denominator
 * pairs: each share is rounded down, and the leftover units go one by one to the largest
 * remainders (ties: the earlier share). The shares always add up to `total`.
 */
export function splitLargestRemainder(
  total: bigint,
  numerators: readonly bigint[],
  denominator: bigint,
): bigint[] {
  const floors = numerators.map((n) => n / denominator);
  let leftover = total - floors.reduce((sum, f) => sum + f, 0n);
  if (leftover < 0n || leftover > BigInt(numerators.length)) {
    throw new RangeError('the total does not match the shares');
  }
  const order = numerators
    .map((n, index) => ({ index, remainder: n % denominator }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  const result = [...floors];
  for (const { index } of order) {
    if (leftover === 0n) break;
    result[index]! += 1n;
    leftover -= 1n;
  }
  return result;
}

/**
 * Converts document amounts to the company currency with the document's rate (CNY per unit,
 * eight decimals): the total is rounded half up, and the lines share it exactly.
 */
export function convertToCompanyCurrency(
  amounts: readonly number[],
  rate8: bigint,
): { total: number; lines: number[] } {
  if (rate8 === RATE8_SCALE) {
    const atParity = convertAtParity(amounts);
    if (atParity) return atParity;
  }
  const numerators = amounts.map((a) => BigInt(a) * rate8);
  const exactTotal = numerators.reduce((sum, n) => sum + n, 0n);
  const total = divideRoundHalfUp(exactTotal, RATE8_SCALE);
  const lines = splitLargestRemainder(total, numerators, RATE8_SCALE);
  return { total: toSafeNumber(total), lines: lines.map(toSafeNumber) };
}

/** A CNY amount in another currency's minor units (e.g. a CNY list price on a USD order). */
export function convertFromCompanyCurrency(cnyFen: number, rate8: bigint): number {
  return toSafeNumber(divideRoundHalfUp(BigInt(cnyFen) * RATE8_SCALE, rate8));
}

export interface DocumentLineInput extends LineInput {}

export interface DocumentLineAmounts extends LineAmounts {
  gross: number;
  netCny: number;
  taxCny: number;
}

export interface DocumentAmounts {
  lines: DocumentLineAmounts[];
  net: number;
  tax: number;
  gross: number;
  netCny: number;
  taxCny: number;
  grossCny: number;
}

/** Every amount of a document: per line, totals, and the company-currency equivalents. */
export function computeDocumentAmounts(lines: readonly DocumentLineInput[], rate8: bigint): DocumentAmounts {
  const amounts = lines.map(computeLineAmounts);
  const netCny = convertToCompanyCurrency(
    amounts.map((a) => a.net),
    rate8,
  );
  const taxCny = convertToCompanyCurrency(
    amounts.map((a) => a.tax),
    rate8,
  );
  const net = amounts.reduce((sum, a) => sum + a.net, 0);
  const tax = amounts.reduce((sum, a) => sum + a.tax, 0);
  return {
    // Spelled out, not spread: V8 builds `{ ...a, more }` with a runtime call per added property
    // (about a microsecond each), and pricing and the demo history price millions of lines.
    lines: amounts.map((a, i) => ({
      net: a.net,
      tax: a.tax,
      gross: a.net + a.tax,
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

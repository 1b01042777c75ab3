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

export { divideRoundHalfUp };

/** Rates with four decimals (discount, VAT) as integer ten-thousandths. */
export const RATE4_SCALE = 10_000n;
/** Exchange rates with eight decimals as integer hundred-millionths. */
export const RATE8_SCALE = 100_000_000n;

/** Parses a non-negative decimal ('0.13', '7.1025', 0.05) into an integer scaled by 10^decimals. */
export function parseScaledDecimal(value: string | number, decimals: number): bigint {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) throw new RangeError(`not a non-negative decimal: "${text}"`);
  const fraction = match[2] ?? '';
  const kept = fraction.slice(0, decimals).padEnd(decimals, '0');
  if (/[1-9]/.test(fraction.slice(decimals))) {
    throw new RangeError(`"${text}" has more than ${decimals} decimals`);
  }
  return BigInt(match[1]!) * 10n ** BigInt(decimals) + BigInt(kept || '0');
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`not a non-negative number: ${value}`);
  // Four to eight decimals are all we take; toFixed(10) avoids exponent notation, and the
  // rounding it does removes float noise such as 0.13000000000000000444.
  return value.toFixed(10).replace(/0+$/, '').replace(/\.$/, '');
}

/** Formats a scaled integer back to a decimal string with exactly `decimals` places. */
export function formatScaledDecimal(value: bigint, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const whole = value / scale;
  const fraction = (value % scale).toString().padStart(decimals, '0');
  return decimals === 0 ? whole.toString() : `${whole}.${fraction}`;
}

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
    lines: amounts.map((a, i) => ({
      ...a,
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

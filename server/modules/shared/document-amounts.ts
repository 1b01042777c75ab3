/**
 * Every amount of a document (an order, an invoice) from its lines (DOMAIN "Money"): net and
 * VAT per line (line-amounts.ts), the document's totals as the sums of its lines (so the tax of
 * a document can differ by a few fen from the tax on its total), and the company-currency (CNY)
 * equivalents: the total is round-half-up(total × rate), split over the lines by rounding each
 * share down and handing the leftover fen to the largest remainders (ties: the earlier line),
 * so the lines always add up to the total. Sales and finance both compute documents here, so
 * an invoice of a shipped order line reproduces the order's amounts.
 */
import { convertAtParity, divideRoundHalfUp, lineNetAndTax, toSafeNumber } from './line-amounts.ts';

/** Rates with four decimals (discount, VAT) as integer ten-thousandths. */
export const RATE4_SCALE = 10_000n;
/** Exchange rates with eight decimals (CNY per unit) as integer hundred-millionths. */
export const RATE8_SCALE = 100_000_000n;

export interface LineInput {
  quantity: number;
  /** Minor units of the document currency, before discount. */
  unitPrice: number;
  /** Ten-thousandths (500 = 5 %). */
  discountRate4: bigint;
  /** Ten-thousandths (1300 = 13 %). */
  vatRate4: bigint;
}

export interface DocumentLineAmounts {
  net: number;
  tax: number;
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

/**
 * Splits `total` over shares whose exact values are numerators ÷ denominator: each share is
 * rounded down, and the leftover units go one by one to the largest remainders (ties: the
 * earlier share), so the shares always add up to `total`.
 */
export function apportion(total: bigint, numerators: readonly bigint[], denominator: bigint): bigint[] {
  const shares = numerators.map((n) => n / denominator);
  let leftover = total - shares.reduce((sum, s) => sum + s, 0n);
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
 * Converts a document's amounts to CNY with its rate: the total is rounded half up, and the
 * lines share it exactly (at rate 1 they are the amounts themselves).
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
  const lines = apportion(total, numerators, RATE8_SCALE);
  return { total: toSafeNumber(total), lines: lines.map(toSafeNumber) };
}

/** A line's net and tax add up exactly, or the amount is refused as too large. */
export function grossOf(net: number, tax: number): number {
  // Two safe non-negative integers: their double sum is exact when it is safe, and at least 2^53
  // (so refused, as toSafeNumber would) when the exact sum is not.
  const gross = net + tax;
  if (!Number.isSafeInteger(gross)) throw new RangeError(`amount ${BigInt(net) + BigInt(tax)} is too large`);
  return gross;
}

/** Every amount of a document: per line, totals, and the company-currency equivalents. */
export function computeDocumentAmounts(lines: readonly LineInput[], rate8: bigint): DocumentAmounts {
  const amounts = lines.map((l) => lineNetAndTax(l.quantity, l.unitPrice, l.discountRate4, l.vatRate4));
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
    // (about a microsecond each), and pricing, invoicing and the demo history price millions of lines.
    lines: amounts.map((a, i) => ({
      net: a.net,
      tax: a.tax,
      gross: grossOf(a.net, a.tax),
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

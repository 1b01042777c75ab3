/**
 * Net and VAT of a document line (DOMAIN "Money"): net = quantity × unit price × (1 − discount),
 * then VAT = net × rate, each rounded half up to the fen. Sales orders and invoices share it, so
 * an invoice of a shipped order line reproduces the order's amounts.
 *
 * Exact integer arithmetic either way: in doubles while every product stays at or below 2^51,
 * in bigints beyond. Why doubles can be exact here: for integers 0 ≤ a and b ≥ 1 with
 * a + b < 2^53, the double nearest a ÷ b never rounds up across an integer, so floor(a ÷ b) is
 * the integer quotient; round-half-up(n ÷ d) = floor((2n + d) ÷ 2d), and with n ≤ 2^51 and
 * d = 10,000 that sum stays far below 2^53. Bigints cost about ten times as much, and pricing,
 * invoicing and the demo history compute millions of lines.
 */

const RATE4 = 10_000;
const RATE4_BIG = 10_000n;
/** Products up to this are exact in a double, and so is the rounding of their quotient by RATE4. */
const EXACT_IN_DOUBLES = 2 ** 51;

export interface LineNetAndTax {
  net: number;
  tax: number;
}

/** round-half-up(numerator ÷ 10,000) for 0 ≤ numerator ≤ 2^51. */
function halfUpByRate4(numerator: number): number {
  return Math.floor((2 * numerator + RATE4) / (2 * RATE4));
}

/** round-half-up(numerator ÷ denominator) for non-negative integers. */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) throw new RangeError('only non-negative amounts are rounded here');
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** A bigint amount as a number, refusing one a number cannot hold exactly. */
export function toSafeNumber(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount ${value} is too large`);
  return n;
}

/**
 * Net and VAT in minor units of `quantity` × `unitPrice` (minor units) with a discount and a VAT
 * rate in ten-thousandths (500 = 5 %). Throws a RangeError for negative amounts, a discount over
 * 100 %, fractions of a unit, or amounts beyond 2^53.
 */
export function lineNetAndTax(
  quantity: number,
  unitPrice: number,
  discountRate4: bigint,
  vatRate4: bigint,
): LineNetAndTax {
  const keep = RATE4 - Number(discountRate4);
  const vat = Number(vatRate4);
  if (
    Number.isSafeInteger(quantity) &&
    Number.isSafeInteger(unitPrice) &&
    quantity >= 0 &&
    unitPrice >= 0 &&
    keep >= 0 &&
    keep <= RATE4 &&
    vat >= 0 &&
    vat <= RATE4
  ) {
    // Integers in the ranges above: each product is exact while it is at most 2^51 (a larger
    // true product cannot round down to 2^51 or below).
    const netNumerator = quantity * unitPrice * keep;
    if (netNumerator <= EXACT_IN_DOUBLES) {
      const net = halfUpByRate4(netNumerator);
      const taxNumerator = net * vat;
      if (taxNumerator <= EXACT_IN_DOUBLES) return { net, tax: halfUpByRate4(taxNumerator) };
    }
  }
  const net = divideRoundHalfUp(
    BigInt(quantity) * BigInt(unitPrice) * (RATE4_BIG - discountRate4),
    RATE4_BIG,
  );
  const tax = divideRoundHalfUp(net * vatRate4, RATE4_BIG);
  return { net: toSafeNumber(net), tax: toSafeNumber(tax) };
}

/**
 * A conversion at rate exactly 1 (a CNY document into CNY): every line's exact value is its
 * amount, so the rounded total is their sum and the largest-remainder split gives each line its
 * own amount. Null when that shortcut does not apply as is (non-integers, a negative or unsafe
 * total): the caller's general path then decides, and throws, as before.
 */
export function convertAtParity(amounts: readonly number[]): { total: number; lines: number[] } | null {
  let total = 0;
  for (const amount of amounts) {
    total += amount;
    // A rounded sum is always beyond the safe range, so checking every partial sum keeps it exact.
    if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(total)) return null;
  }
  if (total < 0) return null;
  return { total, lines: [...amounts] };
}

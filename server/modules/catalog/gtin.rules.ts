/**
 * GS1 check digits (DOMAIN §1). One algorithm serves GTIN-8/12/13/14, SSCC, GLN and every
 * other GS1 key that ends in a mod-10 check digit.
 */

const GTIN_LENGTHS: ReadonlySet<number> = new Set([8, 12, 13, 14]);

// SSCC carries the longest data part of the GS1 keys we handle (17 digits + check).
const MAX_DATA_DIGITS = 17;

function isDigits(text: string): boolean {
  return /^[0-9]+$/.test(text);
}

/**
 * Check digit for the data digits of a GS1 key (everything but the check digit).
 * Weights run 3,1,3,1… from the rightmost data digit leftwards, so padding the key to its
 * full length with leading zeros changes nothing and need not be done explicitly.
 * Throws on anything but 1–17 digits: callers validate user input before asking.
 */
export function computeGs1CheckDigit(data: string): number {
  if (data.length === 0 || data.length > MAX_DATA_DIGITS || !isDigits(data)) {
    throw new RangeError(`GS1 data must be 1 to ${MAX_DATA_DIGITS} digits, got "${data}"`);
  }
  let sum = 0;
  let weight = 3;
  for (let i = data.length - 1; i >= 0; i--) {
    sum += (data.charCodeAt(i) - 48) * weight;
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10;
}

/** True for an 8, 12, 13 or 14 digit string whose last digit is the correct check digit. */
export function isValidGtin(code: string): boolean {
  if (!GTIN_LENGTHS.has(code.length) || !isDigits(code)) return false;
  return computeGs1CheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/**
 * The GTIN-14 form we store and compare on: shorter GTINs are left-padded with zeros, which
 * keeps the check digit valid. Throws on an invalid GTIN so a bad code never gets stored
 * looking normalised.
 */
export function normaliseGtin14(code: string): string {
  if (!isValidGtin(code)) throw new RangeError(`Not a valid GTIN: "${code}"`);
  return code.padStart(14, '0');
}

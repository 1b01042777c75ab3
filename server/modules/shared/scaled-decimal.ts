/**
 * Rates as scaled integers (DOMAIN "Money"): a decimal such as '0.13' (VAT) or '7.10250000' (an
 * exchange rate) is held as the integer 1300 (ten-thousandths) or 710250000 (hundred-millionths),
 * so every step after parsing is exact integer arithmetic. Sales and finance both parse through
 * here.
 */

/**
 * What a decimal string parsed to, per number of decimals. A document's lines repeat the same few
 * rates ('0.13', '0.0500', '1.00000000'), and the regular expression and bigint arithmetic cost
 * more than the line arithmetic they feed; the demo company parses a few million of them. Only
 * valid texts are kept, and at most MEMO_LIMIT per scale, so odd input cannot grow it.
 */
const parsed = new Map<number, Map<string, bigint>>();
const MEMO_LIMIT = 1_000;

/** Parses a non-negative decimal ('0.13', '7.1025', 0.05) into an integer scaled by 10^decimals. */
export function parseScaledDecimal(value: string | number, decimals: number): bigint {
  if (typeof value === 'number') return parseText(numberToPlainString(value), decimals);
  let memo = parsed.get(decimals);
  if (!memo) {
    memo = new Map();
    parsed.set(decimals, memo);
  }
  const known = memo.get(value);
  if (known !== undefined) return known;
  const result = parseText(value.trim(), decimals);
  if (memo.size < MEMO_LIMIT) memo.set(value, result);
  return result;
}

function parseText(text: string, decimals: number): bigint {
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

/**
 * Splitting an amount of fen into shares (DOMAIN "Money"): round each share down to the fen,
 * then hand the leftover fen one by one to the shares with the largest remainders (ties: the
 * earlier share), so the shares always add up exactly to the whole.
 *
 * Weights are exact rationals given as bigint numerators over a common denominator, or plain
 * non-negative numbers (converted with enough precision that float error cannot matter).
 */
export function splitByWeights(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) throw new RangeError('at least one share is needed');
  if (weights.some((w) => w < 0n)) throw new RangeError('weights must be non-negative');
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) throw new RangeError('weights must not all be zero');
  const negative = total < 0n;
  const whole = negative ? -total : total;
  const shares = weights.map((w) => (whole * w) / sum);
  const remainders = weights.map((w, index) => ({ index, remainder: (whole * w) % sum }));
  let leftover = whole - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) =>
    b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : a.index - b.index,
  );
  for (const { index } of remainders) {
    if (leftover === 0n) break;
    shares[index]! += 1n;
    leftover -= 1n;
  }
  return negative ? shares.map((s) => -s) : shares;
}

/** Convenience for integer fen as numbers; weights may be fractional numbers. */
export function splitFen(total: number, weights: readonly number[], precision = 1_000_000_000_000): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError('total must be a whole number of fen');
  const scaled = weights.map((w) => BigInt(Math.round(w * precision)));
  return splitByWeights(BigInt(total), scaled).map(Number);
}

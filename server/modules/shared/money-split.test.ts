import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitByWeights, splitFen } from './money-split.ts';

describe('splitting money into shares', () => {
  it('gives the leftover fen to the earliest of equal remainders: 1,000,000 in thirds', () => {
    expect(splitFen(1_000_000, [1, 1, 1])).toEqual([333_334, 333_333, 333_333]);
  });

  it('gives leftover fen to the largest remainders first', () => {
    // 10 fen by 0.15 / 0.35 / 0.5 = 1.5 / 3.5 / 5 → 1 / 3 / 5 with 1 left; remainders .5 and .5 tie → the earlier.
    expect(splitFen(10, [0.15, 0.35, 0.5])).toEqual([2, 3, 5]);
  });

  it('splits negative amounts symmetrically', () => {
    expect(splitFen(-100, [1, 2])).toEqual([-33, -67]);
  });

  it('always adds up to the whole and never differs from the exact share by a fen or more (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc
          .array(fc.bigInt({ min: 0n, max: 10n ** 6n }), { minLength: 1, maxLength: 20 })
          .filter((w) => w.some((x) => x > 0n)),
        (total, weights) => {
          const shares = splitByWeights(total, weights);
          expect(shares.reduce((a, b) => a + b, 0n)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0n);
          shares.forEach((share, i) => {
            const exactTimesSum = total * weights[i]!;
            const diff = share * sum - exactTimesSum;
            expect(diff < sum && diff > -sum).toBe(true);
          });
        },
      ),
    );
  });
});

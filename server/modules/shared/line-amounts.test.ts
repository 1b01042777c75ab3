import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertAtParity, lineNetAndTax } from './line-amounts.ts';

/** The bigint definition: round-half-up at each step, as DOMAIN "Money" states it. */
function reference(quantity: number, unitPrice: number, discountRate4: bigint, vatRate4: bigint) {
  const halfUp = (n: bigint) => (n * 2n + 10_000n) / 20_000n;
  const net = halfUp(BigInt(quantity) * BigInt(unitPrice) * (10_000n - discountRate4));
  return { net: Number(net), tax: Number(halfUp(net * vatRate4)) };
}

const rate4 = fc.bigInt({ min: 0n, max: 10_000n });

describe('net and VAT of a line', () => {
  it('rounds half up at the fen: 3 × 33.33 at 5 % off is 94.99, its 13 % VAT 12.35', () => {
    // 3 × 3,333 × 0.95 = 9,499.05 → 9,499; 9,499 × 0.13 = 1,234.87 → 1,235.
    expect(lineNetAndTax(3, 3_333, 500n, 1_300n)).toEqual({ net: 9_499, tax: 1_235 });
    // Exactly half a fen rounds up: 1 × 1 × 0.5 = 0.5 → 1.
    expect(lineNetAndTax(1, 1, 5_000n, 0n)).toEqual({ net: 1, tax: 0 });
  });

  it('equals the bigint definition for everyday and for huge amounts, on both sides of the double limit', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
        fc.oneof(
          fc.integer({ min: 0, max: 10_000_000 }),
          fc.integer({ min: 0, max: 2 ** 40 }),
          fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        ),
        rate4,
        rate4,
        (quantity, unitPrice, discount, vat) => {
          let expected: { net: number; tax: number } | 'too large';
          const exact = reference(quantity, unitPrice, discount, vat);
          expected = Number.isSafeInteger(exact.net) && Number.isSafeInteger(exact.tax) ? exact : 'too large';
          if (expected === 'too large') {
            expect(() => lineNetAndTax(quantity, unitPrice, discount, vat)).toThrow(RangeError);
          } else {
            expect(lineNetAndTax(quantity, unitPrice, discount, vat)).toEqual(expected);
          }
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('is exact right at 2^51, where it leaves doubles for bigints', () => {
    // 2^51 = 2 × 2^50: a product just under, at and over the limit, with a half-fen to round.
    for (const unitPrice of [2 ** 50 / 10_000 - 1, 2 ** 50 / 10_000, 2 ** 50 / 10_000 + 1].map(Math.floor)) {
      for (const discount of [0n, 1n, 4_999n, 5_000n]) {
        expect(lineNetAndTax(2, unitPrice, discount, 1_300n)).toEqual(
          reference(2, unitPrice, discount, 1_300n),
        );
      }
    }
  });

  it('refuses fractions of a unit, negative prices and discounts beyond 100 %', () => {
    expect(() => lineNetAndTax(1.5, 100, 0n, 0n)).toThrow(RangeError);
    expect(() => lineNetAndTax(1, -100, 0n, 0n)).toThrow(RangeError);
    expect(() => lineNetAndTax(1, 100, 10_001n, 0n)).toThrow(RangeError);
  });
});

describe('conversion at rate 1', () => {
  it('keeps every line and sums them, or declines what the general path must judge', () => {
    expect(convertAtParity([100, 250, 1])).toEqual({ total: 351, lines: [100, 250, 1] });
    expect(convertAtParity([500, -200])).toEqual({ total: 300, lines: [500, -200] });
    expect(convertAtParity([])).toEqual({ total: 0, lines: [] });
    expect(convertAtParity([-1])).toBeNull();
    expect(convertAtParity([0.5])).toBeNull();
    expect(convertAtParity([Number.MAX_SAFE_INTEGER, 1, -1])).toBeNull();
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cnyOfStep,
  cnyShare,
  computeDocumentAmounts,
  computeLineAmounts,
  convertToCny,
  parseScaled,
  splitLargestRemainder,
} from './money.rules.ts';

const line = (quantity: number, unitPrice: number, discount = '0', vat = '0.13') => ({
  quantity,
  unitPrice,
  discountRate4: parseScaled(discount, 4),
  vatRate4: parseScaled(vat, 4),
});

describe('VAT per line', () => {
  it('rounds the VAT of each line half up to the fen', () => {
    // 50 fen × 13 % = 6.5 fen → 7 fen.
    expect(computeLineAmounts(line(1, 50))).toEqual({ net: 50, tax: 7, gross: 57 });
    // 3 × 33.33 × (1 − 5 %) = 94.9905 yuan → 94.99; VAT 12.3487 → 12.35.
    expect(computeLineAmounts(line(3, 3333, '0.05'))).toEqual({ net: 9499, tax: 1235, gross: 10734 });
  });

  it('charges the sum of the lines’ VAT, which can differ from the VAT of the total', () => {
    // Three lines of 3.33 yuan: each line's VAT 0.4329 → 0.43, so 1.29 in all;
    // the total 9.99 × 13 % = 1.2987 would round to 1.30.
    const amounts = computeDocumentAmounts([line(1, 333), line(1, 333), line(1, 333)], parseScaled('1', 8));
    expect(amounts.lines.map((l) => l.tax)).toEqual([43, 43, 43]);
    expect(amounts.tax).toBe(129);
    expect(Math.round((amounts.net * 13) / 100)).toBe(130);
    expect(amounts.gross).toBe(999 + 129);
  });
});

describe('CNY equivalents', () => {
  it('converts a USD invoice exactly: the total rounded once, the lines sharing it by largest remainder', () => {
    // 123.45 + 67.89 USD at 7.1025: exact 876.803625 + 482.188725 = 1,358.99235 CNY.
    const result = convertToCny([12_345, 6_789], parseScaled('7.10250000', 8));
    expect(result.total).toBe(135_899);
    // Floors 87,680 + 48,218 = 135,898; the leftover fen goes to the larger remainder (.8725).
    expect(result.lines).toEqual([87_680, 48_219]);
  });

  it('keeps CNY amounts of a CNY document as they are', () => {
    const result = convertToCny([101, 202, 303], parseScaled('1', 8));
    expect(result).toEqual({ total: 606, lines: [101, 202, 303] });
  });

  it('always makes the lines add up to the total (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 2_000_000_000 }),
        (amounts, rate8) => {
          const result = convertToCny(amounts, BigInt(rate8));
          expect(result.lines.reduce((a, b) => a + b, 0)).toBe(result.total);
        },
      ),
    );
  });
});

describe('splitting an amount (DOMAIN Money)', () => {
  it('rounds each share down and hands leftover fen to the largest remainders, ties to the earlier share', () => {
    expect(splitLargestRemainder(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(splitLargestRemainder(10n, [1n, 2n, 2n])).toEqual([2n, 4n, 4n]);
    // 2.2, 4.4, 4.4: the leftover fen goes to the earlier of the two .4 remainders.
    expect(splitLargestRemainder(11n, [1n, 2n, 2n])).toEqual([2n, 5n, 4n]);
    expect(splitLargestRemainder(7n, [0n, 0n])).toEqual([7n, 0n]);
  });

  it('settles a document in steps that add up to exactly its CNY amount', () => {
    // 100.00 USD worth 710.25 CNY paid in three unequal steps.
    const steps = [3_333, 3_333, 3_334];
    let settled = 0;
    const cny = steps.map((amount) => {
      const step = cnyOfStep(settled, amount, 10_000, 71_025);
      settled += amount;
      return step;
    });
    expect(cny.reduce((a, b) => a + b, 0)).toBe(71_025);
    expect(cnyShare(10_000, 10_000, 71_025)).toBe(71_025);
  });

  it("takes a CNY document's share without bigints, and gives what the rounding rule gives", () => {
    // The definition: round-half-up(part × whole CNY ÷ whole), in bigints.
    const definition = (part: number, whole: number, wholeCny: number) =>
      Number((BigInt(part) * BigInt(wholeCny) * 2n + BigInt(whole)) / (BigInt(whole) * 2n));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (whole, fraction, atParity) => {
          const part = Math.floor(whole * fraction) || 0; // never -0
          const wholeCny = atParity ? whole : Math.max(1, Math.floor(whole / 7));
          if (!Number.isSafeInteger(definition(part, whole, wholeCny))) return;
          expect(cnyShare(part, whole, wholeCny)).toBe(definition(part, whole, wholeCny));
        },
      ),
      { numRuns: 5_000 },
    );
    expect(() => cnyShare(10_001, 10_000, 10_000)).toThrow(RangeError);
  });
});

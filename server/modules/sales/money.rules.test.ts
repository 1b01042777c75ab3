import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeDocumentAmounts,
  computeLineAmounts,
  convertFromCompanyCurrency,
  convertToCompanyCurrency,
  divideRoundHalfUp,
  formatScaledDecimal,
  parseScaledDecimal,
  splitLargestRemainder,
} from './money.rules.ts';

const vat13 = 1_300n;

describe('line amounts', () => {
  it('rounds the VAT of each line half up, so three 0.50 lines carry 0.21 of tax, not 0.20', () => {
    const lines = [1, 2, 3].map(() => ({ quantity: 1, unitPrice: 50, discountRate4: 0n, vatRate4: vat13 }));
    const document = computeDocumentAmounts(lines, 100_000_000n);
    expect(document.lines.map((l) => l.tax)).toEqual([7, 7, 7]);
    expect(document).toMatchObject({ net: 150, tax: 21, gross: 171 });
    expect(Number(divideRoundHalfUp(150n * vat13, 10_000n))).toBe(20);
  });

  it('applies the discount to quantity × price before rounding', () => {
    expect(
      computeLineAmounts({ quantity: 3, unitPrice: 9_999, discountRate4: 500n, vatRate4: vat13 }),
    ).toEqual({
      net: 28_497,
      tax: 3_705,
    });
  });

  it('rounds exact halves up', () => {
    expect(divideRoundHalfUp(5n, 10n)).toBe(1n);
    expect(divideRoundHalfUp(4n, 10n)).toBe(0n);
    expect(divideRoundHalfUp(15n, 10n)).toBe(2n);
  });
});

describe('decimals', () => {
  it('parses rates exactly, without floating point', () => {
    expect(parseScaledDecimal('0.13', 4)).toBe(1_300n);
    expect(parseScaledDecimal(0.13, 4)).toBe(1_300n);
    expect(parseScaledDecimal('7.12340000', 8)).toBe(712_340_000n);
    expect(parseScaledDecimal('1', 8)).toBe(100_000_000n);
    expect(() => parseScaledDecimal('0.12345', 4)).toThrow(RangeError);
    expect(() => parseScaledDecimal('-1', 4)).toThrow(RangeError);
    expect(formatScaledDecimal(712_340_000n, 8)).toBe('7.12340000');
    expect(formatScaledDecimal(5n, 2)).toBe('0.05');
  });
});

describe('company-currency amounts', () => {
  it('rounds the total half up and gives the leftover fen to the largest remainders, earlier line first on a tie', () => {
    // 100.03 USD × 7.1234 = 712.553702 each; total 1,425.107404 → 1,425.11
    expect(convertToCompanyCurrency([10_003, 10_003], 712_340_000n)).toEqual({
      total: 142_511,
      lines: [71_256, 71_255],
    });
    expect(splitLargestRemainder(10n, [30n, 30n, 40n], 10n)).toEqual([3n, 3n, 4n]);
    expect(splitLargestRemainder(2n, [5n, 7n, 6n], 9n)).toEqual([0n, 1n, 1n]);
  });

  it('converts a CNY price into another currency, rounding half up', () => {
    // 2,000.00 CNY ÷ 7.1234 = 280.764803… USD → 280.76
    expect(convertFromCompanyCurrency(200_000, 712_340_000n)).toBe(28_076);
  });

  it('always makes the lines add up to the total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100_000_000 }), { minLength: 1, maxLength: 30 }),
        fc.bigInt({ min: 1n, max: 2_000_000_000n }),
        (amounts, rate8) => {
          const result = convertToCompanyCurrency(amounts, rate8);
          expect(result.lines.reduce((a, b) => a + b, 0)).toBe(result.total);
          const exact = amounts.map((a) => (BigInt(a) * rate8) / 100_000_000n);
          result.lines.forEach((line, i) => {
            expect(BigInt(line) - exact[i]!).toBeGreaterThanOrEqual(0n);
            expect(BigInt(line) - exact[i]!).toBeLessThanOrEqual(1n);
          });
        },
      ),
    );
  });
});

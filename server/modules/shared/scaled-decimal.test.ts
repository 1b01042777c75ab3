import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatScaledDecimal, parseScaledDecimal } from './scaled-decimal.ts';

describe('scaled decimals', () => {
  it('parses the same text to the same integer every time, whatever was parsed before', () => {
    // Far more distinct texts than the memo keeps: those past its limit are parsed each time.
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 99_999_999 }), { minLength: 1, maxLength: 3_000 }),
        (values) => {
          for (const value of [...values, ...values]) {
            const text = formatScaledDecimal(BigInt(value), 4);
            expect(parseScaledDecimal(text, 4)).toBe(BigInt(value));
            expect(parseScaledDecimal(text, 8)).toBe(BigInt(value) * 10_000n);
          }
        },
      ),
      { numRuns: 5 },
    );
    expect(parseScaledDecimal(' 0.13 ', 4)).toBe(1_300n);
    expect(parseScaledDecimal('0.13', 2)).toBe(13n);
  });

  it('refuses bad text every time (a refusal is not remembered as a value)', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => parseScaledDecimal('0.12345', 4)).toThrow('"0.12345" has more than 4 decimals');
      expect(() => parseScaledDecimal('-1', 4)).toThrow('not a non-negative decimal: "-1"');
      expect(() => parseScaledDecimal(Number.NaN, 4)).toThrow(RangeError);
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeGs1CheckDigit, isValidGtin, normaliseGtin14 } from './gtin.rules.ts';

describe('computeGs1CheckDigit', () => {
  it('gives check digit 2 for the GTIN-13 data 539123456789', () => {
    expect(computeGs1CheckDigit('539123456789')).toBe(2);
  });

  it('gives check digit 2 for the GTIN-14 data 0950600013435', () => {
    expect(computeGs1CheckDigit('0950600013435')).toBe(2);
  });

  it('gives the same digit whether or not the data is padded with leading zeros', () => {
    expect(computeGs1CheckDigit('950600013435')).toBe(computeGs1CheckDigit('0950600013435'));
    expect(computeGs1CheckDigit('1234567')).toBe(computeGs1CheckDigit('0000001234567'));
  });

  it('computes SSCC and GLN check digits with the same rule', () => {
    // SSCC 106141411234567897 and GLN 0614141000418 are GS1's published examples.
    expect(computeGs1CheckDigit('10614141123456789')).toBe(7);
    expect(computeGs1CheckDigit('061414100041')).toBe(8);
  });

  it('refuses data that is empty, too long or not all digits', () => {
    expect(() => computeGs1CheckDigit('')).toThrow(RangeError);
    expect(() => computeGs1CheckDigit('1'.repeat(18))).toThrow(RangeError);
    expect(() => computeGs1CheckDigit('12345A7')).toThrow(RangeError);
  });
});

describe('isValidGtin', () => {
  it('accepts GTIN-8, GTIN-12, GTIN-13 and GTIN-14 with correct check digits', () => {
    expect(isValidGtin('96385074')).toBe(true);
    expect(isValidGtin('036000291452')).toBe(true);
    expect(isValidGtin('5391234567892')).toBe(true);
    expect(isValidGtin('09506000134352')).toBe(true);
  });

  it('rejects a code whose last digit is not the check digit', () => {
    expect(isValidGtin('5391234567893')).toBe(false);
    expect(isValidGtin('09506000134353')).toBe(false);
  });

  it('rejects lengths other than 8, 12, 13 and 14', () => {
    expect(isValidGtin('')).toBe(false);
    expect(isValidGtin('1234565')).toBe(false);
    expect(isValidGtin('12345678905')).toBe(false);
    expect(isValidGtin('009506000134352')).toBe(false);
  });

  it('rejects non-digits, spaces and signs', () => {
    expect(isValidGtin('539123456789X')).toBe(false);
    expect(isValidGtin(' 5391234567892')).toBe(false);
    expect(isValidGtin('+5391234567892')).toBe(false);
    expect(isValidGtin('５３９１２３４５６７８９２')).toBe(false);
  });

  const dataDigits = fc
    .constantFrom(7, 11, 12, 13)
    .chain((length) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }))
    .map((digits) => digits.join(''));

  it('accepts any data with its computed check digit appended, and rejects any single-digit change', () => {
    fc.assert(
      fc.property(dataDigits, fc.nat(), fc.integer({ min: 1, max: 9 }), (data, rawIndex, shift) => {
        const gtin = `${data}${computeGs1CheckDigit(data)}`;
        expect(isValidGtin(gtin)).toBe(true);
        const index = rawIndex % gtin.length;
        const changed = (Number(gtin[index]) + shift) % 10;
        const corrupted = `${gtin.slice(0, index)}${changed}${gtin.slice(index + 1)}`;
        expect(isValidGtin(corrupted)).toBe(false);
      }),
    );
  });
});

describe('normaliseGtin14', () => {
  it('pads GTIN-8, GTIN-12 and GTIN-13 to 14 digits with leading zeros', () => {
    expect(normaliseGtin14('96385074')).toBe('00000096385074');
    expect(normaliseGtin14('036000291452')).toBe('00036000291452');
    expect(normaliseGtin14('5391234567892')).toBe('05391234567892');
  });

  it('leaves a GTIN-14 unchanged', () => {
    expect(normaliseGtin14('09506000134352')).toBe('09506000134352');
  });

  it('refuses to normalise an invalid GTIN', () => {
    expect(() => normaliseGtin14('5391234567893')).toThrow(RangeError);
    expect(() => normaliseGtin14('12345')).toThrow(RangeError);
  });
});

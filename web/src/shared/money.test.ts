import { describe, expect, it } from 'vitest';
import { formatFenAsYuanInput, parseYuanToFen } from './money.ts';

describe('parseYuanToFen', () => {
  it('turns typed yuan into exact integer fen', () => {
    expect(parseYuanToFen('12.34')).toBe(1234);
    expect(parseYuanToFen('12.3')).toBe(1230);
    expect(parseYuanToFen('12.')).toBe(1200);
    expect(parseYuanToFen('12')).toBe(1200);
    expect(parseYuanToFen('0.05')).toBe(5);
    expect(parseYuanToFen(' 1,234.56 ')).toBe(123456);
    expect(parseYuanToFen('¥8')).toBe(800);
  });

  it('is exact where floating-point multiplication is not', () => {
    // 0.29 * 100 === 28.999999999999996 and 1.15 * 100 === 114.99999999999999 in binary floating point.
    expect(parseYuanToFen('0.29')).toBe(29);
    expect(parseYuanToFen('1.15')).toBe(115);
    expect(parseYuanToFen('4.35')).toBe(435);
  });

  it('refuses text that is not an amount of yuan with at most two decimals', () => {
    for (const text of ['', ' ', 'abc', '1.234', '-1', '1e3', '.5', '1.2.3', '12,34.5.6']) {
      expect(parseYuanToFen(text)).toBeNull();
    }
  });

  it('refuses amounts too large to stay exact', () => {
    expect(parseYuanToFen('90071992547409.92')).toBeNull();
    expect(parseYuanToFen('90071992547409.91')).toBe(9007199254740991);
  });
});

describe('formatFenAsYuanInput', () => {
  it('writes fen back as plain yuan text with two decimals', () => {
    expect(formatFenAsYuanInput(1234)).toBe('12.34');
    expect(formatFenAsYuanInput(5)).toBe('0.05');
    expect(formatFenAsYuanInput(0)).toBe('0.00');
    expect(formatFenAsYuanInput(-150)).toBe('-1.50');
  });

  it('round-trips with parseYuanToFen', () => {
    for (const fen of [0, 1, 99, 100, 123456, 9007199254740991]) {
      expect(parseYuanToFen(formatFenAsYuanInput(fen))).toBe(fen);
    }
  });
});

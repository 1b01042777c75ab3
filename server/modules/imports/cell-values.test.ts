import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseBoolean,
  parseDate,
  parseEnum,
  parseInteger,
  parseRateFraction,
  parseYuanToFen,
} from './cell-values.ts';

const value = <T>(parsed: { ok: true; value: T } | { ok: false }) => (parsed.ok ? parsed.value : undefined);
const code = (parsed: { ok: boolean; code?: string }) => (parsed.ok ? 'OK' : parsed.code);

describe('amounts in yuan become exact fen', () => {
  it('reads the ways Chinese spreadsheets write money', () => {
    expect(value(parseYuanToFen('12.5'))).toBe(1250);
    expect(value(parseYuanToFen('1,234.56'))).toBe(123456);
    expect(value(parseYuanToFen('￥0.10'))).toBe(10);
    expect(value(parseYuanToFen('88元'))).toBe(8800);
    expect(value(parseYuanToFen('12.340'))).toBe(1234);
  });

  it('refuses a third decimal instead of rounding it away', () => {
    expect(code(parseYuanToFen('12.345'))).toBe('BAD_FORMAT');
    expect(code(parseYuanToFen('-1'))).toBe('BAD_FORMAT');
    expect(code(parseYuanToFen('十元'))).toBe('BAD_FORMAT');
  });

  it('gives back every fen amount it is shown, with no binary fraction in between', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 13 }), (fen) => {
        const text = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
        expect(value(parseYuanToFen(text))).toBe(fen);
      }),
    );
  });
});

describe('rates, dates, numbers and yes/no', () => {
  it('reads VAT rates as exact decimal fractions', () => {
    expect(value(parseRateFraction('13%'))).toBe('0.13');
    expect(value(parseRateFraction('6%'))).toBe('0.06');
    expect(value(parseRateFraction('9.5%'))).toBe('0.095');
    expect(value(parseRateFraction('0.1300'))).toBe('0.13');
    expect(value(parseRateFraction('0'))).toBe('0');
    expect(code(parseRateFraction('130%'))).toBe('BAD_FORMAT');
  });

  it('reads dates as Chinese users write them and refuses days that do not exist', () => {
    expect(value(parseDate('2026/1/5'))).toBe('2026-01-05');
    expect(value(parseDate('2026年1月5日'))).toBe('2026-01-05');
    expect(value(parseDate('20261231'))).toBe('2026-12-31');
    expect(code(parseDate('2026-02-30'))).toBe('BAD_FORMAT');
    expect(code(parseDate('明年'))).toBe('BAD_FORMAT');
  });

  it('reads whole numbers as Excel stores them and checks the range', () => {
    expect(value(parseInteger(0, 365)('30.0'))).toBe(30);
    expect(value(parseInteger(0, 5000)('1,000'))).toBe(1000);
    expect(code(parseInteger(0, 365)('400'))).toBe('BAD_FORMAT');
    expect(code(parseInteger(0, 365)('三十'))).toBe('BAD_FORMAT');
  });

  it('reads yes and no in Chinese and English', () => {
    expect(['是', 'Y', 'true', '1', 'Yes'].map((t) => value(parseBoolean(t)))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['否', 'N', 'false', '0'].map((t) => value(parseBoolean(t)))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(code(parseBoolean('也许'))).toBe('BAD_ENUM');
  });
});

describe('enumerated values', () => {
  const parseGrade = parseEnum({ '3A': ['三级甲等', '三甲'], ungraded: ['未定级'] }, (k) => k);

  it('accepts the code or any alias regardless of case and width', () => {
    expect(value(parseGrade('三级甲等'))).toBe('3A');
    expect(value(parseGrade('３ａ'))).toBe('3A');
    expect(value(parseGrade('未定级'))).toBe('ungraded');
  });

  it('treats object-ish words as unknown values, not as properties', () => {
    for (const text of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(code(parseGrade(text))).toBe('BAD_ENUM');
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  businessToday,
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatPercent,
} from './format.ts';

describe('formatMoney', () => {
  it('shows integer fen as exact yuan with separators in both languages', () => {
    expect(formatMoney(123456789, 'zh-CN')).toBe('¥1,234,567.89');
    expect(formatMoney(123456789, 'en')).toBe('¥1,234,567.89');
  });

  it('keeps the cents exact where floating-point division would not', () => {
    expect(formatMoney(10, 'zh-CN')).toBe('¥0.10');
    expect(formatMoney(1, 'en')).toBe('¥0.01');
    expect(formatMoney(0, 'en')).toBe('¥0.00');
    expect(formatMoney(29, 'zh-CN')).toBe('¥0.29');
    expect(formatMoney(100000000000001, 'zh-CN')).toBe('¥1,000,000,000,000.01');
  });

  it('puts the minus sign before the currency symbol', () => {
    expect(formatMoney(-123456, 'zh-CN')).toBe('-¥1,234.56');
  });

  it('shows large amounts in 万 and 亿 in Chinese when compact', () => {
    expect(formatMoney(123456789, 'zh-CN', { compact: true })).toBe('123.46万');
    expect(formatMoney(1_000_000, 'zh-CN', { compact: true })).toBe('1.00万');
    expect(formatMoney(12_345_678_900, 'zh-CN', { compact: true })).toBe('1.23亿');
    expect(formatMoney(-250_000_000, 'zh-CN', { compact: true })).toBe('-250.00万');
  });

  it('shows large amounts in K, M and B in English when compact', () => {
    expect(formatMoney(123456789, 'en', { compact: true })).toBe('1.23M');
    expect(formatMoney(123456, 'en', { compact: true })).toBe('1.23K');
    expect(formatMoney(500_000_000_000, 'en', { compact: true })).toBe('5.00B');
  });

  it('rounds half up and moves to the next unit when rounding reaches it', () => {
    expect(formatMoney(1_234_500, 'zh-CN', { compact: true })).toBe('1.23万');
    expect(formatMoney(1_235_000, 'zh-CN', { compact: true })).toBe('1.24万');
    expect(formatMoney(9_999_999_999, 'zh-CN', { compact: true })).toBe('1.00亿');
    expect(formatMoney(99_999_999, 'en', { compact: true })).toBe('1.00M');
  });

  it('keeps amounts below one unit whole when compact', () => {
    expect(formatMoney(994_999, 'zh-CN', { compact: true })).toBe('9,949.99');
    expect(formatMoney(99_499, 'en', { compact: true })).toBe('994.99');
    expect(formatMoney(999_999, 'zh-CN', { compact: true })).toBe('1.00万');
  });

  it('adds or drops the currency symbol on request', () => {
    expect(formatMoney(123456789, 'zh-CN', { compact: true, symbol: true })).toBe('¥123.46万');
    expect(formatMoney(10, 'en', { symbol: false })).toBe('0.10');
  });

  it('shows a dash for values that are not numbers', () => {
    expect(formatMoney(Number.NaN, 'zh-CN')).toBe('—');
  });
});

describe('formatNumber', () => {
  it('separates thousands and keeps up to two decimals', () => {
    expect(formatNumber(1234567, 'zh-CN')).toBe('1,234,567');
    expect(formatNumber(1234.5678, 'en')).toBe('1,234.57');
  });

  it('uses a fixed number of decimals when asked', () => {
    expect(formatNumber(12, 'en', { decimals: 2 })).toBe('12.00');
    expect(formatNumber(1234.5, 'zh-CN', { decimals: 0 })).toBe('1,235');
  });

  it('shows compact counts in 万/亿 in Chinese and K/M/B in English', () => {
    expect(formatNumber(123456, 'zh-CN', { compact: true })).toBe('12.35万');
    expect(formatNumber(350_000_000, 'zh-CN', { compact: true })).toBe('3.50亿');
    expect(formatNumber(123456, 'en', { compact: true })).toBe('123.46K');
    expect(formatNumber(2_500_000, 'en', { compact: true, decimals: 1 })).toBe('2.5M');
    expect(formatNumber(-45_000, 'zh-CN', { compact: true })).toBe('-4.50万');
    expect(formatNumber(950, 'en', { compact: true })).toBe('950');
  });
});

describe('formatPercent', () => {
  it('shows a fraction as a percentage with one decimal by default', () => {
    expect(formatPercent(0.1234, 'zh-CN')).toBe('12.3%');
    expect(formatPercent(0.1234, 'en')).toBe('12.3%');
    expect(formatPercent(-0.05, 'en')).toBe('-5.0%');
    expect(formatPercent(1, 'zh-CN', 0)).toBe('100%');
    expect(formatPercent(0.98765, 'en', 2)).toBe('98.77%');
  });
});

describe('formatDate', () => {
  it('shows a business date as its own digits, whatever the time zone', () => {
    expect(formatDate('2026-11-23', 'zh-CN')).toBe('2026-11-23');
    expect(formatDate('2026-11-23', 'en')).toBe('23 Nov 2026');
    expect(formatDate('2026-01-05', 'en')).toBe('5 Jan 2026');
  });

  it('shows an instant on the calendar day of the company zone (Asia/Shanghai)', () => {
    expect(formatDate('2026-11-23T17:30:00Z', 'zh-CN')).toBe('2026-11-24');
    expect(formatDate('2026-11-23T17:30:00Z', 'en')).toBe('24 Nov 2026');
    expect(formatDate('2026-11-23T17:30:00Z', 'en', { timeZone: 'UTC' })).toBe('23 Nov 2026');
  });

  it('returns unparsable input unchanged', () => {
    expect(formatDate('not a date', 'en')).toBe('not a date');
  });
});

describe('formatDateTime', () => {
  it('shows an instant with a 24-hour time in the company zone', () => {
    expect(formatDateTime('2026-11-23T06:05:00Z', 'zh-CN')).toBe('2026-11-23 14:05');
    expect(formatDateTime('2026-11-23T16:00:00Z', 'en')).toBe('24 Nov 2026, 00:00');
  });
});

describe('businessToday', () => {
  it("is the company's calendar date, not the browser's", () => {
    // 2026-03-31 17:30 UTC is already 1 April in Shanghai.
    expect(businessToday(new Date('2026-03-31T17:30:00Z'))).toBe('2026-04-01');
    expect(businessToday(new Date('2026-03-31T15:59:00Z'))).toBe('2026-03-31');
  });
});

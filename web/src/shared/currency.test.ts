import { describe, expect, it } from 'vitest';
import { formatAmount, multiplyMinor, sumMinor } from './currency.ts';

describe('formatAmount', () => {
  it('shows company-currency amounts with the yuan sign', () => {
    expect(formatAmount(123456, 'CNY', 'zh-CN')).toBe('¥1,234.56');
  });

  it('names a foreign currency instead of showing a yuan sign', () => {
    expect(formatAmount(123456, 'USD', 'en')).toBe('USD 1,234.56');
    expect(formatAmount(-5, 'EUR', 'zh-CN')).toBe('EUR -0.05');
  });
});

describe('multiplyMinor and sumMinor', () => {
  it('multiplies quantities by unit prices exactly', () => {
    expect(multiplyMinor(3, 1999)).toBe(5997);
    expect(multiplyMinor(10_000_000, 1_000_000_000_000)).toBeNull();
  });

  it('adds amounts exactly and refuses totals beyond the safe range', () => {
    expect(sumMinor([29, 115, 435])).toBe(579);
    expect(sumMinor([])).toBe(0);
    expect(sumMinor([Number.MAX_SAFE_INTEGER, 1])).toBeNull();
  });
});

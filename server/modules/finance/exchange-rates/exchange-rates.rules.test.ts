import { describe, expect, it } from 'vitest';
import { chooseRate, normalizeRate, RATE_MAX_AGE_DAYS } from './exchange-rates.rules.ts';

describe('the rate of a document’s date', () => {
  const latest = { rate: '7.1234', rateDate: '2026-11-02' };

  it('is the latest rate on or before the date, with 8 decimals', () => {
    expect(chooseRate('USD', '2026-11-02', latest)).toEqual({
      kind: 'found',
      rate: '7.12340000',
      rateDate: '2026-11-02',
    });
    expect(chooseRate('USD', '2026-11-09', latest)).toMatchObject({ kind: 'found', rate: '7.12340000' });
  });

  it('is always 1 for the company currency', () => {
    expect(chooseRate('CNY', '2026-11-09', null)).toEqual({ kind: 'company_currency', rate: '1.00000000' });
  });

  it(`is missing when there is none, or only one older than ${RATE_MAX_AGE_DAYS} days`, () => {
    expect(chooseRate('EUR', '2026-11-09', null)).toEqual({ kind: 'missing', latestRateDate: null });
    // A monthly rate still covers the 3rd of the next month (31 days later), not the 4th.
    expect(chooseRate('USD', '2026-12-03', latest).kind).toBe('found');
    expect(chooseRate('USD', '2026-12-04', latest)).toEqual({
      kind: 'missing',
      latestRateDate: '2026-11-02',
    });
  });

  it('keeps rates exact as decimal text', () => {
    expect(normalizeRate('7')).toBe('7.00000000');
    expect(normalizeRate('0.12345678')).toBe('0.12345678');
    expect(normalizeRate('007.10250000')).toBe('7.10250000');
    expect(() => normalizeRate('7.123456789')).toThrow(RangeError);
  });
});

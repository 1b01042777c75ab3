import { describe, expect, it } from 'vitest';
import { agingBucket, daysPastDue } from './aging.rules.ts';

describe('aging buckets (DOMAIN §4)', () => {
  it.each([
    [0, 'not_due'],
    [1, '1_30'],
    [30, '1_30'],
    [31, '31_60'],
    [60, '31_60'],
    [61, '61_90'],
    [90, '61_90'],
    [91, '91_180'],
    [180, '91_180'],
    [181, 'over_180'],
  ])('puts an invoice %i days past due in %s', (days, bucket) => {
    expect(agingBucket(days)).toBe(bucket);
  });

  it('counts days past due as as-of − due date, and an invoice not yet due as 0', () => {
    expect(daysPastDue('2026-01-31', '2026-03-02')).toBe(30);
    expect(daysPastDue('2026-03-10', '2026-03-02')).toBe(0);
    expect(daysPastDue('2026-03-02', '2026-03-02')).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { planSeries } from './targets.ts';

describe('demo targets', () => {
  it('sets each month the mean of it and its neighbours plus the uplift, rounded to 1,000 yuan', () => {
    const revenue = new Map([
      ['2025-10', 1_000_000_00],
      ['2025-11', 1_300_000_00],
      ['2025-12', 1_600_000_00],
    ]);
    const targets = planSeries({ regionId: 1, repId: null, revenue }, '2026-01', () => 0.1);
    expect(targets).toEqual([
      // (1,000,000 + 1,300,000) ÷ 2 × 1.1 = 1,265,000 yuan
      { month: '2025-10', amountFen: 1_265_000_00 },
      // 1,300,000 × 1.1 = 1,430,000
      { month: '2025-11', amountFen: 1_430_000_00 },
      // (1,300,000 + 1,600,000) ÷ 2 × 1.1 = 1,595,000 (the current month's partial actuals are left out)
      { month: '2025-12', amountFen: 1_595_000_00 },
      // From the current month on: a year earlier + 10 %, rounded (1,391,500 → 1,392,000); none a year earlier, no target.
      { month: '2026-10', amountFen: 1_392_000_00 },
      { month: '2026-11', amountFen: 1_573_000_00 },
      { month: '2026-12', amountFen: 1_755_000_00 },
    ]);
  });

  it('sets nothing for a series without revenue before the current month', () => {
    expect(
      planSeries({ regionId: 1, repId: 7, revenue: new Map([['2026-01', 5]]) }, '2026-01', () => 0.1),
    ).toEqual([]);
  });
});

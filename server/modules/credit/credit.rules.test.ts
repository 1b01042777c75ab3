import { describe, expect, it } from 'vitest';
import {
  agingBucket,
  type CreditInputs,
  decideOrder,
  dsoCountback,
  expectedCreditLossFen,
  gradeOf,
  recommendedLimitFen,
  scoreCustomer,
} from './credit.rules.ts';

const yuan = (n: number) => n * 100;

describe('order-time credit decision (DOMAIN §4 example)', () => {
  const base = {
    status: 'normal' as const,
    grade: 'B' as const,
    limitFen: yuan(500_000),
    openReceivablesFen: yuan(300_000),
    openOrdersFen: yuan(50_000),
    worstDaysPastDue: 0,
  };

  it('approves an order of 120,000: exposure 470,000 within the 500,000 limit', () => {
    expect(decideOrder({ ...base, orderFen: yuan(120_000) })).toEqual({
      decision: 'approve',
      exposureFen: yuan(470_000),
      rule: 'within_limit',
    });
  });

  it('sends an order of 220,000 to the regional manager: 570,000 ≤ 600,000', () => {
    expect(decideOrder({ ...base, orderFen: yuan(220_000) })).toMatchObject({
      decision: 'regional_manager',
      exposureFen: yuan(570_000),
    });
  });

  it('sends an order of 300,000 to the finance director: 650,000', () => {
    expect(decideOrder({ ...base, orderFen: yuan(300_000) })).toMatchObject({
      decision: 'finance_director',
      exposureFen: yuan(650_000),
    });
  });

  it('rejects the same customer with an invoice 95 days past due', () => {
    expect(decideOrder({ ...base, orderFen: yuan(120_000), worstDaysPastDue: 95 })).toMatchObject({
      decision: 'reject',
      rule: 'overdue_over_90',
    });
  });

  it('rejects a customer on hold or graded E whatever the amount', () => {
    expect(decideOrder({ ...base, status: 'hold', orderFen: 1 }).decision).toBe('reject');
    expect(decideOrder({ ...base, grade: 'E', orderFen: 1 }).decision).toBe('reject');
  });

  it('sends a grade C customer just over the limit to the finance director, not the regional manager', () => {
    expect(decideOrder({ ...base, grade: 'C', orderFen: yuan(200_000) }).decision).toBe('finance_director');
  });
});

describe('scorecard and grades', () => {
  const newCustomer: CreditInputs = {
    punctuality: null,
    worstDaysPastDue: 0,
    hasBadDebt: false,
    exposureFen: 0,
    limitFen: 0,
    relationshipYears: 0,
    monthlyOrderValuesFen: null,
    qualification: 'all_valid',
  };

  it('gives a brand-new customer the neutral value for punctuality and stability', () => {
    const card = scoreCustomer(newCustomer);
    // (35×60 + 20×100 + 10×100 + 10×100 + 10×30 + 5×60 + 10×100) ÷ 100 = 77.00
    expect(card.score).toBe(77);
    expect(card.grade).toBe('B');
    expect(card.factors.filter((f) => f.isNeutral).map((f) => f.factor)).toEqual([
      'punctuality',
      'orderStability',
    ]);
  });

  it('puts grade boundaries exactly: 84.99 is B, 85.00 is A', () => {
    expect(gradeOf(84.99)).toBe('B');
    expect(gradeOf(85)).toBe('A');
    expect(gradeOf(69.99)).toBe('C');
    expect(gradeOf(55)).toBe('C');
    expect(gradeOf(54.99)).toBe('D');
    expect(gradeOf(39.99)).toBe('E');
  });

  it('scores a mixed record to two decimals', () => {
    const card = scoreCustomer({
      ...newCustomer,
      punctuality: { paidOnTimeFen: 2, invoicedFen: 3 },
      worstDaysPastDue: 45,
      exposureFen: 90,
      limitFen: 100,
      relationshipYears: 4,
      monthlyOrderValuesFen: [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100],
      qualification: 'expiring_within_30_days',
    });
    // 35×66.667 + 20×40 + 10×100 + 10×40 + 10×80 + 5×100 + 10×50 = 6333.33 → 63.33, grade C
    expect(card.score).toBe(63.33);
    expect(card.grade).toBe('C');
  });
});

describe('recommended limit', () => {
  it('is net sales ÷ 12 × (terms ÷ 30 + 1) × grade multiplier, rounded down to 1,000 yuan', () => {
    // 1,234,567 yuan ÷ 12 × (60/30 + 1) × 1.2 = 370,370.1 → 370,000
    expect(recommendedLimitFen(yuan(1_234_567), 60, 'B')).toBe(yuan(370_000));
    expect(recommendedLimitFen(yuan(1_234_567), 60, 'E')).toBe(0);
  });
});

describe('aging, DSO and expected credit loss', () => {
  it('buckets days past due at the boundaries', () => {
    const cases: [number, string][] = [
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
    ];
    for (const [days, bucket] of cases) expect(agingBucket(days)).toBe(bucket);
  });

  it('computes countback DSO: AR 212,000 over sales 100,000 / 80,000 / 70,000 → 73.7 days', () => {
    const dso = dsoCountback(yuan(212_000), [
      { salesFen: yuan(100_000), days: 30 },
      { salesFen: yuan(80_000), days: 30 },
      { salesFen: yuan(70_000), days: 30 },
    ]);
    expect(dso).toBeCloseTo(73.714, 3);
    expect(Math.round(dso * 10) / 10).toBe(73.7);
  });

  it('reproduces the ECL example with > 90 merged: 27,570', () => {
    const result = expectedCreditLossFen(
      {
        not_due: yuan(300_000),
        '1_30': yuan(140_000),
        '31_60': yuan(60_000),
        '61_90': yuan(23_000),
        '91_180': yuan(5_000),
        over_180: 0,
      },
      [
        { buckets: ['not_due'], lossRate: 0.02 },
        { buckets: ['1_30'], lossRate: 0.04 },
        { buckets: ['31_60'], lossRate: 0.087 },
        { buckets: ['61_90'], lossRate: 0.25 },
        { buckets: ['91_180', 'over_180'], lossRate: 1 },
      ],
    );
    expect(result.provisionFen).toBe(yuan(27_570));
  });

  it('refuses a matrix that leaves a bucket out', () => {
    expect(() =>
      expectedCreditLossFen({ not_due: 0, '1_30': 0, '31_60': 0, '61_90': 0, '91_180': 0, over_180: 0 }, [
        { buckets: ['not_due'], lossRate: 0.02 },
      ]),
    ).toThrow(/exactly once/);
  });
});

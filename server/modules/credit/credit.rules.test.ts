import { describe, expect, it } from 'vitest';
import { reminderFor } from './collections.rules.ts';
import {
  agingBucket,
  type CreditInputs,
  decideOrder,
  decisionReason,
  defaultCreditPolicy,
  dsoCountback,
  dsoStandard,
  expectedCreditLossFen,
  findPolicyProblems,
  formatYuan,
  gradeOf,
  initialLimitFen,
  recommendedLimitFen,
  scoreCustomer,
  stabilityMonths,
  utilisationScore,
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
      qualification: 'expiring_soon',
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

describe('decision boundaries and the collection rule', () => {
  const base = {
    status: 'normal' as const,
    grade: 'B' as const,
    limitFen: yuan(500_000),
    openReceivablesFen: yuan(300_000),
    openOrdersFen: yuan(50_000),
    worstDaysPastDue: 0,
  };

  it('approves an exposure exactly at the limit and sends one fen more to the regional manager', () => {
    expect(decideOrder({ ...base, orderFen: yuan(150_000) }).decision).toBe('approve');
    expect(decideOrder({ ...base, orderFen: yuan(150_000) + 1 }).decision).toBe('regional_manager');
  });

  it('keeps exactly 120 % of the limit with the regional manager and one fen more with the finance director', () => {
    expect(decideOrder({ ...base, orderFen: yuan(250_000) }).decision).toBe('regional_manager');
    expect(decideOrder({ ...base, orderFen: yuan(250_000) + 1 }).decision).toBe('finance_director');
  });

  it('rejects at 91 days past due but not at 90', () => {
    expect(decideOrder({ ...base, orderFen: 1, worstDaysPastDue: 90 }).decision).toBe('approve');
    expect(decideOrder({ ...base, orderFen: 1, worstDaysPastDue: 91 }).decision).toBe('reject');
  });

  it('sends a grade C order within the limit to the finance director once an invoice is over 60 days past due', () => {
    const c = { ...base, grade: 'C' as const, orderFen: yuan(10_000) };
    expect(decideOrder({ ...c, worstDaysPastDue: 60 })).toMatchObject({ decision: 'approve' });
    expect(decideOrder({ ...c, worstDaysPastDue: 61 })).toMatchObject({
      decision: 'finance_director',
      rule: 'overdue_over_60_grade_c',
    });
  });

  describe('the collection rule at order time (> 60 days past due: grades C–E go to approval)', () => {
    // Within the limit: exposure 300,000 + 50,000 + 10,000 = 360,000 ≤ 500,000.
    const within = { ...base, orderFen: yuan(10_000) };

    it('sends a grade C customer 61 days overdue to the finance director, and says why in both languages', () => {
      const result = decideOrder({ ...within, grade: 'C', worstDaysPastDue: 61 });
      expect(result).toEqual({
        decision: 'finance_director',
        exposureFen: yuan(360_000),
        rule: 'overdue_over_60_grade_c',
      });
      const facts = { ...result, limitFen: within.limitFen, grade: 'C' as const, worstDaysPastDue: 61 };
      expect(decisionReason(facts, 'en')).toContain('61 days past due');
      expect(decisionReason(facts, 'en')).toContain('finance director');
      expect(decisionReason(facts, 'zh-CN')).toContain('逾期 61 天');
      expect(decisionReason(facts, 'zh-CN')).toContain('财务总监');
    });

    it('lets a grade C customer exactly 60 days overdue through', () => {
      expect(decideOrder({ ...within, grade: 'C', worstDaysPastDue: 60 })).toMatchObject({
        decision: 'approve',
        rule: 'within_limit',
      });
    });

    it('does not touch a grade B customer 90 days overdue within the limit', () => {
      expect(decideOrder({ ...within, grade: 'B', worstDaysPastDue: 90 })).toMatchObject({
        decision: 'approve',
        rule: 'within_limit',
      });
    });

    it('names the lateness, not the limit, for a grade D customer 61 days overdue', () => {
      expect(decideOrder({ ...within, grade: 'D', worstDaysPastDue: 61 })).toMatchObject({
        decision: 'finance_director',
        rule: 'overdue_over_60_grade_c',
      });
      expect(decideOrder({ ...within, grade: 'D', worstDaysPastDue: 60 }).rule).toBe('otherwise');
    });

    it('agrees with the collections worklist on which grades and days need approval', () => {
      for (const grade of ['A', 'B', 'C', 'D'] as const) {
        for (const days of [0, 30, 60, 61, 90]) {
          const needsApproval = reminderFor(grade, days)?.ordersNeedApproval ?? false;
          const decision = decideOrder({ ...within, grade, worstDaysPastDue: days }).decision;
          // D never passes automatically; the others pass unless the collection rule applies.
          expect(decision === 'finance_director').toBe(needsApproval || grade === 'D');
        }
      }
    });
  });

  it('never approves grade D automatically, even far below the limit', () => {
    expect(decideOrder({ ...base, grade: 'D', orderFen: 1 }).decision).toBe('finance_director');
  });

  it('explains the regional manager case in both languages with the amounts in yuan', () => {
    const facts = {
      rule: 'within_120_percent' as const,
      exposureFen: yuan(570_000),
      limitFen: yuan(500_000),
      grade: 'B' as const,
      worstDaysPastDue: 0,
    };
    expect(decisionReason(facts, 'en')).toContain('570,000.00');
    expect(decisionReason(facts, 'en')).toContain('regional manager');
    expect(decisionReason(facts, 'zh-CN')).toContain('区域经理');
    expect(formatYuan(-123_456_78)).toBe('-123,456.78');
  });
});

describe('scorecard details', () => {
  const strong: CreditInputs = {
    punctuality: { paidOnTimeFen: 4, invoicedFen: 7 },
    worstDaysPastDue: 0,
    hasBadDebt: false,
    exposureFen: 0,
    limitFen: yuan(100_000),
    relationshipYears: 5,
    monthlyOrderValuesFen: Array.from({ length: 12 }, () => yuan(10_000)),
    qualification: 'all_valid',
  };

  it('grades 85.00 as A and 84.99 as B through the whole scorecard', () => {
    // (35 × 400/7 + 6,500) ÷ 100 = 85.00
    expect(scoreCustomer(strong)).toMatchObject({ score: 85, grade: 'A' });
    // (35 × 100 × 1,999/3,500 + 6,500) ÷ 100 = 84.99
    const card = scoreCustomer({ ...strong, punctuality: { paidOnTimeFen: 1_999, invoicedFen: 3_500 } });
    expect(card).toMatchObject({ score: 84.99, grade: 'B' });
  });

  it('reports each factor with the points it adds, which sum to the score', () => {
    const card = scoreCustomer(strong);
    const sum = card.factors.reduce((s, f) => s + f.weighted, 0);
    expect(Math.abs(sum - card.score)).toBeLessThan(0.05);
    expect(card.factors.find((f) => f.factor === 'punctuality')).toMatchObject({ weight: 35, score: 57.14 });
  });

  it('scores utilisation at exactly 50 %, 80 % and 100 % of the limit into the better band', () => {
    expect(utilisationScore(50, 100)).toBe(100);
    expect(utilisationScore(51, 100)).toBe(70);
    expect(utilisationScore(80, 100)).toBe(70);
    expect(utilisationScore(100, 100)).toBe(40);
    expect(utilisationScore(101, 100)).toBe(0);
    expect(utilisationScore(0, 0)).toBe(100);
    expect(utilisationScore(1, 0)).toBe(0);
    // A prepayment (negative exposure) is the best case.
    expect(utilisationScore(-500, 100)).toBe(100);
  });

  it('treats twelve empty months as no data (neutral), and gaps as zeros', () => {
    const none = scoreCustomer({ ...strong, monthlyOrderValuesFen: Array.from({ length: 12 }, () => 0) });
    expect(none.factors.find((f) => f.factor === 'orderStability')).toMatchObject({
      score: 60,
      isNeutral: true,
    });
    const oneMonth = scoreCustomer({ ...strong, monthlyOrderValuesFen: [...Array(11).fill(0), 100] });
    // CV of one non-empty month in twelve: √11 ≈ 3.32 > 1 → 30.
    expect(oneMonth.factors.find((f) => f.factor === 'orderStability')).toMatchObject({ score: 30 });
  });

  it('scores a customer without any qualification on file like an expired one', () => {
    const card = scoreCustomer({ ...strong, qualification: 'missing' });
    expect(card.factors.find((f) => f.factor === 'qualification')?.score).toBe(0);
  });

  it('follows a changed policy: other weights and grade bounds', () => {
    const policy = {
      ...defaultCreditPolicy,
      weights: { ...defaultCreditPolicy.weights, punctuality: 0 },
      gradeBounds: { A: 99, B: 90, C: 80, D: 70 },
    };
    // Without punctuality every other factor is at its best: 100.00.
    expect(scoreCustomer(strong, policy)).toMatchObject({ score: 100, grade: 'A' });
    expect(gradeOf(95, policy.gradeBounds)).toBe('B');
  });

  it('lists the 12 calendar months before the rating month', () => {
    const months = stabilityMonths('2026-01-15');
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2025-01');
    expect(months[11]).toBe('2025-12');
  });
});

describe('limits and policy checks', () => {
  it('uses the policy multipliers and rounding, and never recommends a negative limit', () => {
    const policy = {
      ...defaultCreditPolicy,
      gradeMultipliers: { ...defaultCreditPolicy.gradeMultipliers, B: 2 },
    };
    // 1,200,000 ÷ 12 × (30/30 + 1) × 2 = 400,000
    expect(recommendedLimitFen(yuan(1_200_000), 30, 'B', policy)).toBe(yuan(400_000));
    expect(recommendedLimitFen(yuan(1_200_000), 30, 'A')).toBe(yuan(300_000));
    expect(recommendedLimitFen(-5, 30, 'A')).toBe(0);
  });

  it('starts a new customer at the policy start limit unless the recommendation is higher', () => {
    expect(initialLimitFen(0)).toBe(yuan(100_000));
    expect(initialLimitFen(yuan(250_000))).toBe(yuan(250_000));
  });

  it('accepts the default policy and names what is wrong with a broken one', () => {
    expect(findPolicyProblems(defaultCreditPolicy)).toEqual([]);
    const broken = {
      ...defaultCreditPolicy,
      weights: Object.fromEntries(
        Object.keys(defaultCreditPolicy.weights).map((k) => [k, 0]),
      ) as typeof defaultCreditPolicy.weights,
      gradeBounds: { A: 70, B: 85, C: 55, D: 40 },
      daysPastDue: {
        ...defaultCreditPolicy.daysPastDue,
        bands: [
          { upToDays: 30, score: 70 },
          { upToDays: 0, score: 100 },
        ],
      },
      eclMatrix: [{ buckets: ['not_due' as const], lossRate: 0.02 }],
    };
    expect(findPolicyProblems(broken)).toEqual([
      'weights: at least one weight must be above 0',
      'daysPastDue.bands.upToDays must be strictly ascending',
      'gradeBounds: A > B > C > D is required',
      'eclMatrix: every aging bucket must appear exactly once',
    ]);
  });

  it('computes standard DSO as AR ÷ credit sales × days', () => {
    expect(dsoStandard(yuan(212_000), yuan(250_000), 90)).toBeCloseTo(76.32, 2);
  });
});

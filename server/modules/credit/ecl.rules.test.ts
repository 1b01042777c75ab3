import { describe, expect, it } from 'vitest';
import { type BucketObservation, historicalLossRates, observedMonthEnds } from './ecl.rules.ts';

const yuan = (n: number) => n * 100;

describe('loss rates from history', () => {
  // Two month-ends of a small company; what each bucket held then, and what of it was written off later.
  const history: BucketObservation[] = [
    { monthEnd: '2025-01-31', bucket: 'not_due', balanceFen: yuan(100_000), laterWrittenOffFen: yuan(1_000) },
    { monthEnd: '2025-01-31', bucket: '1_30', balanceFen: yuan(50_000), laterWrittenOffFen: yuan(2_000) },
    { monthEnd: '2025-01-31', bucket: '91_180', balanceFen: yuan(10_000), laterWrittenOffFen: yuan(5_000) },
    { monthEnd: '2025-02-28', bucket: 'not_due', balanceFen: yuan(300_000), laterWrittenOffFen: yuan(1_000) },
    { monthEnd: '2025-02-28', bucket: '1_30', balanceFen: yuan(30_000), laterWrittenOffFen: 0 },
    { monthEnd: '2025-02-28', bucket: 'over_180', balanceFen: yuan(5_000), laterWrittenOffFen: yuan(5_000) },
  ];

  it('pools each bucket over the month-ends: written off later ÷ balance then', () => {
    expect(historicalLossRates(history)).toEqual([
      // (1,000 + 1,000) ÷ (100,000 + 300,000) = 0.5 %
      { buckets: ['not_due'], balanceFen: yuan(400_000), writtenOffFen: yuan(2_000), lossRate: 0.005 },
      // (2,000 + 0) ÷ (50,000 + 30,000) = 2.5 %
      { buckets: ['1_30'], balanceFen: yuan(80_000), writtenOffFen: yuan(2_000), lossRate: 0.025 },
      // nothing was ever 31–90 days late: no rate to suggest
      { buckets: ['31_60'], balanceFen: 0, writtenOffFen: 0, lossRate: null },
      { buckets: ['61_90'], balanceFen: 0, writtenOffFen: 0, lossRate: null },
      // 5,000 ÷ 10,000 = 50 %
      { buckets: ['91_180'], balanceFen: yuan(10_000), writtenOffFen: yuan(5_000), lossRate: 0.5 },
      { buckets: ['over_180'], balanceFen: yuan(5_000), writtenOffFen: yuan(5_000), lossRate: 1 },
    ]);
  });

  it('merges buckets as the matrix does and rounds the rate half up to four decimals', () => {
    const [, , overNinety] = historicalLossRates(history, [
      ['not_due', '1_30'],
      ['31_60', '61_90'],
      ['91_180', 'over_180'],
    ]);
    // (5,000 + 5,000) ÷ (10,000 + 5,000) = 0.66666… → 66.67 %
    expect(overNinety).toEqual({
      buckets: ['91_180', 'over_180'],
      balanceFen: yuan(15_000),
      writtenOffFen: yuan(10_000),
      lossRate: 0.6667,
    });
    // (2,000 + 2,000) ÷ (400,000 + 80,000) = 0.008333… → 0.83 %
    expect(historicalLossRates(history, [['not_due', '1_30']])[0]!.lossRate).toBe(0.0083);
  });

  it('never counts more written off than was open then', () => {
    const [line] = historicalLossRates(
      [{ monthEnd: '2025-01-31', bucket: '61_90', balanceFen: 100, laterWrittenOffFen: 150 }],
      [['61_90']],
    );
    expect(line).toMatchObject({ writtenOffFen: 100, lossRate: 1 });
  });

  it('rejects a bucket in two groups', () => {
    expect(() => historicalLossRates(history, [['not_due'], ['not_due', '1_30']])).toThrow(RangeError);
  });
});

describe('observed month-ends', () => {
  it('leaves the most recent months to mature and lists the month-ends oldest first', () => {
    // As of 15 March 2025, 3 month-ends, the newest 1 month of maturity before the previous month-end.
    expect(observedMonthEnds('2025-03-15', 3, 1)).toEqual(['2024-11-30', '2024-12-31', '2025-01-31']);
    expect(observedMonthEnds('2024-03-01', 2, 0)).toEqual(['2024-01-31', '2024-02-29']);
  });
});

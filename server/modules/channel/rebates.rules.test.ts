import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accrueMonth,
  computeRebate,
  growthRebate,
  incrementalRebate,
  percentToBasisPoints,
  type RebateTier,
  retroactiveRebate,
  settleQuarter,
  tierReached,
  validateTiers,
} from './rebates.rules.ts';

const yuan = (n: number) => BigInt(Math.round(n * 100));

/** DOMAIN's example: from 0 → 0%; from 1,000,000 → 2%; from 3,000,000 → 3.5%. */
const exampleTiers: RebateTier[] = [
  { fromFen: yuan(0), rateBp: 0 },
  { fromFen: yuan(1_000_000), rateBp: 200 },
  { fromFen: yuan(3_000_000), rateBp: 350 },
];

describe('DOMAIN rebate examples', () => {
  it('pays a retroactive rebate of 112,000 on sales of 3,200,000 (3.5% on everything)', () => {
    expect(retroactiveRebate(exampleTiers, yuan(3_200_000)).rebateFen).toBe(yuan(112_000));
  });

  it('pays an incremental rebate of 0 + 40,000 + 7,000 = 47,000 on sales of 3,200,000', () => {
    const result = incrementalRebate(exampleTiers, yuan(3_200_000));
    expect(result.rebateFen).toBe(yuan(47_000));
    expect(result.lines.map((l) => [l.baseFen, l.rateBp, l.rebateFen])).toEqual([
      [yuan(1_000_000), 0, 0n],
      [yuan(2_000_000), 200, yuan(40_000)],
      [yuan(200_000), 350, yuan(7_000)],
    ]);
  });

  it("pays a growth rebate of 35,000: 5% on the 700,000 above last year's 2,500,000", () => {
    const result = growthRebate(500, yuan(3_200_000), yuan(2_500_000));
    expect(result.rebateFen).toBe(yuan(35_000));
    expect(result.lines[0]?.baseFen).toBe(yuan(700_000));
  });
});

describe('tier bounds are inclusive', () => {
  it('reaches the 2% tier at exactly 1,000,000 and not one fen below', () => {
    expect(retroactiveRebate(exampleTiers, yuan(1_000_000)).rebateFen).toBe(yuan(20_000));
    expect(retroactiveRebate(exampleTiers, yuan(999_999.99)).rebateFen).toBe(0n);
  });

  it('reaches the 3.5% tier at exactly 3,000,000; one fen below earns 2%, rounded half up to the fen', () => {
    expect(retroactiveRebate(exampleTiers, yuan(3_000_000)).rebateFen).toBe(yuan(105_000));
    // 299,999,999 fen × 2% = 5,999,999.98 fen → 6,000,000 fen.
    expect(retroactiveRebate(exampleTiers, yuan(2_999_999.99)).rebateFen).toBe(6_000_000n);
  });

  it('puts nothing on the top tier when sales stop exactly at its lower bound (incremental)', () => {
    const result = incrementalRebate(exampleTiers, yuan(3_000_000));
    expect(result.rebateFen).toBe(yuan(40_000));
    expect(result.lines[2]?.baseFen).toBe(0n);
  });

  it('names the tier the sales reach', () => {
    expect(tierReached(exampleTiers, yuan(2_000_000))?.rateBp).toBe(200);
    expect(tierReached([{ fromFen: yuan(500_000), rateBp: 100 }], yuan(400_000))).toBeNull();
  });
});

describe('rounding and exactness', () => {
  it('rounds the rebate once, not per line: two half-fen lines make one fen, given to the earlier line', () => {
    const tiers = [
      { fromFen: 0n, rateBp: 50 },
      { fromFen: 100n, rateBp: 50 },
    ];
    const result = incrementalRebate(tiers, 200n);
    expect(result.rebateFen).toBe(1n);
    expect(result.lines.map((l) => l.rebateFen)).toEqual([1n, 0n]);
  });

  it('always has statement lines that add up to the rebate, within half a fen of the exact amount (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.bigInt({ min: 0n, max: 10n ** 10n }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 6, maxLength: 6 }),
        fc.bigInt({ min: -(10n ** 9n), max: 10n ** 11n }),
        (bounds, rates, sales) => {
          const tiers = bounds.map((fromFen, i) => ({ fromFen, rateBp: rates[i]! }));
          for (const result of [incrementalRebate(tiers, sales), retroactiveRebate(tiers, sales)]) {
            expect(result.lines.reduce((a, l) => a + l.rebateFen, 0n)).toBe(result.rebateFen);
            const exactTimes10k = result.lines.reduce((a, l) => a + l.baseFen * BigInt(l.rateBp), 0n);
            const diff = result.rebateFen * 10_000n - exactTimes10k;
            expect(diff > -5_000n && diff <= 5_000n).toBe(true);
            expect(result.rebateFen >= 0n).toBe(true);
          }
        },
      ),
    );
  });
});

describe('edge cases', () => {
  it('pays nothing on zero or negative net sales', () => {
    expect(retroactiveRebate(exampleTiers, 0n).rebateFen).toBe(0n);
    expect(incrementalRebate(exampleTiers, yuan(-5_000)).rebateFen).toBe(0n);
    expect(growthRebate(500, yuan(-10), yuan(-100)).rebateFen).toBe(0n);
  });

  it("pays no growth rebate when sales do not exceed last year's", () => {
    expect(growthRebate(500, yuan(2_500_000), yuan(2_500_000)).rebateFen).toBe(0n);
    expect(growthRebate(500, yuan(2_000_000), yuan(2_500_000)).rebateFen).toBe(0n);
  });

  it('accepts tiers in any order and refuses duplicate bounds, negative bounds and fractional rates', () => {
    expect(retroactiveRebate([...exampleTiers].reverse(), yuan(3_200_000)).rebateFen).toBe(yuan(112_000));
    expect(() => validateTiers([])).toThrow(RangeError);
    expect(() => validateTiers([exampleTiers[1]!, exampleTiers[1]!])).toThrow(RangeError);
    expect(() => validateTiers([{ fromFen: -1n, rateBp: 0 }])).toThrow(RangeError);
    expect(() => validateTiers([{ fromFen: 0n, rateBp: 2.5 }])).toThrow(RangeError);
  });

  it('reads percentages as exact decimals: 3.5% is 350 basis points', () => {
    expect(percentToBasisPoints('3.5')).toBe(350);
    expect(percentToBasisPoints('2')).toBe(200);
    expect(percentToBasisPoints('0.05')).toBe(5);
    expect(() => percentToBasisPoints('1.234')).toThrow(RangeError);
    expect(() => percentToBasisPoints('-1')).toThrow(RangeError);
  });
});

describe('monthly accrual and quarterly settlement', () => {
  it('accrues each month at the expected rate and trues up at quarter end', () => {
    const months = [yuan(1_000_000), yuan(1_100_000), yuan(1_100_000)];
    const accrued = months.map((m) => accrueMonth(m, 300));
    expect(accrued).toEqual([yuan(30_000), yuan(33_000), yuan(33_000)]);
    const settlement = settleQuarter(
      { kind: 'retroactive', tiers: exampleTiers },
      months,
      accrued.reduce((a, b) => a + b, 0n),
    );
    expect(settlement).toMatchObject({
      salesFen: yuan(3_200_000),
      rebateFen: yuan(112_000),
      accruedFen: yuan(96_000),
      adjustmentFen: yuan(16_000),
    });
  });

  it('releases an over-accrual as a negative adjustment, and accrues nothing on a month of net returns', () => {
    const settlement = settleQuarter(
      { kind: 'incremental', tiers: exampleTiers },
      [yuan(3_200_000)],
      yuan(60_000),
    );
    expect(settlement.adjustmentFen).toBe(yuan(-13_000));
    expect(accrueMonth(yuan(-1_000), 300)).toBe(0n);
  });

  it('computes any scheme through one entry point', () => {
    expect(
      computeRebate({ kind: 'growth', rateBp: 500, lastYearSamePeriodFen: yuan(2_500_000) }, yuan(3_200_000))
        .rebateFen,
    ).toBe(yuan(35_000));
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../platform/dates.ts';
import {
  type AttributableOrder,
  type AttributedShare,
  type AttributionModel,
  attributeOrder,
  attributionModels,
  campaignRoi,
  countReached,
  customerAcquisitionCostFen,
  daysInStages,
  lifetimeValueFen,
  modelWeights,
  salesVelocity,
  selectTouches,
  stageConversions,
  type Touch,
  timeDecayWeights,
} from './attribution.rules.ts';

const DAY0 = '2026-01-01';
const day = (n: number) => addDays(DAY0, n);
const touch = (touchId: string, dayNumber: number, time?: string): Touch =>
  time === undefined ? { touchId, date: day(dayNumber) } : { touchId, date: day(dayNumber), time };

const order = (
  dayNumber: number,
  grossProfitFen: bigint,
  revenueFen = 0n,
  collectedCashFen = 0n,
): AttributableOrder => ({
  orderId: 'SO1',
  orderDate: day(dayNumber),
  revenueFen,
  grossProfitFen,
  collectedCashFen,
});

function grossProfitShares(model: AttributionModel, touches: Touch[], o: AttributableOrder) {
  const result = attributeOrder(o, touches, model);
  if (result.status !== 'attributed') throw new Error('expected an attributed order');
  return result.shares.map((s) => [s.touch.touchId, s.grossProfitFen]);
}

describe('attribution of the DOMAIN example: touches A day 0, B day 10, C day 20, order day 24, gross profit 1,000,000 fen', () => {
  const touches = [touch('C', 20), touch('A', 0), touch('B', 10)];
  const example = order(24, 1_000_000n);

  it('gives first touch all of it to A', () => {
    expect(grossProfitShares('first_touch', touches, example)).toEqual([
      ['A', 1_000_000n],
      ['B', 0n],
      ['C', 0n],
    ]);
  });

  it('gives last touch all of it to C', () => {
    expect(grossProfitShares('last_touch', touches, example)).toEqual([
      ['A', 0n],
      ['B', 0n],
      ['C', 1_000_000n],
    ]);
  });

  it('splits linear 333,334 / 333,333 / 333,333 (the leftover fen to the earlier share)', () => {
    expect(grossProfitShares('linear', touches, example).map((s) => s[1])).toEqual([
      333_334n,
      333_333n,
      333_333n,
    ]);
  });

  it('splits time decay 91,428 / 246,105 / 662,467 with weights 2^(−age ÷ 7)', () => {
    expect(grossProfitShares('time_decay', touches, example).map((s) => s[1])).toEqual([
      91_428n,
      246_105n,
      662_467n,
    ]);
  });

  it('splits position-based 400,000 / 200,000 / 400,000', () => {
    expect(grossProfitShares('position_based', touches, example).map((s) => s[1])).toEqual([
      400_000n,
      200_000n,
      400_000n,
    ]);
  });

  it('splits revenue and collected cash by the same weights, each adding up exactly', () => {
    const result = attributeOrder(order(24, 1_000_000n, 1_234_567n, 500_001n), touches, 'linear');
    if (result.status !== 'attributed') throw new Error('expected an attributed order');
    expect(result.shares.map((s) => s.revenueFen)).toEqual([411_523n, 411_522n, 411_522n]);
    expect(result.shares.map((s) => s.collectedCashFen)).toEqual([166_667n, 166_667n, 166_667n]);
    expect(result.shares.map((s) => s.ageDays)).toEqual([24, 14, 4]);
  });
});

describe('which touches count', () => {
  it('counts a touch 179 days before the order but not one 180 days before (default lookback 180)', () => {
    const counted = selectTouches([touch('old', 0), touch('edge', 1)], day(180));
    expect(counted.map((t) => t.touchId)).toEqual(['edge']);
  });

  it('reads the lookback from configuration', () => {
    const result = attributeOrder(order(40, 100n), [touch('A', 0), touch('B', 20)], 'first_touch', {
      lookbackDays: 30,
      halfLifeDays: 7,
    });
    expect(result.status === 'attributed' && result.shares.map((s) => s.touch.touchId)).toEqual(['B']);
  });

  it('counts a touch on the order date and never one after the order', () => {
    const counted = selectTouches([touch('after', 11), touch('same day', 10)], day(10));
    expect(counted.map((t) => t.touchId)).toEqual(['same day']);
  });

  it('orders touches by date, then time of day, then id, whatever the input order', () => {
    const counted = selectTouches(
      [
        touch('b', 5, '09:00'),
        touch('z', 5),
        touch('a', 5, '09:00'),
        touch('c', 5, '08:30'),
        touch('x', 4, '23:59'),
      ],
      day(6),
    );
    expect(counted.map((t) => t.touchId)).toEqual(['x', 'z', 'c', 'a', 'b']);
  });

  it('leaves an order without touches in the window unattributed', () => {
    expect(attributeOrder(order(10, 100n), [touch('late', 11)], 'linear')).toEqual({
      status: 'unattributed',
      orderId: 'SO1',
      model: 'linear',
    });
    expect(attributeOrder(order(10, 100n), [], 'first_touch').status).toBe('unattributed');
  });
});

describe('model weights', () => {
  it('gives position-based 50/50 to two touches and 100% to one', () => {
    expect(grossProfitShares('position_based', [touch('A', 0), touch('B', 1)], order(2, 1_001n))).toEqual([
      ['A', 501n],
      ['B', 500n],
    ]);
    expect(grossProfitShares('position_based', [touch('A', 0)], order(2, 1_001n))).toEqual([['A', 1_001n]]);
  });

  it('shares position-based 20% among the middle touches: four touches 40 / 10 / 10 / 40', () => {
    expect(
      grossProfitShares(
        'position_based',
        [0, 1, 2, 3].map((d) => touch(`T${d}`, d)),
        order(5, 1_000n),
      ),
    ).toEqual([
      ['T0', 400n],
      ['T1', 100n],
      ['T2', 100n],
      ['T3', 400n],
    ]);
  });

  it('halves a time-decay weight every 7 days and treats touches of the same age equally', () => {
    const [week, today, alsoToday] = timeDecayWeights([7, 0, 0]);
    expect(today).toBe(2n * week!);
    expect(today).toBe(alsoToday);
  });

  it('supports another half-life for time decay', () => {
    const [old, recent] = timeDecayWeights([28, 0], 14);
    expect(recent).toBe(4n * old!);
  });

  it('has no weights without touches', () => {
    expect(modelWeights('time_decay', [])).toEqual([]);
  });

  it('always hands out exactly the whole, never a negative share, under every model (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ id: fc.string({ maxLength: 3 }), dayNumber: fc.integer({ min: 0, max: 400 }) }),
          {
            maxLength: 12,
          },
        ),
        fc.integer({ min: 0, max: 400 }),
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        (raw, orderDay, revenue, grossProfit, cash) => {
          const touches = raw.map((t) => touch(t.id, t.dayNumber));
          const o = order(orderDay, grossProfit, revenue, cash);
          const expectedCount = touches.filter(
            (t) => t.date <= o.orderDate && t.date > day(orderDay - 180),
          ).length;
          for (const model of attributionModels) {
            const result = attributeOrder(o, touches, model);
            if (expectedCount === 0) {
              expect(result.status).toBe('unattributed');
              continue;
            }
            if (result.status !== 'attributed') throw new Error('expected an attributed order');
            expect(result.shares).toHaveLength(expectedCount);
            const shares = result.shares;
            const sum = (pick: (s: AttributedShare<Touch>) => bigint) =>
              shares.reduce((acc, s) => acc + pick(s), 0n);
            expect(sum((s) => s.revenueFen)).toBe(revenue);
            expect(sum((s) => s.grossProfitFen)).toBe(grossProfit);
            expect(sum((s) => s.collectedCashFen)).toBe(cash);
            for (const s of result.shares) {
              expect(s.revenueFen >= 0n && s.grossProfitFen >= 0n && s.collectedCashFen >= 0n).toBe(true);
            }
          }
        },
      ),
    );
  });

  it('attributes a negative gross profit as negative shares that still add up', () => {
    expect(
      grossProfitShares('linear', [touch('A', 0), touch('B', 1)], order(2, -101n)).map((s) => s[1]),
    ).toEqual([-51n, -50n]);
  });
});

describe('funnel', () => {
  it('computes sales velocity 40 × 25,000 × 0.25 ÷ 90 = 2,777.78 yuan per day', () => {
    const fenPerDay = salesVelocity(40, 2_500_000, 0.25, 90);
    expect((fenPerDay / 100).toFixed(2)).toBe('2777.78');
  });

  it('refuses a sales velocity over a cycle of zero days', () => {
    expect(() => salesVelocity(40, 2_500_000, 0.25, 0)).toThrow(RangeError);
  });

  it('converts each stage as reached k+1 ÷ reached k, with no rate after an empty stage', () => {
    const reached = countReached(['lead', 'lead', 'opportunity', 'quote', 'won', 'paid', 'paid', 'contract']);
    expect(reached).toEqual({ lead: 8, opportunity: 6, quote: 5, contract: 4, won: 3, paid: 2 });
    expect(stageConversions(reached).map((c) => [c.from, c.to, c.rate])).toEqual([
      ['lead', 'opportunity', 0.75],
      ['opportunity', 'quote', 5 / 6],
      ['quote', 'contract', 0.8],
      ['contract', 'won', 0.75],
      ['won', 'paid', 2 / 3],
    ]);
    const empty = stageConversions({ lead: 3, opportunity: 0, quote: 0, contract: 0, won: 0, paid: 0 });
    expect(empty.map((c) => c.rate)).toEqual([0, null, null, null, null]);
  });

  it('counts days in each stage from the stage history, the current stage until today', () => {
    const history = [
      { stage: 'lead' as const, enteredOn: '2026-03-01' },
      { stage: 'opportunity' as const, enteredOn: '2026-03-11' },
      { stage: 'quote' as const, enteredOn: '2026-03-15' },
      { stage: 'opportunity' as const, enteredOn: '2026-03-20' },
    ];
    expect(daysInStages(history, '2026-04-01')).toEqual({ lead: 10, opportunity: 4 + 12, quote: 5 });
  });
});

describe('marketing economics', () => {
  it('computes CAC as marketing plus sales spend per new customer, and none without new customers', () => {
    expect(customerAcquisitionCostFen(1_000_000n, 500_000n, 4)).toBe(375_000n);
    expect(customerAcquisitionCostFen(100n, 0n, 3)).toBe(33n);
    expect(customerAcquisitionCostFen(200n, 0n, 3)).toBe(67n);
    expect(customerAcquisitionCostFen(100n, 0n, 0)).toBeNull();
  });

  it('computes LTV as yearly gross profit ÷ yearly churn: 120,000 yuan at 25% churn → 480,000 yuan', () => {
    expect(lifetimeValueFen(12_000_000n, 2_500)).toBe(48_000_000n);
    expect(lifetimeValueFen(100n, 3_000)).toBe(333n);
    expect(lifetimeValueFen(100n, 0)).toBeNull();
    expect(() => lifetimeValueFen(100n, 12_000)).toThrow(RangeError);
  });

  it('computes campaign ROI net of campaign and after-sales cost: (500,000 − 200,000 − 50,000) ÷ 200,000 = 1.25', () => {
    expect(campaignRoi(50_000_000n, 20_000_000n, 5_000_000n)).toBe(1.25);
    expect(campaignRoi(10_000_000n, 20_000_000n, 0n)).toBe(-0.5);
    expect(campaignRoi(1n, 0n, 0n)).toBeNull();
  });
});

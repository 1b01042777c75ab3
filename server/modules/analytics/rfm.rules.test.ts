import { describe, expect, it } from 'vitest';
import { addDays } from '../../platform/dates.ts';
import {
  computeRfm,
  defaultRfmThresholds,
  quintileSegment,
  type RfmOrder,
  type RfmPoint,
  scoreQuintiles,
  segmentByQuintiles,
  segmentCustomer,
  yuanToFen,
} from './rfm.rules.ts';

const AS_OF = '2026-06-30';
const yuan = (n: number) => BigInt(Math.round(n * 100));
let nextId = 0;

/** An order `daysAgo` days before AS_OF. */
function order(daysAgo: number, valueYuan = 1_000, isCancelled = false): RfmOrder {
  nextId += 1;
  return {
    orderId: `SO${nextId}`,
    orderDate: addDays(AS_OF, -daysAgo),
    netValueFen: yuan(valueYuan),
    isCancelled,
  };
}

/** `count` orders, the newest `newestDaysAgo` days ago, one day apart, worth `totalYuan` in all. */
function orders(count: number, newestDaysAgo: number, totalYuan = count * 1_000): RfmOrder[] {
  const totalFen = yuan(totalYuan);
  const eachFen = totalFen / BigInt(count);
  return Array.from({ length: count }, (_, i) => ({
    ...order(newestDaysAgo + i),
    // The newest order takes the odd fen so the total is exact.
    netValueFen: i === 0 ? totalFen - eachFen * BigInt(count - 1) : eachFen,
  }));
}

const segmentOf = (list: RfmOrder[]) => segmentCustomer(list, AS_OF)?.segment ?? null;

describe('R, F and M as of a date', () => {
  it('measures recency from the last order, and counts frequency and net value over the last 365 days', () => {
    const rfm = computeRfm([order(400, 9_000), order(364, 2_000), order(10, 3_000.5), order(3, 500)], AS_OF);
    expect(rfm).toEqual({
      recencyDays: 3,
      frequency: 3,
      monetaryFen: yuan(5_500.5),
      firstOrderDate: addDays(AS_OF, -400),
      lastOrderDate: addDays(AS_OF, -3),
    });
  });

  it('leaves out an order exactly 365 days old from F and M (the window is D − 365 < d ≤ D)', () => {
    const rfm = computeRfm([order(365, 7_000), order(20, 1_000)], AS_OF);
    expect(rfm?.frequency).toBe(1);
    expect(rfm?.monetaryFen).toBe(yuan(1_000));
  });

  it('ignores cancelled orders and orders dated after the as-of date', () => {
    const rfm = computeRfm([order(2, 5_000, true), order(-5, 8_000), order(40, 1_000)], AS_OF);
    expect(rfm).toMatchObject({ recencyDays: 40, frequency: 1, monetaryFen: yuan(1_000) });
  });

  it('deducts returns: an order whose net value after returns is negative lowers M', () => {
    const rfm = computeRfm([order(10, 1_000), order(5, -200)], AS_OF);
    expect(rfm?.monetaryFen).toBe(yuan(800));
  });

  it('gives a customer without orders no RFM and no segment', () => {
    expect(computeRfm([], AS_OF)).toBeNull();
    expect(segmentCustomer([], AS_OF)).toBeNull();
    expect(segmentCustomer([order(3, 1_000, true)], AS_OF)).toBeNull();
  });
});

describe('fixed-threshold segments: high value (R < 30, F > 10, M > 1,000,000 yuan)', () => {
  const highValue = (newestDaysAgo: number, count: number, totalYuan: number) =>
    segmentOf(orders(count, newestDaysAgo, totalYuan));

  it('calls a customer with R 29, F 11 and M just over 1,000,000 yuan high value', () => {
    expect(highValue(29, 11, 1_000_000.01)).toBe('high_value');
  });

  it('does not call R = 30 high value', () => {
    expect(highValue(30, 11, 2_000_000)).not.toBe('high_value');
  });

  it('does not call F = 10 high value', () => {
    expect(highValue(5, 10, 2_000_000)).not.toBe('high_value');
  });

  it('does not call M = 1,000,000 yuan exactly high value (compared exactly in fen)', () => {
    expect(highValue(5, 11, 1_000_000)).not.toBe('high_value');
  });

  it('puts high value before new when a customer meets both (first match wins)', () => {
    expect(highValue(0, 11, 5_000_000)).toBe('high_value');
    expect(segmentCustomer(orders(11, 0, 5_000_000), AS_OF)?.rfm.firstOrderDate).toBe(addDays(AS_OF, -10));
  });
});

describe('fixed-threshold segments: new (R < 60 and first order within the last 60 days)', () => {
  it('calls a customer whose first order was 59 days ago new', () => {
    expect(segmentOf([order(59), order(30)])).toBe('new');
  });

  it('does not call a customer whose first order was 60 days ago new', () => {
    expect(segmentOf([order(60), order(30)])).toBe('potential');
  });
});

describe('fixed-threshold segments: churn risk (R > 180 and more than 5 orders in the 365 days ending on the last order)', () => {
  it('flags R = 181 with 6 orders in the year up to the last order, that order included', () => {
    // All six orders are older than 180 days; F as of today counts only those within 365 days.
    expect(segmentOf(orders(6, 181))).toBe('churn_risk');
  });

  it('does not flag R = 180', () => {
    expect(segmentOf(orders(6, 180))).not.toBe('churn_risk');
  });

  it('does not flag exactly 5 orders', () => {
    expect(segmentOf(orders(5, 200))).not.toBe('churn_risk');
  });

  it('counts orders 364 days before the last order but not 365 days before it', () => {
    const lastDaysAgo = 200;
    const fourMore = [1, 2, 3, 4].map((i) => order(lastDaysAgo + i));
    expect(segmentOf([order(lastDaysAgo), ...fourMore, order(lastDaysAgo + 364)])).toBe('churn_risk');
    expect(segmentOf([order(lastDaysAgo), ...fourMore, order(lastDaysAgo + 365)])).not.toBe('churn_risk');
  });

  it('uses the year before the last order even when it lies outside the F window', () => {
    const result = segmentCustomer(orders(8, 400), AS_OF);
    expect(result?.rfm.frequency).toBe(0);
    expect(result?.segment).toBe('churn_risk');
  });
});

describe('fixed-threshold segments: low value (R > 365, F < 2, M < 10,000 yuan)', () => {
  it('calls a lapsed customer with R = 366 low value', () => {
    expect(segmentOf([order(366, 500)])).toBe('low_value');
  });

  it('does not call R = 365 low value', () => {
    expect(segmentOf([order(365, 500)])).toBe('regular');
  });

  it('compares F and M strictly: F 2 or M 10,000 yuan exactly is not low value (wider F window)', () => {
    const wide = { ...defaultRfmThresholds, frequencyWindowDays: 1_000 };
    expect(segmentCustomer([order(400, 9_999.99)], AS_OF, wide)?.segment).toBe('low_value');
    expect(segmentCustomer([order(400, 10_000)], AS_OF, wide)?.segment).toBe('regular');
    expect(segmentCustomer([order(400, 10), order(401, 10)], AS_OF, wide)?.segment).toBe('regular');
  });
});

describe('fixed-threshold segments: potential (R < 90 and (F < 5 or M < 100,000 yuan)) and regular', () => {
  it('calls R = 89 with 4 orders potential', () => {
    expect(segmentOf([order(89), order(100), order(110), order(120)])).toBe('potential');
  });

  it('calls R = 90 regular', () => {
    expect(segmentOf([order(90), order(100), order(110), order(120)])).toBe('regular');
  });

  it('calls R = 89 with 5 orders worth 100,000 yuan exactly regular, and 99,999.95 yuan potential', () => {
    expect(segmentOf(orders(5, 89, 100_000))).toBe('regular');
    expect(segmentOf(orders(5, 89, 99_999.95))).toBe('potential');
  });

  it('reads thresholds from configuration', () => {
    const custom = {
      ...defaultRfmThresholds,
      highValue: { recencyBelowDays: 30, frequencyAbove: 3, monetaryAboveYuan: 50_000 },
    };
    expect(segmentCustomer(orders(4, 70, 60_000), AS_OF, custom)?.segment).toBe('potential');
    expect(segmentCustomer(orders(4, 10, 60_000), AS_OF, custom)?.segment).toBe('high_value');
  });
});

describe('quintile mode', () => {
  it('scores ten distinct values 1,1,2,2,3,3,4,4,5,5 whatever the input order', () => {
    const values = [7, 2, 9, 0, 4, 1, 8, 3, 6, 5];
    const scores = scoreQuintiles(values, (a, b) => a - b);
    expect(values.map((v, i) => [v, scores[i]]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [0, 1],
      [1, 1],
      [2, 2],
      [3, 2],
      [4, 3],
      [5, 3],
      [6, 4],
      [7, 4],
      [8, 5],
      [9, 5],
    ]);
  });

  it('gives equal values the same score, placed by the middle of their tie group', () => {
    // 1 is held by 6 of 10: mid-rank percentile (0 + 3) ÷ 10 = 0.3 → score 2.
    expect(scoreQuintiles([1, 1, 1, 1, 1, 1, 2, 3, 4, 5], (a, b) => a - b)).toEqual([
      2, 2, 2, 2, 2, 2, 4, 4, 5, 5,
    ]);
  });

  it('scores a single customer, or a fully tied population, 3', () => {
    expect(scoreQuintiles([42], (a, b) => a - b)).toEqual([3]);
    expect(scoreQuintiles([5, 5, 5], (a, b) => a - b)).toEqual([3, 3, 3]);
  });

  it('reverses R: the fewest days since the last order scores 5', () => {
    const points: RfmPoint[] = [1, 2, 3, 4, 5].map((i) => ({
      customerId: `C${i}`,
      recencyDays: i * 10,
      frequency: i,
      monetaryFen: BigInt(i) * 100n,
    }));
    const result = segmentByQuintiles(points);
    expect(result.map((r) => [r.r, r.f, r.m])).toEqual([
      [5, 1, 1],
      [4, 2, 2],
      [3, 3, 3],
      [2, 4, 4],
      [1, 5, 5],
    ]);
    expect(result.map((r) => r.segment)).toEqual(['new', 'others', 'others', 'loyal', 'loyal']);
  });

  it('names the segments champions, loyal, at risk, hibernating, new and others, first match wins', () => {
    expect(quintileSegment(4, 4, 4)).toBe('champions');
    expect(quintileSegment(5, 5, 3)).toBe('loyal');
    expect(quintileSegment(1, 4, 5)).toBe('loyal');
    expect(quintileSegment(2, 3, 1)).toBe('at_risk');
    expect(quintileSegment(2, 2, 5)).toBe('hibernating');
    expect(quintileSegment(5, 1, 1)).toBe('new');
    expect(quintileSegment(3, 3, 3)).toBe('others');
    expect(quintileSegment(4, 1, 1)).toBe('others');
  });

  it('returns nothing for an empty population', () => {
    expect(segmentByQuintiles([])).toEqual([]);
  });
});

describe('money thresholds in yuan', () => {
  it('converts yuan thresholds to fen exactly and refuses a third decimal', () => {
    expect(yuanToFen(1_000_000)).toBe(100_000_000n);
    expect(yuanToFen(1_000_000.01)).toBe(100_000_001n);
    expect(() => yuanToFen(0.001)).toThrow(RangeError);
  });
});

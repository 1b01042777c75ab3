/**
 * Customer value (RFM) of DOMAIN §6. Pure functions; money is integer fen (bigint), dates are
 * business dates 'YYYY-MM-DD', day counts are whole calendar days (date b − date a).
 *
 * As of date D:
 * - R (recency) = D − the date of the last order on or before D;
 * - F (frequency) = orders dated in the last 365 days (D − 365 < date ≤ D);
 * - M (monetary) = the net value of those orders (excl. VAT, returns deducted), in fen.
 * Cancelled orders and orders dated after D never count. A customer without orders has no
 * segment.
 */
import { daysBetween } from '../../platform/dates.ts';

export interface RfmOrder {
  orderId: string;
  /** Business date of the order. */
  orderDate: string;
  /** Net order value in fen: excl. VAT, returns already deducted. */
  netValueFen: bigint;
  isCancelled: boolean;
}

export interface Rfm {
  /** Days from the last order to D. */
  recencyDays: number;
  /** Orders in the frequency window ending on D. */
  frequency: number;
  /** Net value of those orders, fen. */
  monetaryFen: bigint;
  firstOrderDate: string;
  lastOrderDate: string;
}

/**
 * Fixed-threshold configuration (stored as data, editable by an admin); these are DOMAIN's
 * defaults. Names say whether a bound is strict: `…Below` means "<", `…Above` means ">".
 * Money thresholds are in yuan with at most two decimals and are compared exactly in fen.
 */
export interface RfmThresholds {
  /** Length of the F/M window ending on D, days. */
  frequencyWindowDays: number;
  highValue: { recencyBelowDays: number; frequencyAbove: number; monetaryAboveYuan: number };
  /** First order ever within the last `firstOrderWithinDays` days: D − first < that. */
  new: { recencyBelowDays: number; firstOrderWithinDays: number };
  /** Orders counted in the `windowDays` ending on the last order date, that order included. */
  churnRisk: { recencyAboveDays: number; ordersAbove: number; windowDays: number };
  lowValue: { recencyAboveDays: number; frequencyBelow: number; monetaryBelowYuan: number };
  /** R below the bound and (F below or M below). */
  potential: { recencyBelowDays: number; frequencyBelow: number; monetaryBelowYuan: number };
}

export const defaultRfmThresholds: RfmThresholds = {
  frequencyWindowDays: 365,
  highValue: { recencyBelowDays: 30, frequencyAbove: 10, monetaryAboveYuan: 1_000_000 },
  new: { recencyBelowDays: 60, firstOrderWithinDays: 60 },
  churnRisk: { recencyAboveDays: 180, ordersAbove: 5, windowDays: 365 },
  lowValue: { recencyAboveDays: 365, frequencyBelow: 2, monetaryBelowYuan: 10_000 },
  potential: { recencyBelowDays: 90, frequencyBelow: 5, monetaryBelowYuan: 100_000 },
};

export type FixedSegment = 'high_value' | 'new' | 'churn_risk' | 'low_value' | 'potential' | 'regular';

/** Yuan (at most two decimals) to fen, exactly. */
export function yuanToFen(yuan: number): bigint {
  const fen = Math.round(yuan * 100);
  // The tolerance absorbs binary noise (1,000,000.01 × 100) but not a third decimal.
  if (!Number.isSafeInteger(fen) || Math.abs(fen - yuan * 100) > 1e-3) {
    throw new RangeError(`not an amount of yuan with at most two decimals: ${yuan}`);
  }
  return BigInt(fen);
}

/** Orders that count as of D: not cancelled and dated on or before D. */
function countableOrders(orders: readonly RfmOrder[], asOf: string): RfmOrder[] {
  return orders.filter((o) => !o.isCancelled && daysBetween(o.orderDate, asOf) >= 0);
}

/** Whether `date` lies in the `days` days ending on `end` (end − days < date ≤ end). */
function isWithinDaysEnding(date: string, end: string, days: number): boolean {
  const age = daysBetween(date, end);
  return age >= 0 && age < days;
}

/** R, F and M as of D; null when the customer has no countable order. */
export function computeRfm(
  orders: readonly RfmOrder[],
  asOf: string,
  frequencyWindowDays = defaultRfmThresholds.frequencyWindowDays,
): Rfm | null {
  const counted = countableOrders(orders, asOf);
  if (counted.length === 0) return null;
  const dates = counted.map((o) => o.orderDate).sort();
  const inWindow = counted.filter((o) => isWithinDaysEnding(o.orderDate, asOf, frequencyWindowDays));
  const lastOrderDate = dates[dates.length - 1]!;
  return {
    recencyDays: daysBetween(lastOrderDate, asOf),
    frequency: inWindow.length,
    monetaryFen: inWindow.reduce((sum, o) => sum + o.netValueFen, 0n),
    firstOrderDate: dates[0]!,
    lastOrderDate,
  };
}

/**
 * What the fixed-threshold rules read of a customer's orders as of D: R, F and M, and the
 * orders in the churn window ending on the last order date (that order included). The database
 * sums these per customer for the customer-value page (customer-value.repository.ts); here they
 * come from the orders themselves.
 */
export interface RfmFigures extends Rfm {
  ordersInChurnWindow: number;
}

export function rfmFiguresOf(
  orders: readonly RfmOrder[],
  asOf: string,
  thresholds: RfmThresholds = defaultRfmThresholds,
): RfmFigures | null {
  const rfm = computeRfm(orders, asOf, thresholds.frequencyWindowDays);
  if (!rfm) return null;
  const ordersInChurnWindow = countableOrders(orders, asOf).filter((o) =>
    isWithinDaysEnding(o.orderDate, rfm.lastOrderDate, thresholds.churnRisk.windowDays),
  ).length;
  return { ...rfm, ordersInChurnWindow };
}

/** The fixed-threshold segment of a customer's figures as of D, first matching rule wins. */
export function segmentOfFigures(
  figures: RfmFigures,
  asOf: string,
  thresholds: RfmThresholds = defaultRfmThresholds,
): FixedSegment {
  const { recencyDays: r, frequency: f, monetaryFen: m } = figures;
  const t = thresholds;

  const isHighValue =
    r < t.highValue.recencyBelowDays &&
    f > t.highValue.frequencyAbove &&
    m > yuanToFen(t.highValue.monetaryAboveYuan);
  if (isHighValue) return 'high_value';

  const isNew =
    r < t.new.recencyBelowDays && daysBetween(figures.firstOrderDate, asOf) < t.new.firstOrderWithinDays;
  if (isNew) return 'new';

  if (r > t.churnRisk.recencyAboveDays && figures.ordersInChurnWindow > t.churnRisk.ordersAbove)
    return 'churn_risk';

  const isLowValue =
    r > t.lowValue.recencyAboveDays &&
    f < t.lowValue.frequencyBelow &&
    m < yuanToFen(t.lowValue.monetaryBelowYuan);
  if (isLowValue) return 'low_value';

  const isPotential =
    r < t.potential.recencyBelowDays &&
    (f < t.potential.frequencyBelow || m < yuanToFen(t.potential.monetaryBelowYuan));
  if (isPotential) return 'potential';

  return 'regular';
}

/** The fixed-threshold segment as of D from the customer's orders; null without orders. */
export function segmentCustomer(
  orders: readonly RfmOrder[],
  asOf: string,
  thresholds: RfmThresholds = defaultRfmThresholds,
): { rfm: Rfm; segment: FixedSegment } | null {
  const figures = rfmFiguresOf(orders, asOf, thresholds);
  if (!figures) return null;
  const { ordersInChurnWindow: _, ...rfm } = figures;
  return { rfm, segment: segmentOfFigures(figures, asOf, thresholds) };
}

// ---------------------------------------------------------------------------------------------
// Quintile mode

export interface RfmPoint {
  customerId: string;
  recencyDays: number;
  frequency: number;
  monetaryFen: bigint;
}

export type QuintileScore = 1 | 2 | 3 | 4 | 5;

export type QuintileSegment = 'champions' | 'loyal' | 'at_risk' | 'hibernating' | 'new' | 'others';

export interface QuintileResult {
  customerId: string;
  r: QuintileScore;
  f: QuintileScore;
  m: QuintileScore;
  segment: QuintileSegment;
}

/**
 * Scores 1–5 by quintile using the mid-rank percentile, so that equal values always share a
 * score and the result does not depend on input order:
 *   p = (number of customers strictly worse + ½ × number with the same value) ÷ n,
 *   score = 1 + ⌊5 × p⌋ (p < 1 always, so the score is at most 5).
 * With n distinct values this gives the ordinary quintiles (n = 10 → 1,1,2,2,…,5,5). A tie
 * group straddling a quintile border lands where its middle lies, so quintiles can be unequal
 * in size; a fully tied population (or a single customer) scores 3, the neutral middle.
 * Computed in integers: score = 1 + ⌊5 × (2 × worse + equal) ÷ (2n)⌋.
 */
export function scoreQuintiles<T>(values: readonly T[], compare: (a: T, b: T) => number): QuintileScore[] {
  const n = values.length;
  const sorted = [...values].sort(compare);
  return values.map((value) => {
    const worse = lowerBound(sorted, value, compare);
    const equal = upperBound(sorted, value, compare) - worse;
    return (1 + Math.floor((5 * (2 * worse + equal)) / (2 * n))) as QuintileScore;
  });
}

function lowerBound<T>(sorted: readonly T[], value: T, compare: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(sorted[mid]!, value) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound<T>(sorted: readonly T[], value: T, compare: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(sorted[mid]!, value) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Quintile segments, first match wins in DOMAIN's order. */
export function quintileSegment(r: QuintileScore, f: QuintileScore, m: QuintileScore): QuintileSegment {
  if (r >= 4 && f >= 4 && m >= 4) return 'champions';
  if (f >= 4) return 'loyal';
  if (r <= 2 && f >= 3) return 'at_risk';
  if (r <= 2 && f <= 2) return 'hibernating';
  if (r === 5 && f === 1) return 'new';
  return 'others';
}

/**
 * Scores a population of customers (those with at least one order) by quintile. R is
 * reversed: fewer days since the last order is better, so "worse" means more days.
 */
export function segmentByQuintiles(points: readonly RfmPoint[]): QuintileResult[] {
  if (points.length === 0) return [];
  const r = scoreQuintiles(
    points.map((p) => p.recencyDays),
    (a, b) => b - a,
  );
  const f = scoreQuintiles(
    points.map((p) => p.frequency),
    (a, b) => a - b,
  );
  const m = scoreQuintiles(
    points.map((p) => p.monetaryFen),
    (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  );
  return points.map((p, i) => ({
    customerId: p.customerId,
    r: r[i]!,
    f: f[i]!,
    m: m[i]!,
    segment: quintileSegment(r[i]!, f[i]!, m[i]!),
  }));
}

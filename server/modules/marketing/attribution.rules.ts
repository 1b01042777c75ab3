/**
 * Order attribution of DOMAIN §7. Pure functions; money is integer fen (bigint), dates are
 * business dates 'YYYY-MM-DD'.
 *
 * An order's revenue, gross profit and collected cash are attributed over the customer's
 * touches dated in the lookback window (default 180 days, configurable) up to and including
 * the order date: order date − lookback < touch date ≤ order date. Touches after the order
 * never count; an order without touches in the window is unattributed. Touches are ordered by
 * date, then time of day, then id. Every split goes through `splitByWeights`, so the shares of
 * each amount always add up exactly to the whole.
 */
import { daysBetween } from '../../platform/dates.ts';
import { splitByWeights } from '../shared/money-split.ts';

export interface Touch {
  touchId: string;
  /** Business date of the touch. */
  date: string;
  /** Optional local time of day 'HH:MM' or 'HH:MM:SS'; orders touches within a day (missing sorts first). */
  time?: string;
}

export interface AttributableOrder {
  orderId: string;
  orderDate: string;
  revenueFen: bigint;
  grossProfitFen: bigint;
  collectedCashFen: bigint;
}

export type AttributionModel = 'first_touch' | 'last_touch' | 'linear' | 'time_decay' | 'position_based';

export const attributionModels: readonly AttributionModel[] = [
  'first_touch',
  'last_touch',
  'linear',
  'time_decay',
  'position_based',
];

/** Configuration stored as data; DOMAIN's defaults. */
export interface AttributionSettings {
  lookbackDays: number;
  /** Time decay: a touch's weight halves every `halfLifeDays` days of age. */
  halfLifeDays: number;
}

export const defaultAttributionSettings: AttributionSettings = { lookbackDays: 180, halfLifeDays: 7 };

export interface AttributedShare<T extends Touch> {
  touch: T;
  /** Days from the touch to the order. */
  ageDays: number;
  revenueFen: bigint;
  grossProfitFen: bigint;
  collectedCashFen: bigint;
}

export type Attribution<T extends Touch> =
  | { status: 'unattributed'; orderId: string; model: AttributionModel }
  | { status: 'attributed'; orderId: string; model: AttributionModel; shares: AttributedShare<T>[] };

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The touches that count for an order, in attribution order (date, time, id). */
export function selectTouches<T extends Touch>(
  touches: readonly T[],
  orderDate: string,
  lookbackDays = defaultAttributionSettings.lookbackDays,
): T[] {
  return touches
    .filter((t) => {
      const age = daysBetween(t.date, orderDate);
      return age >= 0 && age < lookbackDays;
    })
    .sort(
      (a, b) =>
        compareText(a.date, b.date) ||
        compareText(a.time ?? '', b.time ?? '') ||
        compareText(a.touchId, b.touchId),
    );
}

/**
 * 2^(−r/7) × 10^30 for r = 0…6, rounded; computed once to 60 significant digits. Time-decay
 * weights are built from these and powers of two, so they are exact integers computed the same
 * way everywhere (no Math.pow), with a relative error below 10^−29 — far too small to move a
 * fen for any amount below 10^20 fen unless two remainders tie to 29 digits.
 */
const SEVENTH_ROOTS_OF_HALF: readonly bigint[] = [
  1_000000000_000000000_000000000_000n,
  905723664_263906671_594172873_215n,
  820335356_007637931_170284682_867n,
  742997144_568474212_399926643_357n,
  672950096_316178065_971416301_875n,
  609506827_102237720_455845501_296n,
  552044756_836906168_824752693_812n,
];

/**
 * Exact integer time-decay weights proportional to 2^(−age ÷ 7): with age = 7q + r, the weight
 * is 2^(−q) × 2^(−r/7); all are multiplied by 2^(max q) so they stay integers. Only the default
 * half-life of 7 days has the exact table; another half-life h uses the same construction with
 * 2^(−r/h) from Math.pow scaled to 10^15 (exact enough to the fen for realistic amounts).
 */
export function timeDecayWeights(ages: readonly number[], halfLifeDays = 7): bigint[] {
  if (!Number.isSafeInteger(halfLifeDays) || halfLifeDays <= 0) {
    throw new RangeError('halfLifeDays must be a positive whole number of days');
  }
  const qs = ages.map((a) => Math.floor(a / halfLifeDays));
  const maxQ = Math.max(...qs);
  return ages.map((age, i) => {
    const r = age - qs[i]! * halfLifeDays;
    const root =
      halfLifeDays === 7
        ? SEVENTH_ROOTS_OF_HALF[r]!
        : BigInt(Math.round(2 ** (-r / halfLifeDays) * 1e15)) * 10n ** 15n;
    return root << BigInt(maxQ - qs[i]!);
  });
}

/** Integer weights of the touches (in attribution order) under a model. */
export function modelWeights(
  model: AttributionModel,
  ages: readonly number[],
  halfLifeDays = defaultAttributionSettings.halfLifeDays,
): bigint[] {
  const n = ages.length;
  if (n === 0) return [];
  const only = (index: number) => ages.map((_, i) => (i === index ? 1n : 0n));
  switch (model) {
    case 'first_touch':
      return only(0);
    case 'last_touch':
      return only(n - 1);
    case 'linear':
      return ages.map(() => 1n);
    case 'time_decay':
      return timeDecayWeights(ages, halfLifeDays);
    case 'position_based': {
      if (n === 1) return [1n];
      if (n === 2) return [1n, 1n];
      // 40% first, 40% last, 20% shared by the n − 2 middle touches: scale by n − 2.
      const ends = BigInt(40 * (n - 2));
      return ages.map((_, i) => (i === 0 || i === n - 1 ? ends : 20n));
    }
  }
}

/** Attributes an order's revenue, gross profit and collected cash over its touches. */
export function attributeOrder<T extends Touch>(
  order: AttributableOrder,
  touches: readonly T[],
  model: AttributionModel,
  settings: AttributionSettings = defaultAttributionSettings,
): Attribution<T> {
  const counted = selectTouches(touches, order.orderDate, settings.lookbackDays);
  if (counted.length === 0) return { status: 'unattributed', orderId: order.orderId, model };
  const ages = counted.map((t) => daysBetween(t.date, order.orderDate));
  const weights = modelWeights(model, ages, settings.halfLifeDays);
  const revenue = splitByWeights(order.revenueFen, weights);
  const grossProfit = splitByWeights(order.grossProfitFen, weights);
  const cash = splitByWeights(order.collectedCashFen, weights);
  return {
    status: 'attributed',
    orderId: order.orderId,
    model,
    shares: counted.map((touch, i) => ({
      touch,
      ageDays: ages[i]!,
      revenueFen: revenue[i]!,
      grossProfitFen: grossProfit[i]!,
      collectedCashFen: cash[i]!,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Funnel and marketing economics

export const funnelStages = ['lead', 'opportunity', 'quote', 'contract', 'won', 'paid'] as const;
export type FunnelStage = (typeof funnelStages)[number];

export interface StageConversion {
  from: FunnelStage;
  to: FunnelStage;
  /** Reached `to` ÷ reached `from`, a fraction; null when nothing reached `from`. */
  rate: number | null;
}

/** Stage conversion = reached k+1 ÷ reached k, for each consecutive pair of stages. */
export function stageConversions(reached: Readonly<Record<FunnelStage, number>>): StageConversion[] {
  return funnelStages.slice(0, -1).map((from, k) => {
    const to = funnelStages[k + 1]!;
    return { from, to, rate: reached[from] > 0 ? reached[to] / reached[from] : null };
  });
}

/**
 * How many deals reached each stage, given each deal's furthest stage: a deal that got to a
 * stage also reached every stage before it.
 */
export function countReached(furthestStages: readonly FunnelStage[]): Record<FunnelStage, number> {
  const counts = Object.fromEntries(funnelStages.map((s) => [s, 0])) as Record<FunnelStage, number>;
  for (const furthest of furthestStages) {
    for (const stage of funnelStages.slice(0, funnelStages.indexOf(furthest) + 1)) counts[stage] += 1;
  }
  return counts;
}

/**
 * Days spent in each stage from a deal's stage history (entries sorted by date); the current
 * stage counts until `asOf`. A stage entered twice adds up.
 */
export function daysInStages(
  history: readonly { stage: FunnelStage; enteredOn: string }[],
  asOf: string,
): Partial<Record<FunnelStage, number>> {
  const days: Partial<Record<FunnelStage, number>> = {};
  history.forEach((entry, i) => {
    const leftOn = history[i + 1]?.enteredOn ?? asOf;
    days[entry.stage] = (days[entry.stage] ?? 0) + daysBetween(entry.enteredOn, leftOn);
  });
  return days;
}

/**
 * Sales velocity = open opportunities × average won deal × win rate ÷ average cycle days, in
 * fen per day. A rate for dashboards, not a ledger amount, so it is an unrounded number;
 * `winRate` is a fraction (0.25 = 25%).
 */
export function salesVelocity(
  openOpportunities: number,
  averageWonDealFen: number,
  winRate: number,
  averageCycleDays: number,
): number {
  if (averageCycleDays <= 0) throw new RangeError('averageCycleDays must be positive');
  return (openOpportunities * averageWonDealFen * winRate) / averageCycleDays;
}

/** a ÷ b rounded half away from zero to a whole fen; b > 0. */
function divideRounded(a: bigint, b: bigint): bigint {
  const quotient = a / b;
  const remainder = a - quotient * b;
  const isHalfOrMore = 2n * (remainder < 0n ? -remainder : remainder) >= b;
  if (!isHalfOrMore) return quotient;
  return a < 0n ? quotient - 1n : quotient + 1n;
}

/** CAC = (marketing spend + sales spend) ÷ new customers won, fen per customer (half up); null without new customers. */
export function customerAcquisitionCostFen(
  marketingSpendFen: bigint,
  salesSpendFen: bigint,
  newCustomers: number,
): bigint | null {
  if (newCustomers <= 0) return null;
  return divideRounded(marketingSpendFen + salesSpendFen, BigInt(newCustomers));
}

/**
 * LTV = average yearly gross profit per customer × expected lifetime years, where lifetime =
 * 1 ÷ yearly churn rate. The churn rate is in basis points (1,000 = 10%); fen, half up.
 * Null when churn is 0 (an unbounded lifetime).
 */
export function lifetimeValueFen(averageYearlyGrossProfitFen: bigint, yearlyChurnBp: number): bigint | null {
  if (!Number.isSafeInteger(yearlyChurnBp) || yearlyChurnBp < 0 || yearlyChurnBp > 10_000) {
    throw new RangeError('yearlyChurnBp must be whole basis points between 0 and 10,000');
  }
  if (yearlyChurnBp === 0) return null;
  return divideRounded(averageYearlyGrossProfitFen * 10_000n, BigInt(yearlyChurnBp));
}

/**
 * Campaign ROI = (attributed gross profit − campaign cost − after-sales cost of the attributed
 * orders) ÷ campaign cost, as a fraction (0.5 = 50%); null when the campaign cost nothing.
 */
export function campaignRoi(
  attributedGrossProfitFen: bigint,
  campaignCostFen: bigint,
  afterSalesCostFen: bigint,
): number | null {
  if (campaignCostFen <= 0n) return null;
  return Number(attributedGrossProfitFen - campaignCostFen - afterSalesCostFen) / Number(campaignCostFen);
}

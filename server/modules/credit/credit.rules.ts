import { type AgingBucket, agingBuckets } from '../../../contracts/finance.ts';

/**
 * Credit rules of DOMAIN §4: the explainable scorecard, grades, the recommended limit, the
 * order-time decision, aging buckets, DSO and the expected-credit-loss provision. Pure
 * functions; amounts are integer fen.
 */

export type Grade = 'A' | 'B' | 'C' | 'D' | 'E';
export type FactorKey =
  | 'punctuality'
  | 'daysPastDue'
  | 'badDebt'
  | 'utilisation'
  | 'relationshipAge'
  | 'orderStability'
  | 'qualification';

/** Weights are configuration (stored as data); these are DOMAIN's defaults. */
export const defaultWeights: Record<FactorKey, number> = {
  punctuality: 35,
  daysPastDue: 20,
  badDebt: 10,
  utilisation: 10,
  relationshipAge: 10,
  orderStability: 5,
  qualification: 10,
};

/** The value a factor scores when there is no data for it. */
export const NEUTRAL_SCORE = 60;

export interface CreditInputs {
  /** Invoices due in the last 12 months: amount paid on or before the due date, and the invoiced amount. Null: none due. */
  punctuality: { paidOnTimeFen: number; invoicedFen: number } | null;
  /** Worst days past due among open invoices today (0 when none is overdue). */
  worstDaysPastDue: number;
  /** Any bad debt written off in the last 3 years. */
  hasBadDebt: boolean;
  /** Exposure without a new order, and the credit limit. */
  exposureFen: number;
  limitFen: number;
  /** Years since the first order (0 when none). */
  relationshipYears: number;
  /** Order value per month over the last 12 calendar months (empty months as 0); null when no order in the window. */
  monthlyOrderValuesFen: number[] | null;
  qualification: 'all_valid' | 'expiring_within_30_days' | 'expired';
}

export interface FactorScore {
  factor: FactorKey;
  weight: number;
  /** 0–100. */
  score: number;
  /** True when the factor had no data and scored the neutral value. */
  isNeutral: boolean;
}

export function punctualityScore(input: CreditInputs['punctuality']): { score: number; isNeutral: boolean } {
  if (!input || input.invoicedFen <= 0) return { score: NEUTRAL_SCORE, isNeutral: true };
  return {
    score: (100 * Math.min(input.paidOnTimeFen, input.invoicedFen)) / input.invoicedFen,
    isNeutral: false,
  };
}

export function daysPastDueScore(days: number): number {
  if (days <= 0) return 100;
  if (days <= 30) return 70;
  if (days <= 60) return 40;
  if (days <= 90) return 20;
  return 0;
}

export function utilisationScore(exposureFen: number, limitFen: number): number {
  if (limitFen <= 0) return exposureFen <= 0 ? 100 : 0;
  // Compare as integers: exposure ÷ limit ≤ 50% ⇔ 2 × exposure ≤ limit, etc.
  if (exposureFen * 2 <= limitFen) return 100;
  if (exposureFen * 5 <= limitFen * 4) return 70;
  if (exposureFen <= limitFen) return 40;
  return 0;
}

export function relationshipAgeScore(years: number): number {
  if (years < 1) return 30;
  if (years < 3) return 60;
  if (years < 5) return 80;
  return 100;
}

/** Coefficient of variation (population σ ÷ mean) of monthly order values. */
export function coefficientOfVariation(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (mean === 0) return Number.POSITIVE_INFINITY;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return Math.sqrt(variance) / mean;
}

export function orderStabilityScore(values: readonly number[] | null): { score: number; isNeutral: boolean } {
  if (!values || values.every((v) => v === 0)) return { score: NEUTRAL_SCORE, isNeutral: true };
  const cv = coefficientOfVariation(values);
  return { score: cv <= 0.5 ? 100 : cv <= 1 ? 60 : 30, isNeutral: false };
}

export function qualificationScore(status: CreditInputs['qualification']): number {
  return status === 'all_valid' ? 100 : status === 'expiring_within_30_days' ? 50 : 0;
}

export interface Scorecard {
  /** 0–100 with two decimals. */
  score: number;
  grade: Grade;
  factors: FactorScore[];
}

export function gradeOf(score: number): Grade {
  if (score >= 85) return 'A';
  if (score >= 70) return 'B';
  if (score >= 55) return 'C';
  if (score >= 40) return 'D';
  return 'E';
}

/** Σ weight × factor score ÷ Σ weights, kept to two decimals (half up). */
export function scoreCustomer(
  inputs: CreditInputs,
  weights: Record<FactorKey, number> = defaultWeights,
): Scorecard {
  const punctuality = punctualityScore(inputs.punctuality);
  const stability = orderStabilityScore(inputs.monthlyOrderValuesFen);
  const factors: FactorScore[] = [
    { factor: 'punctuality', weight: weights.punctuality, ...punctuality },
    {
      factor: 'daysPastDue',
      weight: weights.daysPastDue,
      score: daysPastDueScore(inputs.worstDaysPastDue),
      isNeutral: false,
    },
    { factor: 'badDebt', weight: weights.badDebt, score: inputs.hasBadDebt ? 0 : 100, isNeutral: false },
    {
      factor: 'utilisation',
      weight: weights.utilisation,
      score: utilisationScore(inputs.exposureFen, inputs.limitFen),
      isNeutral: false,
    },
    {
      factor: 'relationshipAge',
      weight: weights.relationshipAge,
      score: relationshipAgeScore(inputs.relationshipYears),
      isNeutral: false,
    },
    { factor: 'orderStability', weight: weights.orderStability, ...stability },
    {
      factor: 'qualification',
      weight: weights.qualification,
      score: qualificationScore(inputs.qualification),
      isNeutral: false,
    },
  ];
  const totalWeight = factors.reduce((sum, f) => sum + f.weight, 0);
  const weighted = factors.reduce((sum, f) => sum + f.weight * f.score, 0);
  // Round in hundredths; the tiny epsilon keeps x.xx5 from rounding down through float error.
  const score = Math.round((weighted / totalWeight) * 100 + 1e-9) / 100;
  return { score, grade: gradeOf(score), factors };
}

const gradeMultiplier: Record<Grade, { numerator: number; denominator: number }> = {
  A: { numerator: 3, denominator: 2 },
  B: { numerator: 6, denominator: 5 },
  C: { numerator: 1, denominator: 1 },
  D: { numerator: 3, denominator: 5 },
  E: { numerator: 0, denominator: 1 },
};

/**
 * Net sales of the last 12 months ÷ 12 × (payment term days ÷ 30 + 1) × grade multiplier,
 * rounded down to 1,000 yuan (100,000 fen). Exact integer arithmetic.
 */
export function recommendedLimitFen(
  netSales12MonthsFen: number,
  paymentTermDays: number,
  grade: Grade,
): number {
  const m = gradeMultiplier[grade];
  const numerator = BigInt(netSales12MonthsFen) * BigInt(paymentTermDays + 30) * BigInt(m.numerator);
  const denominator = 12n * 30n * BigInt(m.denominator);
  const fen = numerator / denominator;
  return Number((fen / 100_000n) * 100_000n);
}

export type CreditDecision = 'approve' | 'regional_manager' | 'finance_director' | 'reject';

export interface DecisionInputs {
  status: 'normal' | 'watch' | 'hold';
  grade: Grade;
  limitFen: number;
  openReceivablesFen: number;
  openOrdersFen: number;
  orderFen: number;
  worstDaysPastDue: number;
}

export interface DecisionResult {
  decision: CreditDecision;
  exposureFen: number;
  /** Which rule matched, for the reason shown to the rep. */
  rule: 'hold' | 'grade_e' | 'overdue_over_90' | 'within_limit' | 'within_120_percent' | 'otherwise';
}

/** Order-time decision: the first rule that matches (DOMAIN §4). */
export function decideOrder(input: DecisionInputs): DecisionResult {
  const exposureFen = input.openReceivablesFen + input.openOrdersFen + input.orderFen;
  if (input.status === 'hold') return { decision: 'reject', exposureFen, rule: 'hold' };
  if (input.grade === 'E') return { decision: 'reject', exposureFen, rule: 'grade_e' };
  if (input.worstDaysPastDue > 90) return { decision: 'reject', exposureFen, rule: 'overdue_over_90' };
  if (exposureFen <= input.limitFen && ['A', 'B', 'C'].includes(input.grade)) {
    return { decision: 'approve', exposureFen, rule: 'within_limit' };
  }
  // exposure ≤ 1.2 × limit ⇔ 5 × exposure ≤ 6 × limit (integers, no float).
  if (exposureFen * 5 <= input.limitFen * 6 && ['A', 'B'].includes(input.grade)) {
    return { decision: 'regional_manager', exposureFen, rule: 'within_120_percent' };
  }
  return { decision: 'finance_director', exposureFen, rule: 'otherwise' };
}

export type { AgingBucket } from '../../../contracts/finance.ts';
export { agingBuckets } from '../../../contracts/finance.ts';
// Aging buckets are the receivables' own (finance); credit reads them, it does not redefine them.
export { agingBucket } from '../finance/statements/aging.rules.ts';

/** DSO (standard) = AR ÷ credit sales of the period × days in the period. */
export function dsoStandard(arFen: number, creditSalesFen: number, daysInPeriod: number): number {
  if (creditSalesFen <= 0) return 0;
  return (arFen / creditSalesFen) * daysInPeriod;
}

/**
 * DSO (countback): subtract whole months of sales from AR, newest first, until the rest is
 * smaller than the next month's sales, then add that fraction of the month.
 */
export function dsoCountback(arFen: number, months: readonly { salesFen: number; days: number }[]): number {
  let remaining = arFen;
  let days = 0;
  for (const month of months) {
    if (remaining <= 0) break;
    if (month.salesFen <= 0) {
      days += month.days;
      continue;
    }
    if (remaining >= month.salesFen) {
      remaining -= month.salesFen;
      days += month.days;
    } else {
      return days + (remaining / month.salesFen) * month.days;
    }
  }
  return days;
}

/**
 * Expected credit loss (simplified approach): Σ bucket balance × loss rate. The matrix maps
 * each rate to the buckets it covers, so buckets may be merged (e.g. "> 90").
 */
export function expectedCreditLossFen(
  balances: Record<AgingBucket, number>,
  matrix: readonly { buckets: readonly AgingBucket[]; lossRate: number }[],
): {
  provisionFen: number;
  lines: { buckets: readonly AgingBucket[]; balanceFen: number; lossRate: number; provisionFen: number }[];
} {
  const covered = matrix.flatMap((row) => row.buckets);
  const missing = agingBuckets.filter((b) => !covered.includes(b));
  if (missing.length > 0 || new Set(covered).size !== covered.length) {
    throw new RangeError('the loss-rate matrix must cover each aging bucket exactly once');
  }
  const lines = matrix.map((row) => {
    const balanceFen = row.buckets.reduce((sum, b) => sum + balances[b], 0);
    // Rates are given with at most 4 decimals; compute in exact integers, round half up to the fen.
    const rateTenThousandths = Math.round(row.lossRate * 10_000);
    const provisionFen = Number((BigInt(balanceFen) * BigInt(rateTenThousandths) + 5_000n) / 10_000n);
    return { buckets: row.buckets, balanceFen, lossRate: row.lossRate, provisionFen };
  });
  return { provisionFen: lines.reduce((sum, l) => sum + l.provisionFen, 0), lines };
}

import type {
  CreditPolicyConfig,
  CreditStatus,
  FactorKey,
  FactorResult,
  Grade,
  RatingInputs,
} from '../../../contracts/credit.ts';
import { type AgingBucket, agingBuckets } from '../../../contracts/finance.ts';
import type { Lang } from '../../platform/i18n.ts';

/**
 * Credit rules of DOMAIN §4: the explainable scorecard, grades, the recommended limit, the
 * order-time decision, DSO and the expected-credit-loss provision. Pure functions; amounts are
 * integer fen. Everything DOMAIN calls configurable comes from a policy (stored as data); the
 * defaults below are DOMAIN's and seed the first stored version.
 */

export type { FactorKey, Grade } from '../../../contracts/credit.ts';
export type CreditInputs = RatingInputs;

export const defaultCreditPolicy: CreditPolicyConfig = {
  weights: {
    punctuality: 35,
    daysPastDue: 20,
    badDebt: 10,
    utilisation: 10,
    relationshipAge: 10,
    orderStability: 5,
    qualification: 10,
  },
  neutralScore: 60,
  daysPastDue: {
    bands: [
      { upToDays: 0, score: 100 },
      { upToDays: 30, score: 70 },
      { upToDays: 60, score: 40 },
      { upToDays: 90, score: 20 },
    ],
    otherwise: 0,
  },
  utilisation: {
    bands: [
      { upToRatio: 0.5, score: 100 },
      { upToRatio: 0.8, score: 70 },
      { upToRatio: 1, score: 40 },
    ],
    otherwise: 0,
  },
  relationshipAge: {
    bands: [
      { fromYears: 0, score: 30 },
      { fromYears: 1, score: 60 },
      { fromYears: 3, score: 80 },
      { fromYears: 5, score: 100 },
    ],
  },
  orderStability: {
    bands: [
      { upToCv: 0.5, score: 100 },
      { upToCv: 1, score: 60 },
    ],
    otherwise: 30,
  },
  qualification: { allValid: 100, expiringSoon: 50, expiringWithinDays: 30, expired: 0 },
  badDebt: { none: 100, any: 0 },
  gradeBounds: { A: 85, B: 70, C: 55, D: 40 },
  gradeMultipliers: { A: 1.5, B: 1.2, C: 1, D: 0.6, E: 0 },
  limitRoundingFen: 100_000,
  // Not in DOMAIN: the limit a customer without history starts with (see docs/architecture.md).
  initialLimitFen: 10_000_000,
  // Not in DOMAIN: issue #6's "order above a threshold" re-rating; 500,000 yuan gross.
  largeOrderFen: 50_000_000,
  eclMatrix: [
    { buckets: ['not_due'], lossRate: 0.02 },
    { buckets: ['1_30'], lossRate: 0.04 },
    { buckets: ['31_60'], lossRate: 0.087 },
    { buckets: ['61_90'], lossRate: 0.25 },
    { buckets: ['91_180', 'over_180'], lossRate: 1 },
  ],
};

export const defaultWeights: Record<FactorKey, number> = defaultCreditPolicy.weights;
/** The value a factor scores when there is no data for it (DOMAIN default). */
export const NEUTRAL_SCORE = defaultCreditPolicy.neutralScore;

/** A fraction with at most four decimals as an exact number of ten-thousandths. */
function tenThousandths(fraction: number): bigint {
  return BigInt(Math.round(fraction * 10_000));
}

/** What is wrong with a policy beyond its shape (the contract checks the shape); empty when fine. */
export function findPolicyProblems(policy: CreditPolicyConfig): string[] {
  const problems: string[] = [];
  const ascending = (values: number[], what: string) => {
    for (let i = 1; i < values.length; i++) {
      if (values[i]! <= values[i - 1]!) problems.push(`${what} must be strictly ascending`);
    }
  };
  if (Object.values(policy.weights).reduce((a, b) => a + b, 0) <= 0) {
    problems.push('weights: at least one weight must be above 0');
  }
  ascending(
    policy.daysPastDue.bands.map((b) => b.upToDays),
    'daysPastDue.bands.upToDays',
  );
  ascending(
    policy.utilisation.bands.map((b) => b.upToRatio),
    'utilisation.bands.upToRatio',
  );
  ascending(
    policy.relationshipAge.bands.map((b) => b.fromYears),
    'relationshipAge.bands.fromYears',
  );
  if (policy.relationshipAge.bands[0]?.fromYears !== 0) {
    problems.push('relationshipAge.bands: the first band must start at 0 years');
  }
  ascending(
    policy.orderStability.bands.map((b) => b.upToCv),
    'orderStability.bands.upToCv',
  );
  const { A, B, C, D } = policy.gradeBounds;
  if (!(A > B && B > C && C > D)) problems.push('gradeBounds: A > B > C > D is required');
  const covered = policy.eclMatrix.flatMap((row) => row.buckets);
  const missing = agingBuckets.filter((b) => !covered.includes(b));
  if (missing.length > 0 || new Set(covered).size !== covered.length) {
    problems.push('eclMatrix: every aging bucket must appear exactly once');
  }
  return [...new Set(problems)];
}

export function punctualityScore(
  input: CreditInputs['punctuality'],
  policy: CreditPolicyConfig = defaultCreditPolicy,
): { score: number; isNeutral: boolean } {
  if (!input || input.invoicedFen <= 0) return { score: policy.neutralScore, isNeutral: true };
  const paid = Math.max(0, Math.min(input.paidOnTimeFen, input.invoicedFen));
  return { score: (100 * paid) / input.invoicedFen, isNeutral: false };
}

export function daysPastDueScore(days: number, policy: CreditPolicyConfig = defaultCreditPolicy): number {
  const band = policy.daysPastDue.bands.find((b) => Math.max(0, days) <= b.upToDays);
  return band ? band.score : policy.daysPastDue.otherwise;
}

export function utilisationScore(
  exposureFen: number,
  limitFen: number,
  policy: CreditPolicyConfig = defaultCreditPolicy,
): number {
  const { bands, otherwise } = policy.utilisation;
  // DOMAIN: with a limit of 0, any exposure is over it; none is the best case.
  if (limitFen <= 0) return exposureFen <= 0 ? bands[0]!.score : otherwise;
  // exposure ÷ limit ≤ ratio ⇔ exposure × 10,000 ≤ limit × ratio in ten-thousandths: exact integers.
  const exposure = BigInt(exposureFen) * 10_000n;
  const band = bands.find((b) => exposure <= BigInt(limitFen) * tenThousandths(b.upToRatio));
  return band ? band.score : otherwise;
}

export function relationshipAgeScore(
  years: number,
  policy: CreditPolicyConfig = defaultCreditPolicy,
): number {
  let score = policy.relationshipAge.bands[0]!.score;
  for (const band of policy.relationshipAge.bands) if (years >= band.fromYears) score = band.score;
  return score;
}

/** Coefficient of variation (population σ ÷ mean) of monthly order values. */
export function coefficientOfVariation(values: readonly number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (mean === 0) return Number.POSITIVE_INFINITY;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return Math.sqrt(variance) / mean;
}

export function orderStabilityScore(
  values: readonly number[] | null,
  policy: CreditPolicyConfig = defaultCreditPolicy,
): { score: number; isNeutral: boolean } {
  if (!values || values.length === 0 || values.every((v) => v === 0)) {
    return { score: policy.neutralScore, isNeutral: true };
  }
  const cv = coefficientOfVariation(values);
  // Compare in ten-thousandths with a little slack so that a CV of exactly 0.5 is not lost to float error.
  const band = policy.orderStability.bands.find((b) => cv <= b.upToCv + 1e-12);
  return { score: band ? band.score : policy.orderStability.otherwise, isNeutral: false };
}

export function qualificationScore(
  status: CreditInputs['qualification'],
  policy: CreditPolicyConfig = defaultCreditPolicy,
): number {
  const q = policy.qualification;
  if (status === 'all_valid') return q.allValid;
  if (status === 'expiring_soon') return q.expiringSoon;
  // A customer with nothing on file cannot buy regulated devices: scored like an expired one.
  return q.expired;
}

export interface Scorecard {
  /** 0–100 with two decimals. */
  score: number;
  grade: Grade;
  factors: FactorResult[];
}

export function gradeOf(
  score: number,
  bounds: CreditPolicyConfig['gradeBounds'] = defaultCreditPolicy.gradeBounds,
): Grade {
  if (score >= bounds.A) return 'A';
  if (score >= bounds.B) return 'B';
  if (score >= bounds.C) return 'C';
  if (score >= bounds.D) return 'D';
  return 'E';
}

/** Rounds half up to two decimals; the epsilon keeps x.xx5 from rounding down through float error. */
function twoDecimals(value: number): number {
  return Math.round(value * 100 + 1e-9) / 100;
}

/** Σ weight × factor score ÷ Σ weights, kept to two decimals (half up). */
export function scoreCustomer(
  inputs: CreditInputs,
  policy: CreditPolicyConfig = defaultCreditPolicy,
): Scorecard {
  const w = policy.weights;
  const punctuality = punctualityScore(inputs.punctuality, policy);
  const stability = orderStabilityScore(inputs.monthlyOrderValuesFen, policy);
  const raw: Omit<FactorResult, 'weighted'>[] = [
    { factor: 'punctuality', weight: w.punctuality, ...punctuality },
    {
      factor: 'daysPastDue',
      weight: w.daysPastDue,
      score: daysPastDueScore(inputs.worstDaysPastDue, policy),
      isNeutral: false,
    },
    {
      factor: 'badDebt',
      weight: w.badDebt,
      score: inputs.hasBadDebt ? policy.badDebt.any : policy.badDebt.none,
      isNeutral: false,
    },
    {
      factor: 'utilisation',
      weight: w.utilisation,
      score: utilisationScore(inputs.exposureFen, inputs.limitFen, policy),
      isNeutral: false,
    },
    {
      factor: 'relationshipAge',
      weight: w.relationshipAge,
      score: relationshipAgeScore(inputs.relationshipYears, policy),
      isNeutral: false,
    },
    { factor: 'orderStability', weight: w.orderStability, ...stability },
    {
      factor: 'qualification',
      weight: w.qualification,
      score: qualificationScore(inputs.qualification, policy),
      isNeutral: false,
    },
  ];
  const totalWeight = raw.reduce((sum, f) => sum + f.weight, 0);
  if (totalWeight <= 0) throw new RangeError('the weights of a credit policy must not all be 0');
  const weighted = raw.reduce((sum, f) => sum + f.weight * f.score, 0);
  const score = twoDecimals(weighted / totalWeight);
  const factors = raw.map((f) => ({
    ...f,
    score: twoDecimals(f.score),
    weighted: twoDecimals((f.weight * f.score) / totalWeight),
  }));
  return { score, grade: gradeOf(score, policy.gradeBounds), factors };
}

/**
 * Net sales of the last 12 months ÷ 12 × (payment term days ÷ 30 + 1) × grade multiplier,
 * rounded down to 1,000 yuan (the policy's rounding). Exact integer arithmetic.
 */
export function recommendedLimitFen(
  netSales12MonthsFen: number,
  paymentTermDays: number,
  grade: Grade,
  policy: CreditPolicyConfig = defaultCreditPolicy,
): number {
  if (netSales12MonthsFen <= 0) return 0;
  const multiplier = tenThousandths(policy.gradeMultipliers[grade]);
  const numerator = BigInt(netSales12MonthsFen) * BigInt(paymentTermDays + 30) * multiplier;
  const fen = numerator / (12n * 30n * 10_000n);
  const rounding = BigInt(policy.limitRoundingFen);
  return Number((fen / rounding) * rounding);
}

/** The limit a customer's first rating gives it: the recommended one, but at least the policy's start. */
export function initialLimitFen(
  recommendedFen: number,
  policy: CreditPolicyConfig = defaultCreditPolicy,
): number {
  return Math.max(recommendedFen, policy.initialLimitFen);
}

export type CreditOutcome = 'approve' | 'regional_manager' | 'finance_director' | 'reject';
export type DecisionRule =
  | 'hold'
  | 'grade_e'
  | 'overdue_over_90'
  | 'within_limit'
  | 'overdue_over_60_grade_c'
  | 'within_120_percent'
  | 'otherwise';

export interface DecisionInputs {
  status: CreditStatus;
  grade: Grade;
  limitFen: number;
  openReceivablesFen: number;
  openOrdersFen: number;
  orderFen: number;
  worstDaysPastDue: number;
}

export interface DecisionResult {
  decision: CreditOutcome;
  exposureFen: number;
  /** Which rule matched, for the reason shown to the rep. */
  rule: DecisionRule;
}

/**
 * Order-time decision: the first rule that matches (DOMAIN §4). The collection rule of DOMAIN
 * §4 ("> 60 days past due → escalation to finance, and new orders of grades C–E go to
 * approval", `reminderFor(…).ordersNeedApproval`) sends a grade C or D order within the limit to
 * the finance director, who took the case over, and says so; E is rejected before. An unrated
 * customer (which the collection rule counts with C–E) never gets here: the order hook rates it
 * first, and a profile always has a grade. `worstDaysPastDue` is that of the oldest open invoice.
 */
export function decideOrder(input: DecisionInputs): DecisionResult {
  const exposureFen = input.openReceivablesFen + input.openOrdersFen + input.orderFen;
  if (input.status === 'hold') return { decision: 'reject', exposureFen, rule: 'hold' };
  if (input.grade === 'E') return { decision: 'reject', exposureFen, rule: 'grade_e' };
  if (input.worstDaysPastDue > 90) return { decision: 'reject', exposureFen, rule: 'overdue_over_90' };
  const withinLimit = exposureFen <= input.limitFen;
  if (withinLimit && (input.grade === 'A' || input.grade === 'B')) {
    return { decision: 'approve', exposureFen, rule: 'within_limit' };
  }
  if (withinLimit && input.worstDaysPastDue > 60 && (input.grade === 'C' || input.grade === 'D')) {
    // Rule id kept from when only grade C reached here: decisions on record carry it.
    return { decision: 'finance_director', exposureFen, rule: 'overdue_over_60_grade_c' };
  }
  if (withinLimit && input.grade === 'C') {
    return { decision: 'approve', exposureFen, rule: 'within_limit' };
  }
  // exposure ≤ 1.2 × limit ⇔ 5 × exposure ≤ 6 × limit (integers, no float).
  if (exposureFen * 5 <= input.limitFen * 6 && (input.grade === 'A' || input.grade === 'B')) {
    return { decision: 'regional_manager', exposureFen, rule: 'within_120_percent' };
  }
  return { decision: 'finance_director', exposureFen, rule: 'otherwise' };
}

/** Approval levels: a finance director's approval also covers what a regional manager may approve. */
export const approverRank: Record<'regional_manager' | 'finance_director', number> = {
  regional_manager: 1,
  finance_director: 2,
};

/** Fen as yuan with thousands separators and two decimals: 470000000 → "4,700,000.00". */
export function formatYuan(fen: number): string {
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

export interface ReasonFacts {
  rule: DecisionRule;
  exposureFen: number;
  limitFen: number;
  grade: Grade;
  worstDaysPastDue: number;
}

/** Why the decision came out as it did, in the reader's language. */
export function decisionReason(facts: ReasonFacts, lang: Lang): string {
  const exposure = formatYuan(facts.exposureFen);
  const limit = formatYuan(facts.limitFen);
  const en = lang === 'en';
  switch (facts.rule) {
    case 'hold':
      return en ? 'the customer is on credit hold' : '客户处于信用冻结状态';
    case 'grade_e':
      return en ? 'the customer is graded E' : '客户信用等级为 E';
    case 'overdue_over_90':
      return en
        ? `an invoice is ${facts.worstDaysPastDue} days past due (more than 90)`
        : `有发票逾期 ${facts.worstDaysPastDue} 天（超过 90 天）`;
    case 'within_limit':
      return en
        ? `exposure ${exposure} is within the limit ${limit}, grade ${facts.grade}`
        : `信用占用 ${exposure} 未超过额度 ${limit}，等级 ${facts.grade}`;
    case 'overdue_over_60_grade_c':
      return en
        ? `exposure ${exposure} is within the limit ${limit}, but the customer is graded ${facts.grade} and an invoice is ${facts.worstDaysPastDue} days past due (more than 60, finance has taken over collection): approval by the finance director`
        : `信用占用 ${exposure} 未超过额度 ${limit}，但客户等级为 ${facts.grade} 且有发票逾期 ${facts.worstDaysPastDue} 天（超过 60 天，已移交财务催收）：需财务总监审批`;
    case 'within_120_percent':
      return en
        ? `exposure ${exposure} exceeds the limit ${limit} but not 120 % of it, grade ${facts.grade}: approval by the regional manager`
        : `信用占用 ${exposure} 超过额度 ${limit}，但未超过 120%，等级 ${facts.grade}：需区域经理审批`;
    case 'otherwise':
      return en
        ? `exposure ${exposure} against the limit ${limit}, grade ${facts.grade}: approval by the finance director (prepayment or a guarantee may be required)`
        : `信用占用 ${exposure}，额度 ${limit}，等级 ${facts.grade}：需财务总监审批（可能要求预付款或担保）`;
  }
}

/** The 12 calendar months before the month of `asOf`, oldest first, as YYYY-MM. */
export function stabilityMonths(asOf: string): string[] {
  const year = Number(asOf.slice(0, 4));
  const month = Number(asOf.slice(5, 7)); // 1–12
  const months: string[] = [];
  for (let back = 12; back >= 1; back--) {
    const index = year * 12 + (month - 1) - back;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

export type { AgingBucket } from '../../../contracts/finance.ts';
export { agingBuckets } from '../../../contracts/finance.ts';
// Aging buckets are the receivables' own (finance); credit reads them, it does not redefine them.
export { agingBucket } from '../finance/index.ts';

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
  lines: { buckets: AgingBucket[]; balanceFen: number; lossRate: number; provisionFen: number }[];
} {
  const covered = matrix.flatMap((row) => row.buckets);
  const missing = agingBuckets.filter((b) => !covered.includes(b));
  if (missing.length > 0 || new Set(covered).size !== covered.length) {
    throw new RangeError('the loss-rate matrix must cover each aging bucket exactly once');
  }
  const lines = matrix.map((row) => {
    const balanceFen = row.buckets.reduce((sum, b) => sum + balances[b], 0);
    // Rates have at most 4 decimals; compute in exact integers, round half up to the fen.
    const provisionFen = Number((BigInt(balanceFen) * tenThousandths(row.lossRate) + 5_000n) / 10_000n);
    return { buckets: [...row.buckets], balanceFen, lossRate: row.lossRate, provisionFen };
  });
  return { provisionFen: lines.reduce((sum, l) => sum + l.provisionFen, 0), lines };
}

/** Whether confirming an order of this gross CNY amount re-rates the customer (issue #6). */
export function isLargeOrder(grossFen: number, policy: Pick<CreditPolicyConfig, 'largeOrderFen'>): boolean {
  return grossFen >= policy.largeOrderFen;
}

import { z } from 'zod';
import { calendarDate } from './catalog.ts';
import { isoDate, listQuery, pageOf } from './common.ts';
import { latestCreditInputs } from './credit-inputs.ts';
import { agingBuckets } from './finance.ts';

/**
 * Credit management (SPEC §2.4, DOMAIN §4): the policy (scorecard configuration), credit
 * profiles and their rating history, limit change requests, order-time credit decisions and
 * the receivables reports. Amounts are integer CNY fen; ratios and rates are fractions
 * (0.5 = 50 %).
 */

export const grades = ['A', 'B', 'C', 'D', 'E'] as const;
export type Grade = (typeof grades)[number];
export const creditStatuses = ['normal', 'watch', 'hold'] as const;
export type CreditStatus = (typeof creditStatuses)[number];
export const factorKeys = [
  'punctuality',
  'daysPastDue',
  'badDebt',
  'utilisation',
  'relationshipAge',
  'orderStability',
  'qualification',
] as const;
export type FactorKey = (typeof factorKeys)[number];

const fen = z.number().int().min(0).max(1_000_000_000_000);
const factorScore = z.number().min(0).max(100);
/** A fraction with at most four decimals, so that it converts to exact integer arithmetic. */
const fraction = (max: number) =>
  z
    .number()
    .min(0)
    .max(max)
    .refine((v) => Math.abs(v * 10_000 - Math.round(v * 10_000)) < 1e-6, 'at most four decimals');
const reason = z.string().trim().min(2).max(500);
const version = z.number().int().describe('The version you read; a stale version is refused with 409');

// ---------------------------------------------------------------------------------------
// Policy

/**
 * Everything the scorecard, the grades, the recommended limit and the expected-credit-loss
 * provision read; stored as data (credit_policies), versioned, editable by an admin or the
 * finance director. The defaults are DOMAIN §4's. Bands are tried in order, first match wins.
 */
export const creditPolicyConfig = z
  .strictObject({
    weights: z.strictObject(
      Object.fromEntries(factorKeys.map((k) => [k, z.number().int().min(0).max(1000)])) as Record<
        FactorKey,
        z.ZodNumber
      >,
    ),
    neutralScore: factorScore.describe('Score of punctuality / order stability when there is no data'),
    daysPastDue: z.strictObject({
      bands: z
        .array(z.strictObject({ upToDays: z.number().int().min(0).max(3650), score: factorScore }))
        .min(1)
        .max(10),
      otherwise: factorScore,
    }),
    utilisation: z.strictObject({
      bands: z
        .array(z.strictObject({ upToRatio: fraction(100), score: factorScore }))
        .min(1)
        .max(10),
      otherwise: factorScore,
    }),
    relationshipAge: z.strictObject({
      bands: z
        .array(z.strictObject({ fromYears: z.number().int().min(0).max(100), score: factorScore }))
        .min(1)
        .max(10)
        .describe('Ascending; the first band must start at 0 years'),
    }),
    orderStability: z.strictObject({
      bands: z
        .array(z.strictObject({ upToCv: fraction(100), score: factorScore }))
        .min(1)
        .max(10),
      otherwise: factorScore,
    }),
    qualification: z.strictObject({
      allValid: factorScore,
      expiringSoon: factorScore,
      expiringWithinDays: z.number().int().min(1).max(365),
      expired: factorScore.describe('Also scored when no qualification is on file'),
    }),
    badDebt: z.strictObject({ none: factorScore, any: factorScore }),
    gradeBounds: z
      .strictObject({ A: factorScore, B: factorScore, C: factorScore, D: factorScore })
      .describe('Lowest score of each grade; below D is E'),
    gradeMultipliers: z.strictObject({
      A: fraction(10),
      B: fraction(10),
      C: fraction(10),
      D: fraction(10),
      E: fraction(10),
    }),
    limitRoundingFen: z
      .number()
      .int()
      .min(1)
      .max(100_000_000)
      .describe('Recommended limits round down to this'),
    initialLimitFen: fen.describe(
      "A customer's first rating sets its limit to the recommended limit, but at least this (0: new customers need approval for every order)",
    ),
    largeOrderFen: fen
      .default(50_000_000)
      .describe(
        'Confirming an order of at least this gross CNY amount re-rates the customer (issue #6; not in DOMAIN). ' +
          'Policies saved before it existed read as 500,000 yuan',
      ),
    eclMatrix: z
      .array(z.strictObject({ buckets: z.array(z.enum(agingBuckets)).min(1).max(6), lossRate: fraction(1) }))
      .min(1)
      .max(6)
      .describe('Loss rate per aging bucket; a row may merge buckets; every bucket exactly once'),
  })
  .meta({ id: 'CreditPolicyConfig' });
export type CreditPolicyConfig = z.infer<typeof creditPolicyConfig>;

export const creditPolicy = z
  .object({
    version: z.number().int(),
    config: creditPolicyConfig,
    reason: z.string().nullable(),
    createdAt: z.string(),
    createdByName: z.string().nullable(),
  })
  .meta({ id: 'CreditPolicy' });
export type CreditPolicy = z.infer<typeof creditPolicy>;

export const updateCreditPolicyRequest = z.strictObject({
  version: version.describe('The policy version you read; a newer one is refused with 409'),
  config: creditPolicyConfig,
  reason,
});
export type UpdateCreditPolicyRequest = z.output<typeof updateCreditPolicyRequest>;

// ---------------------------------------------------------------------------------------
// Ratings

export const qualificationStates = ['all_valid', 'expiring_soon', 'expired', 'missing'] as const;

/** The scorecard's inputs exactly as the rating used them: enough to recompute the score. */
export const ratingInputs = z
  .object({
    punctuality: z
      .object({ paidOnTimeFen: z.number().int(), invoicedFen: z.number().int() })
      .nullable()
      .describe('Invoices due in the last 12 months: paid on or before the due date, and their amount'),
    worstDaysPastDue: z.number().int(),
    hasBadDebt: z.boolean(),
    exposureFen: z.number().int().describe('Open receivables + open orders, without a new order'),
    limitFen: z.number().int(),
    relationshipYears: z.number().int().describe('Completed years since the first order'),
    monthlyOrderValuesFen: z
      .array(z.number().int())
      .nullable()
      .describe('Net order value of each of the 12 calendar months before the rating month; null: no order'),
    qualification: z.enum(qualificationStates),
  })
  .meta({ id: 'CreditRatingInputs' });
export type RatingInputs = z.infer<typeof ratingInputs>;

/** Facts shown beside the inputs (not scored themselves). */
export const ratingFacts = z
  .object({
    invoicesDueCount: z.number().int(),
    openReceivablesFen: z.number().int(),
    openOrdersFen: z.number().int(),
    badDebtFen: z.number().int(),
    firstOrderDate: isoDate.nullable(),
    months: z.array(z.string()).describe('YYYY-MM of monthlyOrderValuesFen'),
    orderCv: z.number().nullable(),
    expiredQualifications: z.array(z.string()),
    expiringQualifications: z.array(z.string()),
    netSales12MonthsFen: z.number().int(),
    paymentTermsDays: z.number().int(),
  })
  .meta({ id: 'CreditRatingFacts' });
export type RatingFacts = z.infer<typeof ratingFacts>;

export const factorResult = z
  .object({
    factor: z.enum(factorKeys),
    weight: z.number(),
    score: z.number().describe('0–100'),
    weighted: z.number().describe('weight × score ÷ Σ weights: the points this factor adds to the score'),
    isNeutral: z.boolean().describe('No data: the neutral value was used'),
  })
  .meta({ id: 'CreditFactor' });
export type FactorResult = z.infer<typeof factorResult>;

export const ratingTriggers = ['scheduled', 'event', 'manual', 'first_use', 'overdue_scan'] as const;

export const creditRating = z
  .object({
    id: z.number().int(),
    customerId: z.number().int(),
    asOf: isoDate,
    ratedAt: z.string(),
    trigger: z.enum(ratingTriggers),
    policyVersion: z.number().int(),
    score: z.number(),
    grade: z.enum(grades),
    previousGrade: z.enum(grades).nullable(),
    recommendedLimitFen: z.number().int(),
    inputs: ratingInputs,
    facts: ratingFacts,
    factors: z.array(factorResult),
  })
  .meta({ id: 'CreditRating' });
export type CreditRating = z.infer<typeof creditRating>;

export const creditRatingExplanation = creditRating
  .extend({
    recomputedScore: z
      .number()
      .describe('The score recomputed now from the stored inputs and policy version'),
    recomputedFactors: z.array(factorResult),
  })
  .meta({ id: 'CreditRatingExplanation' });
export type CreditRatingExplanation = z.infer<typeof creditRatingExplanation>;

// ---------------------------------------------------------------------------------------
// Profiles and exposure

export const creditExposure = z
  .object({
    openInvoicesFen: z.number().int(),
    unappliedFen: z.number().int().describe('Unallocated payments and unapplied credit notes'),
    openReceivablesFen: z.number().int().describe('Open invoices − unapplied'),
    openOrdersFen: z.number().int().describe('Confirmed orders not invoiced yet (incl. VAT)'),
    exposureFen: z.number().int(),
    worstDaysPastDue: z.number().int(),
  })
  .meta({ id: 'CreditExposure' });
export type CreditExposure = z.infer<typeof creditExposure>;

export const creditProfileSummary = z
  .object({
    customerId: z.number().int(),
    customerCode: z.string(),
    customerName: z.string(),
    regionId: z.number().int(),
    regionName: z.string(),
    ownerRepName: z.string().nullable(),
    isRated: z.boolean(),
    score: z.number().nullable(),
    grade: z.enum(grades).nullable(),
    status: z.enum(creditStatuses),
    limitFen: z.number().int(),
    recommendedLimitFen: z.number().int().nullable(),
    exposureFen: z.number().int(),
    utilisation: z.number().nullable().describe('Exposure ÷ limit (fraction); null when the limit is 0'),
    lastRatedAt: z.string().nullable(),
  })
  .meta({ id: 'CreditProfileSummary' });
export type CreditProfileSummary = z.infer<typeof creditProfileSummary>;

export const creditProfilePage = pageOf(creditProfileSummary);

export const creditProfileQuery = listQuery.extend({
  grade: z.enum(grades).optional(),
  status: z.enum(creditStatuses).optional(),
  regionId: z.coerce.number().int().positive().optional(),
});
export type CreditProfileQuery = z.output<typeof creditProfileQuery>;

export const limitRequestStatuses = ['pending', 'approved', 'rejected'] as const;

export const limitRequest = z
  .object({
    id: z.number().int(),
    customerId: z.number().int(),
    customerName: z.string(),
    currentLimitFen: z.number().int(),
    requestedLimitFen: z.number().int(),
    recommendedLimitFen: z.number().int().nullable(),
    reason: z.string(),
    status: z.enum(limitRequestStatuses),
    requestedByName: z.string().nullable(),
    requestedAt: z.string(),
    decidedByName: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
  })
  .meta({ id: 'CreditLimitRequest' });
export type LimitRequest = z.infer<typeof limitRequest>;

export const decisionOutcomes = ['approve', 'regional_manager', 'finance_director', 'reject'] as const;
export const decisionStatuses = ['passed', 'refused', 'pending', 'approved', 'rejected'] as const;
export const decisionRules = [
  'hold',
  'grade_e',
  'overdue_over_90',
  'within_limit',
  'overdue_over_60_grade_c',
  'within_120_percent',
  'otherwise',
] as const;

export const creditDecision = z
  .object({
    id: z.number().int(),
    orderId: z.number().int().nullable().describe('Null when the order was confirmed directly and not saved'),
    orderNumber: z.string().nullable(),
    customerId: z.number().int(),
    customerName: z.string(),
    regionId: z.number().int(),
    outcome: z.enum(decisionOutcomes),
    rule: z.enum(decisionRules),
    status: z
      .enum(decisionStatuses)
      .describe(
        'passed: approved automatically; refused: rejected automatically (or approval needed on an unsaved order); ' +
          'pending: waiting for an approver; approved / rejected: decided by the approver',
      ),
    reason: z.string().describe("Why, in the reader's language"),
    orderFen: z.number().int(),
    openReceivablesFen: z.number().int(),
    openOrdersFen: z.number().int(),
    exposureFen: z.number().int(),
    limitFen: z.number().int(),
    grade: z.enum(grades),
    profileStatus: z.enum(creditStatuses),
    worstDaysPastDue: z.number().int(),
    requestedByName: z.string().nullable(),
    requestedAt: z.string(),
    decidedByName: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
    usedAt: z.string().nullable().describe('When an approval let the order through'),
  })
  .meta({ id: 'CreditDecision' });
export type CreditDecisionView = z.infer<typeof creditDecision>;

export const creditDecisionPage = pageOf(creditDecision);

export const creditDecisionQuery = listQuery.extend({
  status: z.enum(decisionStatuses).optional(),
  customerId: z.coerce.number().int().positive().optional(),
  orderId: z.coerce.number().int().positive().optional(),
});
export type CreditDecisionQuery = z.output<typeof creditDecisionQuery>;

export const decideRequest = z.strictObject({
  note: z.string().trim().min(2).max(500).nullable().default(null),
});
export type DecideRequest = z.output<typeof decideRequest>;
export const rejectRequest = z.strictObject({ note: reason });
export type RejectRequest = z.output<typeof rejectRequest>;

export const creditCustomerDetail = z
  .object({
    customerId: z.number().int(),
    customerCode: z.string(),
    customerName: z.string(),
    regionId: z.number().int(),
    regionName: z.string(),
    ownerRepName: z.string().nullable(),
    paymentTermsDays: z.number().int(),
    isRated: z.boolean(),
    status: z.enum(creditStatuses),
    limitFen: z.number().int(),
    version: z.number().int().describe('Profile version, for status changes'),
    latest: creditRating.nullable(),
    history: z.array(
      z.object({
        id: z.number().int(),
        asOf: isoDate,
        ratedAt: z.string(),
        trigger: z.enum(ratingTriggers),
        policyVersion: z.number().int(),
        score: z.number(),
        grade: z.enum(grades),
        recommendedLimitFen: z.number().int(),
        limitFen: z.number().int(),
      }),
    ),
    exposure: creditExposure,
    limitRequests: z.array(limitRequest),
    decisions: z.array(creditDecision),
    optionalInputs: latestCreditInputs.describe(
      'The latest external rating and financial-statement ratios: shown beside the breakdown, not scored',
    ),
  })
  .meta({ id: 'CreditCustomerDetail' });
export type CreditCustomerDetail = z.infer<typeof creditCustomerDetail>;

export const createLimitRequest = z.strictObject({
  requestedLimitFen: fen,
  reason,
});
export type CreateLimitRequest = z.output<typeof createLimitRequest>;

export const limitRequestQuery = listQuery.extend({
  status: z.enum(limitRequestStatuses).optional(),
  customerId: z.coerce.number().int().positive().optional(),
});
export type LimitRequestQuery = z.output<typeof limitRequestQuery>;
export const limitRequestPage = pageOf(limitRequest);

export const changeStatusRequest = z.strictObject({
  version,
  status: z.enum(creditStatuses),
  reason,
});
export type ChangeStatusRequest = z.output<typeof changeStatusRequest>;

export const rateAllResult = z.object({ rated: z.number().int(), gradeChanges: z.number().int() });

// ---------------------------------------------------------------------------------------
// Reports: aging by dimension, DSO, expected credit loss

export const agingDimensions = ['customer', 'rep', 'region', 'grade'] as const;

export const agingReportQuery = z.strictObject({
  asOf: calendarDate.optional().describe("Default: today's business date"),
  groupBy: z.enum(agingDimensions).default('customer'),
});
export type AgingReportQuery = z.output<typeof agingReportQuery>;

const bucketAmounts = z.strictObject(
  Object.fromEntries(agingBuckets.map((b) => [b, z.number().int()])) as Record<
    (typeof agingBuckets)[number],
    z.ZodNumber
  >,
);

export const agingReport = z
  .object({
    asOf: isoDate,
    groupBy: z.enum(agingDimensions),
    rows: z.array(
      z.object({
        key: z.string().describe('Customer / user / region id, or the grade ("unrated" when none)'),
        label: z.string(),
        buckets: bucketAmounts,
        totalFen: z.number().int(),
      }),
    ),
    totals: bucketAmounts,
    totalFen: z.number().int(),
  })
  .meta({ id: 'CreditAgingReport' });
export type AgingReport = z.infer<typeof agingReport>;

export const dsoQuery = z.strictObject({
  asOf: calendarDate.optional(),
  months: z.coerce.number().int().min(1).max(24).default(3),
  customerId: z.coerce.number().int().positive().optional(),
  dayCount: z
    .enum(['actual', '30'])
    .default('actual')
    .describe('Days per month: the calendar (the as-of month up to the as-of date), or 30 for every month'),
});
export type DsoQuery = z.output<typeof dsoQuery>;

export const dsoReport = z
  .object({
    asOf: isoDate,
    receivablesFen: z.number().int().describe('Open invoices on the as-of date'),
    months: z.array(z.object({ month: z.string(), salesFen: z.number().int(), days: z.number().int() })),
    standardDays: z.number().describe('AR ÷ credit sales of the period × days in the period'),
    countbackDays: z.number(),
  })
  .meta({ id: 'CreditDsoReport' });
export type DsoReport = z.infer<typeof dsoReport>;

export const eclQuery = z.strictObject({ asOf: calendarDate.optional() });
export type EclQuery = z.output<typeof eclQuery>;

export const eclReport = z
  .object({
    asOf: isoDate,
    policyVersion: z.number().int(),
    lines: z.array(
      z.object({
        buckets: z.array(z.enum(agingBuckets)),
        balanceFen: z.number().int(),
        lossRate: z.number(),
        provisionFen: z.number().int(),
      }),
    ),
    provisionFen: z.number().int(),
    previousMonthEnd: isoDate,
    previousProvisionFen: z.number().int().describe('The same matrix on the last day of the previous month'),
    movementFen: z.number().int(),
  })
  .meta({ id: 'CreditEclReport' });
export type EclReport = z.infer<typeof eclReport>;

export const eclHistoryQuery = z.strictObject({
  asOf: calendarDate.optional().describe("Write-offs count up to this date. Default: today's business date"),
  months: z.coerce.number().int().min(1).max(36).default(12).describe('How many month-ends to observe'),
  maturityMonths: z.coerce
    .number()
    .int()
    .min(0)
    .max(24)
    .default(6)
    .describe(
      'Months skipped before the newest observed month-end, so that its receivables had time to be paid or written off',
    ),
});
export type EclHistoryQuery = z.output<typeof eclHistoryQuery>;

const historicalLossRate = z.object({
  buckets: z.array(z.enum(agingBuckets)),
  balanceFen: z.number().int().describe('Balance in these buckets, summed over the observed month-ends'),
  writtenOffFen: z
    .number()
    .int()
    .describe('Of it, approved write-offs dated after the month-end, up to as-of'),
  lossRate: z
    .number()
    .nullable()
    .describe('Written off ÷ balance, a fraction (4 decimals); null without history'),
});

export const eclHistoryReport = z
  .object({
    asOf: isoDate,
    monthEnds: z.array(isoDate).describe('The observed month-ends, oldest first'),
    policyVersion: z.number().int(),
    buckets: z.array(historicalLossRate).describe('One line per aging bucket'),
    lines: z
      .array(historicalLossRate.extend({ configuredRate: z.number() }))
      .describe("One line per row of the policy's loss matrix (buckets merged as it merges them)"),
  })
  .meta({ id: 'CreditEclHistoryReport' });
export type EclHistoryReport = z.infer<typeof eclHistoryReport>;

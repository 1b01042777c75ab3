import { z } from 'zod';
import { isoDate } from './common.ts';

/**
 * Customer value (RFM, DOMAIN §6) and the product portfolio (DOMAIN §9). Amounts are CNY fen;
 * shares and growth are fractions.
 */

export const fixedSegments = [
  'high_value',
  'new',
  'churn_risk',
  'low_value',
  'potential',
  'regular',
] as const;
export const quintileSegments = ['champions', 'loyal', 'at_risk', 'hibernating', 'new', 'others'] as const;

const days = z.number().int().min(0).max(3650);
const count = z.number().int().min(0).max(100_000);
const yuan = z.number().min(0).max(1e12);

/** DOMAIN §6's fixed thresholds; `…Below` is "<", `…Above` is ">". Money in yuan. */
export const rfmThresholds = z.strictObject({
  frequencyWindowDays: z.number().int().min(1).max(3650),
  highValue: z.strictObject({ recencyBelowDays: days, frequencyAbove: count, monetaryAboveYuan: yuan }),
  new: z.strictObject({ recencyBelowDays: days, firstOrderWithinDays: days }),
  churnRisk: z.strictObject({
    recencyAboveDays: days,
    ordersAbove: count,
    windowDays: z.number().int().min(1).max(3650),
  }),
  lowValue: z.strictObject({ recencyAboveDays: days, frequencyBelow: count, monetaryBelowYuan: yuan }),
  potential: z.strictObject({ recencyBelowDays: days, frequencyBelow: count, monetaryBelowYuan: yuan }),
});
export type RfmThresholdsInput = z.infer<typeof rfmThresholds>;

export const customerValueQuery = z.strictObject({
  asOf: isoDate.optional().describe("Default: today's business date"),
  mode: z.enum(['fixed', 'quintile']).default('fixed'),
  thresholds: rfmThresholds.optional().describe('Fixed mode only; default: DOMAIN §6'),
  segment: z.string().max(40).optional().describe('List the customers of this segment only'),
  limit: z.number().int().min(1).max(2000).default(200),
});
export type CustomerValueQuery = z.output<typeof customerValueQuery>;

export const customerValue = z.object({
  asOf: isoDate,
  mode: z.enum(['fixed', 'quintile']),
  thresholds: rfmThresholds,
  customersWithOrders: z.number().int(),
  revenueWindow: z.object({ from: isoDate, to: isoDate }),
  totalRevenueCnyFen: z.number().int().describe('Revenue of every customer in your scope in the window'),
  segments: z.array(
    z.object({
      segment: z.string(),
      label: z.string(),
      customers: z.number().int(),
      customerShare: z.number().nullable(),
      revenueCnyFen: z.number().int(),
      revenueShare: z.number().nullable().describe('Segment revenue ÷ total revenue in the window'),
      action: z.string().describe('Suggested action for the owner reps'),
    }),
  ),
  customers: z.array(
    z.object({
      customerId: z.number().int(),
      name: z.string(),
      segment: z.string(),
      recencyDays: z.number().int(),
      frequency: z.number().int(),
      monetaryCnyFen: z.number().int(),
      revenueCnyFen: z.number().int(),
      scores: z.object({ r: z.number().int(), f: z.number().int(), m: z.number().int() }).nullable(),
      ownerRepName: z.string().nullable(),
    }),
  ),
});
export type CustomerValue = z.infer<typeof customerValue>;

export const portfolioQuery = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  shareCutoff: z.coerce
    .number()
    .min(0)
    .max(100)
    .default(1)
    .describe('Relative share cut-off (1.0 = the leader)'),
  growthCutoff: z.coerce
    .number()
    .min(0)
    .max(100)
    .default(0.1)
    .describe('Growth cut-off, a fraction (0.1 = 10%)'),
});
export type PortfolioQuery = z.output<typeof portfolioQuery>;

export const portfolio = z.object({
  timeRange: z.object({ from: isoDate, to: isoDate }),
  comparisonRange: z.object({ from: isoDate, to: isoDate }),
  shareCutoff: z.number(),
  growthCutoff: z.number(),
  lines: z.array(
    z.object({
      productLineId: z.number().int(),
      name: z.string(),
      revenueCnyFen: z.number().int(),
      previousRevenueCnyFen: z.number().int(),
      grossProfitCnyFen: z.number().int().nullable().describe('null when your role may not see cost'),
      margin: z.number().nullable(),
      relativeShare: z.number().nullable(),
      growth: z.number().nullable(),
      isNewLine: z.boolean(),
      quadrant: z.enum(['star', 'cash_cow', 'question_mark', 'dog']),
    }),
  ),
});
export type Portfolio = z.infer<typeof portfolio>;

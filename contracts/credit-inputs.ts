import { z } from 'zod';
import { calendarDate } from './catalog.ts';

/**
 * Optional credit inputs (issue #6): external agency ratings and financial-statement ratios,
 * entered by credit staff. They are shown beside the score and are not part of it (DOMAIN §4
 * scores only its seven factors). Ratios are fractions (0.25 = 25 %); amounts integer CNY fen.
 */

export const ratingOutlooks = ['positive', 'stable', 'negative', 'developing'] as const;
export type RatingOutlook = (typeof ratingOutlooks)[number];

/** A ratio with at most four decimals (stored as numeric(10, 4)). */
const ratio = (min: number, max: number) =>
  z
    .number()
    .min(min)
    .max(max)
    .refine((v) => Math.abs(v * 10_000 - Math.round(v * 10_000)) < 1e-6, 'at most four decimals');
const note = z.string().trim().max(2000);

export const externalRating = z
  .object({
    id: z.number().int(),
    customerId: z.number().int(),
    agency: z.string(),
    rating: z.string(),
    outlook: z.enum(ratingOutlooks).nullable(),
    ratedOn: z.string(),
    note: z.string().nullable(),
    enteredByName: z.string(),
    enteredAt: z.string(),
  })
  .meta({ id: 'CreditExternalRating' });
export type ExternalRating = z.infer<typeof externalRating>;

export const financialRatios = z
  .object({
    id: z.number().int(),
    customerId: z.number().int(),
    periodEnd: z.string(),
    currentRatio: z.number().nullable(),
    quickRatio: z.number().nullable(),
    debtToAssetRatio: z.number().nullable(),
    netMargin: z.number().nullable().describe('Fraction; negative for a loss'),
    revenueFen: z.number().int().nullable(),
    sourceNote: z.string().nullable(),
    enteredByName: z.string(),
    enteredAt: z.string(),
  })
  .meta({ id: 'CreditFinancialRatios' });
export type FinancialRatios = z.infer<typeof financialRatios>;

/** The latest of each kind, as shown beside the factor breakdown. */
export const latestCreditInputs = z
  .object({
    externalRating: externalRating.nullable().describe('The one with the newest rating date'),
    financialRatios: financialRatios.nullable().describe('The one with the newest period end'),
  })
  .describe('Shown beside the score; not part of it')
  .meta({ id: 'LatestCreditInputs' });
export type LatestCreditInputs = z.infer<typeof latestCreditInputs>;

export const creditInputs = latestCreditInputs
  .extend({
    externalRatings: z.array(externalRating).describe('Newest rating date first'),
    financialRatioHistory: z.array(financialRatios).describe('Newest period end first'),
  })
  .meta({ id: 'CreditInputs' });
export type CreditInputs = z.infer<typeof creditInputs>;

export const createExternalRating = z.strictObject({
  agency: z.string().trim().min(1).max(100),
  rating: z.string().trim().min(1).max(20).describe("The agency's rating as published, e.g. AA+"),
  outlook: z.enum(ratingOutlooks).nullable().optional(),
  ratedOn: calendarDate.describe('Not in the future'),
  note: note.nullable().optional(),
});
export type CreateExternalRating = z.output<typeof createExternalRating>;

export const createFinancialRatios = z
  .strictObject({
    periodEnd: calendarDate.describe('End of the statement period; not in the future'),
    currentRatio: ratio(0, 1000).nullable().optional(),
    quickRatio: ratio(0, 1000).nullable().optional().describe('Not above the current ratio'),
    debtToAssetRatio: ratio(0, 100).nullable().optional(),
    netMargin: ratio(-100, 1).nullable().optional().describe('Fraction; negative for a loss'),
    revenueFen: z.number().int().min(0).max(100_000_000_000_000).nullable().optional(),
    sourceNote: note.nullable().optional(),
  })
  .refine(
    (v) =>
      v.currentRatio != null ||
      v.quickRatio != null ||
      v.debtToAssetRatio != null ||
      v.netMargin != null ||
      v.revenueFen != null,
    { message: 'at least one ratio or the revenue is needed', path: ['currentRatio'] },
  )
  .refine((v) => v.quickRatio == null || v.currentRatio == null || v.quickRatio <= v.currentRatio, {
    message: 'the quick ratio cannot exceed the current ratio',
    path: ['quickRatio'],
  });
export type CreateFinancialRatios = z.output<typeof createFinancialRatios>;

import { z } from 'zod';
import { isoDate } from './common.ts';
import { channels } from './customers.ts';
import { agingBuckets } from './finance.ts';
import { regionLevel } from './regions.ts';

/**
 * Analytics: the sales overview (the landing dashboard). Amounts are integer CNY fen; rates
 * are fractions (0.125 = 12.5 %). Definitions (DOMAIN §8) live in one place on the server:
 * server/modules/analytics/sales-facts.sql.ts.
 *
 * Cost-based figures (gross profit and margin) are shown only to roles that may see our cost
 * (the semantic layer's rule: not distributors). For anyone else every one of them is null —
 * never a zero standing in for a figure that is not shown.
 */

/** The note on every cost-based figure of the overview. */
const hiddenCost = 'null when your role may not see cost (gross profit and margin are not shown to you)';

// A period bound is taken as text and checked by the service, so that every problem with the
// period — not a date, no such day, from after to, too long — answers 422 INVALID_PERIOD.
const periodBound = z.string().trim().max(40);

export const salesOverviewQuery = z.strictObject({
  from: periodBound
    .optional()
    .describe("First day of the period, YYYY-MM-DD; default: 1 January of the year of 'to'"),
  to: periodBound.optional().describe("Last day of the period, YYYY-MM-DD; default: today's business date"),
  regionId: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('Only this region and the regions below it (always within your own scope)'),
  channel: z.enum(channels).optional().describe("Only customers of this channel (the customer's channel)"),
});
export type SalesOverviewQuery = z.output<typeof salesOverviewQuery>;

const fen = z.number().int();
const changeRate = z
  .number()
  .nullable()
  .describe('(current − previous) ÷ |previous|, a fraction; null when the previous value is 0');

const amountKpi = z.object({ current: fen, previous: fen, changeRate });
const countKpi = z.object({ current: z.number().int(), previous: z.number().int(), changeRate });
const averageKpi = z.object({
  current: fen.nullable().describe('null when there are no orders'),
  previous: fen.nullable(),
  changeRate,
});
const rateKpi = z.object({
  current: z.number().nullable().describe('A fraction; null when revenue is not positive'),
  previous: z.number().nullable(),
  changePoints: z.number().nullable().describe('current − previous, in fraction points (0.02 = 2 points)'),
});

export const salesOverviewKpis = z.object({
  revenueCnyFen: amountKpi.describe('Invoiced net of VAT, less credit notes, by document date'),
  grossProfitCnyFen: amountKpi
    .nullable()
    .describe(`Revenue − cost of the lots shipped (less cost returned); ${hiddenCost}`),
  marginRate: rateKpi.nullable().describe(`Gross profit ÷ revenue; ${hiddenCost}`),
  orders: countKpi.describe('Sales orders by order date, confirmed (not draft) and not cancelled'),
  averageOrderValueCnyFen: averageKpi.describe('Revenue ÷ orders, rounded half up to the fen'),
});

export const salesTrendMonth = z.object({
  month: z.string().describe('YYYY-MM; the part of the month inside the period'),
  revenueCnyFen: fen,
  grossProfitCnyFen: fen.nullable().describe(hiddenCost),
  previousMonth: z.string().describe('The same month a year earlier (the same days of it)'),
  previousRevenueCnyFen: fen,
  previousGrossProfitCnyFen: fen.nullable().describe(hiddenCost),
});

export const regionRef = z.object({
  id: z.number().int(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  level: regionLevel,
});
export type RegionRef = z.infer<typeof regionRef>;

export const regionContribution = regionRef.extend({
  canDrillDown: z.boolean().describe('The region has regions below it to break it down into'),
  revenueCnyFen: fen,
  grossProfitCnyFen: fen.nullable().describe(hiddenCost),
});
export type RegionContribution = z.infer<typeof regionContribution>;

export const productContribution = z.object({
  productId: z.number().int(),
  sku: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  modelSpec: z.string().describe('规格型号: one product name covers several models'),
  productLineId: z.number().int(),
  productLineNameZh: z.string(),
  productLineNameEn: z.string(),
  revenueCnyFen: fen,
  grossProfitCnyFen: fen.nullable().describe(hiddenCost),
});
export type ProductContribution = z.infer<typeof productContribution>;

export const repContribution = z.object({
  repId: z.number().int().nullable().describe('null: orders and customers without an owner rep'),
  repName: z.string().nullable(),
  revenueCnyFen: fen,
  grossProfitCnyFen: fen.nullable().describe(hiddenCost),
  orders: z.number().int(),
});
export type RepContribution = z.infer<typeof repContribution>;

export const receivablesSummary = z.object({
  asOf: isoDate.describe("The period's last day, or today when that is later"),
  buckets: z.array(z.object({ bucket: z.enum(agingBuckets), openCnyFen: fen, count: z.number().int() })),
  totalOpenCnyFen: fen,
  overdueCnyFen: fen.describe('Open amounts past their due date (every bucket but not_due)'),
  overdueRate: z.number().nullable().describe('overdue ÷ total open; null when nothing is open'),
});

export const salesOverview = z
  .object({
    period: z.object({
      from: isoDate,
      to: isoDate,
      previousFrom: isoDate.describe('The same dates a year earlier (29 February → 28 February)'),
      previousTo: isoDate,
    }),
    filters: z.object({
      regionId: z.number().int().nullable(),
      channel: z.enum(channels).nullable(),
    }),
    kpis: salesOverviewKpis,
    trend: z.array(salesTrendMonth),
    regions: z.object({
      path: z
        .array(regionRef)
        .describe('From the top sales region down to the region filter; empty without one'),
      items: z
        .array(regionContribution)
        .describe(
          'Without a region filter: by sales region (大区); with one: by the regions just below it ' +
            '(its own row holds what is booked on it directly). Only regions with sales, largest first.',
        ),
    }),
    topProducts: z.array(productContribution).describe('The 10 products with the most revenue'),
    reps: z.array(repContribution).describe('The 20 owner reps with the most revenue'),
    receivables: receivablesSummary,
  })
  .meta({
    id: 'SalesOverview',
    description:
      'The whole landing page in one answer. Gross profit and margin — the KPIs, the trend, the regions, ' +
      'the products and the reps — are all null for a role that may not see cost (a distributor), and all ' +
      'figures for one that may.',
  });
export type SalesOverview = z.infer<typeof salesOverview>;

import { z } from 'zod';
import { isoDate } from './common.ts';

/**
 * The analytics query API (semantic layer). Field names are taken as text and checked by the
 * server against its definitions, so that an unknown measure or dimension answers 400
 * ANALYTICS_UNKNOWN_FIELD naming it. Amounts are CNY fen; rates are fractions.
 */

export const analyticsMeasureNames = [
  'order_value',
  'revenue',
  'cost',
  'gross_profit',
  'margin',
  'orders',
  'order_lines',
  'units',
  'first_allocated_units',
  'fill_rate',
  'stockout_rate',
  'average_order_value',
  'active_customers',
  'new_customers',
  'shipments',
  'on_time_shipments',
  'on_time_shipment_rate',
  'ar_open',
  'ar_overdue',
  'overdue_rate',
  'dso',
  'inventory_value',
  'near_expiry_value',
  'average_inventory_value',
  'inventory_turnover_days',
  'revenue_target',
  'target_attainment',
  'target_hospitals',
  'covered_target_hospitals',
  'coverage_rate',
] as const;
export type AnalyticsMeasureName = (typeof analyticsMeasureNames)[number];

export const analyticsDimensionNames = [
  'day',
  'week',
  'month',
  'quarter',
  'year',
  'region',
  'province',
  'city',
  'channel',
  'customer',
  'customer_type',
  'hospital_grade',
  'distributor_level',
  'customer_segment',
  'product',
  'product_line',
  'device_class',
  'rep',
  'warehouse',
] as const;
export type AnalyticsDimensionName = (typeof analyticsDimensionNames)[number];

const fieldName = z.string().max(64);

/**
 * `target`: each row's `previous` holds the revenue target of the same group (and null for
 * measures that have no target); a month's target counts when its first day is in the range.
 * Only with dimensions and filters targets have: date, region levels, rep.
 */
export const analyticsComparisons = ['previous_period', 'same_period_last_year', 'target'] as const;

export const analyticsQuery = z.strictObject({
  measures: z.array(fieldName).min(1).max(20),
  dimensions: z.array(fieldName).max(4).default([]),
  filters: z
    .array(
      z.strictObject({
        dimension: fieldName,
        op: z.enum(['in', 'not_in']).default('in'),
        values: z.array(z.string().max(200)).min(1).max(500),
      }),
    )
    .max(20)
    .default([]),
  timeRange: z
    .strictObject({ from: isoDate, to: isoDate })
    .optional()
    .describe("Default: 1 January of this year to today. Snapshot measures (AR, inventory) are as of 'to'"),
  comparison: z.enum(analyticsComparisons).optional(),
  sort: z
    .array(z.strictObject({ field: fieldName, direction: z.enum(['asc', 'desc']).default('desc') }))
    .max(4)
    .default([]),
  limit: z.number().int().min(1).max(10_000).default(1000),
});
export type AnalyticsQuery = z.output<typeof analyticsQuery>;
export type AnalyticsQueryInput = z.input<typeof analyticsQuery>;

export const analyticsExportQuery = z.strictObject({ format: z.enum(['csv', 'xlsx']).default('xlsx') });

const values = z.record(z.string(), z.number().nullable());

export const analyticsResult = z.object({
  timeRange: z.object({ from: isoDate, to: isoDate }),
  comparisonRange: z.object({ from: isoDate, to: isoDate }).nullable(),
  dimensions: z.array(z.object({ name: z.string(), label: z.string(), isCode: z.boolean() })),
  measures: z.array(z.object({ name: z.string(), label: z.string(), type: z.string() })),
  rows: z.array(
    z.object({
      keys: z.array(z.string().nullable()),
      labels: z.array(z.string().nullable()),
      values,
      previous: values.nullable(),
    }),
  ),
  totals: z.object({ values, previous: values.nullable() }),
  /** More rows matched than `limit`; totals still cover all of them. */
  isTruncated: z.boolean(),
});
export type AnalyticsResult = z.infer<typeof analyticsResult>;

export const analyticsCatalogue = z.object({
  measures: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      description: z.string(),
      type: z.string(),
      dimensions: z.array(z.string()).describe('Dimensions this measure can be broken down by'),
    }),
  ),
  dimensions: z.array(z.object({ name: z.string(), label: z.string(), isCode: z.boolean() })),
});
export type AnalyticsCatalogue = z.infer<typeof analyticsCatalogue>;

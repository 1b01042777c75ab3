import { z } from 'zod';
import { type AnalyticsQueryInput, analyticsComparisons } from './analytics-query.ts';
import { roleSchema } from './auth.ts';
import { isoDate } from './common.ts';

/**
 * Saved reports of the report builder. A report stores the question, not the answer: the layout
 * (dimensions as rows and columns, measures as values), filters, a period and a comparison.
 * Running it asks the semantic layer with the caller's own scope. The period may be relative
 * ("this year"), resolved to dates on each run by `resolveReportPeriod` — the builder uses the
 * same function, so what it shows is what the saved report runs.
 */

const fieldName = z.string().max(64);

export const relativePeriods = [
  'this_month',
  'last_month',
  'this_quarter',
  'last_quarter',
  'this_year',
  'last_year',
  'last_30_days',
  'last_90_days',
  'last_12_months',
] as const;
export type RelativePeriod = (typeof relativePeriods)[number];

export const reportPeriod = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('relative'), period: z.enum(relativePeriods) }),
  z.strictObject({ kind: z.literal('fixed'), from: isoDate, to: isoDate }),
]);
export type ReportPeriod = z.infer<typeof reportPeriod>;

export const reportFilter = z.strictObject({
  dimension: fieldName,
  op: z.enum(['in', 'not_in']).default('in'),
  values: z.array(z.string().max(200)).min(1).max(500),
});

export const reportQuery = z.strictObject({
  filters: z.array(reportFilter).max(20).default([]),
  period: reportPeriod,
  comparison: z.enum(analyticsComparisons).nullable().default(null),
});
export type ReportQuery = z.output<typeof reportQuery>;

/** The analytics query takes at most four dimensions: rows and columns together. */
export const MAX_REPORT_DIMENSIONS = 4;

export const reportLayout = z
  .strictObject({
    rows: z.array(fieldName).max(MAX_REPORT_DIMENSIONS).default([]),
    columns: z.array(fieldName).max(MAX_REPORT_DIMENSIONS).default([]),
    values: z.array(fieldName).min(1).max(20),
  })
  .refine((l) => l.rows.length + l.columns.length <= MAX_REPORT_DIMENSIONS, {
    message: `at most ${MAX_REPORT_DIMENSIONS} dimensions in rows and columns together`,
    path: ['columns'],
  })
  .refine((l) => new Set([...l.rows, ...l.columns]).size === l.rows.length + l.columns.length, {
    message: 'a dimension may be placed once',
    path: ['rows'],
  })
  .refine((l) => new Set(l.values).size === l.values.length, {
    message: 'a measure may be placed once',
    path: ['values'],
  });
export type ReportLayout = z.output<typeof reportLayout>;

export const reportChartKinds = ['table', 'pivot', 'bar', 'line', 'pie', 'funnel', 'scatter'] as const;
export type ReportChartKind = (typeof reportChartKinds)[number];

const reportFields = {
  name: z.string().trim().min(1).max(120),
  query: reportQuery,
  layout: reportLayout,
  chartKind: z.enum(reportChartKinds),
  sharedWithRoles: z
    .array(roleSchema)
    .max(20)
    .describe('Users holding any of these roles may open and run the report; only its owner changes it'),
};

export const createSavedReportRequest = z.strictObject({
  ...reportFields,
  sharedWithRoles: reportFields.sharedWithRoles.default([]),
});
export type CreateSavedReportRequest = z.output<typeof createSavedReportRequest>;
export type CreateSavedReportInput = z.input<typeof createSavedReportRequest>;

export const updateSavedReportRequest = z.strictObject({
  version: z.number().int().positive(),
  name: reportFields.name.optional(),
  query: reportFields.query.optional(),
  layout: reportFields.layout.optional(),
  chartKind: reportFields.chartKind.optional(),
  sharedWithRoles: reportFields.sharedWithRoles.optional(),
});
export type UpdateSavedReportRequest = z.output<typeof updateSavedReportRequest>;

export const savedReport = z
  .object({
    id: z.number().int(),
    name: z.string(),
    ownerId: z.number().int(),
    ownerName: z.string(),
    query: reportQuery,
    layout: reportLayout,
    chartKind: z.enum(reportChartKinds),
    sharedWithRoles: z.array(roleSchema),
    /** The caller owns it (or is an admin) and may change or delete it. */
    canEdit: z.boolean(),
    /** On the caller's own dashboard (分析看板 → 我的报表). */
    isPinned: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SavedReport' });
export type SavedReport = z.infer<typeof savedReport>;

export const savedReportList = z.object({ items: z.array(savedReport) });
export type SavedReportList = z.infer<typeof savedReportList>;

// ---- Pure helpers shared by the server (running a report) and the builder (previewing it) ----

const pad = (n: number) => String(n).padStart(2, '0');
const dateOf = (y: number, m: number, d: number) => {
  // Date.UTC rolls months and days over (month 0 is last December, day 0 the previous month's last).
  const t = new Date(Date.UTC(y, m - 1, d));
  return `${String(t.getUTCFullYear()).padStart(4, '0')}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
};

/**
 * The dates of a report period on `today` (YYYY-MM-DD, the company's business date). "This …"
 * periods end today; "last month/quarter/year" are the whole previous calendar one; "last 12
 * months" is the current month and the 11 before it, so a by-month report shows 12 months.
 */
export function resolveReportPeriod(period: ReportPeriod, today: string): { from: string; to: string } {
  if (period.kind === 'fixed') return { from: period.from, to: period.to };
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const quarterStart = m - ((m - 1) % 3);
  switch (period.period) {
    case 'this_month':
      return { from: dateOf(y, m, 1), to: today };
    case 'last_month':
      return { from: dateOf(y, m - 1, 1), to: dateOf(y, m, 0) };
    case 'this_quarter':
      return { from: dateOf(y, quarterStart, 1), to: today };
    case 'last_quarter':
      return { from: dateOf(y, quarterStart - 3, 1), to: dateOf(y, quarterStart, 0) };
    case 'this_year':
      return { from: dateOf(y, 1, 1), to: today };
    case 'last_year':
      return { from: dateOf(y - 1, 1, 1), to: dateOf(y - 1, 12, 31) };
    case 'last_30_days':
      return { from: dateOf(y, m, d - 29), to: today };
    case 'last_90_days':
      return { from: dateOf(y, m, d - 89), to: today };
    case 'last_12_months':
      return { from: dateOf(y, m - 11, 1), to: today };
  }
}

/** The most rows a report reads: a pivot needs all of them, not the query's default first 1,000. */
export const REPORT_ROW_LIMIT = 10_000;

/** The analytics query a report asks: rows then columns as dimensions, the values as measures. */
export function analyticsQueryOfReport(
  report: { query: ReportQuery; layout: ReportLayout },
  today: string,
): AnalyticsQueryInput {
  return {
    measures: report.layout.values,
    dimensions: [...report.layout.rows, ...report.layout.columns],
    filters: report.query.filters,
    timeRange: resolveReportPeriod(report.query.period, today),
    ...(report.query.comparison ? { comparison: report.query.comparison } : {}),
    limit: REPORT_ROW_LIMIT,
  };
}

import { z } from 'zod';
import { roleSchema } from './auth.ts';
import { isoDate } from './common.ts';

/**
 * KPI alerts: one measure of the semantic layer over a relative period, compared with a
 * threshold. The job runner evaluates every active alert as its owner (the owner's scope and
 * measure permissions) and notifies when the condition becomes true — once per crossing.
 *
 * Thresholds are entered in the measure's display unit: yuan for money measures (stored in
 * fen), a fraction for rates (0.25 = 25%), plain numbers for counts, quantities and days.
 * `thresholdValue` and `lastValue` are in the unit the analytics query returns (fen for money).
 */

export const alertPeriods = [
  'today',
  'last_7_days',
  'last_30_days',
  'month_to_date',
  'last_month',
  'quarter_to_date',
  'year_to_date',
] as const;
export type AlertPeriod = (typeof alertPeriods)[number];

export const alertOperators = ['>', '>=', '<', '<='] as const;
export type AlertOperator = (typeof alertOperators)[number];

const fieldName = z.string().max(64);

export const alertFilter = z.strictObject({
  dimension: fieldName,
  op: z.enum(['in', 'not_in']).default('in'),
  values: z.array(z.string().max(200)).min(1).max(500),
});

const alertFields = {
  name: z.string().trim().min(1).max(120),
  measure: fieldName.describe('A measure of GET /api/analytics/catalogue'),
  filters: z.array(alertFilter).max(20),
  period: z
    .enum(alertPeriods)
    .describe('Resolved to dates on each evaluation (business dates, Asia/Shanghai)'),
  operator: z.enum(alertOperators),
  threshold: z
    .number()
    .finite()
    .min(-1e13)
    .max(1e13)
    .describe('Yuan for money measures (at most two decimals), a fraction for rates'),
  notifyRoles: z
    .array(roleSchema)
    .max(12)
    .describe('Besides the owner, users holding any of these roles who see at least what the owner sees'),
  isActive: z.boolean(),
};

export const createKpiAlertRequest = z.strictObject({
  ...alertFields,
  filters: alertFields.filters.default([]),
  notifyRoles: alertFields.notifyRoles.default([]),
  isActive: alertFields.isActive.default(true),
});
export type CreateKpiAlertRequest = z.output<typeof createKpiAlertRequest>;
export type CreateKpiAlertInput = z.input<typeof createKpiAlertRequest>;

export const updateKpiAlertRequest = z.strictObject({
  version: z.number().int().positive(),
  name: alertFields.name.optional(),
  measure: alertFields.measure.optional(),
  filters: alertFields.filters.optional(),
  period: alertFields.period.optional(),
  operator: alertFields.operator.optional(),
  threshold: alertFields.threshold.optional(),
  notifyRoles: alertFields.notifyRoles.optional(),
  isActive: alertFields.isActive.optional(),
});
export type UpdateKpiAlertRequest = z.output<typeof updateKpiAlertRequest>;

export const kpiAlert = z
  .object({
    id: z.number().int(),
    name: z.string(),
    ownerId: z.number().int(),
    ownerName: z.string(),
    measure: z.string(),
    measureLabel: z.string(),
    measureType: z.string().describe('money | rate | count | quantity | days'),
    filters: z.array(alertFilter),
    period: z.enum(alertPeriods),
    operator: z.enum(alertOperators),
    threshold: z.number().describe('As entered: yuan for money measures'),
    thresholdValue: z.number().describe('In the unit of the analytics query: fen for money measures'),
    notifyRoles: z.array(roleSchema),
    isActive: z.boolean(),
    /** null until the job has evaluated it once. */
    isCrossed: z.boolean().nullable(),
    lastValue: z.number().nullable(),
    lastEvaluatedAt: z.string().nullable(),
    lastFiredAt: z.string().nullable(),
    lastError: z.string().nullable(),
    canEdit: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'KpiAlert' });
export type KpiAlert = z.infer<typeof kpiAlert>;

export const kpiAlertList = z.object({ items: z.array(kpiAlert) });
export type KpiAlertList = z.infer<typeof kpiAlertList>;

export const kpiAlertEvaluation = z.object({
  alertId: z.number().int(),
  timeRange: z.object({ from: isoDate, to: isoDate }),
  value: z.number().nullable().describe('In the unit of the analytics query: fen for money measures'),
  thresholdValue: z.number(),
  isCrossed: z.boolean().describe('The condition holds now (a null value never crosses)'),
});
export type KpiAlertEvaluation = z.infer<typeof kpiAlertEvaluation>;

// ---- Pure helpers shared by the server and the alerts page ----

const pad = (n: number) => String(n).padStart(2, '0');
const dateOf = (y: number, m: number, d: number) => {
  // Date.UTC rolls months and days over (day 0 is the previous month's last).
  const t = new Date(Date.UTC(y, m - 1, d));
  return `${String(t.getUTCFullYear()).padStart(4, '0')}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
};

/** The dates of an alert period on `today` (the company's business date, YYYY-MM-DD). */
export function resolveAlertPeriod(period: AlertPeriod, today: string): { from: string; to: string } {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  switch (period) {
    case 'today':
      return { from: today, to: today };
    case 'last_7_days':
      return { from: dateOf(y, m, d - 6), to: today };
    case 'last_30_days':
      return { from: dateOf(y, m, d - 29), to: today };
    case 'month_to_date':
      return { from: dateOf(y, m, 1), to: today };
    case 'last_month':
      return { from: dateOf(y, m - 1, 1), to: dateOf(y, m, 0) };
    case 'quarter_to_date':
      return { from: dateOf(y, m - ((m - 1) % 3), 1), to: today };
    case 'year_to_date':
      return { from: dateOf(y, 1, 1), to: today };
  }
}

/** Whether the value meets the condition; a missing value (e.g. margin without revenue) never does. */
export function isConditionMet(value: number | null, operator: AlertOperator, threshold: number): boolean {
  if (value === null || Number.isNaN(value)) return false;
  switch (operator) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

/**
 * Pure helpers of the analytics pages: formatting a measure by its type, and labels of
 * dimension values (charts: builder/result.rules.ts).
 */

import type { AnalyticsResult } from '../../../../contracts/analytics-query.ts';
import type { Language } from '../../../../contracts/auth.ts';
import { EMPTY_VALUE, formatMoney, formatNumber, formatPercent } from '../../shared/format.ts';

export function formatMeasure(
  type: string,
  value: number | null | undefined,
  lang: Language,
  compact = false,
): string {
  if (value === null || value === undefined) return EMPTY_VALUE;
  if (type === 'money') return formatMoney(value, lang, { compact });
  if (type === 'rate') return formatPercent(value, lang);
  if (type === 'days') return formatNumber(value, lang, { decimals: 1 });
  return formatNumber(value, lang, { compact });
}

/** Where the translation of a coded dimension value lives. */
const codeKeys: Record<string, string> = {
  channel: 'customers.channels',
  customer_type: 'customers.types',
  hospital_grade: 'customers.grades',
  distributor_level: 'customers.levels',
  device_class: 'analytics.deviceClasses',
};

/** The text of row `row`'s value of dimension `index`. */
export function dimensionText(
  result: Pick<AnalyticsResult, 'dimensions'>,
  row: Pick<AnalyticsResult['rows'][number], 'keys' | 'labels'>,
  index: number,
  translate: (key: string, fallback: string) => string,
): string {
  const key = row.keys[index];
  const label = row.labels[index];
  if (key === null || key === undefined) return translate('analytics.none', '(none)');
  if (label) return label;
  const dimension = result.dimensions[index];
  const base = dimension ? codeKeys[dimension.name] : undefined;
  return base ? translate(`${base}.${key}`, key) : key;
}

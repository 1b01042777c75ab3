/**
 * Pure helpers of the analytics pages: formatting a measure by its type, labels of dimension
 * values, and the chart option of a query result.
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

export type ChartKind = 'bar' | 'line';

/**
 * A bar or line chart of a result: the first dimension on the x axis, one series per measure
 * (and per value of a second dimension, when there is one). Rates go on a second axis.
 */
export function chartOption(
  result: AnalyticsResult,
  kind: ChartKind,
  translate: (key: string, fallback: string) => string,
) {
  const rows = result.rows;
  const categories: string[] = [];
  const seriesKeys: string[] = [];
  const hasSecond = result.dimensions.length > 1;
  const cell = new Map<string, number | null>();
  for (const row of rows) {
    const x = result.dimensions.length
      ? dimensionText(result, row, 0, translate)
      : translate('analytics.total', 'Total');
    if (!categories.includes(x)) categories.push(x);
    for (const m of result.measures) {
      const s = hasSecond ? `${dimensionText(result, row, 1, translate)} · ${m.label}` : m.label;
      if (!seriesKeys.includes(s)) seriesKeys.push(s);
      cell.set(`${x}\u0000${s}`, row.values[m.name] ?? null);
    }
  }
  const typeOf = (series: string) => result.measures.find((m) => series.endsWith(m.label))?.type ?? 'count';
  const hasRate = result.measures.some((m) => m.type === 'rate');
  const hasOther = result.measures.some((m) => m.type !== 'rate');
  return {
    tooltip: { trigger: 'axis' as const },
    legend: { type: 'scroll' as const },
    grid: { left: 64, right: hasRate && hasOther ? 64 : 24, bottom: 48, containLabel: true },
    xAxis: { type: 'category' as const, data: categories },
    yAxis: [
      { type: 'value' as const },
      ...(hasRate && hasOther ? [{ type: 'value' as const, axisLabel: { formatter: '{value}' } }] : []),
    ],
    series: seriesKeys.map((s) => {
      const type = typeOf(s);
      return {
        name: s,
        type: kind,
        yAxisIndex: hasRate && hasOther && type === 'rate' ? 1 : 0,
        // Money is charted in yuan.
        data: categories.map((x) => {
          const v = cell.get(`${x}\u0000${s}`) ?? null;
          return v === null ? null : type === 'money' ? v / 100 : v;
        }),
      };
    }),
  };
}

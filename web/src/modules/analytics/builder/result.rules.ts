/**
 * What the builder draws from one query result, as pure functions: the pivot (row dimensions
 * down, the column dimensions' values across) and the ECharts option of each chart kind. The
 * query's dimensions are the layout's rows then columns; which is which is told by name, so a
 * result still on screen from the previous layout is never mislaid.
 */
import type { AnalyticsResult } from '../../../../../contracts/analytics-query.ts';
import type { Language } from '../../../../../contracts/auth.ts';
import type { EChartsOption } from '../../../shared/charts/EChart.tsx';
import { formatAxisValue, formatPercent } from '../../../shared/format.ts';
import { dimensionText, formatMeasure } from '../analytics.rules.ts';

type Translate = (key: string, fallback: string) => string;
type Row = AnalyticsResult['rows'][number];
type Values = Row['values'];

export interface PivotColumn {
  key: string;
  /** The text of each column dimension's value (empty when there are no column dimensions). */
  labels: string[];
}

export interface PivotRow {
  key: string;
  labels: string[];
  /** Measure values by column key; a missing column means no figures there. */
  cells: Record<string, Values>;
}

export interface Pivot {
  rowDimensions: AnalyticsResult['dimensions'];
  columnDimensions: AnalyticsResult['dimensions'];
  measures: AnalyticsResult['measures'];
  columns: PivotColumn[];
  rows: PivotRow[];
}

const SEPARATOR = '\u0000';
const byText = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

function split(result: AnalyticsResult, rowNames: readonly string[]) {
  const rowIndexes: number[] = [];
  const columnIndexes: number[] = [];
  result.dimensions.forEach((d, i) => {
    (rowNames.includes(d.name) ? rowIndexes : columnIndexes).push(i);
  });
  return { rowIndexes, columnIndexes };
}

/**
 * Rows × columns: one pivot row per combination of row-dimension values (in the result's
 * order), one column per combination of column-dimension values (sorted by their text, so
 * months run in calendar order), each holding every measure.
 */
export function pivotResult(
  result: AnalyticsResult,
  rowNames: readonly string[],
  translate: Translate,
): Pivot {
  const { rowIndexes, columnIndexes } = split(result, rowNames);
  const textOf = (row: Row, i: number) => dimensionText(result, row, i, translate);
  const columns = new Map<string, PivotColumn>();
  const rows = new Map<string, PivotRow>();
  for (const row of result.rows) {
    const rowKey = rowIndexes.map((i) => row.keys[i] ?? '').join(SEPARATOR);
    const columnKey = columnIndexes.map((i) => row.keys[i] ?? '').join(SEPARATOR);
    if (!columns.has(columnKey)) {
      columns.set(columnKey, { key: columnKey, labels: columnIndexes.map((i) => textOf(row, i)) });
    }
    let target = rows.get(rowKey);
    if (!target) {
      target = { key: rowKey, labels: rowIndexes.map((i) => textOf(row, i)), cells: {} };
      rows.set(rowKey, target);
    }
    target.cells[columnKey] = row.values;
  }
  return {
    rowDimensions: rowIndexes.map((i) => result.dimensions[i]!),
    columnDimensions: columnIndexes.map((i) => result.dimensions[i]!),
    measures: result.measures,
    columns: [...columns.values()].sort((a, b) => byText(a.labels.join(' '), b.labels.join(' '))),
    rows: [...rows.values()],
  };
}

/**
 * Measures whose figure for a group is the sum of its parts' figures, so a pivot may add its
 * cells up. Listed by name, not by type: average order value is money and active customers a
 * count, yet neither adds up (an average of parts, a customer active in two months). A measure
 * not listed gets no summed total, which is never wrong, only less helpful.
 */
const additiveMeasures: ReadonlySet<string> = new Set([
  'order_value',
  'revenue',
  'cost',
  'gross_profit',
  'orders',
  'order_lines',
  'units',
  'first_allocated_units',
  'shipments',
  'on_time_shipments',
  'ar_open',
  'ar_overdue',
  'inventory_value',
  'average_inventory_value',
  'near_expiry_value',
  'revenue_target',
]);
const summableTypes: ReadonlySet<string> = new Set(['money', 'count', 'quantity']);

export function isAdditiveMeasure(measure: { name: string; type: string }): boolean {
  return summableTypes.has(measure.type) && additiveMeasures.has(measure.name);
}

/** Totals of a pivot by measure; a measure left out has no total there (the cell stays empty). */
export type TotalValues = Record<string, number | null>;

export interface PivotTotals {
  /** Whether to show a column of row totals (there is more than one column to add up). */
  hasRowTotals: boolean;
  /** Whether to show a row of column totals (there is more than one row to add up). */
  hasColumnTotals: boolean;
  /** By pivot row key: the row across all columns. */
  rows: Record<string, TotalValues>;
  /** By pivot column key: the column down all rows. */
  columns: Record<string, TotalValues>;
  /** The whole result, as the API computed it. */
  grand: TotalValues;
}

/**
 * Row, column and grand totals of a pivot. The grand total is the API's (ratios in it are
 * computed from the summed inputs, and it covers rows past the display limit). The total of
 * the only column (or the only row) is the whole result, so it is the API's too, and a margin
 * has a total there. Elsewhere only additive measures are summed, over the cells shown; ratios
 * stay empty, never a sum or an average of ratios. Nothing is summed from a truncated result,
 * whose missing rows would make the sums wrong.
 */
export function pivotTotals(pivot: Pivot, result: AnalyticsResult): PivotTotals {
  const grand: TotalValues = { ...result.totals.values };
  const summed = result.isTruncated ? [] : pivot.measures.filter(isAdditiveMeasure);
  const add = (target: TotalValues, values: Values | undefined) => {
    for (const m of summed) {
      const value = values?.[m.name];
      if (value !== null && value !== undefined) target[m.name] = (target[m.name] ?? 0) + value;
    }
  };
  const rows: Record<string, TotalValues> = {};
  const columns: Record<string, TotalValues> = {};
  for (const row of pivot.rows) {
    rows[row.key] = {};
    for (const column of pivot.columns) {
      columns[column.key] ??= {};
      add(rows[row.key]!, row.cells[column.key]);
      add(columns[column.key]!, row.cells[column.key]);
    }
  }
  // The only column adds up every row, the only row every column: that total is the grand one.
  if (pivot.columns.length === 1) columns[pivot.columns[0]!.key] = { ...grand };
  if (pivot.rows.length === 1) rows[pivot.rows[0]!.key] = { ...grand };
  return {
    hasRowTotals: pivot.columns.length > 1,
    hasColumnTotals: pivot.rows.length > 1,
    rows,
    columns,
    grand,
  };
}

export type ReportChart = 'bar' | 'line' | 'pie' | 'funnel' | 'scatter';

/** Money is charted in yuan (the API answers in fen). */
function charted(type: string, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return type === 'money' ? value / 100 : value;
}

/**
 * A value axis's tick: rates as percentages; other figures (money in yuan, counts) in 万/亿 (K/M
 * in English) as the sales overview's axes.
 */
export function axisTick(value: number, isRate: boolean, lang: Language): string {
  return isRate ? formatPercent(value, lang, 0) : formatAxisValue(value, lang);
}

/**
 * Every category named, where ECharts would skip those that overlap (three of seven region
 * names in English), slanted once together they are wider than about 36 Latin letters (a Chinese
 * character counts two); past a month of days, ECharts picks.
 */
export function categoryLabels(categories: readonly string[]): { interval?: number; rotate?: number } {
  if (categories.length > 31) return {};
  const width = categories.reduce(
    (sum, c) => sum + [...c].reduce((w, ch) => w + (ch > '\u2e7f' ? 2 : 1), 0),
    0,
  );
  return { interval: 0, rotate: width > 36 ? 30 : 0 };
}

/** A charted value in a tooltip, as the tables show the measure (money back from yuan to fen). */
function tooltipValue(type: string, charted: unknown, lang: Language): string {
  if (typeof charted !== 'number') return formatMeasure(type, null, lang);
  return formatMeasure(type, type === 'money' ? Math.round(charted * 100) : charted, lang);
}

/** Bar and line: row values along the axis, one series per column value and measure. */
function axisChart(
  result: AnalyticsResult,
  rowNames: readonly string[],
  kind: 'bar' | 'line',
  t: Translate,
  lang: Language,
) {
  const pivot = pivotResult(result, rowNames, t);
  const total = t('analytics.total', 'Total');
  const categories = pivot.rows.map((r) => (r.labels.length ? r.labels.join(' / ') : total));
  const hasRate = result.measures.some((m) => m.type === 'rate');
  const hasOther = result.measures.some((m) => m.type !== 'rate');
  const twoAxes = hasRate && hasOther;
  const series = pivot.columns.flatMap((column) =>
    result.measures.map((m) => ({
      name: column.labels.length ? `${column.labels.join(' / ')} · ${m.label}` : m.label,
      type: kind,
      yAxisIndex: twoAxes && m.type === 'rate' ? 1 : 0,
      data: pivot.rows.map((r) => charted(m.type, r.cells[column.key]?.[m.name])),
      tooltip: { valueFormatter: (value: unknown) => tooltipValue(m.type, value, lang) },
    })),
  );
  const valueAxis = (isRate: boolean) => ({
    type: 'value' as const,
    axisLabel: { formatter: (value: number) => axisTick(value, isRate, lang) },
  });
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll' },
    grid: { left: 64, right: twoAxes ? 64 : 24, bottom: 48, containLabel: true },
    xAxis: { type: 'category', data: categories, axisLabel: categoryLabels(categories) },
    yAxis: twoAxes ? [valueAxis(false), valueAxis(true)] : [valueAxis(hasRate)],
    series,
  } satisfies EChartsOption;
}

/** One slice per result row (all its dimension values), sized by the first measure; no figure is 0. */
function slices(result: AnalyticsResult, t: Translate): { name: string; value: number }[] {
  const measure = result.measures[0];
  if (!measure) return [];
  if (result.dimensions.length === 0) {
    // No dimensions: the totals of the measures, side by side.
    return result.measures.map((m) => ({
      name: m.label,
      value: charted(m.type, result.totals.values[m.name]) ?? 0,
    }));
  }
  return result.rows.map((row) => ({
    name: result.dimensions.map((_, i) => dimensionText(result, row, i, t)).join(' / '),
    value: charted(measure.type, row.values[measure.name]) ?? 0,
  }));
}

/**
 * The ECharts option of a chart kind, or null when the result cannot be drawn that way (a
 * scatter needs two measures: the first across, the second up, one point per row).
 */
export function reportChartOption(
  result: AnalyticsResult,
  rowNames: readonly string[],
  kind: ReportChart,
  translate: Translate,
  lang: Language,
): EChartsOption | null {
  if (result.measures.length === 0) return null;
  if (kind === 'bar' || kind === 'line') return axisChart(result, rowNames, kind, translate, lang);
  if (kind === 'pie') {
    return {
      tooltip: { trigger: 'item' },
      legend: { type: 'scroll', bottom: 0 },
      series: [{ type: 'pie', radius: ['30%', '65%'], data: slices(result, translate) }],
    };
  }
  if (kind === 'funnel') {
    const data = slices(result, translate).sort((a, b) => b.value - a.value);
    return {
      tooltip: { trigger: 'item' },
      legend: { type: 'scroll', bottom: 0 },
      series: [{ type: 'funnel', left: '10%', width: '80%', bottom: 48, sort: 'descending', data }],
    };
  }
  const [x, y] = result.measures;
  if (!x || !y) return null;
  return {
    tooltip: { trigger: 'item' },
    grid: { left: 64, right: 24, bottom: 48, containLabel: true },
    xAxis: { type: 'value', name: x.label, nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: y.label },
    series: [
      {
        type: 'scatter',
        symbolSize: 12,
        data: result.rows.map((row) => ({
          name: result.dimensions.map((_, i) => dimensionText(result, row, i, translate)).join(' / '),
          value: [charted(x.type, row.values[x.name]) ?? 0, charted(y.type, row.values[y.name]) ?? 0],
        })),
      },
    ],
  };
}

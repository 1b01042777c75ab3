/**
 * What the builder draws from one query result, as pure functions: the pivot (row dimensions
 * down, the column dimensions' values across) and the ECharts option of each chart kind. The
 * query's dimensions are the layout's rows then columns; which is which is told by name, so a
 * result still on screen from the previous layout is never mislaid.
 */
import type { AnalyticsResult } from '../../../../../contracts/analytics-query.ts';
import type { EChartsOption } from '../../../shared/charts/EChart.tsx';
import { dimensionText } from '../analytics.rules.ts';

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

export type ReportChart = 'bar' | 'line' | 'pie' | 'funnel' | 'scatter';

/** Money is charted in yuan (the API answers in fen). */
function charted(type: string, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return type === 'money' ? value / 100 : value;
}

/** Bar and line: row values along the axis, one series per column value and measure. */
function axisChart(result: AnalyticsResult, rowNames: readonly string[], kind: 'bar' | 'line', t: Translate) {
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
    })),
  );
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll' },
    grid: { left: 64, right: twoAxes ? 64 : 24, bottom: 48, containLabel: true },
    xAxis: { type: 'category', data: categories },
    yAxis: twoAxes ? [{ type: 'value' }, { type: 'value' }] : [{ type: 'value' }],
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
): EChartsOption | null {
  if (result.measures.length === 0) return null;
  if (kind === 'bar' || kind === 'line') return axisChart(result, rowNames, kind, translate);
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

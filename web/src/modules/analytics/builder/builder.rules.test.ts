import { describe, expect, it } from 'vitest';
import type { AnalyticsResult } from '../../../../../contracts/analytics-query.ts';
import { blobOfDataUrl, fileNameOf } from './chartImage.ts';
import { placeField, removeField } from './layout.rules.ts';
import { isAdditiveMeasure, pivotResult, pivotTotals, reportChartOption } from './result.rules.ts';

const empty = { rows: [], columns: [], values: [] };
const translate = (key: string, fallback: string) => (key === 'analytics.total' ? '合计' : fallback);

describe('placing fields in the layout', () => {
  it('drops dimensions on rows or columns and measures on values only', () => {
    let layout = placeField(empty, { kind: 'dimension', name: 'product_line' }, 'rows', null);
    layout = placeField(layout, { kind: 'dimension', name: 'month' }, 'columns', null);
    layout = placeField(layout, { kind: 'measure', name: 'revenue' }, 'values', null);
    layout = placeField(layout, { kind: 'measure', name: 'gross_profit' }, 'values', null);
    expect(layout).toEqual({
      rows: ['product_line'],
      columns: ['month'],
      values: ['revenue', 'gross_profit'],
    });
    expect(placeField(layout, { kind: 'measure', name: 'units' }, 'rows', null)).toBe(layout);
    expect(placeField(layout, { kind: 'dimension', name: 'region' }, 'values', null)).toBe(layout);
  });

  it('moves a placed dimension from rows to columns instead of placing it twice', () => {
    const layout = { rows: ['region', 'channel'], columns: ['month'], values: ['revenue'] };
    expect(placeField(layout, { kind: 'dimension', name: 'region' }, 'columns', 0)).toEqual({
      rows: ['channel'],
      columns: ['region', 'month'],
      values: ['revenue'],
    });
  });

  it('re-orders within a zone the way a sortable list does', () => {
    const layout = { rows: [], columns: [], values: ['a', 'b', 'c'] };
    expect(placeField(layout, { kind: 'measure', name: 'a' }, 'values', 2).values).toEqual(['b', 'c', 'a']);
    expect(placeField(layout, { kind: 'measure', name: 'c' }, 'values', 0).values).toEqual(['c', 'a', 'b']);
  });

  it('refuses a fifth dimension but lets the four placed ones move', () => {
    const layout = { rows: ['region', 'channel'], columns: ['month', 'product'], values: ['revenue'] };
    expect(placeField(layout, { kind: 'dimension', name: 'rep' }, 'rows', null)).toBe(layout);
    expect(placeField(layout, { kind: 'dimension', name: 'month' }, 'rows', null).rows).toEqual([
      'region',
      'channel',
      'month',
    ]);
  });

  it('removes a field from whichever zone holds it', () => {
    const layout = { rows: ['region'], columns: ['month'], values: ['revenue'] };
    expect(removeField(layout, 'month')).toEqual({ rows: ['region'], columns: [], values: ['revenue'] });
  });
});

const result: AnalyticsResult = {
  timeRange: { from: '2026-01-01', to: '2026-03-31' },
  comparisonRange: null,
  dimensions: [
    { name: 'product_line', label: '产品线', isCode: false },
    { name: 'month', label: '月', isCode: false },
  ],
  measures: [
    { name: 'revenue', label: '销售收入', type: 'money' },
    { name: 'gross_profit', label: '毛利', type: 'money' },
  ],
  rows: [
    // The server sorts by the date dimension; March of one line comes before February of another.
    {
      keys: ['2', '2026-01'],
      labels: ['骨科', null],
      values: { revenue: 50_000, gross_profit: 10_000 },
      previous: null,
    },
    {
      keys: ['1', '2026-01'],
      labels: ['心血管', null],
      values: { revenue: 200_000, gross_profit: 80_000 },
      previous: null,
    },
    {
      keys: ['1', '2026-03'],
      labels: ['心血管', null],
      values: { revenue: 100_000, gross_profit: 30_000 },
      previous: null,
    },
    {
      keys: ['2', '2026-02'],
      labels: ['骨科', null],
      values: { revenue: 70_000, gross_profit: 20_000 },
      previous: null,
    },
  ],
  totals: { values: { revenue: 420_000, gross_profit: 140_000 }, previous: null },
  isTruncated: false,
};

describe('the pivot of a result', () => {
  it('puts the row dimension down and the column dimension values across, months in order', () => {
    const pivot = pivotResult(result, ['product_line'], translate);
    expect(pivot.rowDimensions.map((d) => d.name)).toEqual(['product_line']);
    expect(pivot.columnDimensions.map((d) => d.name)).toEqual(['month']);
    expect(pivot.columns.map((c) => c.labels)).toEqual([['2026-01'], ['2026-02'], ['2026-03']]);
    expect(pivot.rows.map((r) => r.labels)).toEqual([['骨科'], ['心血管']]);
    const cardio = pivot.rows[1]!;
    expect(cardio.cells['2026-01']).toEqual({ revenue: 200_000, gross_profit: 80_000 });
    expect(cardio.cells['2026-02']).toBeUndefined();
    expect(cardio.cells['2026-03']?.gross_profit).toBe(30_000);
  });

  it('has a single column when nothing is laid out as columns', () => {
    const pivot = pivotResult(result, ['product_line', 'month'], translate);
    expect(pivot.columns).toEqual([{ key: '', labels: [] }]);
    expect(pivot.rows).toHaveLength(4);
  });
});

/** The same sales with a margin and an average order value: ratios, whose totals are not sums. */
const withRatios: AnalyticsResult = {
  ...result,
  measures: [
    ...result.measures,
    { name: 'margin', label: '毛利率', type: 'rate' },
    { name: 'average_order_value', label: '客单价', type: 'money' },
  ],
  rows: result.rows.map((row, i) => ({
    ...row,
    values: {
      ...row.values,
      margin: row.values.gross_profit! / row.values.revenue!,
      // One order each, but the second 心血管 month had two: 100,000 ÷ 2.
      average_order_value: i === 2 ? 50_000 : row.values.revenue!,
    },
  })),
  // As the API computes them: from the summed inputs (140,000 ÷ 420,000; 420,000 ÷ 5 orders).
  totals: {
    values: { revenue: 420_000, gross_profit: 140_000, margin: 1 / 3, average_order_value: 84_000 },
    previous: null,
  },
};

describe('totals of the pivot', () => {
  it('adds up money across each row and down each month, with the grand total of the API', () => {
    const totals = pivotTotals(pivotResult(result, ['product_line'], translate), result);
    expect(totals).toMatchObject({ hasRowTotals: true, hasColumnTotals: true });
    // Row keys are the product line ids: 2 骨科, 1 心血管.
    expect(totals.rows).toEqual({
      '2': { revenue: 50_000 + 70_000, gross_profit: 10_000 + 20_000 },
      '1': { revenue: 200_000 + 100_000, gross_profit: 80_000 + 30_000 },
    });
    expect(totals.columns).toEqual({
      '2026-01': { revenue: 250_000, gross_profit: 90_000 },
      '2026-02': { revenue: 70_000, gross_profit: 20_000 },
      '2026-03': { revenue: 100_000, gross_profit: 30_000 },
    });
    expect(totals.grand).toEqual({ revenue: 420_000, gross_profit: 140_000 });
  });

  it('never sums a margin or an average order value: their row and column totals stay empty', () => {
    const totals = pivotTotals(pivotResult(withRatios, ['product_line'], translate), withRatios);
    // 骨科's margins 0.2 and 0.2857 would "total" 0.4857; its order values 120,000 for 2 orders.
    expect(totals.rows['2']).toEqual({ revenue: 120_000, gross_profit: 30_000 });
    expect(totals.columns['2026-01']).toEqual({ revenue: 250_000, gross_profit: 90_000 });
    for (const values of [...Object.values(totals.rows), ...Object.values(totals.columns)]) {
      expect(values).not.toHaveProperty('margin');
      expect(values).not.toHaveProperty('average_order_value');
    }
    // The grand total is the API's: total gross profit ÷ total revenue, not an average of margins.
    expect(totals.grand.margin).toBeCloseTo(1 / 3, 12);
    expect(totals.grand.average_order_value).toBe(84_000);
  });

  it('gives the only column the API totals, margin included, and no column of row totals', () => {
    const totals = pivotTotals(pivotResult(withRatios, ['product_line', 'month'], translate), withRatios);
    expect(totals).toMatchObject({ hasRowTotals: false, hasColumnTotals: true });
    expect(totals.columns['']).toEqual(withRatios.totals.values);
  });

  it('shows no total row for a single row', () => {
    const single = {
      ...result,
      rows: result.rows.slice(0, 1),
      totals: { values: { revenue: 50_000 }, previous: null },
    };
    const totals = pivotTotals(pivotResult(single, ['product_line'], translate), single);
    expect(totals).toMatchObject({ hasRowTotals: false, hasColumnTotals: false });
  });

  it('sums nothing from a truncated result, whose missing rows would make the sums wrong', () => {
    const truncated = { ...result, isTruncated: true };
    const totals = pivotTotals(pivotResult(truncated, ['product_line'], translate), truncated);
    expect(totals.rows).toEqual({ '2': {}, '1': {} });
    expect(totals.columns['2026-02']).toEqual({});
    expect(totals.grand).toEqual({ revenue: 420_000, gross_profit: 140_000 });
  });

  it('knows the additive measures by name, whatever their type', () => {
    expect(isAdditiveMeasure({ name: 'revenue', type: 'money' })).toBe(true);
    expect(isAdditiveMeasure({ name: 'orders', type: 'count' })).toBe(true);
    expect(isAdditiveMeasure({ name: 'average_order_value', type: 'money' })).toBe(false);
    expect(isAdditiveMeasure({ name: 'active_customers', type: 'count' })).toBe(false);
    expect(isAdditiveMeasure({ name: 'dso', type: 'days' })).toBe(false);
    expect(isAdditiveMeasure({ name: 'margin', type: 'rate' })).toBe(false);
  });
});

describe('charts of a result', () => {
  it('draws bars per row value with a series per column value and measure, in yuan', () => {
    const option = reportChartOption(result, ['product_line'], 'bar', translate, 'zh-CN') as {
      xAxis: { data: string[] };
      series: { name: string; data: (number | null)[] }[];
    };
    expect(option.xAxis.data).toEqual(['骨科', '心血管']);
    expect(option.series.map((s) => s.name)).toEqual([
      '2026-01 · 销售收入',
      '2026-01 · 毛利',
      '2026-02 · 销售收入',
      '2026-02 · 毛利',
      '2026-03 · 销售收入',
      '2026-03 · 毛利',
    ]);
    expect(option.series[0]!.data).toEqual([500, 2000]);
    expect(option.series[2]!.data).toEqual([700, null]);
  });

  it('slices a pie by row, and sorts a funnel largest first, on the first measure', () => {
    const pie = reportChartOption(result, ['product_line'], 'pie', translate, 'zh-CN') as {
      series: { data: { name: string; value: number }[] }[];
    };
    expect(pie.series[0]!.data[0]).toEqual({ name: '骨科 / 2026-01', value: 500 });
    const funnel = reportChartOption(result, ['product_line'], 'funnel', translate, 'zh-CN') as typeof pie;
    expect(funnel.series[0]!.data.map((d) => d.value)).toEqual([2000, 1000, 700, 500]);
  });

  it('plots the first measure against the second in a scatter, and needs two measures for it', () => {
    const scatter = reportChartOption(result, ['product_line'], 'scatter', translate, 'zh-CN') as {
      series: { data: { name: string; value: number[] }[] }[];
    };
    expect(scatter.series[0]!.data[1]).toEqual({ name: '心血管 / 2026-01', value: [2000, 800] });
    const oneMeasure = { ...result, measures: result.measures.slice(0, 1) };
    expect(reportChartOption(oneMeasure, ['product_line'], 'scatter', translate, 'zh-CN')).toBeNull();
  });
});

describe('chart image files', () => {
  it('turns a PNG data URL into a blob of its bytes and a report name into a safe file name', async () => {
    const blob = blobOfDataUrl('data:image/png;base64,iVBORw0KGgo=');
    expect(blob.type).toBe('image/png');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ]);
    expect(fileNameOf('收入/毛利: 产品线 × 月', 'png')).toBe('收入 毛利 产品线 × 月.png');
    expect(fileNameOf('  ', 'png')).toBe('report.png');
  });
});

import { describe, expect, it } from 'vitest';
import type { AnalyticsResult } from '../../../../contracts/analytics-query.ts';
import { dimensionText, formatMeasure } from './analytics.rules.ts';
import { axisTick, categoryLabels, reportChartOption } from './builder/result.rules.ts';

const translate = (key: string, fallback: string) =>
  key === 'customers.channels.direct' ? '直销' : fallback;

const result: AnalyticsResult = {
  timeRange: { from: '2026-01-01', to: '2026-06-30' },
  comparisonRange: null,
  dimensions: [
    { name: 'month', label: '月', isCode: false },
    { name: 'channel', label: '渠道', isCode: true },
  ],
  measures: [
    { name: 'revenue', label: '销售收入', type: 'money' },
    { name: 'margin', label: '毛利率', type: 'rate' },
  ],
  rows: [
    {
      keys: ['2026-01', 'direct'],
      labels: [null, null],
      values: { revenue: 12_345, margin: 0.5 },
      previous: null,
    },
    {
      keys: ['2026-02', 'direct'],
      labels: [null, null],
      values: { revenue: 100, margin: null },
      previous: null,
    },
  ],
  totals: { values: { revenue: 12_445, margin: 0.4 }, previous: null },
  isTruncated: false,
};

describe('analytics page helpers', () => {
  it('formats money in yuan, rates as percentages and a missing value as a dash', () => {
    expect(formatMeasure('money', 12_345, 'zh-CN')).toBe('¥123.45');
    expect(formatMeasure('rate', 0.125, 'en')).toBe('12.5%');
    expect(formatMeasure('count', null, 'en')).toBe('—');
  });

  it('translates coded dimension values and shows names as they are', () => {
    expect(dimensionText(result, result.rows[0]!, 1, translate)).toBe('直销');
    expect(dimensionText(result, { keys: ['7'], labels: ['上海'] }, 0, translate)).toBe('上海');
  });

  it('charts one series per measure and second-dimension value, money in yuan, rates on a second axis', () => {
    // Month as rows, channel as columns: the dashboards and the builder draw charts this way.
    const option = reportChartOption(result, ['month'], 'bar', translate, 'zh-CN') as {
      xAxis: { data: string[]; axisLabel: { interval: number; rotate: number } };
      series: { name: string; yAxisIndex: number; data: (number | null)[] }[];
    };
    expect(option.xAxis.data).toEqual(['2026-01', '2026-02']);
    // Both months named, level: two short labels do not crowd.
    expect(option.xAxis.axisLabel).toEqual({ interval: 0, rotate: 0 });
    expect(option.series.map((s) => [s.name, s.yAxisIndex, s.data])).toEqual([
      ['直销 · 销售收入', 0, [123.45, 1]],
      ['直销 · 毛利率', 1, [0.5, null]],
    ]);
  });

  it('labels the value axes in 万/亿 or K/M and as percentages, and tooltips as the tables do', () => {
    const option = reportChartOption(result, ['month'], 'bar', translate, 'zh-CN') as {
      yAxis: { axisLabel: { formatter: (value: number) => string } }[];
      series: { tooltip: { valueFormatter: (value: unknown) => string } }[];
    };
    const [money, rate] = option.yAxis.map((axis) => axis.axisLabel.formatter);
    expect([money!(80_000_000), money!(250_000), money!(5_000), rate!(0.5)]).toEqual([
      '8,000.0万',
      '25.0万',
      '5,000',
      '50%',
    ]);
    const [revenue, margin] = option.series.map((s) => s.tooltip.valueFormatter);
    expect([revenue!(123.45), margin!(0.5), margin!(null)]).toEqual(['¥123.45', '50.0%', '—']);
    expect(axisTick(80_000_000, false, 'en')).toBe('80.0M');
    // Seven region names fit level in Chinese; in English they are slanted so that all show.
    const regions = ['华北', '华东', '西南', '华南', '华中', '东北', '西北'];
    expect(categoryLabels(regions)).toEqual({ interval: 0, rotate: 0 });
    expect(categoryLabels(regions.map(() => 'Northwest China'))).toEqual({ interval: 0, rotate: 30 });
    // Six segment names of three or four characters are as wide as 42 letters.
    expect(categoryLabels(['高价值', '新客户', '流失风险', '低价值', '潜力客户', '一般客户']).rotate).toBe(
      30,
    );
    expect(axisTick(1_500, false, 'en')).toBe('1.5K');
  });
});

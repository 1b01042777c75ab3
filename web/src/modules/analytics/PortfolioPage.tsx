import { Card, DatePicker, Flex, InputNumber, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Portfolio } from '../../../../contracts/analytics-insights.ts';
import { EChart } from '../../shared/charts/EChart.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatMoney, formatNumber, formatPercent } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { usePortfolio } from './analytics.api.ts';

type Line = Portfolio['lines'][number];

const quadrantColors: Record<Line['quadrant'], string> = {
  star: '#faad14',
  cash_cow: '#52c41a',
  question_mark: '#1677ff',
  dog: '#8c8c8c',
};

/**
 * Product portfolio (DOMAIN §9): each product line by relative share (x) and growth (y), the
 * bubble sized by revenue; the cut-offs are drawn and can be changed.
 */
export function PortfolioPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [range, setRange] = useState<[string, string] | null>(null);
  const [shareCutoff, setShareCutoff] = useState(1);
  const [growthCutoff, setGrowthCutoff] = useState(10);
  const result = usePortfolio(
    { from: range?.[0], to: range?.[1], shareCutoff, growthCutoff: growthCutoff / 100 },
    lang,
  );
  const data = result.data;

  const chart = useMemo(() => {
    if (!data) return null;
    const maxRevenue = Math.max(1, ...data.lines.map((l) => l.revenueCnyFen));
    // A line with undefined share (alone) or growth (new) is drawn at the cut-off's far side.
    const shareOf = (l: Line) => l.relativeShare ?? Math.max(shareCutoff * 2, 2);
    const growthOf = (l: Line) => (l.growth ?? Math.max((growthCutoff / 100) * 2, 0.5)) * 100;
    const quadrants = ['star', 'cash_cow', 'question_mark', 'dog'] as const;
    const points = data.lines.map((l) => ({ line: l, x: shareOf(l), y: growthOf(l) }));
    const xs = [shareCutoff, ...points.map((p) => p.x)];
    const ys = [growthCutoff, ...points.map((p) => p.y)];
    const [xMin, xMax] = [Math.min(0, ...xs), Math.max(...xs) * 1.1];
    const [yMin, yMax] = [Math.min(0, ...ys) - 5, Math.max(...ys) + 5];
    const cutoffLine = (name: string, data: number[][]) => ({
      name,
      type: 'line' as const,
      data,
      symbol: 'none',
      silent: true,
      lineStyle: { type: 'dashed' as const, color: '#bfbfbf' },
      tooltip: { show: false },
    });
    return {
      tooltip: {
        formatter: (params: unknown) => {
          const item = (params as { data?: { name?: string; value?: number[] } }).data;
          const [x = 0, y = 0] = item?.value ?? [];
          return `${item?.name ?? ''}<br/>${t('analytics.portfolio.relativeShare')}: ${formatNumber(x, lang)}<br/>${t('analytics.portfolio.growth')}: ${formatNumber(y, lang)}%`;
        },
      },
      legend: { data: quadrants.map((q) => t(`analytics.portfolio.quadrants.${q}`)) },
      grid: { left: 56, right: 32, bottom: 48, containLabel: true },
      xAxis: {
        type: 'value' as const,
        min: xMin,
        max: xMax,
        name: t('analytics.portfolio.relativeShare'),
        nameLocation: 'middle' as const,
        nameGap: 28,
      },
      yAxis: {
        type: 'value' as const,
        min: Math.floor(yMin),
        max: Math.ceil(yMax),
        name: `${t('analytics.portfolio.growth')} %`,
      },
      series: [
        ...quadrants.map((q) => ({
          name: t(`analytics.portfolio.quadrants.${q}`),
          type: 'scatter' as const,
          itemStyle: { color: quadrantColors[q] },
          symbolSize: (value: number[]) => 12 + 48 * Math.sqrt((value[2] ?? 0) / maxRevenue),
          label: { show: true, formatter: '{b}', position: 'top' as const },
          data: points
            .filter((p) => p.line.quadrant === q)
            .map((p) => ({ name: p.line.name, value: [p.x, p.y, p.line.revenueCnyFen] })),
        })),
        cutoffLine('share', [
          [shareCutoff, yMin],
          [shareCutoff, yMax],
        ]),
        cutoffLine('growth', [
          [xMin, growthCutoff],
          [xMax, growthCutoff],
        ]),
      ],
    };
  }, [data, lang, shareCutoff, growthCutoff, t]);

  return (
    <Flex vertical gap={16} data-testid="portfolio-page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('analytics.portfolio.title')}
        </Typography.Title>
        <Flex gap={8} wrap align="center">
          <DatePicker.RangePicker
            value={range ? [dayjs(range[0]), dayjs(range[1])] : null}
            onChange={(v) =>
              setRange(v?.[0] && v[1] ? [v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')] : null)
            }
          />
          <span>{t('analytics.portfolio.shareCutoff')}</span>
          <InputNumber
            min={0}
            max={10}
            step={0.1}
            value={shareCutoff}
            onChange={(v) => setShareCutoff(v ?? 1)}
          />
          <span>{t('analytics.portfolio.growthCutoff')}</span>
          <InputNumber
            min={0}
            max={1000}
            step={1}
            value={growthCutoff}
            suffix="%"
            onChange={(v) => setGrowthCutoff(v ?? 10)}
          />
        </Flex>
      </Flex>
      <Typography.Text type="secondary">{t('analytics.portfolio.definitions')}</Typography.Text>
      {result.error ? <ErrorAlert error={result.error} /> : null}
      <Card title={t('analytics.portfolio.chart')}>
        {chart ? (
          <EChart option={chart} height={420} loading={result.isFetching} notMerge testId="portfolio-chart" />
        ) : null}
      </Card>
      <Card>
        <Table<Line>
          rowKey="productLineId"
          size="small"
          pagination={false}
          loading={result.isLoading}
          dataSource={data?.lines ?? []}
          data-testid="portfolio-lines"
          scroll={{ x: 900 }}
          columns={[
            { title: t('analytics.portfolio.line'), dataIndex: 'name' },
            {
              title: t('analytics.portfolio.quadrant'),
              dataIndex: 'quadrant',
              render: (q: Line['quadrant']) => (
                <Tag color={quadrantColors[q]}>{t(`analytics.portfolio.quadrants.${q}`)}</Tag>
              ),
            },
            {
              title: t('analytics.portfolio.revenue'),
              dataIndex: 'revenueCnyFen',
              align: 'right',
              render: (v: number) => formatMoney(v, lang),
            },
            {
              title: t('analytics.portfolio.previousRevenue'),
              dataIndex: 'previousRevenueCnyFen',
              align: 'right',
              render: (v: number) => formatMoney(v, lang),
            },
            {
              title: t('analytics.portfolio.relativeShare'),
              dataIndex: 'relativeShare',
              align: 'right',
              render: (v: number | null) => (v === null ? EMPTY_VALUE : formatNumber(v, lang)),
            },
            {
              title: t('analytics.portfolio.growth'),
              dataIndex: 'growth',
              align: 'right',
              render: (v: number | null, row) =>
                row.isNewLine
                  ? t('analytics.portfolio.newLine')
                  : v === null
                    ? EMPTY_VALUE
                    : formatPercent(v, lang),
            },
            {
              title: t('analytics.portfolio.grossProfit'),
              dataIndex: 'grossProfitCnyFen',
              align: 'right',
              render: (v: number | null) => (v === null ? EMPTY_VALUE : formatMoney(v, lang)),
            },
            {
              title: t('analytics.portfolio.margin'),
              dataIndex: 'margin',
              align: 'right',
              render: (v: number | null) => (v === null ? EMPTY_VALUE : formatPercent(v, lang)),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}

import { Card } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SalesOverview } from '../../../../contracts/analytics.ts';
import { EChart, type EChartsOption } from '../../shared/charts/EChart.tsx';
import { formatMoney } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { axisYuan, isCostShown, monthLabel, yearsLabel } from './dashboard.rules.ts';

function moneyOf(value: unknown, lang: 'zh-CN' | 'en'): string {
  return typeof value === 'number' ? formatMoney(value, lang) : '';
}

/**
 * Revenue (bars) and gross profit (lines) per month, this period against the same months a year
 * earlier; revenue alone for a role that may not see cost.
 */
export function TrendCard({ data, loading }: { data: SalesOverview | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();

  const showCost = isCostShown(data?.kpis);
  const option = useMemo<EChartsOption>(() => {
    const trend = data?.trend ?? [];
    const period = data?.period;
    const thisYears = period ? yearsLabel(period.from, period.to) : '';
    const lastYears = period ? yearsLabel(period.previousFrom, period.previousTo) : '';
    const withYear = period ? period.from.slice(0, 4) !== period.to.slice(0, 4) : false;
    const grossProfitSeries: NonNullable<EChartsOption['series']> = showCost
      ? [
          {
            name: t('dashboard.trend.grossProfit', { year: thisYears }),
            type: 'line',
            smooth: true,
            data: trend.map((m) => m.grossProfitCnyFen),
            itemStyle: { color: '#fa8c16' },
          },
          {
            name: t('dashboard.trend.grossProfit', { year: lastYears }),
            type: 'line',
            smooth: true,
            data: trend.map((m) => m.previousGrossProfitCnyFen),
            itemStyle: { color: '#ffc069' },
            lineStyle: { type: 'dashed' },
          },
        ]
      : [];
    return {
      tooltip: { trigger: 'axis', valueFormatter: (value) => moneyOf(value, lang) },
      legend: { top: 0, type: 'scroll', textStyle: { fontSize: isMobile ? 11 : 12 } },
      grid: { left: 8, right: 12, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: trend.map((m) => monthLabel(m.month, lang, withYear)),
        axisLabel: { fontSize: isMobile ? 10 : 12 },
      },
      yAxis: {
        type: 'value',
        axisLabel: { formatter: (value: number) => axisYuan(value, lang) },
      },
      series: [
        {
          name: t('dashboard.trend.revenue', { year: thisYears }),
          type: 'bar',
          barMaxWidth: 28,
          data: trend.map((m) => m.revenueCnyFen),
          itemStyle: { color: '#1677ff' },
        },
        {
          name: t('dashboard.trend.revenue', { year: lastYears }),
          type: 'bar',
          barMaxWidth: 28,
          data: trend.map((m) => m.previousRevenueCnyFen),
          itemStyle: { color: '#91caff' },
        },
        ...grossProfitSeries,
      ],
    };
  }, [data, showCost, t, lang, isMobile]);

  return (
    <Card title={t('dashboard.trend.title')} size="small" style={{ height: '100%' }}>
      <EChart
        testId="trend-chart"
        ariaLabel={t(showCost ? 'dashboard.trend.chart' : 'dashboard.trend.chartWithoutCost')}
        option={option}
        notMerge
        loading={loading}
        height={isMobile ? 260 : 320}
      />
    </Card>
  );
}

import { Card, Col, Flex, Row, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { SalesOverview } from '../../../../contracts/analytics.ts';
import { agingBuckets } from '../../../../contracts/finance.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { EChart, type EChartsOption } from '../../shared/charts/EChart.tsx';
import { EMPTY_VALUE, formatDate, formatMoney, formatPercent } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { bucketColours } from '../finance/receivables/ReceivablesPage.tsx';
import { axisYuan } from './dashboard.rules.ts';

/** Open receivables by aging bucket on the period's last day (the receivables page's buckets). */
export function ReceivablesCard({ data, loading }: { data: SalesOverview | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const user = useCurrentUser();
  const summary = data?.receivables;

  const option = useMemo<EChartsOption>(() => {
    const buckets = agingBuckets.map((bucket) => summary?.buckets.find((b) => b.bucket === bucket));
    return {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (value) => (typeof value === 'number' ? formatMoney(value, lang) : ''),
      },
      grid: { left: 8, right: 12, top: 16, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: agingBuckets.map((bucket) => t(`finance.agingBuckets.${bucket}`)),
        axisLabel: { interval: 0, fontSize: isMobile ? 10 : 12, rotate: isMobile ? 35 : 0 },
      },
      yAxis: {
        type: 'value',
        axisLabel: { formatter: (value: number) => axisYuan(value, lang) },
      },
      series: [
        {
          type: 'bar',
          name: t('dashboard.receivables.totalOpen'),
          barMaxWidth: 40,
          data: agingBuckets.map((bucket, index) => ({
            value: buckets[index]?.openCnyFen ?? 0,
            itemStyle: { color: bucketColours[bucket] },
          })),
        },
      ],
    };
  }, [summary, t, lang, isMobile]);

  return (
    <Card
      title={t('dashboard.receivables.title')}
      size="small"
      style={{ height: '100%' }}
      extra={
        <Flex gap={8} align="center">
          {summary && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('dashboard.receivables.asOf', { date: formatDate(summary.asOf, lang) })}
            </Typography.Text>
          )}
          {user.permissions.includes('finance:read') && (
            <Link to={summary ? `/receivables?asOf=${summary.asOf}` : '/receivables'}>
              {t('dashboard.receivables.details')}
            </Link>
          )}
        </Flex>
      }
    >
      <Flex vertical gap={8}>
        <Row gutter={[8, 8]}>
          <Col xs={12} sm={8}>
            <Statistic
              title={t('dashboard.receivables.totalOpen')}
              value={
                summary
                  ? formatMoney(summary.totalOpenCnyFen, lang, { compact: true, symbol: true })
                  : EMPTY_VALUE
              }
              styles={{ content: { fontSize: 18 } }}
              data-testid="ar-total"
            />
          </Col>
          <Col xs={12} sm={8}>
            <Statistic
              title={t('dashboard.receivables.overdue')}
              value={
                summary
                  ? formatMoney(summary.overdueCnyFen, lang, { compact: true, symbol: true })
                  : EMPTY_VALUE
              }
              styles={{ content: { fontSize: 18, color: summary?.overdueCnyFen ? '#cf1322' : undefined } }}
              data-testid="ar-overdue"
            />
          </Col>
          <Col xs={24} sm={8}>
            <Statistic
              title={t('dashboard.receivables.overdueRate')}
              value={
                summary?.overdueRate === null || summary === undefined
                  ? EMPTY_VALUE
                  : formatPercent(summary.overdueRate, lang)
              }
              styles={{ content: { fontSize: 18 } }}
            />
          </Col>
        </Row>
        <EChart
          testId="ar-chart"
          ariaLabel={t('dashboard.receivables.chart')}
          option={option}
          notMerge
          loading={loading}
          height={isMobile ? 200 : 220}
        />
      </Flex>
    </Card>
  );
}

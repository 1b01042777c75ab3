import { Card, Col, DatePicker, Flex, Row, Segmented, Statistic, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AgingReport, agingDimensions } from '../../../../contracts/credit.ts';
import { agingBuckets } from '../../../../contracts/finance.ts';
import { EChart, type EChartsOption } from '../../shared/charts/EChart.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { businessToday, formatMoney, formatPercent } from '../../shared/format.ts';
import { useIsMobile, useLanguage } from '../../shared/responsive.ts';
import { bucketColours } from '../finance/receivables/ReceivablesPage.tsx';
import { useAgingReport, useDsoReport, useEclHistory, useEclReport } from './credit.api.ts';

type Dimension = (typeof agingDimensions)[number];
type AgingRow = AgingReport['rows'][number];

/** Aging by customer / rep / region / grade on a date, DSO (standard and countback) and the ECL provision. */
export function CreditReportsPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const [asOf, setAsOf] = useState(businessToday());
  const [groupBy, setGroupBy] = useState<Dimension>('region');
  const aging = useAgingReport({ asOf, groupBy });
  const dso = useDsoReport({ asOf, months: 3 });
  const ecl = useEclReport({ asOf });
  const eclHistory = useEclHistory({ asOf });
  const suggestedRates = useMemo(
    () => new Map((eclHistory.data?.lines ?? []).map((l) => [l.buckets.join('+'), l.lossRate])),
    [eclHistory.data],
  );
  const history = eclHistory.data;

  const top = useMemo(
    () =>
      [...(aging.data?.rows ?? [])]
        .sort((a, b) => b.totalFen - a.totalFen)
        .slice(0, 15)
        .reverse(),
    [aging.data],
  );
  const option = useMemo<EChartsOption>(
    () => ({
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v) => formatMoney(Number(v), lang),
      },
      legend: { top: 0 },
      xAxis: {
        type: 'value',
        axisLabel: { formatter: (v: number) => formatMoney(v, lang, { compact: true }) },
      },
      yAxis: { type: 'category', data: top.map((r) => r.label) },
      series: agingBuckets.map((bucket) => ({
        type: 'bar' as const,
        stack: 'aging',
        name: t(`finance.agingBuckets.${bucket}`),
        itemStyle: { color: bucketColours[bucket] },
        data: top.map((r) => r.buckets[bucket]),
      })),
    }),
    [top, t, lang],
  );

  const columns: ColumnsType<AgingRow> = [
    {
      key: 'label',
      title: t(`credit.reports.dimensions.${groupBy}`),
      dataIndex: 'label',
      fixed: 'left',
      width: 200,
    },
    ...agingBuckets.map((bucket) => ({
      key: bucket,
      title: t(`finance.agingBuckets.${bucket}`),
      align: 'right' as const,
      width: 130,
      render: (_v: unknown, r: AgingRow) => formatMoney(r.buckets[bucket], lang),
    })),
    {
      key: 'total',
      title: t('credit.reports.total'),
      align: 'right',
      width: 140,
      render: (_v, r) => <strong>{formatMoney(r.totalFen, lang)}</strong>,
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Card
        title={t('credit.reports.title')}
        extra={
          <DatePicker
            value={dayjs(asOf)}
            allowClear={false}
            onChange={(value) => value && setAsOf(value.format('YYYY-MM-DD'))}
            prefix={<Typography.Text type="secondary">{t('credit.fields.asOf')}</Typography.Text>}
          />
        }
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
      >
        <ErrorAlert error={aging.error ?? dso.error ?? ecl.error ?? eclHistory.error} />
        <Row gutter={[12, 12]}>
          <Col xs={12} md={6}>
            <Statistic
              title={t('credit.reports.receivables')}
              value={formatMoney(aging.data?.totalFen ?? 0, lang)}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={`${t('credit.reports.dso')} · ${t('credit.reports.countback')}`}
              value={dso.data ? t('credit.reports.days', { days: dso.data.countbackDays }) : '—'}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={`${t('credit.reports.dso')} · ${t('credit.reports.standard')}`}
              value={dso.data ? t('credit.reports.days', { days: dso.data.standardDays }) : '—'}
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('credit.reports.ecl')}
              value={formatMoney(ecl.data?.provisionFen ?? 0, lang)}
              suffix={
                ecl.data ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('credit.reports.movement')} {formatMoney(ecl.data.movementFen, lang)}
                  </Typography.Text>
                ) : null
              }
            />
          </Col>
        </Row>
      </Card>
      <Card
        size="small"
        title={
          <Segmented<Dimension>
            value={groupBy}
            onChange={setGroupBy}
            options={agingDimensions.map((d) => ({ value: d, label: t(`credit.reports.dimensions.${d}`) }))}
          />
        }
      >
        <EChart
          option={option}
          height={Math.max(220, top.length * 28 + 60)}
          loading={aging.isLoading}
          notMerge
        />
        <Table<AgingRow>
          rowKey="key"
          size="small"
          columns={columns}
          dataSource={aging.data?.rows ?? []}
          loading={aging.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('credit.reports.dso')}>
            <Table
              rowKey="month"
              size="small"
              pagination={false}
              dataSource={dso.data?.months ?? []}
              columns={[
                { key: 'month', title: t('credit.reports.months'), dataIndex: 'month' },
                {
                  key: 'sales',
                  title: t('credit.reports.sales'),
                  align: 'right',
                  render: (_v, m: { salesFen: number }) => formatMoney(m.salesFen, lang),
                },
                { key: 'days', title: t('credit.reports.daysColumn'), dataIndex: 'days', align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('credit.reports.ecl')}>
            <Table
              rowKey={(line) => line.buckets.join('+')}
              size="small"
              pagination={false}
              dataSource={ecl.data?.lines ?? []}
              columns={[
                {
                  key: 'buckets',
                  title: t('credit.policy.buckets'),
                  render: (_v, l: { buckets: string[] }) =>
                    l.buckets.map((b) => t(`finance.agingBuckets.${b as 'not_due'}`)).join(' + '),
                },
                {
                  key: 'balance',
                  title: t('credit.reports.receivables'),
                  align: 'right',
                  render: (_v, l: { balanceFen: number }) => formatMoney(l.balanceFen, lang),
                },
                {
                  key: 'rate',
                  title: t('credit.policy.lossRate'),
                  align: 'right',
                  render: (_v, l: { lossRate: number }) => formatPercent(l.lossRate, lang),
                },
                {
                  key: 'suggested',
                  title: (
                    <Tooltip
                      title={
                        history && history.monthEnds.length > 0
                          ? t('credit.reports.suggestedHelp', {
                              count: history.monthEnds.length,
                              from: history.monthEnds[0],
                              to: history.monthEnds.at(-1),
                              asOf: history.asOf,
                            })
                          : undefined
                      }
                    >
                      {t('credit.reports.suggestedFromHistory')}
                    </Tooltip>
                  ),
                  align: 'right',
                  render: (_v, l: { buckets: string[] }) => {
                    const rate = suggestedRates.get(l.buckets.join('+'));
                    return (
                      <Typography.Text type="secondary">
                        {rate === undefined || rate === null ? '—' : formatPercent(rate, lang, 2)}
                      </Typography.Text>
                    );
                  },
                },
                {
                  key: 'provision',
                  title: t('credit.reports.provision'),
                  align: 'right',
                  render: (_v, l: { provisionFen: number }) => formatMoney(l.provisionFen, lang),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}

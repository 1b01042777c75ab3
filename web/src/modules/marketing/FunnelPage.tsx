import {
  Alert,
  Card,
  Col,
  DatePicker,
  Flex,
  Row,
  Segmented,
  Select,
  Statistic,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FunnelReport, funnelStages, marketingChannels } from '../../../../contracts/marketing.ts';
import { EChart, type EChartsOption } from '../../shared/charts/EChart.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { businessToday, EMPTY_VALUE, formatMoney, formatNumber, formatPercent } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { RegionTreeSelect } from '../regions/index.ts';
import { useCampaignOptions, useFunnel, useFunnelBreakdown } from './marketing.api.ts';

type Dimension = 'region' | 'owner' | 'channel' | 'campaign';

function defaultRange(): [string, string] {
  const today = businessToday();
  return [dayjs(today).subtract(1, 'year').add(1, 'day').format('YYYY-MM-DD'), today];
}

/**
 * The sales funnel (DOMAIN §7): how many deals reached each stage, stage conversion against the
 * trailing periods with the bottleneck marked, time in stage, win rate, cycle and velocity; the
 * monthly conversion trend; and the funnel per region, rep, channel or campaign.
 */
export function FunnelPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [[from, to], setRange] = useState<[string, string]>(defaultRange);
  const [regionId, setRegionId] = useState<number>();
  const [channel, setChannel] = useState<string>();
  const [campaignId, setCampaignId] = useState<number>();
  const [dimension, setDimension] = useState<Dimension>('owner');
  const campaigns = useCampaignOptions();
  const filters = { from, to, regionId, channel, campaignId };
  const funnel = useFunnel(filters);
  const trend = useFunnelBreakdown({ ...filters, by: 'month' });
  const breakdown = useFunnelBreakdown({ ...filters, by: dimension });
  const report = funnel.data;
  const stageName = (stage: string) =>
    t(`crm.opportunities.stages.${stage}` as 'crm.opportunities.stages.lead');

  const funnelChart = useMemo<EChartsOption | null>(() => {
    if (!report) return null;
    const stageName = (stage: string) =>
      t(`crm.opportunities.stages.${stage}` as 'crm.opportunities.stages.lead');
    return {
      tooltip: { trigger: 'item', formatter: '{b}: {c}' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          // Later stages are small next to the leads: a floor keeps every stage visible.
          minSize: '22%',
          left: '5%',
          width: '65%',
          label: { show: true, position: 'right', formatter: '{b}  {c}' },
          data: report.stages.map((s) => ({ name: stageName(s.stage), value: s.reached })),
        },
      ],
    };
  }, [report, t]);

  const trendChart = useMemo<EChartsOption | null>(() => {
    const rows = trend.data?.rows;
    if (!rows) return null;
    const stageName = (stage: string) =>
      t(`crm.opportunities.stages.${stage}` as 'crm.opportunities.stages.lead');
    const sorted = [...rows].sort((a, b) => a.key.localeCompare(b.key));
    const transitions = funnelStages
      .slice(0, -1)
      .map((fromStage, k) => ({ fromStage, toStage: funnelStages[k + 1]! }));
    return {
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v) => (typeof v === 'number' ? formatPercent(v / 100, lang) : EMPTY_VALUE),
      },
      legend: { type: 'scroll' },
      grid: { left: 48, right: 16, bottom: 32, containLabel: true },
      xAxis: { type: 'category', data: sorted.map((r) => r.key) },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: transitions.map(({ fromStage, toStage }, k) => ({
        name: `${stageName(fromStage)}→${stageName(toStage)}`,
        type: 'line',
        smooth: true,
        connectNulls: true,
        data: sorted.map((r) => {
          const rate = r.conversions[k]?.rate;
          return rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10;
        }),
      })),
    };
  }, [trend.data, lang, t]);

  const bottleneck = report?.bottleneck;
  const kpi = (title: string, value: string, hint?: string) => (
    <Col xs={12} md={8} xl={4}>
      <Card size="small">
        <Tooltip title={hint}>
          <Statistic title={title} value={value} />
        </Tooltip>
      </Card>
    </Col>
  );
  const orNone = (n: number | null | undefined, format: (n: number) => string) =>
    n === null || n === undefined ? EMPTY_VALUE : format(n);

  return (
    <Flex vertical gap={16} data-testid="funnel-page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('marketing.funnel.title')}
        </Typography.Title>
        <Flex gap={8} wrap>
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(from), dayjs(to)]}
            onChange={(dates) => {
              if (dates?.[0] && dates[1])
                setRange([dates[0].format('YYYY-MM-DD'), dates[1].format('YYYY-MM-DD')]);
            }}
          />
          <RegionTreeSelect
            allowClear
            limitToScope
            value={regionId}
            onChange={setRegionId}
            style={{ width: 160 }}
            placeholder={t('crm.leads.fields.region')}
          />
          <Select
            allowClear
            placeholder={t('crm.leads.fields.channel')}
            value={channel}
            onChange={setChannel}
            options={marketingChannels.map((value) => ({
              value,
              label: t(`marketing.campaigns.channels.${value}`),
            }))}
            style={{ width: 130 }}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('crm.leads.fields.campaign')}
            value={campaignId}
            onChange={setCampaignId}
            options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            style={{ width: 220 }}
          />
        </Flex>
      </Flex>
      <ErrorAlert error={funnel.error} />
      {report && (
        <Alert
          data-testid="funnel-bottleneck"
          type={bottleneck ? 'warning' : 'success'}
          showIcon
          title={
            bottleneck
              ? `${t('marketing.funnel.bottleneck')}: ${t('marketing.funnel.bottleneckText', {
                  from: stageName(bottleneck.from),
                  to: stageName(bottleneck.to),
                  n: report.trailingPeriods,
                  gap: formatPercent(-bottleneck.gap, lang),
                })}`
              : t('marketing.funnel.noBottleneck')
          }
        />
      )}
      <Row gutter={[12, 12]}>
        {kpi(
          t('marketing.funnel.winRate'),
          orNone(report?.winRate, (n) => formatPercent(n, lang)),
        )}
        {kpi(
          t('marketing.funnel.averageWonDeal'),
          orNone(report?.averageWonDealFen, (n) => formatMoney(n, lang, { compact: true })),
        )}
        {kpi(
          t('marketing.funnel.averageCycle'),
          orNone(report?.averageCycleDays, (n) => formatNumber(n, lang, { decimals: 1 })),
        )}
        {kpi(
          t('marketing.funnel.openOpportunities'),
          orNone(report?.openOpportunities, (n) => formatNumber(n, lang)),
        )}
        {kpi(
          t('marketing.funnel.velocity'),
          orNone(report?.salesVelocityFenPerDay, (n) => formatMoney(Math.round(n), lang)),
          t('marketing.funnel.velocityHint'),
        )}
        {kpi(
          `${t('crm.opportunities.stages.won')} / ${t('crm.opportunities.stages.lost')}`,
          report ? `${report.won} / ${report.lost}` : EMPTY_VALUE,
        )}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('marketing.funnel.reached')} loading={funnel.isLoading}>
            {funnelChart && (
              <EChart
                option={funnelChart}
                height={320}
                notMerge
                ariaLabel={t('marketing.funnel.title')}
                testId="funnel-chart"
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('marketing.funnel.conversion')} loading={funnel.isLoading}>
            <Table<FunnelReport['stages'][number] & { conversion?: FunnelReport['conversions'][number] }>
              rowKey="stage"
              size="small"
              pagination={false}
              dataSource={(report?.stages ?? []).map((s, k) => ({
                ...s,
                conversion: report?.conversions[k],
              }))}
              rowClassName={(row) => (bottleneck && row.stage === bottleneck.from ? 'pulse-bottleneck' : '')}
              onRow={(row) => ({
                style:
                  bottleneck && row.stage === bottleneck.from
                    ? { background: 'rgba(250,173,20,0.15)' }
                    : undefined,
              })}
              columns={[
                {
                  key: 'stage',
                  title: t('crm.opportunities.fields.stage'),
                  render: (_v, r) => stageName(r.stage),
                },
                {
                  key: 'reached',
                  title: t('marketing.funnel.reached'),
                  dataIndex: 'reached',
                  align: 'right',
                },
                {
                  key: 'conversion',
                  title: t('marketing.funnel.conversion'),
                  align: 'right',
                  render: (_v, r) =>
                    r.conversion
                      ? `→ ${stageName(r.conversion.to)} ${orNone(r.conversion.rate, (n) => formatPercent(n, lang))}`
                      : '',
                },
                {
                  key: 'trailing',
                  title: t('marketing.funnel.trailing'),
                  align: 'right',
                  render: (_v, r) =>
                    r.conversion ? orNone(r.conversion.trailingRate, (n) => formatPercent(n, lang)) : '',
                },
                {
                  key: 'days',
                  title: t('marketing.funnel.daysInStage'),
                  align: 'right',
                  render: (_v, r) =>
                    orNone(r.averageDaysInStage, (n) => formatNumber(n, lang, { decimals: 1 })),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title={t('marketing.funnel.trend')} loading={trend.isLoading}>
            {trendChart && <EChart option={trendChart} height={300} notMerge testId="funnel-trend" />}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('marketing.funnel.lostReasons')}>
            <Table
              rowKey="reason"
              size="small"
              pagination={false}
              dataSource={report?.lostReasons ?? []}
              columns={[
                {
                  key: 'reason',
                  title: t('crm.opportunities.fields.lostReason'),
                  render: (_v, r) =>
                    t(`crm.opportunities.lostReasons.${r.reason}` as 'crm.opportunities.lostReasons.price'),
                },
                { key: 'count', title: '#', dataIndex: 'count', align: 'right' },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card
        title={t('marketing.funnel.breakdown')}
        extra={
          <Segmented<Dimension>
            value={dimension}
            onChange={setDimension}
            options={(['region', 'owner', 'channel', 'campaign'] as const).map((value) => ({
              value,
              label: t(`marketing.funnel.by.${value}`),
            }))}
          />
        }
      >
        <ErrorAlert error={breakdown.error} />
        <Table
          rowKey="key"
          size="small"
          loading={breakdown.isFetching}
          scroll={{ x: 'max-content' }}
          dataSource={breakdown.data?.rows ?? []}
          columns={[
            {
              key: 'label',
              title: t('marketing.funnel.group'),
              render: (_v, r) =>
                dimension === 'channel' && r.key !== 'none'
                  ? t(`marketing.campaigns.channels.${r.key}` as 'marketing.campaigns.channels.email')
                  : r.label,
            },
            ...funnelStages.map((stage) => ({
              key: stage,
              title: stageName(stage),
              align: 'right' as const,
              sorter: (a: { reached: Record<string, number> }, b: { reached: Record<string, number> }) =>
                (a.reached[stage] ?? 0) - (b.reached[stage] ?? 0),
              render: (_v: unknown, r: { reached: Record<string, number> }) => r.reached[stage] ?? 0,
            })),
            {
              key: 'l2o',
              title: `${stageName('lead')}→${stageName('opportunity')}`,
              align: 'right',
              render: (_v, r) => orNone(r.conversions[0]?.rate, (n) => formatPercent(n, lang)),
            },
            {
              key: 'winRate',
              title: t('marketing.funnel.winRate'),
              align: 'right',
              render: (_v, r) => orNone(r.winRate, (n) => formatPercent(n, lang)),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}

import {
  Card,
  Col,
  DatePicker,
  Flex,
  InputNumber,
  Row,
  Segmented,
  Statistic,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AttributionModelName,
  type AttributionReport,
  attributionModelNames,
} from '../../../../contracts/marketing.ts';
import { EChart, type EChartsOption } from '../../shared/charts/EChart.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { ExportButton } from '../../shared/ExportButton.tsx';
import { businessToday, EMPTY_VALUE, formatMoney, formatNumber, formatPercent } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { useAttribution } from './marketing.api.ts';

type Metric = 'grossProfitFen' | 'revenueFen' | 'collectedCashFen';
type CampaignRow = AttributionReport['campaigns'][number];
type ChannelRow = AttributionReport['channels'][number];

/** How many campaigns the chart shows (the most expensive); the table has them all. */
const CHART_CAMPAIGNS = 12;

/**
 * Attribution (DOMAIN §7): what each campaign and channel brought in gross profit, revenue and
 * collected cash under the five models side by side, against what it cost — ROI, CAC, LTV.
 */
export function AttributionPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const today = businessToday();
  const [[from, to], setRange] = useState<[string, string]>([
    dayjs(today).subtract(1, 'year').add(1, 'day').format('YYYY-MM-DD'),
    today,
  ]);
  const [lookbackDays, setLookbackDays] = useState<number | null>(null);
  const [metric, setMetric] = useState<Metric>('grossProfitFen');
  const [roiModel, setRoiModel] = useState<AttributionModelName>('linear');
  const query = { from, to, lookbackDays: lookbackDays ?? undefined };
  const report = useAttribution(query);
  const data = report.data;
  const modelName = (m: AttributionModelName) => t(`marketing.attribution.models.${m}`);
  const money = (fen: number | null | undefined) =>
    fen === null || fen === undefined ? EMPTY_VALUE : formatMoney(fen, lang, { compact: true });
  const percent = (n: number | null | undefined) =>
    n === null || n === undefined ? EMPTY_VALUE : formatPercent(n, lang);

  const chart = useMemo<EChartsOption | null>(() => {
    if (!data) return null;
    const modelName = (m: AttributionModelName) => t(`marketing.attribution.models.${m}`);
    const shown = [...data.campaigns].sort((a, b) => b.costFen - a.costFen).slice(0, CHART_CAMPAIGNS);
    return {
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v) => (typeof v === 'number' ? formatMoney(v * 100, lang, { compact: true }) : ''),
      },
      legend: { data: attributionModelNames.map(modelName) },
      grid: { left: 56, right: 16, bottom: 80, containLabel: true },
      xAxis: {
        type: 'category',
        data: shown.map((c) => c.name),
        axisLabel: { rotate: 30, width: 120, overflow: 'truncate' },
      },
      yAxis: {
        type: 'value',
        axisLabel: { formatter: (v: number) => formatNumber(v, lang, { compact: true }) },
      },
      series: [
        ...attributionModelNames.map((model) => ({
          name: modelName(model),
          type: 'bar' as const,
          data: shown.map((c) => Math.round(c.models[model][metric] / 100)),
        })),
        {
          name: t('marketing.attribution.cost'),
          type: 'line' as const,
          symbol: 'diamond',
          lineStyle: { type: 'dashed' as const },
          data: shown.map((c) => Math.round(c.costFen / 100)),
        },
      ],
    };
  }, [data, metric, lang, t]);

  const campaignColumns: ColumnsType<CampaignRow> = [
    {
      key: 'name',
      title: t('marketing.campaigns.fields.name'),
      dataIndex: 'name',
      fixed: 'left',
      width: 220,
    },
    {
      key: 'type',
      title: t('marketing.campaigns.fields.type'),
      width: 100,
      render: (_v, c) => t(`marketing.campaigns.types.${c.type}`),
    },
    {
      key: 'cost',
      title: t('marketing.attribution.cost'),
      align: 'right',
      sorter: (a, b) => a.costFen - b.costFen,
      render: (_v, c) => money(c.costFen),
    },
    {
      key: 'leads',
      title: t('marketing.attribution.leads'),
      align: 'right',
      dataIndex: 'leads',
      sorter: (a, b) => a.leads - b.leads,
    },
    {
      key: 'cpl',
      title: t('marketing.attribution.costPerLead'),
      align: 'right',
      render: (_v, c) => money(c.costPerLeadFen),
    },
    {
      key: 'l2o',
      title: t('marketing.attribution.leadToOpportunity'),
      align: 'right',
      render: (_v, c) => percent(c.leadToOpportunity),
    },
    { key: 'new', title: t('marketing.attribution.newCustomers'), align: 'right', dataIndex: 'newCustomers' },
    { key: 'cac', title: t('marketing.attribution.cac'), align: 'right', render: (_v, c) => money(c.cacFen) },
    ...attributionModelNames.map((model) => ({
      key: model,
      title: modelName(model),
      align: 'right' as const,
      sorter: (a: CampaignRow, b: CampaignRow) => a.models[model][metric] - b.models[model][metric],
      render: (_v: unknown, c: CampaignRow) => money(c.models[model][metric]),
    })),
    {
      key: 'afterSales',
      title: t('marketing.attribution.afterSales'),
      align: 'right',
      render: (_v, c) => money(c.models[roiModel].afterSalesCostFen),
    },
    {
      key: 'roi',
      title: (
        <Tooltip title={t('marketing.attribution.roiHint')}>
          {t('marketing.attribution.roi')} ({modelName(roiModel)})
        </Tooltip>
      ),
      align: 'right',
      fixed: 'right',
      sorter: (a, b) => (a.models[roiModel].roi ?? -Infinity) - (b.models[roiModel].roi ?? -Infinity),
      render: (_v, c) => {
        const roi = c.models[roiModel].roi;
        return roi === null ? (
          EMPTY_VALUE
        ) : (
          <Typography.Text type={roi < 0 ? 'danger' : 'success'}>{percent(roi)}</Typography.Text>
        );
      },
    },
  ];

  const channelColumns: ColumnsType<ChannelRow> = [
    {
      key: 'channel',
      title: t('marketing.campaigns.fields.channel'),
      render: (_v, c) => t(`marketing.campaigns.channels.${c.channel}`),
    },
    {
      key: 'cost',
      title: t('marketing.attribution.cost'),
      align: 'right',
      render: (_v, c) => money(c.costFen),
    },
    { key: 'leads', title: t('marketing.attribution.leads'), align: 'right', dataIndex: 'leads' },
    {
      key: 'cpl',
      title: t('marketing.attribution.costPerLead'),
      align: 'right',
      render: (_v, c) => money(c.costPerLeadFen),
    },
    {
      key: 'l2o',
      title: t('marketing.attribution.leadToOpportunity'),
      align: 'right',
      render: (_v, c) => percent(c.leadToOpportunity),
    },
    ...attributionModelNames.map((model) => ({
      key: model,
      title: modelName(model),
      align: 'right' as const,
      render: (_v: unknown, c: ChannelRow) => money(c.models[model][metric]),
    })),
    {
      key: 'roi',
      title: `${t('marketing.attribution.roi')} (${modelName(roiModel)})`,
      align: 'right',
      render: (_v, c) => percent(c.models[roiModel].roi),
    },
  ];

  const economics = data?.economics;
  return (
    <Flex vertical gap={16} data-testid="attribution-page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('marketing.attribution.title')}
        </Typography.Title>
        <Flex gap={8} wrap align="center">
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(from), dayjs(to)]}
            onChange={(dates) => {
              if (dates?.[0] && dates[1])
                setRange([dates[0].format('YYYY-MM-DD'), dates[1].format('YYYY-MM-DD')]);
            }}
          />
          <Tooltip title={t('marketing.attribution.lookback')}>
            <InputNumber
              min={1}
              max={1095}
              placeholder={String(data?.lookbackDays ?? 180)}
              value={lookbackDays}
              onChange={(v) => setLookbackDays(v)}
              addonAfter={t('marketing.attribution.lookback')}
              style={{ width: 220 }}
            />
          </Tooltip>
          <ExportButton
            path="/api/attribution/export"
            query={query}
            baseName="attribution"
            testId="attribution-export"
          />
        </Flex>
      </Flex>
      <ErrorAlert error={report.error} />
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6} xl={3}>
          <Card size="small">
            <Statistic
              title={t('marketing.attribution.orders')}
              value={data ? `${data.orders.attributed} / ${data.orders.total}` : EMPTY_VALUE}
            />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Card size="small">
            <Statistic
              title={t('marketing.attribution.marketingSpend')}
              value={money(economics?.marketingSpendFen)}
            />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Card size="small">
            <Statistic
              title={t('marketing.attribution.salesSpend')}
              value={money(economics?.salesSpendFen)}
            />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Card size="small">
            <Statistic
              title={t('marketing.attribution.newCustomers')}
              value={economics?.newCustomers ?? EMPTY_VALUE}
            />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Card size="small">
            <Statistic title={t('marketing.attribution.cac')} value={money(economics?.cacFen)} />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Card size="small">
            <Statistic title={t('marketing.attribution.ltv')} value={money(economics?.ltvFen)} />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Card size="small">
            <Statistic
              title={t('marketing.attribution.ltvToCac')}
              value={
                economics?.ltvToCac == null
                  ? EMPTY_VALUE
                  : formatNumber(economics.ltvToCac, lang, { decimals: 1 })
              }
            />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Card size="small">
            <Statistic
              title={t('marketing.attribution.churn')}
              value={
                economics?.yearlyChurnBp == null
                  ? EMPTY_VALUE
                  : formatPercent(economics.yearlyChurnBp / 10_000, lang)
              }
            />
          </Card>
        </Col>
      </Row>
      <Card
        title={t('marketing.attribution.byCampaign')}
        loading={report.isLoading}
        extra={
          <Flex gap={8} wrap>
            <Segmented<Metric>
              value={metric}
              onChange={setMetric}
              options={(['grossProfitFen', 'revenueFen', 'collectedCashFen'] as const).map((value) => ({
                value,
                label: t(`marketing.attribution.metrics.${value}`),
              }))}
            />
          </Flex>
        }
      >
        {chart && <EChart option={chart} height={360} notMerge testId="attribution-chart" />}
        <Flex justify="flex-end" gap={8} align="center" style={{ margin: '8px 0' }}>
          <Typography.Text type="secondary">{t('marketing.attribution.roi')}:</Typography.Text>
          <Segmented<AttributionModelName>
            size="small"
            value={roiModel}
            onChange={setRoiModel}
            options={attributionModelNames.map((value) => ({ value, label: modelName(value) }))}
          />
        </Flex>
        <Table<CampaignRow>
          data-testid="attribution-table"
          rowKey="campaignId"
          size="small"
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20 }}
          dataSource={data?.campaigns ?? []}
          columns={campaignColumns}
        />
      </Card>
      <Card title={t('marketing.attribution.byChannel')} loading={report.isLoading}>
        <Table<ChannelRow>
          rowKey="channel"
          size="small"
          scroll={{ x: 'max-content' }}
          pagination={false}
          dataSource={data?.channels ?? []}
          columns={channelColumns}
        />
      </Card>
    </Flex>
  );
}

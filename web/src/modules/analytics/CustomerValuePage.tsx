import { SettingOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Flex, Row, Segmented, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerValue } from '../../../../contracts/analytics-insights.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { EChart } from '../../shared/charts/EChart.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatMoney, formatNumber, formatPercent } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { useCustomerValue } from './analytics.api.ts';
import { categoryLabels } from './builder/result.rules.ts';
import { SegmentMovementCard } from './SegmentMovementCard.tsx';
import { SegmentTasksButton } from './SegmentTasksButton.tsx';
import { ThresholdsDialog } from './ThresholdsDialog.tsx';

type Segment = CustomerValue['segments'][number];
type Customer = CustomerValue['customers'][number];

const segmentColors: Record<string, string> = {
  high_value: 'gold',
  champions: 'gold',
  new: 'green',
  potential: 'blue',
  loyal: 'blue',
  churn_risk: 'red',
  at_risk: 'red',
  low_value: 'default',
  hibernating: 'default',
  regular: 'cyan',
  others: 'cyan',
};

/**
 * Customer value (RFM, DOMAIN §6): segment sizes, revenue share and the suggested action of
 * each segment; click a segment to list its customers.
 */
export function CustomerValuePage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [asOf, setAsOf] = useState<string | undefined>(undefined);
  const [mode, setMode] = useState<'fixed' | 'quintile'>('fixed');
  const [segment, setSegment] = useState<string | undefined>(undefined);
  const [isEditing, setIsEditing] = useState(false);
  const canEdit = useCurrentUser().permissions.includes('analytics:manage');
  const result = useCustomerValue({ asOf, mode, segment }, lang);
  const data = result.data;
  const labelOf = useMemo(() => new Map(data?.segments.map((s) => [s.segment, s.label])), [data]);
  const selectedSegment = data?.segments.find((s) => s.segment === segment);

  const chart = useMemo(
    () =>
      data && {
        tooltip: { trigger: 'axis' as const },
        legend: { top: 0 },
        grid: { left: 48, right: 48, top: 40, bottom: 8, containLabel: true },
        xAxis: {
          type: 'category' as const,
          data: data.segments.map((s) => s.label),
          axisLabel: categoryLabels(data.segments.map((s) => s.label)),
        },
        yAxis: [
          { type: 'value' as const },
          { type: 'value' as const, max: 100, axisLabel: { formatter: '{value}%' } },
        ],
        series: [
          {
            name: t('analytics.customerValue.customers'),
            type: 'bar' as const,
            data: data.segments.map((s) => s.customers),
          },
          {
            name: t('analytics.customerValue.revenueShare'),
            type: 'line' as const,
            yAxisIndex: 1,
            data: data.segments.map((s) =>
              s.revenueShare === null ? null : Math.round(s.revenueShare * 1000) / 10,
            ),
          },
        ],
      },
    [data, t],
  );

  return (
    <Flex vertical gap={16} data-testid="customer-value-page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('analytics.customerValue.title')}
        </Typography.Title>
        <Flex gap={8} wrap align="center">
          <span>{t('analytics.customerValue.asOf')}</span>
          <DatePicker
            value={asOf ? dayjs(asOf) : null}
            onChange={(d) => setAsOf(d ? d.format('YYYY-MM-DD') : undefined)}
            data-testid="rfm-as-of"
          />
          <Segmented
            value={mode}
            onChange={(value) => {
              setMode(value as 'fixed' | 'quintile');
              setSegment(undefined);
            }}
            options={[
              { value: 'fixed', label: t('analytics.customerValue.fixed') },
              { value: 'quintile', label: t('analytics.customerValue.quintile') },
            ]}
            data-testid="rfm-mode"
          />
          {canEdit && mode === 'fixed' ? (
            <Button
              icon={<SettingOutlined />}
              onClick={() => setIsEditing(true)}
              data-testid="rfm-edit-thresholds"
            >
              {t('analytics.customerValue.editThresholds')}
            </Button>
          ) : null}
        </Flex>
      </Flex>
      <Typography.Text type="secondary">{t('analytics.customerValue.definitions')}</Typography.Text>
      {result.error ? <ErrorAlert error={result.error} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('analytics.customerValue.chart')}>
            {chart ? <EChart option={chart} height={300} loading={result.isFetching} notMerge /> : null}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card>
            <Table<Segment>
              rowKey="segment"
              size="small"
              pagination={false}
              loading={result.isLoading}
              dataSource={data?.segments ?? []}
              data-testid="rfm-segments"
              onRow={(row) => ({
                onClick: () => setSegment(segment === row.segment ? undefined : row.segment),
                style: { cursor: 'pointer' },
              })}
              rowClassName={(row) => (row.segment === segment ? 'ant-table-row-selected' : '')}
              columns={[
                {
                  title: t('analytics.customerValue.segment'),
                  dataIndex: 'label',
                  render: (label: string, row) => <Tag color={segmentColors[row.segment]}>{label}</Tag>,
                },
                { title: t('analytics.customerValue.customers'), dataIndex: 'customers', align: 'right' },
                {
                  title: t('analytics.customerValue.revenue'),
                  dataIndex: 'revenueCnyFen',
                  align: 'right',
                  render: (v: number) => formatMoney(v, lang, { compact: true }),
                },
                {
                  title: t('analytics.customerValue.revenueShare'),
                  dataIndex: 'revenueShare',
                  align: 'right',
                  render: (v: number | null) => (v === null ? EMPTY_VALUE : formatPercent(v, lang)),
                },
                { title: t('analytics.customerValue.action'), dataIndex: 'action' },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card
        title={`${t('analytics.customerValue.listTitle')} · ${segment ? (labelOf.get(segment) ?? segment) : t('analytics.customerValue.allSegments')}`}
        extra={
          selectedSegment ? (
            <SegmentTasksButton
              segment={selectedSegment.segment}
              label={selectedSegment.label}
              action={selectedSegment.action}
              mode={mode}
              asOf={asOf}
            />
          ) : null
        }
      >
        <Table<Customer>
          rowKey="customerId"
          size="small"
          loading={result.isFetching}
          dataSource={data?.customers ?? []}
          data-testid="rfm-customers"
          scroll={{ x: 900 }}
          columns={[
            { title: t('analytics.customerValue.customer'), dataIndex: 'name' },
            {
              title: t('analytics.customerValue.segment'),
              dataIndex: 'segment',
              render: (s: string) => <Tag color={segmentColors[s]}>{labelOf.get(s) ?? s}</Tag>,
            },
            { title: t('analytics.customerValue.recency'), dataIndex: 'recencyDays', align: 'right' },
            { title: t('analytics.customerValue.frequency'), dataIndex: 'frequency', align: 'right' },
            {
              title: t('analytics.customerValue.monetary'),
              dataIndex: 'monetaryCnyFen',
              align: 'right',
              render: (v: number) => formatMoney(v, lang),
            },
            {
              title: t('analytics.customerValue.scores'),
              dataIndex: 'scores',
              render: (s: Customer['scores']) =>
                s
                  ? `${formatNumber(s.r, lang)}/${formatNumber(s.f, lang)}/${formatNumber(s.m, lang)}`
                  : EMPTY_VALUE,
            },
            {
              title: t('analytics.customerValue.ownerRep'),
              dataIndex: 'ownerRepName',
              render: (v) => v ?? EMPTY_VALUE,
            },
          ]}
        />
      </Card>
      <SegmentMovementCard mode={mode} />
      <ThresholdsDialog open={isEditing} onClose={() => setIsEditing(false)} />
    </Flex>
  );
}

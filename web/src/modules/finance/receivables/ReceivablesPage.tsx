import { Card, Col, DatePicker, Flex, Row, Select, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type AgingBucket, agingBuckets, type ReceivableItem } from '../../../../../contracts/finance.ts';
import { EChart, type EChartsOption } from '../../../shared/charts/EChart.tsx';
import { formatAmount } from '../../../shared/currency.ts';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { ExportButton } from '../../../shared/ExportButton.tsx';
import { businessToday, formatDate, formatMoney } from '../../../shared/format.ts';
import { PAGE_SIZES, sortFromSorter, sortOrderOf, useListState } from '../../../shared/list.ts';
import { useIsMobile, useLanguage } from '../../../shared/responsive.ts';
import { SearchInput } from '../../../shared/SearchInput.tsx';
import { CustomerSelect } from '../CustomerSelect.tsx';
import { useReceivables } from '../finance.api.ts';

const FILTER_KEYS = ['asOf', 'customerId', 'bucket'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const bucketColours: Record<AgingBucket, string> = {
  not_due: '#52c41a',
  '1_30': '#fadb14',
  '31_60': '#faad14',
  '61_90': '#fa8c16',
  '91_180': '#fa541c',
  over_180: '#cf1322',
};

/** Open receivables on a date with their aging (not due, 1–30 … over 180 days past due). */
export function ReceivablesPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const isMobile = useIsMobile();
  const list = useListState(FILTER_KEYS);
  const receivables = useReceivables(list.query);
  const asOf = list.filters.asOf && DATE.test(list.filters.asOf) ? list.filters.asOf : undefined;
  const data = receivables.data;

  const option = useMemo<EChartsOption>(() => {
    const buckets = agingBuckets.map((bucket) => data?.buckets.find((b) => b.bucket === bucket));
    return {
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const first = (Array.isArray(params) ? params[0] : params) as { dataIndex: number };
          const bucket = agingBuckets[first.dataIndex];
          const row = buckets[first.dataIndex];
          if (!bucket) return '';
          return `${t(`finance.agingBuckets.${bucket}`)}<br/>${formatMoney(row?.openCnyFen ?? 0, lang)} · ${t('finance.receivables.invoiceCount', { count: row?.count ?? 0 })}`;
        },
      },
      xAxis: {
        type: 'category',
        data: agingBuckets.map((bucket) => t(`finance.agingBuckets.${bucket}`)),
        axisLabel: { interval: 0, fontSize: isMobile ? 10 : 12, rotate: isMobile ? 35 : 0 },
      },
      yAxis: {
        type: 'value',
        axisLabel: { formatter: (value: number) => formatMoney(value, lang, { compact: true }) },
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: 56,
          data: agingBuckets.map((bucket, index) => ({
            value: buckets[index]?.openCnyFen ?? 0,
            itemStyle: {
              color: bucketColours[bucket],
              opacity: list.filters.bucket && list.filters.bucket !== bucket ? 0.35 : 1,
            },
          })),
        },
      ],
    };
  }, [data, t, lang, isMobile, list.filters.bucket]);

  const onEvents = useMemo(
    () => ({
      click: (event: { dataIndex: number }) => {
        const bucket = agingBuckets[event.dataIndex];
        list.update({ filters: { bucket: bucket === list.filters.bucket ? undefined : bucket } });
      },
    }),
    [list],
  );

  const sortable = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(list.sort, key) });

  const columns: ColumnsType<ReceivableItem> = [
    {
      key: 'invoice',
      title: t('finance.fields.invoiceNumber'),
      width: 170,
      fixed: isMobile ? undefined : 'left',
      render: (_v, item) => <Link to={`/invoices/${item.invoiceId}`}>{item.invoiceNumber}</Link>,
    },
    { ...sortable('customer'), title: t('finance.fields.customer'), dataIndex: 'customerName', width: 220 },
    {
      ...sortable('invoiceDate'),
      title: t('finance.fields.invoiceDate'),
      dataIndex: 'invoiceDate',
      width: 110,
      render: (value: string) => formatDate(value, lang),
    },
    {
      ...sortable('dueDate'),
      title: t('finance.fields.dueDate'),
      dataIndex: 'dueDate',
      width: 110,
      render: (value: string) => formatDate(value, lang),
    },
    {
      key: 'open',
      title: t('finance.fields.open'),
      width: 140,
      align: 'right',
      render: (_v, item) => formatAmount(item.openAmount, item.currency, lang),
    },
    {
      ...sortable('openCnyFen'),
      title: t('finance.fields.openCny'),
      dataIndex: 'openCnyFen',
      width: 140,
      align: 'right',
      render: (value: number) => formatMoney(value, lang),
    },
    {
      ...sortable('daysPastDue'),
      title: t('finance.fields.daysPastDue'),
      dataIndex: 'daysPastDue',
      width: 100,
      align: 'right',
    },
    {
      key: 'bucket',
      title: t('finance.receivables.bucket'),
      dataIndex: 'bucket',
      width: 110,
      render: (bucket: AgingBucket) => (
        <Tag color={bucketColours[bucket]}>{t(`finance.agingBuckets.${bucket}`)}</Tag>
      ),
    },
  ];

  const total = data?.totalOpenCnyFen ?? 0;
  const credit = data?.unappliedCreditCnyFen ?? 0;

  return (
    <Flex vertical gap={16}>
      <Card
        title={t('finance.receivables.title')}
        extra={
          <ExportButton
            path="/api/receivables/export"
            query={list.query}
            baseName="receivables"
            testId="receivables-export"
            iconOnly={isMobile}
          />
        }
        styles={{ body: { padding: isMobile ? 12 : undefined } }}
      >
        <Flex vertical gap={16}>
          <Flex gap={8} wrap align="center">
            <DatePicker
              data-testid="receivables-as-of"
              value={dayjs(asOf ?? data?.asOf ?? businessToday())}
              allowClear={false}
              onChange={(value) => list.update({ filters: { asOf: value?.format('YYYY-MM-DD') } })}
              prefix={<Typography.Text type="secondary">{t('finance.receivables.asOf')}</Typography.Text>}
              style={{ width: isMobile ? '100%' : 220 }}
            />
            <CustomerSelect
              allowClear
              testId="receivables-filter-customer"
              placeholder={t('finance.fields.customer')}
              value={list.filters.customerId ? Number(list.filters.customerId) : undefined}
              onChange={(customerId) => list.update({ filters: { customerId: customerId?.toString() } })}
              style={{ width: isMobile ? '100%' : 220 }}
            />
            <Select<string>
              allowClear
              data-testid="receivables-filter-bucket"
              placeholder={t('finance.receivables.bucket')}
              value={list.filters.bucket}
              onChange={(bucket?: string) => list.update({ filters: { bucket } })}
              options={agingBuckets.map((value) => ({ value, label: t(`finance.agingBuckets.${value}`) }))}
              style={{ width: isMobile ? '100%' : 150 }}
            />
            <SearchInput
              testId="receivables-search"
              value={list.q}
              placeholder={t('finance.receivables.searchPlaceholder')}
              onSearch={(q) => list.update({ q })}
              style={{ width: isMobile ? '100%' : 220 }}
            />
          </Flex>
          <ErrorAlert error={receivables.error} testId="receivables-error" />
          <Row gutter={[12, 12]}>
            <Col xs={12} md={6}>
              <Statistic
                title={t('finance.receivables.totalOpen')}
                value={formatMoney(total, lang)}
                data-testid="receivables-total"
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('finance.receivables.overdue')}
                value={formatMoney(
                  total - (data?.buckets.find((b) => b.bucket === 'not_due')?.openCnyFen ?? 0),
                  lang,
                )}
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('finance.receivables.unappliedCredit')} value={formatMoney(credit, lang)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('finance.receivables.net')} value={formatMoney(total - credit, lang)} />
            </Col>
          </Row>
          <EChart
            testId="receivables-chart"
            ariaLabel={t('finance.receivables.chart')}
            option={option}
            height={isMobile ? 220 : 280}
            loading={receivables.isLoading}
            onEvents={onEvents}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('finance.receivables.chartHint')}
          </Typography.Text>
        </Flex>
      </Card>
      <Card size="small" styles={{ body: { padding: isMobile ? 8 : undefined } }}>
        <Table<ReceivableItem>
          data-testid="receivables-table"
          rowKey="invoiceId"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={data?.items ?? []}
          loading={receivables.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: list.page,
            pageSize: list.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: !isMobile,
            pageSizeOptions: PAGE_SIZES.map(String),
            showTotal: (count) => t('common.total', { count }),
            simple: isMobile,
          }}
          onChange={(pagination, _filters, sorter, extra) => {
            if (extra.action === 'sort') list.update({ sort: sortFromSorter(sorter) });
            else if (extra.action === 'paginate') {
              list.update({ page: pagination.current ?? 1, pageSize: pagination.pageSize });
            }
          }}
        />
      </Card>
    </Flex>
  );
}

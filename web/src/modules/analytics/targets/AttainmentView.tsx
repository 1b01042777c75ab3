import { Card, DatePicker, Flex, Segmented, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalyticsQueryInput, AnalyticsResult } from '../../../../../contracts/analytics-query.ts';
import { EChart } from '../../../shared/charts/EChart.tsx';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { EMPTY_VALUE, formatMoney, formatPercent } from '../../../shared/format.ts';
import { useLanguage } from '../../../shared/responsive.ts';
import { useAnalyticsQuery } from '../analytics.api.ts';

type Row = AnalyticsResult['rows'][number];
type GroupBy = 'region' | 'rep';

/** A group's name; revenue of customers without an owner rep (and targets not assigned to one) has no rep. */
function labelOf(row: Row, groupBy: GroupBy, t: TFunction): string {
  return row.labels[0] ?? row.keys[0] ?? (groupBy === 'rep' ? t('targets.unassigned') : t('analytics.none'));
}

/** Whole months from the first month's 1st to the last month's last day. */
function monthRange(from: string, to: string) {
  return { from: `${from}-01`, to: dayjs(`${to}-01`).endOf('month').format('YYYY-MM-DD') };
}

/**
 * Actual revenue against target per region or rep for a period of whole months, from the
 * semantic layer (revenue, revenue_target, target_attainment): the same numbers as any report.
 */
export function AttainmentView({ year }: { year: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const thisMonth = dayjs().format('YYYY-MM');
  const defaultTo = thisMonth.startsWith(String(year)) ? thisMonth : `${year}-12`;
  const [months, setMonths] = useState<[string, string]>([`${year}-01`, defaultTo]);
  const [groupBy, setGroupBy] = useState<GroupBy>('region');

  const query: AnalyticsQueryInput = {
    measures: ['revenue', 'revenue_target', 'target_attainment'],
    dimensions: [groupBy],
    timeRange: monthRange(months[0], months[1]),
    sort: [{ field: 'revenue_target', direction: 'desc' }],
  };
  const result = useAnalyticsQuery(query, lang);
  const data = result.data;
  const nameOf = (row: Row) => labelOf(row, groupBy, t);

  const chart = useMemo(() => {
    if (!data) return null;
    const rows = data.rows;
    const yuan = (fen: number | null | undefined) => (fen ?? 0) / 100;
    const groupName = (row: Row) => labelOf(row, groupBy, t);
    return {
      tooltip: {
        trigger: 'axis' as const,
        formatter: (params: unknown) => {
          const index = (params as { dataIndex: number }[])[0]?.dataIndex ?? 0;
          const row = rows[index];
          if (!row) return '';
          const rate = row.values.target_attainment;
          return [
            groupName(row),
            `${t('targets.actual')}: ${formatMoney(row.values.revenue ?? 0, lang)}`,
            `${t('targets.target')}: ${formatMoney(row.values.revenue_target ?? 0, lang)}`,
            `${t('targets.attainment')}: ${rate === null || rate === undefined ? EMPTY_VALUE : formatPercent(rate, lang)}`,
          ].join('<br/>');
        },
      },
      legend: { top: 0, data: [t('targets.actual'), t('targets.target')] },
      grid: { left: 24, right: 24, top: 40, bottom: 24, containLabel: true },
      xAxis: {
        type: 'category' as const,
        data: rows.map(groupName),
        axisLabel: { interval: 0, rotate: rows.length > 8 ? 30 : 0 },
      },
      yAxis: {
        type: 'value' as const,
        axisLabel: { formatter: (v: number) => formatMoney(v * 100, lang, { compact: true }) },
      },
      series: [
        {
          name: t('targets.actual'),
          type: 'bar' as const,
          data: rows.map((r) => yuan(r.values.revenue)),
          label: {
            show: true,
            position: 'top' as const,
            formatter: (p: { dataIndex: number }) => {
              const rate = rows[p.dataIndex]?.values.target_attainment;
              return rate === null || rate === undefined ? '' : formatPercent(rate, lang, 0);
            },
          },
        },
        {
          name: t('targets.target'),
          type: 'bar' as const,
          data: rows.map((r) => yuan(r.values.revenue_target)),
        },
      ],
    };
  }, [data, lang, t, groupBy]);

  const totals = data?.totals.values;
  return (
    <Flex vertical gap={16}>
      <Flex gap={8} wrap align="center">
        <span>{t('targets.period')}</span>
        <DatePicker.RangePicker
          picker="month"
          allowClear={false}
          value={[dayjs(`${months[0]}-01`), dayjs(`${months[1]}-01`)]}
          onChange={(v) => {
            if (v?.[0] && v[1]) setMonths([v[0].format('YYYY-MM'), v[1].format('YYYY-MM')]);
          }}
          data-testid="attainment-period"
        />
        <Segmented<GroupBy>
          value={groupBy}
          onChange={setGroupBy}
          options={[
            { value: 'region', label: t('targets.byRegion') },
            { value: 'rep', label: t('targets.byRep') },
          ]}
        />
      </Flex>
      <Typography.Text type="secondary">{t('targets.monthsNote')}</Typography.Text>
      {result.error ? <ErrorAlert error={result.error} /> : null}
      <Card title={t('targets.chart')}>
        {chart ? (
          <EChart
            option={chart}
            height={360}
            loading={result.isFetching}
            notMerge
            testId="attainment-chart"
          />
        ) : null}
      </Card>
      <Table<Row>
        rowKey={(row) => JSON.stringify(row.keys)}
        size="small"
        pagination={false}
        loading={result.isLoading}
        dataSource={data?.rows ?? []}
        data-testid="attainment-table"
        columns={[
          {
            title: groupBy === 'region' ? t('targets.byRegion') : t('targets.byRep'),
            render: (_, row) => nameOf(row),
          },
          {
            title: t('targets.actual'),
            align: 'right',
            render: (_, row) => formatMoney(row.values.revenue ?? 0, lang),
          },
          {
            title: t('targets.target'),
            align: 'right',
            render: (_, row) => formatMoney(row.values.revenue_target ?? 0, lang),
          },
          {
            title: t('targets.gap'),
            align: 'right',
            render: (_, row) =>
              formatMoney((row.values.revenue ?? 0) - (row.values.revenue_target ?? 0), lang),
          },
          {
            title: t('targets.attainment'),
            align: 'right',
            render: (_, row) => {
              const rate = row.values.target_attainment;
              return rate === null || rate === undefined ? t('targets.noTarget') : formatPercent(rate, lang);
            },
          },
        ]}
        summary={() =>
          totals ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <strong>{t('analytics.total')}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {formatMoney(totals.revenue ?? 0, lang)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                {formatMoney(totals.revenue_target ?? 0, lang)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                {formatMoney((totals.revenue ?? 0) - (totals.revenue_target ?? 0), lang)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {totals.target_attainment === null || totals.target_attainment === undefined
                  ? t('targets.noTarget')
                  : formatPercent(totals.target_attainment, lang)}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </Flex>
  );
}

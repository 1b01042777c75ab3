import { DownloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Dropdown,
  Empty,
  Flex,
  Segmented,
  Select,
  Table,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalyticsQueryInput, AnalyticsResult } from '../../../../contracts/analytics-query.ts';
import { EChart } from '../../shared/charts/EChart.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { businessToday } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { exportAnalyticsQuery, useAnalyticsCatalogue, useAnalyticsQuery } from './analytics.api.ts';
import { type ChartKind, chartOption, dimensionText, formatMeasure } from './analytics.rules.ts';

type Row = AnalyticsResult['rows'][number] & { rowKey: string };
type Comparison = 'none' | 'previous_period' | 'same_period_last_year';

/**
 * A simple report builder on the semantic layer: pick measures and dimensions, a period and a
 * comparison; see a table and a bar or line chart; export exactly what is shown.
 */
export function ReportBuilderPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const catalogue = useAnalyticsCatalogue(lang);
  const today = businessToday();
  const [measures, setMeasures] = useState<string[]>(['revenue', 'gross_profit']);
  const [dimensions, setDimensions] = useState<string[]>(['month']);
  const [range, setRange] = useState<[string, string]>([`${today.slice(0, 4)}-01-01`, today]);
  const [comparison, setComparison] = useState<Comparison>('none');
  const [kind, setKind] = useState<ChartKind | 'table'>('bar');

  // Only dimensions every chosen measure can be broken down by are offered.
  const allowedDimensions = useMemo(() => {
    const list = catalogue.data?.measures.filter((m) => measures.includes(m.name)) ?? [];
    return (catalogue.data?.dimensions ?? []).filter((d) => list.every((m) => m.dimensions.includes(d.name)));
  }, [catalogue.data, measures]);

  const query: AnalyticsQueryInput | null = measures.length
    ? {
        measures,
        dimensions: dimensions.filter((d) => allowedDimensions.some((a) => a.name === d)),
        timeRange: { from: range[0], to: range[1] },
        ...(comparison === 'none' ? {} : { comparison }),
      }
    : null;
  const result = useAnalyticsQuery(query, lang);
  const data = result.data;
  const translate = useCallback(
    (key: string, fallback: string) => t(key as never, { defaultValue: fallback }) as string,
    [t],
  );

  const columns = useMemo(() => {
    if (!data) return [];
    const dims = data.dimensions.map((d, i) => ({
      key: `d${i}`,
      title: d.label,
      render: (_: unknown, row: Row) => dimensionText(data, row, i, translate),
    }));
    const values = data.measures.flatMap((m) => [
      {
        key: m.name,
        title: m.label,
        align: 'right' as const,
        render: (_: unknown, row: Row) => formatMeasure(m.type, row.values[m.name], lang),
      },
      ...(data.comparisonRange
        ? [
            {
              key: `${m.name}-previous`,
              title: t('analytics.builder.comparisonValue', { label: m.label }),
              align: 'right' as const,
              render: (_: unknown, row: Row) => formatMeasure(m.type, row.previous?.[m.name], lang),
            },
          ]
        : []),
    ]);
    return [...dims, ...values];
  }, [data, lang, t, translate]);

  const rows: Row[] = (data?.rows ?? []).map((r) => ({ ...r, rowKey: JSON.stringify(r.keys) }));
  const option = useMemo(
    () => (data && kind !== 'table' ? chartOption(data, kind, translate) : null),
    [data, kind, translate],
  );

  return (
    <Flex vertical gap={16} data-testid="report-builder">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('analytics.builder.title')}
      </Typography.Title>
      {catalogue.error ? <ErrorAlert error={catalogue.error} /> : null}
      <Card>
        <Flex vertical gap={12}>
          <Flex gap={8} align="center" wrap>
            <Typography.Text strong style={{ minWidth: 64 }}>
              {t('analytics.builder.measures')}
            </Typography.Text>
            <Select
              mode="multiple"
              style={{ minWidth: 320, flex: 1 }}
              value={measures}
              onChange={setMeasures}
              loading={catalogue.isLoading}
              options={catalogue.data?.measures.map((m) => ({
                value: m.name,
                label: m.label,
                title: m.description,
              }))}
              data-testid="builder-measures"
            />
          </Flex>
          <Flex gap={8} align="center" wrap>
            <Typography.Text strong style={{ minWidth: 64 }}>
              {t('analytics.builder.dimensions')}
            </Typography.Text>
            <Select
              mode="multiple"
              style={{ minWidth: 320, flex: 1 }}
              value={dimensions.filter((d) => allowedDimensions.some((a) => a.name === d))}
              onChange={(v) => setDimensions(v.slice(0, 4))}
              options={allowedDimensions.map((d) => ({ value: d.name, label: d.label }))}
              data-testid="builder-dimensions"
            />
          </Flex>
          <Flex gap={8} align="center" wrap>
            <Typography.Text strong style={{ minWidth: 64 }}>
              {t('analytics.period')}
            </Typography.Text>
            <DatePicker.RangePicker
              allowClear={false}
              value={[dayjs(range[0]), dayjs(range[1])]}
              onChange={(v) => {
                if (v?.[0] && v[1]) setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')]);
              }}
            />
            <Select<Comparison>
              style={{ width: 180 }}
              value={comparison}
              onChange={setComparison}
              options={[
                { value: 'none', label: t('analytics.builder.noComparison') },
                { value: 'previous_period', label: t('analytics.builder.previous_period') },
                { value: 'same_period_last_year', label: t('analytics.builder.same_period_last_year') },
              ]}
              data-testid="builder-comparison"
            />
            <Segmented
              value={kind}
              onChange={(v) => setKind(v as ChartKind | 'table')}
              options={[
                { value: 'table', label: t('analytics.builder.table') },
                { value: 'bar', label: t('analytics.builder.bar') },
                { value: 'line', label: t('analytics.builder.line') },
              ]}
            />
            <Dropdown
              disabled={!query}
              menu={{
                items: [
                  { key: 'xlsx', label: t('analytics.exportXlsx') },
                  { key: 'csv', label: t('analytics.exportCsv') },
                ],
                onClick: ({ key }) => {
                  if (query) void exportAnalyticsQuery(query, key as 'csv' | 'xlsx');
                },
              }}
            >
              <Button icon={<DownloadOutlined />} data-testid="builder-export">
                {t('analytics.export')}
              </Button>
            </Dropdown>
          </Flex>
        </Flex>
      </Card>
      {result.error ? <ErrorAlert error={result.error} /> : null}
      {!query ? <Empty description={t('analytics.builder.pickMeasure')} /> : null}
      {data?.isTruncated ? (
        <Alert type="info" title={t('analytics.builder.truncated', { count: data.rows.length })} />
      ) : null}
      {option ? (
        <Card>
          <EChart option={option} height={360} loading={result.isFetching} notMerge testId="builder-chart" />
        </Card>
      ) : null}
      {data ? (
        <Card>
          <Table<Row>
            rowKey="rowKey"
            size="small"
            loading={result.isFetching}
            dataSource={rows}
            columns={columns}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 50, showSizeChanger: false }}
            data-testid="builder-table"
            summary={() =>
              data.dimensions.length ? (
                <Table.Summary.Row>
                  {data.dimensions.map((d, i) => (
                    <Table.Summary.Cell key={d.name} index={i}>
                      {i === 0 ? t('analytics.total') : null}
                    </Table.Summary.Cell>
                  ))}
                  {data.measures.flatMap((m, j) => {
                    const base = data.dimensions.length + j * (data.comparisonRange ? 2 : 1);
                    return [
                      <Table.Summary.Cell key={m.name} index={base} align="right">
                        {formatMeasure(m.type, data.totals.values[m.name], lang)}
                      </Table.Summary.Cell>,
                      ...(data.comparisonRange
                        ? [
                            <Table.Summary.Cell key={`${m.name}-p`} index={base + 1} align="right">
                              {formatMeasure(m.type, data.totals.previous?.[m.name], lang)}
                            </Table.Summary.Cell>,
                          ]
                        : []),
                    ];
                  })}
                </Table.Summary.Row>
              ) : null
            }
          />
        </Card>
      ) : null}
    </Flex>
  );
}

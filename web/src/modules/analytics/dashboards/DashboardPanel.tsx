import { Card, Col, Empty, Flex, Row, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalyticsCatalogue, AnalyticsResult } from '../../../../../contracts/analytics-query.ts';
import { EChart, type EChartEventHandlers, type EChartsOption } from '../../../shared/charts/EChart.tsx';
import { ErrorAlert } from '../../../shared/ErrorAlert.tsx';
import { formatPercent } from '../../../shared/format.ts';
import { useLanguage } from '../../../shared/responsive.ts';
import { useAnalyticsQuery } from '../analytics.api.ts';
import { dimensionText, formatMeasure } from '../analytics.rules.ts';
import { reportChartOption } from '../builder/result.rules.ts';
import { type DashboardFilter, type PanelSpec, panelQuery } from './dashboards.rules.ts';

type ResultRow = AnalyticsResult['rows'][number];

interface DashboardPanelProps {
  panel: PanelSpec;
  range: { from: string; to: string };
  filters: readonly DashboardFilter[];
  catalogue: AnalyticsCatalogue;
  onPick: (panel: PanelSpec, value: { key: string; label: string }) => void;
}

/** One panel of a dashboard: its query with the page's filters, drawn as its kind says. */
export function DashboardPanel({ panel, range, filters, catalogue, onPick }: DashboardPanelProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const planned = useMemo(
    () => panelQuery(panel, range, filters, catalogue),
    [panel, range, filters, catalogue],
  );
  const result = useAnalyticsQuery(planned?.query ?? null, lang);
  const translate = useCallback(
    (key: string, fallback: string) => t(key as never, { defaultValue: fallback }) as string,
    [t],
  );
  const data = result.data;
  const picked = filters.find((f) => f.origin === panel.key);

  const pick = useCallback(
    (label: string) => {
      if (!data || !panel.crossFilters) return;
      const row = data.rows.find((r) => dimensionText(data, r, 0, translate) === label);
      const key = row?.keys[0];
      if (key !== null && key !== undefined) onPick(panel, { key, label });
    },
    [data, panel, onPick, translate],
  );
  const onEvents = useMemo<EChartEventHandlers>(
    () => ({ click: (event) => pick(String(event.name)) }),
    [pick],
  );

  if (!planned) return null;
  const title = (
    <span>
      {panel.titleText ?? t(`analytics.dashboards.panels.${panel.title}` as never)}
      {picked && (
        <Tag color="blue" style={{ marginInlineStart: 8 }} data-testid={`panel-${panel.key}-picked`}>
          {picked.label}
        </Tag>
      )}
    </span>
  );
  const ignoredNote = planned.ignored.length ? (
    <Tooltip title={t('analytics.dashboards.ignoredHint')}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`panel-${panel.key}-ignored`}>
        {t('analytics.dashboards.ignored', { filters: planned.ignored.map((f) => f.label).join('、') })}
      </Typography.Text>
    </Tooltip>
  ) : null;

  return (
    <Card
      title={title}
      extra={ignoredNote}
      size="small"
      loading={result.isLoading}
      data-testid={`panel-${panel.key}`}
      data-ready={data && !result.isFetching ? 'true' : 'false'}
    >
      {result.error ? (
        <ErrorAlert error={result.error} />
      ) : !data ? null : panel.kind === 'kpis' ? (
        <KpiRow data={data} />
      ) : data.rows.length === 0 ? (
        <Empty description={t('common.noData')} />
      ) : panel.kind === 'table' ? (
        <PanelTable data={data} translate={translate} />
      ) : (
        <>
          <EChart
            option={withComparison(
              reportChartOption(data, panel.dimensions, panel.kind, translate, lang),
              data,
              t('analytics.dashboards.comparison'),
            )}
            notMerge
            height={300}
            onEvents={panel.crossFilters ? onEvents : undefined}
            testId={`panel-${panel.key}-chart`}
            ariaLabel={panel.titleText ?? t(`analytics.dashboards.panels.${panel.title}` as never)}
          />
          {panel.crossFilters && (
            // The same choice as clicking the chart, for keyboards, screen readers and fingers.
            <Flex wrap gap={4} align="center" data-testid={`panel-${panel.key}-values`}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('analytics.dashboards.filterBy')}
              </Typography.Text>
              {data.rows.slice(0, 12).map((row) => {
                const label = dimensionText(data, row, 0, translate);
                return (
                  <Tag.CheckableTag
                    key={String(row.keys[0])}
                    checked={picked?.values[0] === row.keys[0]}
                    onChange={() => pick(label)}
                  >
                    {label}
                  </Tag.CheckableTag>
                );
              })}
            </Flex>
          )}
        </>
      )}
    </Card>
  );
}

/** Each measure's total, with its change against the comparison period when there is one. */
function KpiRow({ data }: { data: AnalyticsResult }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  return (
    <Row gutter={[16, 16]}>
      {data.measures.map((m) => {
        const value = data.totals.values[m.name] ?? null;
        const previous = data.totals.previous?.[m.name] ?? null;
        const change =
          value !== null && previous !== null && previous !== 0
            ? (value - previous) / Math.abs(previous)
            : null;
        return (
          <Col key={m.name} xs={12} md={6} data-testid={`kpi-${m.name}`}>
            <Statistic title={m.label} value={formatMeasure(m.type, value, lang, true)} />
            {data.comparisonRange && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('analytics.dashboards.vsLastYear', {
                  value: formatMeasure(m.type, previous, lang, true),
                })}
                {change !== null && ` (${change >= 0 ? '+' : ''}${formatPercent(change, lang)})`}
              </Typography.Text>
            )}
          </Col>
        );
      })}
    </Row>
  );
}

function PanelTable({
  data,
  translate,
}: {
  data: AnalyticsResult;
  translate: (key: string, fallback: string) => string;
}) {
  const lang = useLanguage();
  const rows = data.rows.map((row, i) => ({ ...row, rowKey: String(i) }));
  return (
    <Table<ResultRow & { rowKey: string }>
      size="small"
      rowKey="rowKey"
      pagination={false}
      scroll={{ x: true }}
      dataSource={rows}
      columns={[
        ...data.dimensions.map((d, i) => ({
          key: `d${i}`,
          title: d.label,
          render: (_: unknown, row: ResultRow) => dimensionText(data, row, i, translate),
        })),
        ...data.measures.map((m) => ({
          key: m.name,
          title: m.label,
          align: 'right' as const,
          render: (_: unknown, row: ResultRow) => formatMeasure(m.type, row.values[m.name], lang),
        })),
      ]}
    />
  );
}

/**
 * Adds the comparison period of the first measure as a dashed series beside the current one
 * (one dimension only: its rows are the chart's categories, in order).
 */
function withComparison(option: EChartsOption | null, data: AnalyticsResult, label: string): EChartsOption {
  const measure = data.measures[0];
  if (!option) return {};
  const isAxisChart =
    Array.isArray(option.series) && option.series.every((s) => s.type === 'bar' || s.type === 'line');
  if (!data.comparisonRange || data.dimensions.length !== 1 || !measure || !isAxisChart) return option;
  const previous = data.rows.map((row) => {
    const v = row.previous?.[measure.name] ?? null;
    return v === null ? null : measure.type === 'money' ? v / 100 : v;
  });
  const series = [
    ...(option.series as object[]),
    {
      name: `${measure.label} · ${label}`,
      type: 'line' as const,
      yAxisIndex: 0,
      lineStyle: { type: 'dashed' as const },
      data: previous,
    },
  ];
  return { ...option, series } as EChartsOption;
}

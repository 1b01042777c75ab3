import { DownloadOutlined, PictureOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Segmented, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  analyticsQueryOfReport,
  type ReportChartKind,
  type ReportLayout,
  type ReportQuery,
  reportChartKinds,
  type SavedReport,
} from '../../../../contracts/saved-reports.ts';
import { EChart } from '../../shared/charts/EChart.tsx';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { businessToday } from '../../shared/format.ts';
import { useLanguage } from '../../shared/responsive.ts';
import { exportAnalyticsQuery, useAnalyticsCatalogue, useAnalyticsQuery } from './analytics.api.ts';
import { downloadChartPng } from './builder/chartImage.ts';
import { LayoutEditor } from './builder/LayoutEditor.tsx';
import { PivotTable } from './builder/PivotTable.tsx';
import { QueryControls } from './builder/QueryControls.tsx';
import { ResultTable } from './builder/ResultTable.tsx';
import { reportChartOption } from './builder/result.rules.ts';
import { type SaveDetails, SavedReportsBar } from './builder/SavedReportsBar.tsx';
import { useCreateSavedReport, useUpdateSavedReport } from './builder/savedReports.api.ts';

interface Draft {
  layout: ReportLayout;
  query: ReportQuery;
  chartKind: ReportChartKind;
}

const emptyDraft: Draft = {
  layout: { rows: [], columns: [], values: [] },
  query: { filters: [], period: { kind: 'relative', period: 'last_12_months' }, comparison: null },
  chartKind: 'pivot',
};

/** A filter being edited has no values yet; it is left out until it has some. */
const completeFilters = (query: ReportQuery): ReportQuery => ({
  ...query,
  filters: query.filters.filter((f) => f.values.length > 0),
});

/**
 * The report builder: drag dimensions and measures onto rows, columns and values, choose a
 * period, comparison and filters, see a table, pivot or chart, save and share it, export it.
 * What it shows is the semantic layer's answer to exactly the query a saved report runs
 * (`analyticsQueryOfReport`), so a reopened report shows the same figures.
 */
export function ReportBuilderPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const catalogue = useAnalyticsCatalogue(lang);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [current, setCurrent] = useState<SavedReport | null>(null);
  const create = useCreateSavedReport();
  const update = useUpdateSavedReport();
  const chartRef = useRef<HTMLDivElement>(null);
  const isReadOnly = current !== null && !current.canEdit;

  const query = useMemo(
    () =>
      draft.layout.values.length
        ? analyticsQueryOfReport(
            { layout: draft.layout, query: completeFilters(draft.query) },
            businessToday(),
          )
        : null,
    [draft.layout, draft.query],
  );
  const result = useAnalyticsQuery(query, lang);
  // While a changed layout loads, the previous result stays on screen (the pivot and charts tell
  // rows from columns by name, so it is drawn as it was).
  const data = query ? result.data : undefined;
  const isChart = draft.chartKind !== 'table' && draft.chartKind !== 'pivot';
  const option = useMemo(
    () =>
      data && isChart
        ? reportChartOption(
            data,
            draft.layout.rows,
            draft.chartKind as Exclude<ReportChartKind, 'table' | 'pivot'>,
            (key, fallback) => t(key as never, { defaultValue: fallback }) as string,
            lang,
          )
        : null,
    [data, isChart, draft.layout.rows, draft.chartKind, t, lang],
  );

  const open = (report: SavedReport) => {
    setCurrent(report);
    setDraft({ layout: report.layout, query: report.query, chartKind: report.chartKind });
  };
  const startNew = () => {
    setCurrent(null);
    setDraft(emptyDraft);
  };
  const save = async (details: SaveDetails, asNew: boolean) => {
    const body = {
      ...details,
      layout: draft.layout,
      query: completeFilters(draft.query),
      chartKind: draft.chartKind,
    };
    const saved =
      asNew || !current
        ? await create.mutateAsync(body)
        : await update.mutateAsync({ id: current.id, changes: { ...body, version: current.version } });
    open(saved);
  };
  const reportName = current?.name ?? t('analytics.builder.title');

  return (
    <Flex vertical gap={16} data-testid="report-builder">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('analytics.builder.title')}
      </Typography.Title>
      {catalogue.error ? <ErrorAlert error={catalogue.error} /> : null}
      <Card size="small">
        <SavedReportsBar
          current={current}
          onOpen={open}
          onNew={startNew}
          onSave={save}
          isSaving={create.isPending || update.isPending}
          saveError={create.error ?? update.error}
        />
      </Card>
      <LayoutEditor
        catalogue={catalogue.data}
        layout={draft.layout}
        isReadOnly={isReadOnly}
        onChange={(layout) => setDraft((d) => ({ ...d, layout }))}
      />
      <Card size="small">
        <Flex vertical gap={12}>
          <QueryControls
            catalogue={catalogue.data}
            query={draft.query}
            measures={draft.layout.values}
            isReadOnly={isReadOnly}
            onChange={(q) => setDraft((d) => ({ ...d, query: q }))}
          />
          <Flex gap={8} align="center" wrap>
            <Typography.Text strong style={{ minWidth: 40 }}>
              {t('analytics.builder.chartType')}
            </Typography.Text>
            <Segmented<ReportChartKind>
              value={draft.chartKind}
              onChange={(chartKind) => setDraft((d) => ({ ...d, chartKind }))}
              options={reportChartKinds.map((kind) => ({
                value: kind,
                label: <span data-testid={`builder-kind-${kind}`}>{t(`analytics.builder.${kind}`)}</span>,
              }))}
            />
            <Button
              icon={<DownloadOutlined />}
              disabled={!query}
              data-testid="builder-export-xlsx"
              onClick={() => {
                if (query) void exportAnalyticsQuery(query, 'xlsx');
              }}
            >
              {t('analytics.exportXlsx')}
            </Button>
            <Button
              icon={<PictureOutlined />}
              disabled={!option}
              data-testid="builder-export-png"
              onClick={() => downloadChartPng(chartRef.current?.querySelector('[role="img"]'), reportName)}
            >
              {t('analytics.builder.exportPng')}
            </Button>
          </Flex>
        </Flex>
      </Card>
      {result.error ? <ErrorAlert error={result.error} testId="builder-error" /> : null}
      {!query ? <Empty description={t('analytics.builder.pickMeasure')} /> : null}
      {data?.isTruncated ? (
        <Alert type="info" title={t('analytics.builder.truncated', { count: data.rows.length })} />
      ) : null}
      {data && draft.chartKind === 'scatter' && !option ? (
        <Alert type="info" title={t('analytics.builder.scatterNeedsTwo')} />
      ) : null}
      {option ? (
        <Card>
          <div ref={chartRef}>
            <EChart
              option={option}
              height={380}
              loading={result.isFetching}
              notMerge
              testId="builder-chart"
            />
          </div>
        </Card>
      ) : null}
      {data && query && draft.chartKind === 'pivot' ? (
        <Card>
          {data.comparisonRange ? (
            <Typography.Paragraph type="secondary">
              {t('analytics.builder.pivotNoComparison')}
            </Typography.Paragraph>
          ) : null}
          <PivotTable data={data} rowNames={draft.layout.rows} isLoading={result.isFetching} />
        </Card>
      ) : null}
      {data && query && draft.chartKind !== 'pivot' ? (
        <Card>
          <ResultTable data={data} isLoading={result.isFetching} />
        </Card>
      ) : null}
    </Flex>
  );
}

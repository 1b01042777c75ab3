import {
  type AnalyticsResult,
  analyticsCatalogue,
  analyticsExportQuery,
  analyticsQuery,
  analyticsResult,
} from '../../../../contracts/analytics-query.ts';
import { errorResponse } from '../../../../contracts/common.ts';
import type { ExportColumn } from '../../../platform/export.ts';
import { renderExport, sendDownload } from '../../../platform/export.ts';
import { type App, type AppDeps, contextOf } from '../../../platform/http.ts';
import type { Lang } from '../../../platform/i18n.ts';
import { getAnalyticsCatalogue, runAnalyticsQuery } from './semantic.service.ts';

const tags = ['analytics'];
type Row = AnalyticsResult['rows'][number];

/** Export columns: the dimensions, then each measure (and its comparison); money in yuan. */
export function exportColumns(result: AnalyticsResult, lang: Lang): ExportColumn<Row>[] {
  const asShown = (type: string, value: number | null | undefined) =>
    value === null || value === undefined ? null : type === 'money' ? value / 100 : value;
  const columns: ExportColumn<Row>[] = result.dimensions.map((d, i) => ({
    header: d.label,
    value: (row) => row.labels[i] ?? row.keys[i] ?? null,
  }));
  for (const m of result.measures) {
    const unit = m.type === 'money' ? (lang === 'en' ? ' (CNY)' : '（元）') : '';
    columns.push({ header: `${m.label}${unit}`, value: (row) => asShown(m.type, row.values[m.name]) });
    if (result.comparisonRange) {
      columns.push({
        header: `${m.label}${unit} ${lang === 'en' ? 'comparison' : '对比期'}`,
        value: (row) => asShown(m.type, row.previous?.[m.name]),
      });
    }
  }
  return columns;
}

/** The rows followed by a total row (labelled in the first column). */
export function exportRows(result: AnalyticsResult, lang: Lang): Row[] {
  const total: Row = {
    keys: result.dimensions.map(() => null),
    labels: result.dimensions.map((_, i) => (i === 0 ? (lang === 'en' ? 'Total' : '合计') : null)),
    values: result.totals.values,
    previous: result.totals.previous,
  };
  return result.dimensions.length === 0 ? result.rows : [...result.rows, total];
}

export function registerSemanticRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/analytics/catalogue',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'Measures and dimensions you may query, with where each measure applies',
        response: { 200: analyticsCatalogue },
      },
    },
    async (request) => getAnalyticsCatalogue(contextOf(request)),
  );

  app.post(
    '/api/analytics/query',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'Query the semantic layer: measures by dimensions, filtered, compared, sorted',
        description:
          'Names come from GET /api/analytics/catalogue; an unknown one answers 400 ANALYTICS_UNKNOWN_FIELD, a ' +
          'dimension a measure cannot be broken down by 400 ANALYTICS_NOT_APPLICABLE. Everything, totals ' +
          'included, is inside your scope. Money in CNY fen; rates are fractions.',
        body: analyticsQuery,
        response: { 200: analyticsResult, 400: errorResponse, 403: errorResponse, 422: errorResponse },
      },
    },
    async (request) => runAnalyticsQuery(deps.db, contextOf(request), request.body),
  );

  app.post(
    '/api/analytics/query/export',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'The same query as a CSV or Excel file (money in yuan), with a total row',
        querystring: analyticsExportQuery,
        body: analyticsQuery,
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const result = await runAnalyticsQuery(deps.db, ctx, request.body);
      const file = await renderExport(
        request.query.format,
        exportColumns(result, ctx.lang),
        exportRows(result, ctx.lang),
        ctx.lang === 'en' ? 'analytics' : '分析报表',
      );
      return sendDownload(reply, file);
    },
  );
}

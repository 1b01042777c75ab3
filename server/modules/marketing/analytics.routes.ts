import { z } from 'zod';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import {
  type AttributionReport,
  analysisFilters,
  attributionModelNames,
  attributionQuery,
  attributionReport,
  funnelBreakdown,
  funnelBreakdownQuery,
  funnelReport,
  orderAttribution,
} from '../../../contracts/marketing.ts';
import { type ExportColumn, renderExport, sendDownload } from '../../platform/export.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import { getAttributionReport, getOrderAttribution } from './attribution.service.ts';
import { getFunnelBreakdown, getFunnelReport } from './funnel.service.ts';

type CampaignRow = AttributionReport['campaigns'][number];
type ExportRow = { campaign: CampaignRow; model: (typeof attributionModelNames)[number] };

function attributionExportColumns(lang: 'zh-CN' | 'en'): ExportColumn<ExportRow>[] {
  const zh = lang === 'zh-CN';
  const yuan = (fen: number | null) => (fen === null ? null : fen / 100);
  return [
    { header: zh ? '活动编码' : 'Campaign code', value: (r) => r.campaign.code },
    { header: zh ? '活动' : 'Campaign', value: (r) => r.campaign.name, width: 32 },
    { header: zh ? '类型' : 'Type', value: (r) => r.campaign.type },
    { header: zh ? '渠道' : 'Channel', value: (r) => r.campaign.channel },
    { header: zh ? '归因模型' : 'Model', value: (r) => r.model },
    { header: zh ? '费用(元)' : 'Cost (CNY)', value: (r) => yuan(r.campaign.costFen) },
    { header: zh ? '线索' : 'Leads', value: (r) => r.campaign.leads },
    { header: zh ? '商机' : 'Opportunities', value: (r) => r.campaign.opportunities },
    { header: zh ? '单线索成本(元)' : 'Cost per lead (CNY)', value: (r) => yuan(r.campaign.costPerLeadFen) },
    { header: zh ? '新客户' : 'New customers', value: (r) => r.campaign.newCustomers },
    { header: 'CAC', value: (r) => yuan(r.campaign.cacFen) },
    {
      header: zh ? '归因收入(元)' : 'Revenue (CNY)',
      value: (r) => yuan(r.campaign.models[r.model].revenueFen),
    },
    {
      header: zh ? '归因毛利(元)' : 'Gross profit (CNY)',
      value: (r) => yuan(r.campaign.models[r.model].grossProfitFen),
    },
    {
      header: zh ? '归因回款(元)' : 'Cash (CNY)',
      value: (r) => yuan(r.campaign.models[r.model].collectedCashFen),
    },
    {
      header: zh ? '售后成本(元)' : 'After-sales (CNY)',
      value: (r) => yuan(r.campaign.models[r.model].afterSalesCostFen),
    },
    { header: 'ROI', value: (r) => r.campaign.models[r.model].roi },
  ];
}

export function registerMarketingAnalyticsRoutes(app: App, deps: AppDeps) {
  const tags = ['marketing'];

  app.get(
    '/api/funnel',
    {
      config: { access: 'marketing:analytics' },
      schema: {
        tags,
        summary:
          'Funnel of the deals started in the period: reached per stage, conversion, time in stage, win rate, ' +
          'cycle, sales velocity and the bottleneck against the trailing periods',
        querystring: analysisFilters,
        response: { 200: funnelReport, 400: errorResponse, 422: errorResponse },
      },
    },
    async (request) => getFunnelReport(deps.db, contextOf(request), request.query),
  );

  app.get(
    '/api/funnel/breakdown',
    {
      config: { access: 'marketing:analytics' },
      schema: {
        tags,
        summary: 'The funnel per region, rep, channel, campaign or month',
        querystring: funnelBreakdownQuery,
        response: { 200: funnelBreakdown, 400: errorResponse, 422: errorResponse },
      },
    },
    async (request) => {
      const { by, ...filters } = request.query;
      return getFunnelBreakdown(deps.db, contextOf(request), filters, by);
    },
  );

  app.get(
    '/api/attribution',
    {
      config: { access: 'marketing:analytics' },
      schema: {
        tags,
        summary:
          'Revenue, gross profit and collected cash of the orders in the period attributed to campaigns and ' +
          'channels under all five models; ROI, CAC, LTV, cost per lead, lead-to-opportunity conversion',
        querystring: attributionQuery,
        response: { 200: attributionReport, 400: errorResponse, 422: errorResponse },
      },
    },
    async (request) => getAttributionReport(deps.db, contextOf(request), request.query),
  );

  app.get(
    '/api/attribution/export',
    {
      config: { access: 'marketing:analytics' },
      schema: {
        tags,
        summary: 'Export the campaign × model attribution table as CSV or Excel',
        querystring: attributionQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') }),
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      const report = await getAttributionReport(deps.db, ctx, query);
      const rows = report.campaigns.flatMap((campaign) =>
        attributionModelNames.map((model) => ({ campaign, model })),
      );
      return sendDownload(
        reply,
        await renderExport(format, attributionExportColumns(ctx.lang), rows, 'attribution'),
      );
    },
  );

  app.get(
    '/api/attribution/orders/:id',
    {
      config: { access: 'marketing:analytics' },
      schema: {
        tags,
        summary:
          "One order's revenue, gross profit, cash and after-sales cost split over its touches, five models",
        params: idParam,
        querystring: z.strictObject({ lookbackDays: z.coerce.number().int().min(1).max(1095).optional() }),
        response: { 200: orderAttribution, 404: errorResponse },
      },
    },
    async (request) =>
      getOrderAttribution(deps.db, contextOf(request), request.params.id, request.query.lookbackDays),
  );
}

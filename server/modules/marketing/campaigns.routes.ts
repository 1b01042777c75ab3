import { z } from 'zod';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import {
  afterSalesCost,
  type Campaign,
  campaign,
  campaignCost,
  campaignCostList,
  campaignCostParams,
  campaignListQuery,
  campaignPage,
  createAfterSalesCostRequest,
  createCampaignCostRequest,
  createCampaignRequest,
  createSalesSpendRequest,
  marketingSettings,
  salesSpendEntry,
  salesSpendList,
  salesSpendQuery,
  updateCampaignRequest,
  updateMarketingSettingsRequest,
} from '../../../contracts/marketing.ts';
import { type ExportColumn, renderExport, sendDownload } from '../../platform/export.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as campaigns from './campaigns.service.ts';

const exportQuery = campaignListQuery
  .omit({ page: true, pageSize: true })
  .extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

const yuan = (fen: number) => fen / 100;

function exportColumns(lang: 'zh-CN' | 'en'): ExportColumn<Campaign>[] {
  const zh = lang === 'zh-CN';
  return [
    { header: zh ? '编码' : 'Code', value: (c) => c.code },
    { header: zh ? '名称' : 'Name', value: (c) => c.name, width: 32 },
    { header: zh ? '类型' : 'Type', value: (c) => c.type },
    { header: zh ? '渠道' : 'Channel', value: (c) => c.channel },
    { header: zh ? '区域' : 'Region', value: (c) => c.regionName ?? (zh ? '全国' : 'National') },
    { header: zh ? '开始' : 'Starts', value: (c) => c.startsOn },
    { header: zh ? '结束' : 'Ends', value: (c) => c.endsOn },
    { header: zh ? '预算(元)' : 'Budget (CNY)', value: (c) => yuan(c.budgetFen) },
    { header: zh ? '实际费用(元)' : 'Cost (CNY)', value: (c) => yuan(c.costFen) },
    { header: zh ? '线索数' : 'Leads', value: (c) => c.leads },
    { header: zh ? '触点数' : 'Touches', value: (c) => c.touches },
    { header: 'utm_source', value: (c) => c.utmSource },
    { header: 'utm_medium', value: (c) => c.utmMedium },
    { header: 'utm_campaign', value: (c) => c.utmCampaign },
    { header: zh ? '负责人' : 'Owner', value: (c) => c.ownerName },
  ];
}

export function registerCampaignRoutes(app: App, deps: AppDeps) {
  const tags = ['marketing'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };

  app.get(
    '/api/campaigns',
    {
      config: { access: 'campaigns:read' },
      schema: {
        tags,
        summary: 'Campaigns you may see (national ones and those of your regions)',
        querystring: campaignListQuery,
        response: { 200: campaignPage, 400: errorResponse },
      },
    },
    async (request) =>
      campaigns.listCampaigns(deps.db, contextOf(request), request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/campaigns/export',
    {
      config: { access: 'campaigns:read' },
      schema: {
        tags,
        summary: 'Export the filtered campaign list as CSV or Excel',
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      const rows = await campaigns.exportCampaigns(deps.db, ctx, query, deps.config.limits.maxExportRows);
      return sendDownload(reply, await renderExport(format, exportColumns(ctx.lang), rows, 'campaigns'));
    },
  );

  app.get(
    '/api/campaigns/:id',
    {
      config: { access: 'campaigns:read' },
      schema: {
        tags,
        summary: 'One campaign',
        params: idParam,
        response: { 200: campaign, 404: errorResponse },
      },
    },
    async (request) => campaigns.getCampaign(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/campaigns',
    {
      config: { access: 'campaigns:write' },
      schema: {
        tags,
        summary: 'Create a campaign',
        body: createCampaignRequest,
        response: { 201: campaign, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await campaigns.createCampaign(deps.db, contextOf(request), request.body)),
  );

  app.patch(
    '/api/campaigns/:id',
    {
      config: { access: 'campaigns:write' },
      schema: {
        tags,
        summary: 'Change a campaign (optimistic concurrency by version)',
        params: idParam,
        body: updateCampaignRequest,
        response: { 200: campaign, ...errors },
      },
    },
    async (request) => campaigns.updateCampaign(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/campaigns/:id',
    {
      config: { access: 'campaigns:write' },
      schema: {
        tags,
        summary: 'Delete a campaign no lead, touch or opportunity refers to',
        params: idParam,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await campaigns.deleteCampaign(deps.db, contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/campaigns/:id/costs',
    {
      config: { access: 'campaigns:read' },
      schema: {
        tags,
        summary: "A campaign's costs as booked over time",
        params: idParam,
        response: { 200: campaignCostList, 404: errorResponse },
      },
    },
    async (request) => campaigns.listCosts(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/campaigns/:id/costs',
    {
      config: { access: 'campaigns:write' },
      schema: {
        tags,
        summary: 'Book a cost (negative: a refund or correction)',
        params: idParam,
        body: createCampaignCostRequest,
        response: { 201: campaignCost, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await campaigns.addCost(deps.db, contextOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/api/campaigns/:id/costs/:costId',
    {
      config: { access: 'campaigns:write' },
      schema: {
        tags,
        summary: 'Remove a cost booked by mistake',
        params: campaignCostParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await campaigns.deleteCost(deps.db, contextOf(request), request.params.id, request.params.costId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/marketing/sales-spend',
    {
      config: { access: 'marketing:analytics' },
      schema: {
        tags,
        summary: 'Sales spend not tied to a campaign (counts in CAC)',
        querystring: salesSpendQuery,
        response: { 200: salesSpendList },
      },
    },
    async (request) => campaigns.listSalesSpend(deps.db, contextOf(request), request.query),
  );

  app.post(
    '/api/marketing/sales-spend',
    {
      config: { access: 'campaigns:write' },
      schema: {
        tags,
        summary: 'Book sales spend',
        body: createSalesSpendRequest,
        response: { 201: salesSpendEntry, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await campaigns.addSalesSpend(deps.db, contextOf(request), request.body)),
  );

  app.post(
    '/api/after-sales-costs',
    {
      config: { access: 'orders:write' },
      schema: {
        tags,
        summary: 'Book an after-sales cost (service ticket, replacement) on an order; ROI deducts it',
        body: createAfterSalesCostRequest,
        response: { 201: afterSalesCost, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await campaigns.addAfterSalesCost(deps.db, contextOf(request), request.body)),
  );

  app.get(
    '/api/marketing/settings',
    {
      config: { access: 'marketing:analytics' },
      schema: { tags, summary: 'Attribution and intake settings', response: { 200: marketingSettings } },
    },
    async () => campaigns.getSettings(deps.db),
  );

  app.patch(
    '/api/marketing/settings',
    {
      config: { access: 'marketing:configure' },
      schema: {
        tags,
        summary: 'Change the attribution and intake settings (administrators)',
        body: updateMarketingSettingsRequest,
        response: { 200: marketingSettings, ...errors },
      },
    },
    async (request) => campaigns.updateSettings(deps.db, contextOf(request), request.body),
  );
}

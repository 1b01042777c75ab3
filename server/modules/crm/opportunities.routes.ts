import { z } from 'zod';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import {
  changeStageRequest,
  createOpportunityRequest,
  type Opportunity,
  opportunity,
  opportunityListQuery,
  opportunityPage,
  opportunityTimeline,
  updateOpportunityRequest,
} from '../../../contracts/crm.ts';
import { type ExportColumn, renderExport, sendDownload } from '../../platform/export.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as opportunities from './opportunities.service.ts';

const exportQuery = opportunityListQuery
  .omit({ page: true, pageSize: true })
  .extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

function exportColumns(lang: 'zh-CN' | 'en'): ExportColumn<Opportunity>[] {
  const zh = lang === 'zh-CN';
  const yuan = (fen: number | null) => (fen === null ? null : fen / 100);
  return [
    { header: zh ? '编号' : 'Number', value: (o) => o.number },
    { header: zh ? '名称' : 'Name', value: (o) => o.name, width: 32 },
    { header: zh ? '客户' : 'Customer', value: (o) => o.customerName, width: 28 },
    { header: zh ? '区域' : 'Region', value: (o) => o.regionName },
    { header: zh ? '负责人' : 'Owner', value: (o) => o.ownerName },
    { header: zh ? '阶段' : 'Stage', value: (o) => o.stage },
    { header: zh ? '金额(元)' : 'Amount (CNY)', value: (o) => yuan(o.amountFen) },
    { header: zh ? '预计成交' : 'Expected close', value: (o) => o.expectedCloseDate },
    { header: zh ? '丢单原因' : 'Lost reason', value: (o) => o.lostReason },
    { header: zh ? '招标编号' : 'Tender number', value: (o) => o.tenderNumber },
    { header: zh ? '招标预算(元)' : 'Tender budget (CNY)', value: (o) => yuan(o.tenderBudgetFen) },
    { header: zh ? '投标截止' : 'Tender deadline', value: (o) => o.tenderDeadline },
    { header: zh ? '市场活动' : 'Campaign', value: (o) => o.campaignName },
    { header: zh ? '订单' : 'Order', value: (o) => o.orderNumber },
    { header: zh ? '创建日期' : 'Created', value: (o) => o.createdOn },
    { header: zh ? '赢单日期' : 'Won on', value: (o) => o.wonOn },
  ];
}

export function registerOpportunityRoutes(app: App, deps: AppDeps) {
  const tags = ['crm'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };

  app.get(
    '/api/opportunities',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'Opportunities in your scope: search, filter, sort, page',
        querystring: opportunityListQuery,
        response: { 200: opportunityPage, 400: errorResponse },
      },
    },
    async (request) =>
      opportunities.listOpportunities(
        deps.db,
        contextOf(request),
        request.query,
        deps.config.limits.maxPageSize,
      ),
  );

  app.get(
    '/api/opportunities/export',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'Export the filtered opportunities as CSV or Excel',
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      const rows = await opportunities.exportOpportunities(
        deps.db,
        ctx,
        query,
        deps.config.limits.maxExportRows,
      );
      return sendDownload(reply, await renderExport(format, exportColumns(ctx.lang), rows, 'opportunities'));
    },
  );

  app.get(
    '/api/opportunities/:id',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'One opportunity',
        params: idParam,
        response: { 200: opportunity, 404: errorResponse },
      },
    },
    async (request) => opportunities.getOpportunity(deps.db, contextOf(request), request.params.id),
  );

  app.get(
    '/api/opportunities/:id/timeline',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: "Stage history and the touches of the opportunity's lead and customer",
        params: idParam,
        response: { 200: opportunityTimeline, 404: errorResponse },
      },
    },
    async (request) => opportunities.getTimeline(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/opportunities',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Open an opportunity for a customer',
        body: createOpportunityRequest,
        response: { 201: opportunity, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await opportunities.createOpportunity(deps.db, contextOf(request), request.body)),
  );

  app.patch(
    '/api/opportunities/:id',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Change an opportunity (optimistic concurrency by version); stages move with POST …/stage',
        params: idParam,
        body: updateOpportunityRequest,
        response: { 200: opportunity, ...errors },
      },
    },
    async (request) =>
      opportunities.updateOpportunity(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/opportunities/:id/stage',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary:
          'Move to another stage: won needs an order, paid its invoices settled, lost a reason (422 otherwise)',
        params: idParam,
        body: changeStageRequest,
        response: { 200: opportunity, ...errors },
      },
    },
    async (request) =>
      opportunities.changeStage(deps.db, contextOf(request), request.params.id, request.body),
  );
}

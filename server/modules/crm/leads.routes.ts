import { z } from 'zod';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import {
  convertLeadRequest,
  createLeadRequest,
  disqualifyLeadRequest,
  duplicateCandidates,
  type Lead,
  lead,
  leadConversion,
  leadFormToken,
  leadListQuery,
  leadPage,
  publicLeadRequest,
  publicLeadResponse,
  qualifyLeadRequest,
  updateLeadRequest,
} from '../../../contracts/crm.ts';
import { AppError, errorBody } from '../../platform/errors.ts';
import { type ExportColumn, renderExport, sendDownload } from '../../platform/export.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import { issueFormToken, recordRateLimited, submitPublicLead } from './intake.service.ts';
import * as leads from './leads.service.ts';

const exportQuery = leadListQuery
  .omit({ page: true, pageSize: true })
  .extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

function exportColumns(lang: 'zh-CN' | 'en'): ExportColumn<Lead>[] {
  const zh = lang === 'zh-CN';
  return [
    { header: zh ? '编号' : 'Code', value: (l) => l.code },
    { header: zh ? '联系人' : 'Contact', value: (l) => l.contactName },
    { header: zh ? '单位' : 'Organization', value: (l) => l.organization, width: 32 },
    { header: zh ? '科室' : 'Department', value: (l) => l.department },
    { header: zh ? '职务' : 'Title', value: (l) => l.title },
    { header: zh ? '电话' : 'Phone', value: (l) => l.phone },
    { header: zh ? '邮箱' : 'E-mail', value: (l) => l.email },
    { header: zh ? '区域' : 'Region', value: (l) => l.regionName },
    { header: zh ? '负责人' : 'Owner', value: (l) => l.ownerName },
    { header: zh ? '来源' : 'Source', value: (l) => l.source },
    { header: zh ? '市场活动' : 'Campaign', value: (l) => l.campaignName },
    { header: zh ? '渠道' : 'Channel', value: (l) => l.channel },
    { header: zh ? '状态' : 'Status', value: (l) => l.status },
    { header: zh ? '评级' : 'Rating', value: (l) => l.rating },
    { header: 'utm_source', value: (l) => l.utmSource },
    { header: 'utm_medium', value: (l) => l.utmMedium },
    { header: 'utm_campaign', value: (l) => l.utmCampaign },
    { header: zh ? '创建时间' : 'Created', value: (l) => l.createdAt },
  ];
}

export function registerLeadRoutes(app: App, deps: AppDeps) {
  const tags = ['crm'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };

  app.get(
    '/api/leads',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'Leads in your scope: search, filter, sort, page',
        querystring: leadListQuery,
        response: { 200: leadPage, 400: errorResponse },
      },
    },
    async (request) =>
      leads.listLeads(deps.db, contextOf(request), request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/leads/export',
    {
      config: { access: 'crm:read' },
      schema: { tags, summary: 'Export the filtered lead list as CSV or Excel', querystring: exportQuery },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      const rows = await leads.exportLeads(deps.db, ctx, query, deps.config.limits.maxExportRows);
      return sendDownload(reply, await renderExport(format, exportColumns(ctx.lang), rows, 'leads'));
    },
  );

  app.get(
    '/api/leads/:id',
    {
      config: { access: 'crm:read' },
      schema: { tags, summary: 'One lead', params: idParam, response: { 200: lead, 404: errorResponse } },
    },
    async (request) => leads.getLead(deps.db, contextOf(request), request.params.id),
  );

  app.get(
    '/api/leads/:id/duplicates',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary:
          'Leads and customers in your scope that may be the same (phone, e-mail, similar organization name)',
        params: idParam,
        response: { 200: duplicateCandidates, 404: errorResponse },
      },
    },
    async (request) => leads.findDuplicates(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/leads',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary:
          'Create a lead by hand (an open lead with the same phone or e-mail is refused: 409 LEAD_DUPLICATE)',
        body: createLeadRequest,
        response: { 201: lead, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await leads.createLead(deps.db, contextOf(request), request.body)),
  );

  app.post(
    '/api/leads/batch',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary:
          'Create many leads at once (imports): all or nothing; same phone or e-mail merges into the open lead',
        body: z.strictObject({ leads: z.array(createLeadRequest).min(1).max(5000) }),
        response: {
          201: z.object({ created: z.array(z.number().int()), merged: z.array(z.number().int()) }),
          ...errors,
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await leads.createLeads(deps.db, contextOf(request), request.body.leads)),
  );

  app.patch(
    '/api/leads/:id',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Change a lead (optimistic concurrency by version)',
        params: idParam,
        body: updateLeadRequest,
        response: { 200: lead, ...errors },
      },
    },
    async (request) => leads.updateLead(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/leads/:id/qualify',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Qualify a lead (rating, estimated value)',
        params: idParam,
        body: qualifyLeadRequest,
        response: { 200: lead, ...errors },
      },
    },
    async (request) => leads.qualifyLead(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/leads/:id/disqualify',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Disqualify a lead with a reason (duplicate and spam leave the funnel)',
        params: idParam,
        body: disqualifyLeadRequest,
        response: { 200: lead, ...errors },
      },
    },
    async (request) => leads.disqualifyLead(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/leads/:id/convert',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary:
          'Convert a lead into a customer (existing or new) and optionally an opportunity, keeping its history',
        params: idParam,
        body: convertLeadRequest,
        response: { 200: leadConversion, ...errors },
      },
    },
    async (request) => leads.convertLead(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/public/leads/form-token',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          'A token to put in the lead form when it is shown (the form must take a few seconds to fill in)',
        response: { 200: leadFormToken },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return issueFormToken(deps.db);
    },
  );

  app.post(
    '/api/public/leads',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          'Public lead form with UTM parameters; rate-limited per IP address (429 with Retry-After). Every accepted ' +
          'submission answers 202, including those dropped as spam.',
        security: [],
        body: publicLeadRequest,
        response: { 202: publicLeadResponse, 400: errorResponse, 429: errorResponse },
      },
    },
    async (request, reply) => {
      try {
        await submitPublicLead(deps.db, request.ip, request.body);
      } catch (error) {
        if (error instanceof AppError && error.code === 'RATE_LIMITED') {
          await recordRateLimited(deps.db, request.ip);
          return reply
            .code(429)
            .header('retry-after', String(error.details?.retryAfterSeconds ?? 60))
            .send(errorBody(error, request.lang));
        }
        throw error;
      }
      return reply.code(202).send({ status: 'received' as const });
    },
  );
}

import { z } from 'zod';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import type { Customer } from '../../../contracts/customers.ts';
import {
  createCustomerRequest,
  createQualificationRequest,
  customer,
  customerListQuery,
  customerPage,
  qualification,
  qualificationList,
  updateCustomerRequest,
  updateQualificationRequest,
} from '../../../contracts/customers.ts';
import { type ExportColumn, renderExport, sendDownload } from '../../platform/export.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as customers from './customers.service.ts';
import * as qualifications from './qualifications.service.ts';

const exportQuery = customerListQuery
  .omit({ page: true, pageSize: true })
  .extend({ format: z.enum(['csv', 'xlsx']).default('csv') });
const qualificationParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  qualificationId: z.coerce.number().int().positive(),
});

function exportColumns(lang: 'zh-CN' | 'en'): ExportColumn<Customer>[] {
  const zh = lang === 'zh-CN';
  return [
    { header: zh ? '编码' : 'Code', value: (c) => c.code },
    { header: zh ? '名称' : 'Name', value: (c) => c.name, width: 32 },
    { header: zh ? '类型' : 'Type', value: (c) => c.type },
    { header: zh ? '医院等级' : 'Hospital grade', value: (c) => c.hospitalGrade },
    { header: zh ? '经销商级别' : 'Distributor level', value: (c) => c.distributorLevel },
    { header: zh ? '渠道' : 'Channel', value: (c) => c.channel },
    { header: zh ? '统一社会信用代码' : 'Tax id', value: (c) => c.taxId, width: 24 },
    { header: zh ? '区域' : 'Region', value: (c) => c.regionName },
    { header: zh ? '地址' : 'Address', value: (c) => c.address, width: 32 },
    { header: zh ? '联系人' : 'Contact', value: (c) => c.contactName },
    { header: zh ? '电话' : 'Phone', value: (c) => c.contactPhone },
    { header: zh ? '负责销售' : 'Owner rep', value: (c) => c.ownerRepName },
    { header: zh ? '账期(天)' : 'Payment terms (days)', value: (c) => c.paymentTermsDays },
    { header: zh ? '最短效期(天)' : 'Min. shelf life (days)', value: (c) => c.minShelfLifeDays },
    { header: zh ? '目标医院' : 'Target', value: (c) => c.isTarget },
    { header: zh ? '启用' : 'Active', value: (c) => c.isActive },
  ];
}

export function registerCustomerRoutes(app: App, deps: AppDeps) {
  const tags = ['customers'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };

  app.get(
    '/api/customers',
    {
      config: { access: 'customers:read' },
      schema: {
        tags,
        summary: 'Customers in your scope: search, filter, sort, page',
        querystring: customerListQuery,
        response: { 200: customerPage, 400: errorResponse },
      },
    },
    async (request) =>
      customers.listCustomers(deps.db, contextOf(request), request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/customers/export',
    {
      config: { access: 'customers:read' },
      schema: {
        tags,
        summary: 'Export the filtered customer list as CSV or Excel',
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      const rows = await customers.exportCustomers(deps.db, ctx, query, deps.config.limits.maxExportRows);
      const file = await renderExport(format, exportColumns(ctx.lang), rows, 'customers');
      return sendDownload(reply, file);
    },
  );

  app.get(
    '/api/customers/:id',
    {
      config: { access: 'customers:read' },
      schema: {
        tags,
        summary: 'One customer',
        params: idParam,
        response: { 200: customer, 404: errorResponse },
      },
    },
    async (request) => customers.getCustomer(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/customers',
    {
      config: { access: 'customers:write' },
      schema: {
        tags,
        summary: 'Create a customer',
        body: createCustomerRequest,
        response: { 201: customer, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await customers.createCustomer(deps.db, contextOf(request), request.body)),
  );

  app.patch(
    '/api/customers/:id',
    {
      config: { access: 'customers:write' },
      schema: {
        tags,
        summary: 'Change a customer (optimistic concurrency by version)',
        params: idParam,
        body: updateCustomerRequest,
        response: { 200: customer, ...errors },
      },
    },
    async (request) => customers.updateCustomer(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/customers/:id',
    {
      config: { access: 'customers:write' },
      schema: {
        tags,
        summary: 'Delete a customer that no document refers to',
        params: idParam,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await customers.deleteCustomer(deps.db, contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/customers/:id/qualifications',
    {
      config: { access: 'customers:read' },
      schema: {
        tags,
        summary: "A customer's qualification documents with their status",
        params: idParam,
        response: { 200: qualificationList, 404: errorResponse },
      },
    },
    async (request) => ({
      items: await qualifications.listQualifications(deps.db, contextOf(request), request.params.id),
    }),
  );

  app.post(
    '/api/customers/:id/qualifications',
    {
      config: { access: 'qualifications:write' },
      schema: {
        tags,
        summary: 'Add a qualification document',
        params: idParam,
        body: createQualificationRequest,
        response: { 201: qualification, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await qualifications.addQualification(deps.db, contextOf(request), request.params.id, request.body),
        ),
  );

  app.patch(
    '/api/customers/:id/qualifications/:qualificationId',
    {
      config: { access: 'qualifications:write' },
      schema: {
        tags,
        summary: 'Change a qualification document',
        params: qualificationParams,
        body: updateQualificationRequest,
        response: { 200: qualification, ...errors },
      },
    },
    async (request) =>
      qualifications.updateQualification(
        deps.db,
        contextOf(request),
        request.params.id,
        request.params.qualificationId,
        request.body,
      ),
  );

  app.delete(
    '/api/customers/:id/qualifications/:qualificationId',
    {
      config: { access: 'qualifications:write' },
      schema: {
        tags,
        summary: 'Remove a qualification document',
        params: qualificationParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await qualifications.deleteQualification(
        deps.db,
        contextOf(request),
        request.params.id,
        request.params.qualificationId,
      );
      return reply.code(204).send(null);
    },
  );
}

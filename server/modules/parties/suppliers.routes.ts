import { z } from 'zod';
import type { Supplier } from '../../../contracts/catalog.ts';
import {
  createSupplierRequest,
  supplier,
  supplierListQuery,
  supplierPage,
  updateSupplierRequest,
} from '../../../contracts/catalog.ts';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import { type ExportColumn, renderExport, sendDownload } from '../../platform/export.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as suppliers from './suppliers.service.ts';

const exportQuery = supplierListQuery
  .omit({ page: true, pageSize: true })
  .extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

const kindNames = { manufacturer: '生产企业', supplier: '供应商', both: '生产企业/供应商' } as const;
const statusNames = { valid: '有效', expiring: '即将到期', expired: '已过期', missing: '缺失' } as const;

function exportColumns(lang: 'zh-CN' | 'en'): ExportColumn<Supplier>[] {
  const zh = lang === 'zh-CN';
  return [
    { header: zh ? '编码' : 'Code', value: (s) => s.code },
    { header: zh ? '名称' : 'Name', value: (s) => s.name, width: 32 },
    { header: zh ? '类型' : 'Kind', value: (s) => (zh ? kindNames[s.kind] : s.kind) },
    { header: zh ? '国家' : 'Country', value: (s) => s.country },
    { header: zh ? '统一社会信用代码' : 'Tax id', value: (s) => s.taxId, width: 24 },
    { header: zh ? '地址' : 'Address', value: (s) => s.address, width: 32 },
    { header: zh ? '许可证编号' : 'Licence number', value: (s) => s.licenceNumber, width: 28 },
    { header: zh ? '许可证有效期至' : 'Licence valid until', value: (s) => s.licenceValidUntil },
    {
      header: zh ? '许可证状态' : 'Licence status',
      value: (s) => (zh ? statusNames[s.licenceStatus] : s.licenceStatus),
    },
    { header: zh ? '联系人' : 'Contact', value: (s) => s.contactName },
    { header: zh ? '电话' : 'Phone', value: (s) => s.contactPhone },
    { header: zh ? '启用' : 'Active', value: (s) => s.isActive },
  ];
}

export function registerSupplierRoutes(app: App, deps: AppDeps) {
  const tags = ['suppliers'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };

  app.get(
    '/api/suppliers',
    {
      config: { access: 'masterdata:read' },
      schema: {
        tags,
        summary: 'Suppliers and manufacturers: search, filter (incl. licence status), sort, page',
        querystring: supplierListQuery,
        response: { 200: supplierPage, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) =>
      suppliers.listSuppliers(deps.db, contextOf(request), request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/suppliers/export',
    {
      config: { access: 'masterdata:read' },
      schema: {
        tags,
        summary: 'Export the filtered supplier list as CSV or Excel',
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      const rows = await suppliers.exportSuppliers(deps.db, ctx, query, deps.config.limits.maxExportRows);
      const file = await renderExport(format, exportColumns(ctx.lang), rows, 'suppliers');
      return sendDownload(reply, file);
    },
  );

  app.get(
    '/api/suppliers/:id',
    {
      config: { access: 'masterdata:read' },
      schema: {
        tags,
        summary: 'One supplier or manufacturer',
        params: idParam,
        response: { 200: supplier, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => suppliers.getSupplier(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/suppliers',
    {
      config: { access: 'masterdata:write' },
      schema: {
        tags,
        summary: 'Create a supplier or manufacturer',
        body: createSupplierRequest,
        response: { 201: supplier, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await suppliers.createSupplier(deps.db, contextOf(request), request.body)),
  );

  app.patch(
    '/api/suppliers/:id',
    {
      config: { access: 'masterdata:write' },
      schema: {
        tags,
        summary: 'Change a supplier (optimistic concurrency by version)',
        params: idParam,
        body: updateSupplierRequest,
        response: { 200: supplier, ...errors },
      },
    },
    async (request) => suppliers.updateSupplier(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/suppliers/:id',
    {
      config: { access: 'masterdata:write' },
      schema: {
        tags,
        summary: 'Delete a supplier that no product or document refers to',
        params: idParam,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await suppliers.deleteSupplier(deps.db, contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}

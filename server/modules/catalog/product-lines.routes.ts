import { z } from 'zod';
import type { ProductLine } from '../../../contracts/catalog.ts';
import {
  createProductLineRequest,
  productLine,
  productLineListQuery,
  productLinePage,
  updateProductLineRequest,
} from '../../../contracts/catalog.ts';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import { type ExportColumn, renderExport, sendDownload } from '../../platform/export.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as lines from './product-lines.service.ts';

const exportQuery = productLineListQuery
  .omit({ page: true, pageSize: true })
  .extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

function exportColumns(lang: 'zh-CN' | 'en'): ExportColumn<ProductLine>[] {
  const zh = lang === 'zh-CN';
  return [
    { header: zh ? '编码' : 'Code', value: (l) => l.code },
    { header: zh ? '中文名称' : 'Name (Chinese)', value: (l) => l.nameZh, width: 28 },
    { header: zh ? '英文名称' : 'Name (English)', value: (l) => l.nameEn, width: 28 },
    { header: zh ? '产品数' : 'Products', value: (l) => l.productCount },
  ];
}

export function registerProductLineRoutes(app: App, deps: AppDeps) {
  const tags = ['products'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };

  app.get(
    '/api/product-lines',
    {
      config: { access: 'products:read' },
      schema: {
        tags,
        summary: 'Product lines: search, sort, page',
        querystring: productLineListQuery,
        response: { 200: productLinePage, 400: errorResponse },
      },
    },
    async (request) => lines.listProductLines(deps.db, request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/product-lines/export',
    {
      config: { access: 'products:read' },
      schema: {
        tags,
        summary: 'Export the filtered product lines as CSV or Excel',
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      const rows = await lines.exportProductLines(deps.db, query, deps.config.limits.maxExportRows);
      const file = await renderExport(format, exportColumns(ctx.lang), rows, 'product-lines');
      return sendDownload(reply, file);
    },
  );

  app.get(
    '/api/product-lines/:id',
    {
      config: { access: 'products:read' },
      schema: {
        tags,
        summary: 'One product line',
        params: idParam,
        response: { 200: productLine, 404: errorResponse },
      },
    },
    async (request) => lines.getProductLine(deps.db, request.params.id),
  );

  app.post(
    '/api/product-lines',
    {
      config: { access: 'products:write' },
      schema: {
        tags,
        summary: 'Create a product line',
        body: createProductLineRequest,
        response: { 201: productLine, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await lines.createProductLine(deps.db, contextOf(request), request.body)),
  );

  app.patch(
    '/api/product-lines/:id',
    {
      config: { access: 'products:write' },
      schema: {
        tags,
        summary: 'Change a product line (optimistic concurrency by version)',
        params: idParam,
        body: updateProductLineRequest,
        response: { 200: productLine, ...errors },
      },
    },
    async (request) => lines.updateProductLine(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/product-lines/:id',
    {
      config: { access: 'products:write' },
      schema: {
        tags,
        summary: 'Delete a product line without products',
        params: idParam,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await lines.deleteProductLine(deps.db, contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}

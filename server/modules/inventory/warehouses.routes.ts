import { z } from 'zod';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import type { Warehouse } from '../../../contracts/warehouses.ts';
import {
  createWarehouseRequest,
  updateWarehouseRequest,
  warehouse,
  warehouseListQuery,
  warehousePage,
} from '../../../contracts/warehouses.ts';
import { type ExportColumn, renderExport, sendDownload } from '../../platform/export.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as warehouses from './warehouses.service.ts';

const exportQuery = warehouseListQuery
  .omit({ page: true, pageSize: true })
  .extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

function exportColumns(lang: 'zh-CN' | 'en'): ExportColumn<Warehouse>[] {
  const zh = lang === 'zh-CN';
  return [
    { header: zh ? '编码' : 'Code', value: (w) => w.code },
    { header: zh ? '名称' : 'Name', value: (w) => w.name, width: 28 },
    { header: zh ? '区域' : 'Region', value: (w) => w.regionName },
    { header: zh ? '地址' : 'Address', value: (w) => w.address, width: 32 },
    { header: zh ? '冷链' : 'Cold chain', value: (w) => w.isColdChain },
    { header: zh ? '启用' : 'Active', value: (w) => w.isActive },
  ];
}

export function registerWarehouseRoutes(app: App, deps: AppDeps) {
  const tags = ['warehouses'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };

  app.get(
    '/api/warehouses',
    {
      config: { access: 'masterdata:read' },
      schema: {
        tags,
        summary: 'Warehouses: search, filter by region (with sub-regions), sort, page',
        querystring: warehouseListQuery,
        response: { 200: warehousePage, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) => warehouses.listWarehouses(deps.db, request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/warehouses/export',
    {
      config: { access: 'masterdata:read' },
      schema: {
        tags,
        summary: 'Export the filtered warehouse list as CSV or Excel',
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      const rows = await warehouses.exportWarehouses(deps.db, query, deps.config.limits.maxExportRows);
      const file = await renderExport(format, exportColumns(ctx.lang), rows, 'warehouses');
      return sendDownload(reply, file);
    },
  );

  app.get(
    '/api/warehouses/:id',
    {
      config: { access: 'masterdata:read' },
      schema: {
        tags,
        summary: 'One warehouse',
        params: idParam,
        response: { 200: warehouse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => warehouses.getWarehouse(deps.db, request.params.id),
  );

  app.post(
    '/api/warehouses',
    {
      config: { access: 'masterdata:write' },
      schema: {
        tags,
        summary: 'Create a warehouse in an existing region',
        body: createWarehouseRequest,
        response: { 201: warehouse, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await warehouses.createWarehouse(deps.db, contextOf(request), request.body)),
  );

  app.patch(
    '/api/warehouses/:id',
    {
      config: { access: 'masterdata:write' },
      schema: {
        tags,
        summary: 'Change a warehouse (optimistic concurrency by version)',
        params: idParam,
        body: updateWarehouseRequest,
        response: { 200: warehouse, ...errors },
      },
    },
    async (request) =>
      warehouses.updateWarehouse(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/warehouses/:id',
    {
      config: { access: 'masterdata:write' },
      schema: {
        tags,
        summary: 'Delete a warehouse that holds no stock and no document refers to',
        params: idParam,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await warehouses.deleteWarehouse(deps.db, contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}

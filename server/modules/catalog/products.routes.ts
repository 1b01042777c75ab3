import { z } from 'zod';
import type { Product } from '../../../contracts/catalog.ts';
import {
  createProductRequest,
  product,
  productListQuery,
  productPage,
  updateProductRequest,
} from '../../../contracts/catalog.ts';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import { type ExportColumn, renderExport, sendDownload } from '../../platform/export.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as products from './products.service.ts';

const exportQuery = productListQuery
  .omit({ page: true, pageSize: true })
  .extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

/** Fen to yuan for a spreadsheet cell: display only, never used in arithmetic. */
function yuan(fen: number | null): number | null {
  return fen === null ? null : fen / 100;
}

function exportColumns(lang: 'zh-CN' | 'en'): ExportColumn<Product>[] {
  const zh = lang === 'zh-CN';
  return [
    { header: 'SKU', value: (p) => p.sku },
    { header: zh ? '名称' : 'Name', value: (p) => (zh ? p.nameZh : p.nameEn), width: 32 },
    { header: zh ? '规格型号' : 'Model/spec', value: (p) => p.modelSpec, width: 24 },
    {
      header: zh ? '产品线' : 'Product line',
      value: (p) => (zh ? p.productLineNameZh : p.productLineNameEn),
    },
    { header: zh ? '单位' : 'Unit', value: (p) => p.unit },
    { header: 'GTIN (UDI-DI)', value: (p) => p.gtin, width: 18 },
    { header: zh ? '注册证/备案编号' : 'Certificate number', value: (p) => p.certificateNumber, width: 24 },
    { header: zh ? '管理类别' : 'Device class', value: (p) => ['I', 'II', 'III'][p.deviceClass - 1] ?? null },
    { header: zh ? '注册证有效期至' : 'Certificate expiry', value: (p) => p.certificateExpiry },
    { header: zh ? '生产企业' : 'Manufacturer', value: (p) => p.manufacturerName, width: 28 },
    { header: zh ? '储存条件' : 'Storage', value: (p) => p.storageCondition },
    { header: zh ? '最低温度(°C)' : 'Min. temp. (°C)', value: (p) => p.coldChainMinC },
    { header: zh ? '最高温度(°C)' : 'Max. temp. (°C)', value: (p) => p.coldChainMaxC },
    { header: zh ? '有效期(天)' : 'Shelf life (days)', value: (p) => p.shelfLifeDays },
    { header: zh ? '标准成本(元)' : 'Standard cost (CNY)', value: (p) => yuan(p.standardCostFen) },
    { header: zh ? '目录价(元)' : 'List price (CNY)', value: (p) => yuan(p.listPriceFen) },
    { header: zh ? '最低价(元)' : 'Floor price (CNY)', value: (p) => yuan(p.floorPriceFen) },
    { header: zh ? '增值税率' : 'VAT rate', value: (p) => p.vatRate },
    { header: zh ? '序列号管理' : 'Serial tracked', value: (p) => p.isSerialTracked },
    { header: zh ? '植入物' : 'Implant', value: (p) => p.isImplant },
    { header: zh ? '启用' : 'Active', value: (p) => p.isActive },
  ];
}

export function registerProductRoutes(app: App, deps: AppDeps) {
  const tags = ['products'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };

  app.get(
    '/api/products',
    {
      config: { access: 'products:read' },
      schema: {
        tags,
        summary: 'Products: search (SKU, names, model, GTIN, certificate), filter, sort, page',
        querystring: productListQuery,
        response: { 200: productPage, 400: errorResponse },
      },
    },
    async (request) =>
      products.listProducts(deps.db, contextOf(request), request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/products/export',
    {
      config: { access: 'products:read' },
      schema: {
        tags,
        summary: 'Export the filtered product list as CSV or Excel (prices in yuan)',
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      const rows = await products.exportProducts(deps.db, ctx, query, deps.config.limits.maxExportRows);
      const file = await renderExport(format, exportColumns(ctx.lang), rows, 'products');
      return sendDownload(reply, file);
    },
  );

  app.get(
    '/api/products/:id',
    {
      config: { access: 'products:read' },
      schema: {
        tags,
        summary: 'One product',
        params: idParam,
        response: { 200: product, 404: errorResponse },
      },
    },
    async (request) => products.getProduct(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/products',
    {
      config: { access: 'products:write' },
      schema: {
        tags,
        summary: 'Create a product (GTIN, certificate number and class are validated)',
        body: createProductRequest,
        response: { 201: product, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await products.createProduct(deps.db, contextOf(request), request.body)),
  );

  app.patch(
    '/api/products/:id',
    {
      config: { access: 'products:write' },
      schema: {
        tags,
        summary: 'Change a product (optimistic concurrency by version)',
        params: idParam,
        body: updateProductRequest,
        response: { 200: product, ...errors },
      },
    },
    async (request) => products.updateProduct(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/products/:id',
    {
      config: { access: 'products:write' },
      schema: {
        tags,
        summary: 'Delete a product that no document refers to',
        params: idParam,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await products.deleteProduct(deps.db, contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}

import { z } from 'zod';
import { errorResponse, idempotencyHeaders, idParam } from '../../../../contracts/common.ts';
import {
  allocateBackorderRequest,
  approveOrderRequest,
  cancelOrderRequest,
  confirmOrderRequest,
  createOrderRequest,
  type OrderSummary,
  order,
  orderListQuery,
  orderPage,
  pickList,
  updateOrderRequest,
} from '../../../../contracts/sales.ts';
import { type ExportColumn, renderExport } from '../../../platform/export.ts';
import { type App, type AppDeps, contextOf } from '../../../platform/http.ts';
import { replyIdempotent } from '../../../platform/idempotency.ts';
import { formatScaledDecimal } from '../money.rules.ts';
import type { SalesHooks } from '../sales.hooks.ts';
import * as lifecycle from './orders.lifecycle.ts';
import * as orders from './orders.service.ts';

const exportQuery = orderListQuery
  .omit({ page: true, pageSize: true })
  .extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

/** Minor units as a decimal text with two places (yuan and fen, dollars and cents). */
const major = (amount: number) => formatScaledDecimal(BigInt(amount), 2);

function exportColumns(lang: 'zh-CN' | 'en'): ExportColumn<OrderSummary>[] {
  const zh = lang === 'zh-CN';
  return [
    { header: zh ? '订单号' : 'Number', value: (o) => o.number, width: 20 },
    { header: zh ? '客户' : 'Customer', value: (o) => o.customerName, width: 32 },
    { header: zh ? '下单日期' : 'Order date', value: (o) => o.orderDate },
    { header: zh ? '承诺发货日期' : 'Promised date', value: (o) => o.promisedDate },
    { header: zh ? '状态' : 'Status', value: (o) => o.status },
    { header: zh ? '币种' : 'Currency', value: (o) => o.currency },
    { header: zh ? '汇率' : 'Exchange rate', value: (o) => o.exchangeRate },
    { header: zh ? '不含税金额' : 'Net', value: (o) => major(o.netAmount) },
    { header: zh ? '税额' : 'VAT', value: (o) => major(o.taxAmount) },
    { header: zh ? '含税金额' : 'Gross', value: (o) => major(o.grossAmount) },
    { header: zh ? '含税金额(人民币)' : 'Gross (CNY)', value: (o) => major(o.grossCnyFen) },
    { header: zh ? '行数' : 'Lines', value: (o) => o.lineCount },
  ];
}

export function registerOrderRoutes(app: App, deps: AppDeps, hooks: SalesHooks) {
  const tags = ['orders'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };

  app.get(
    '/api/orders',
    {
      config: { access: 'orders:read' },
      schema: {
        tags,
        summary: 'Sales orders in your scope: search, filter, sort, page',
        querystring: orderListQuery,
        response: { 200: orderPage, 400: errorResponse },
      },
    },
    async (request) =>
      orders.listOrders(deps.db, contextOf(request), request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/orders/export',
    {
      config: { access: 'orders:read' },
      schema: { tags, summary: 'Export the filtered order list as CSV or Excel', querystring: exportQuery },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { format, ...query } = request.query;
      const rows = await orders.exportOrders(deps.db, ctx, query, deps.config.limits.maxExportRows);
      const file = await renderExport(format, exportColumns(ctx.lang), rows, 'orders');
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.body);
    },
  );

  app.get(
    '/api/orders/:id',
    {
      config: { access: 'orders:read' },
      schema: {
        tags,
        summary: 'One order with lines, allocations and approvals',
        params: idParam,
        response: { 200: order, 404: errorResponse },
      },
    },
    async (request) => orders.getOrder(deps.db, contextOf(request), request.params.id),
  );

  app.get(
    '/api/orders/:id/pick-list',
    {
      config: { access: 'orders:read' },
      schema: {
        tags,
        summary: 'What to pick for the order: warehouse, product, lot, expiry, quantity',
        params: idParam,
        response: { 200: pickList, 404: errorResponse },
      },
    },
    async (request) => orders.getPickList(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/orders',
    {
      config: { access: 'orders:write' },
      schema: {
        tags,
        summary: 'Create an order (draft, or confirmed at once with `confirm: true`)',
        description:
          'Confirming checks compliance, our floor price, credit and approvals, then allocates stock FEFO — ' +
          'all in one transaction. Send an Idempotency-Key to make retries safe.',
        headers: idempotencyHeaders,
        body: createOrderRequest,
        response: { 201: order, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      return replyIdempotent(request, reply, deps.db, ctx, async (store) => ({
        statusCode: 201,
        body: await orders.createOrder(deps.db, ctx, hooks, request.body, { store }),
      }));
    },
  );

  app.patch(
    '/api/orders/:id',
    {
      config: { access: 'orders:write' },
      schema: {
        tags,
        summary: 'Change a draft order (optimistic concurrency by version)',
        params: idParam,
        body: updateOrderRequest,
        response: { 200: order, ...errors },
      },
    },
    async (request) => orders.updateOrder(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/orders/:id/confirm',
    {
      config: { access: 'orders:write' },
      schema: {
        tags,
        summary: 'Confirm a draft: checks, then FEFO allocation, all or nothing',
        headers: idempotencyHeaders,
        params: idParam,
        body: confirmOrderRequest,
        response: { 200: order, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      return replyIdempotent(request, reply, deps.db, ctx, async (store) => ({
        statusCode: 200,
        body: await orders.confirmOrder(deps.db, ctx, hooks, request.params.id, request.body, { store }),
      }));
    },
  );

  app.post(
    '/api/orders/:id/cancel',
    {
      config: { access: 'orders:write' },
      schema: {
        tags,
        summary: 'Cancel an order that has shipped nothing; reservations are released',
        params: idParam,
        body: cancelOrderRequest,
        response: { 200: order, ...errors },
      },
    },
    async (request) => lifecycle.cancelOrder(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/orders/:id/approvals',
    {
      config: { access: 'orders:approve' },
      schema: {
        tags,
        summary: 'Approve a draft (a price below our floor, or credit); not your own order',
        params: idParam,
        body: approveOrderRequest,
        response: { 200: order, ...errors },
      },
    },
    async (request) => lifecycle.approveOrder(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/orders/:id/allocate',
    {
      config: { access: 'orders:write' },
      schema: {
        tags,
        summary: 'Allocate what a backordered order still waits for (FEFO, partial allowed)',
        params: idParam,
        body: allocateBackorderRequest,
        response: { 200: order, ...errors },
      },
    },
    async (request) =>
      lifecycle.allocateBackorder(deps.db, contextOf(request), request.params.id, request.body),
  );
}

import { errorResponse, idParam } from '../../../contracts/common.ts';
import {
  cancelPurchaseOrderRequest,
  confirmPurchaseOrderRequest,
  createPurchaseOrderRequest,
  purchaseOrder,
  purchaseOrderListQuery,
  purchaseOrderPage,
} from '../../../contracts/purchasing.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as orders from './purchase-orders.service.ts';

export function registerPurchaseOrderRoutes(app: App, deps: AppDeps) {
  const tags = ['purchasing'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };

  app.get(
    '/api/purchase-orders',
    {
      config: { access: 'purchasing:read' },
      schema: {
        tags,
        summary:
          'Purchase orders: search by number or supplier, filter by status, supplier, warehouse, dates',
        querystring: purchaseOrderListQuery,
        response: { 200: purchaseOrderPage, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) => orders.listPurchaseOrders(deps.db, request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/purchase-orders/:id',
    {
      config: { access: 'purchasing:read' },
      schema: {
        tags,
        summary: 'One purchase order with its lines and received quantities',
        params: idParam,
        response: { 200: purchaseOrder, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => orders.getPurchaseOrder(deps.db, request.params.id),
  );

  app.post(
    '/api/purchase-orders',
    {
      config: { access: 'purchasing:write' },
      schema: {
        tags,
        summary: 'Create a draft purchase order (foreign currency at the exchange rate of the order date)',
        body: createPurchaseOrderRequest,
        response: { 201: purchaseOrder, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await orders.createPurchaseOrder(deps.db, contextOf(request), request.body)),
  );

  app.post(
    '/api/purchase-orders/:id/confirm',
    {
      config: { access: 'purchasing:write' },
      schema: {
        tags,
        summary: 'Confirm a draft purchase order; goods can then be received against it',
        params: idParam,
        body: confirmPurchaseOrderRequest,
        response: { 200: purchaseOrder, ...errors },
      },
    },
    async (request) =>
      orders.confirmPurchaseOrder(deps.db, contextOf(request), request.params.id, request.body.version),
  );

  app.post(
    '/api/purchase-orders/:id/cancel',
    {
      config: { access: 'purchasing:write' },
      schema: {
        tags,
        summary: 'Cancel a draft or confirmed purchase order before anything was received (reason required)',
        params: idParam,
        body: cancelPurchaseOrderRequest,
        response: { 200: purchaseOrder, ...errors },
      },
    },
    async (request) =>
      orders.cancelPurchaseOrder(deps.db, contextOf(request), request.params.id, request.body),
  );
}

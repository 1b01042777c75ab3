import { errorResponse, idParam } from '../../../contracts/common.ts';
import {
  cancelTransferRequest,
  createTransferRequest,
  receiveTransferRequest,
  transfer,
  transferListQuery,
  transferPage,
} from '../../../contracts/inventory.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as transfers from './transfers.service.ts';

export function registerTransferRoutes(app: App, deps: AppDeps) {
  const tags = ['inventory'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };

  app.get(
    '/api/transfers',
    {
      config: { access: 'inventory:read' },
      schema: {
        tags,
        summary: 'Transfers between warehouses, filter by status or warehouse (either end)',
        querystring: transferListQuery,
        response: { 200: transferPage, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) => transfers.listTransfers(deps.db, request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/transfers/:id',
    {
      config: { access: 'inventory:read' },
      schema: {
        tags,
        summary: 'One transfer with its lines',
        params: idParam,
        response: { 200: transfer, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => transfers.getTransfer(deps.db, request.params.id),
  );

  app.post(
    '/api/transfers',
    {
      config: { access: 'inventory:write' },
      schema: {
        tags,
        summary: 'Dispatch a transfer: stock leaves the source warehouse and is in transit',
        body: createTransferRequest,
        response: { 201: transfer, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await transfers.dispatchTransfer(deps.db, contextOf(request), request.body)),
  );

  app.post(
    '/api/transfers/:id/receive',
    {
      config: { access: 'inventory:write' },
      schema: {
        tags,
        summary: 'Receive an in-transit transfer at its destination',
        params: idParam,
        body: receiveTransferRequest,
        response: { 200: transfer, ...errors },
      },
    },
    async (request) =>
      transfers.receiveTransfer(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/transfers/:id/cancel',
    {
      config: { access: 'inventory:write' },
      schema: {
        tags,
        summary: 'Cancel an in-transit transfer: the stock returns to the source warehouse',
        params: idParam,
        body: cancelTransferRequest,
        response: { 200: transfer, ...errors },
      },
    },
    async (request) => transfers.cancelTransfer(deps.db, contextOf(request), request.params.id, request.body),
  );
}

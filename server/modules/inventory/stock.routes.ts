import { errorResponse, idParam } from '../../../contracts/common.ts';
import {
  lot,
  lotListQuery,
  lotPage,
  lotRecallRequest,
  lotStatusChangeRequest,
  stockAdjustmentRequest,
  stockBalancePage,
  stockListQuery,
  stockMove,
  stockMoveListQuery,
  stockMovePage,
  stockScrapRequest,
} from '../../../contracts/inventory.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as lots from './lots.service.ts';
import * as stock from './stock-levels.service.ts';

const errors = {
  400: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  422: errorResponse,
};

export function registerStockRoutes(app: App, deps: AppDeps) {
  const tags = ['inventory'];
  const maxPageSize = deps.config.limits.maxPageSize;

  app.get(
    '/api/stock',
    {
      config: { access: 'inventory:read' },
      schema: {
        tags,
        summary: 'Stock per warehouse, product, lot (and serial): on hand, reserved, available, expiry',
        querystring: stockListQuery,
        response: { 200: stockBalancePage, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) => stock.listStock(deps.db, request.query, maxPageSize),
  );

  app.get(
    '/api/stock/moves',
    {
      config: { access: 'inventory:read' },
      schema: {
        tags,
        summary: 'The stock ledger: immutable moves, newest first',
        querystring: stockMoveListQuery,
        response: { 200: stockMovePage, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) => stock.listMoves(deps.db, request.query, maxPageSize),
  );

  app.post(
    '/api/stock/adjustments',
    {
      config: { access: 'inventory:write' },
      schema: {
        tags,
        summary: 'Correct stock after a count (signed quantity, reason required); never below zero',
        body: stockAdjustmentRequest,
        response: { 201: stockMove, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await stock.postAdjustment(deps.db, contextOf(request), request.body)),
  );

  app.post(
    '/api/stock/scrap',
    {
      config: { access: 'inventory:write' },
      schema: {
        tags,
        summary: 'Scrap damaged or expired units (reason required)',
        body: stockScrapRequest,
        response: { 201: stockMove, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await stock.postScrap(deps.db, contextOf(request), request.body)),
  );

  app.get(
    '/api/lots',
    {
      config: { access: 'inventory:read' },
      schema: {
        tags,
        summary: 'Lots with status, expiry and stock; filter by product, status, expiring within N days',
        querystring: lotListQuery,
        response: { 200: lotPage, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) => lots.listLots(deps.db, request.query, maxPageSize),
  );

  app.get(
    '/api/lots/:id',
    {
      config: { access: 'inventory:read' },
      schema: {
        tags,
        summary: 'One lot',
        params: idParam,
        response: { 200: lot, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => lots.getLot(deps.db, request.params.id),
  );

  const statusRoutes = [
    {
      action: 'hold',
      body: lotStatusChangeRequest,
      summary: 'Put a lot on hold: it can no longer be allocated',
    },
    { action: 'release', body: lotStatusChangeRequest, summary: 'Release a held or quarantined lot' },
    { action: 'recall', body: lotRecallRequest, summary: 'Recall a lot (level 1–3): selling stops at once' },
  ] as const;
  for (const route of statusRoutes) {
    app.post(
      `/api/lots/:id/${route.action}`,
      {
        config: { access: 'quality:lots' },
        schema: {
          tags,
          summary: route.summary,
          params: idParam,
          body: route.body,
          response: { 200: lot, ...errors },
        },
      },
      async (request) =>
        lots.changeLotStatus(deps.db, contextOf(request), request.params.id, route.action, request.body),
    );
  }
}

import { z } from 'zod';
import { errorResponse, idempotencyHeaders, idParam } from '../../../../contracts/common.ts';
import {
  createPriceListRequest,
  priceListDetail,
  priceListListQuery,
  priceListPage,
  replacePriceListItemsRequest,
  resolvedPrice,
  resolvePriceQuery,
  updatePriceListRequest,
} from '../../../../contracts/pricing.ts';
import { type App, type AppDeps, contextOf } from '../../../platform/http.ts';
import { replyIdempotent } from '../../../platform/idempotency.ts';
import * as pricing from './pricing.service.ts';

export function registerPricingRoutes(app: App, deps: AppDeps) {
  const tags = ['pricing'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };

  app.get(
    '/api/price-lists',
    {
      config: { access: 'pricing:read' },
      schema: {
        tags,
        summary: 'Price lists (channel lists, and customer lists in your scope)',
        querystring: priceListListQuery,
        response: { 200: priceListPage, 400: errorResponse },
      },
    },
    async (request) =>
      pricing.listPriceLists(deps.db, contextOf(request), request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/price-lists/:id',
    {
      config: { access: 'pricing:read' },
      schema: {
        tags,
        summary: 'One price list with its prices',
        params: idParam,
        response: { 200: priceListDetail, 404: errorResponse },
      },
    },
    async (request) => pricing.getPriceList(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/price-lists',
    {
      config: { access: 'pricing:write' },
      schema: {
        tags,
        summary: 'Create a channel or customer price list',
        headers: idempotencyHeaders,
        body: createPriceListRequest,
        response: { 201: priceListDetail, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      return replyIdempotent(request, reply, deps.db, ctx, async (store) => ({
        statusCode: 201,
        body: await pricing.createPriceList(deps.db, ctx, request.body, { store }),
      }));
    },
  );

  app.patch(
    '/api/price-lists/:id',
    {
      config: { access: 'pricing:write' },
      schema: {
        tags,
        summary: 'Change a price list (name, validity, active) by version',
        params: idParam,
        body: updatePriceListRequest,
        response: { 200: priceListDetail, ...errors },
      },
    },
    async (request) => pricing.updatePriceList(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.put(
    '/api/price-lists/:id/items',
    {
      config: { access: 'pricing:write' },
      schema: {
        tags,
        summary: 'Replace every price of a list (audited as one price change)',
        params: idParam,
        body: replacePriceListItemsRequest,
        response: { 200: priceListDetail, ...errors },
      },
    },
    async (request) =>
      pricing.replacePriceListItems(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/price-lists/:id',
    {
      config: { access: 'pricing:write' },
      schema: {
        tags,
        summary: 'Delete a price list no order used (else deactivate it)',
        params: idParam,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await pricing.deletePriceList(deps.db, contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/pricing/resolve',
    {
      config: { access: 'orders:read' },
      schema: {
        tags,
        summary: 'The price a customer pays for a product on a date, and where it comes from',
        description:
          'contract → promotion → customer price list → channel price list → list price (DOMAIN §10)',
        querystring: resolvePriceQuery,
        response: { 200: resolvedPrice, ...errors },
      },
    },
    async (request) => pricing.resolvePriceFor(deps.db, contextOf(request), request.query),
  );
}

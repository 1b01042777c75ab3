import { errorResponse, idempotencyHeaders, idParam } from '../../../../contracts/common.ts';
import {
  convertQuoteRequest,
  createQuoteRequest,
  order,
  quote,
  quoteListQuery,
  quotePage,
} from '../../../../contracts/sales.ts';
import { type App, type AppDeps, contextOf } from '../../../platform/http.ts';
import { replyIdempotent } from '../../../platform/idempotency.ts';
import type { SalesHooks } from '../sales.hooks.ts';
import * as quotes from './quotes.service.ts';

export function registerQuoteRoutes(app: App, deps: AppDeps, hooks: SalesHooks) {
  const tags = ['quotes'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };

  app.get(
    '/api/quotes',
    {
      config: { access: 'orders:read' },
      schema: {
        tags,
        summary: 'Quotes in your scope',
        querystring: quoteListQuery,
        response: { 200: quotePage, 400: errorResponse },
      },
    },
    async (request) =>
      quotes.listQuotes(deps.db, contextOf(request), request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/quotes/:id',
    {
      config: { access: 'orders:read' },
      schema: {
        tags,
        summary: 'One quote with its lines',
        params: idParam,
        response: { 200: quote, 404: errorResponse },
      },
    },
    async (request) => quotes.getQuote(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/quotes',
    {
      config: { access: 'orders:write' },
      schema: {
        tags,
        summary: 'Create a quote priced like an order',
        headers: idempotencyHeaders,
        body: createQuoteRequest,
        response: { 201: quote, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      return replyIdempotent(request, reply, deps.db, ctx, async (store) => ({
        statusCode: 201,
        body: await quotes.createQuote(deps.db, ctx, request.body, { store }),
      }));
    },
  );

  app.post(
    '/api/quotes/:id/convert',
    {
      config: { access: 'orders:write' },
      schema: {
        tags,
        summary: 'Turn an open quote into an order at the quoted prices (draft or confirmed)',
        headers: idempotencyHeaders,
        params: idParam,
        body: convertQuoteRequest,
        response: { 201: order, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      return replyIdempotent(request, reply, deps.db, ctx, async (store) => ({
        statusCode: 201,
        body: await quotes.convertQuote(deps.db, ctx, hooks, request.params.id, request.body, { store }),
      }));
    },
  );
}

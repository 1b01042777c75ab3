import { errorResponse, idempotencyHeaders, idParam } from '../../../../contracts/common.ts';
import {
  createReturnRequest,
  inspectReturnRequest,
  returnListQuery,
  salesReturn,
  salesReturnPage,
} from '../../../../contracts/finance.ts';
import { type App, type AppDeps, contextOf } from '../../../platform/http.ts';
import { replyIdempotent } from '../../../platform/idempotency.ts';
import * as returns from './returns.service.ts';

const errors = {
  400: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  422: errorResponse,
};

export function registerReturnRoutes(app: App, deps: AppDeps) {
  const tags = ['finance'];

  app.get(
    '/api/returns',
    {
      // finance:read or inventory:read, checked by the service.
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Sales returns in your scope (finance:read or inventory:read)',
        querystring: returnListQuery,
        response: { 200: salesReturnPage, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) =>
      returns.listReturns(deps.db, contextOf(request), request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/returns/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'One return with its lines, inspection results and credit notes',
        params: idParam,
        response: { 200: salesReturn, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request) => returns.getReturn(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/returns',
    {
      // finance:write or shipments:write; a credit note needs finance:write (checked by the service).
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Take back units of a shipment: stock re-enters, held for inspection; optional credit note',
        description:
          'Per line at most shipped − already returned (422 RETURN_EXCEEDS_SHIPPED); serial-tracked units by serial. ' +
          'The units are posted back with a return move and reserved until inspected, so no order can take ' +
          'them. creditNote (default true) credits the invoiced value: Dr SALES_RETURNS, Dr VAT_OUTPUT / Cr AR.',
        headers: idempotencyHeaders,
        body: createReturnRequest,
        response: { 201: salesReturn, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      return replyIdempotent(request, reply, deps.db, ctx, async (store) => ({
        statusCode: 201,
        body: await returns.createReturn(deps.db, ctx, request.body, { store }),
      }));
    },
  );

  app.post(
    '/api/returns/:id/inspection',
    {
      // quality:lots or inventory:write, checked by the service.
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Record the inspection of a return: accepted units are released, rejected ones scrapped',
        params: idParam,
        body: inspectReturnRequest,
        response: { 200: salesReturn, ...errors },
      },
    },
    async (request) => returns.inspectReturn(deps.db, contextOf(request), request.params.id, request.body),
  );
}

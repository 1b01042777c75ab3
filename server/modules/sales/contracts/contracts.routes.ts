import { errorResponse, idempotencyHeaders, idParam } from '../../../../contracts/common.ts';
import {
  cancelSalesContractRequest,
  createSalesContractRequest,
  salesContract,
  salesContractListQuery,
  salesContractPage,
} from '../../../../contracts/sales-contracts.ts';
import { type App, type AppDeps, contextOf } from '../../../platform/http.ts';
import { replyIdempotent } from '../../../platform/idempotency.ts';
import * as contracts from './contracts.service.ts';

/** Sellers read their customers' contracts; those who set prices (pricing:write) agree and cancel them. */
export function registerContractRoutes(app: App, deps: AppDeps) {
  const tags = ['contracts'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };

  app.get(
    '/api/sales-contracts',
    {
      config: { access: 'orders:read' },
      schema: {
        tags,
        summary: 'Sales contracts in your scope; filter by customer, status, or the day they are active on',
        querystring: salesContractListQuery,
        response: { 200: salesContractPage, 400: errorResponse },
      },
    },
    async (request) =>
      contracts.listContracts(deps.db, contextOf(request), request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/sales-contracts/:id',
    {
      config: { access: 'orders:read' },
      schema: {
        tags,
        summary: 'One sales contract with its agreed prices',
        params: idParam,
        response: { 200: salesContract, 404: errorResponse },
      },
    },
    async (request) => contracts.getContract(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/sales-contracts',
    {
      config: { access: 'pricing:write' },
      schema: {
        tags,
        summary: 'Agree prices with a customer for a period (they come first in price resolution)',
        headers: idempotencyHeaders,
        body: createSalesContractRequest,
        response: { 201: salesContract, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      return replyIdempotent(request, reply, deps.db, ctx, async (store) => ({
        statusCode: 201,
        body: await contracts.createContract(deps.db, ctx, request.body, { store }),
      }));
    },
  );

  app.post(
    '/api/sales-contracts/:id/cancel',
    {
      config: { access: 'pricing:write' },
      schema: {
        tags,
        summary: 'Cancel an active contract (with a reason); orders already priced keep their prices',
        params: idParam,
        body: cancelSalesContractRequest,
        response: { 200: salesContract, ...errors },
      },
    },
    async (request) => contracts.cancelContract(deps.db, contextOf(request), request.params.id, request.body),
  );
}

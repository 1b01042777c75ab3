import { errorResponse, idParam } from '../../../contracts/common.ts';
import {
  createExternalRating,
  createFinancialRatios,
  creditInputs,
  externalRating,
  financialRatios,
} from '../../../contracts/credit-inputs.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as inputs from './inputs.service.ts';

export function registerCreditInputRoutes(app: App, deps: AppDeps) {
  const tags = ['credit'];
  const errors = { 400: errorResponse, 403: errorResponse, 404: errorResponse };

  app.get(
    '/api/credit/customers/:id/inputs',
    {
      config: { access: 'credit:read' },
      schema: {
        tags,
        summary:
          "The customer's optional credit inputs (external ratings, financial-statement ratios): the latest of " +
          'each and their history. Shown beside the score; not part of it',
        params: idParam,
        response: { 200: creditInputs, 404: errorResponse },
      },
    },
    async (request) => inputs.getCustomerInputs(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/credit/customers/:id/external-ratings',
    {
      config: { access: 'credit:write' },
      schema: {
        tags,
        summary: "Enter an external agency's rating of the customer (audited; not scored)",
        params: idParam,
        body: createExternalRating,
        response: { 201: externalRating, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await inputs.addExternalRating(deps.db, contextOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/credit/customers/:id/financial-ratios',
    {
      config: { access: 'credit:write' },
      schema: {
        tags,
        summary: "Enter ratios from the customer's financial statements (audited; not scored)",
        params: idParam,
        body: createFinancialRatios,
        response: { 201: financialRatios, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await inputs.addFinancialRatios(deps.db, contextOf(request), request.params.id, request.body)),
  );
}

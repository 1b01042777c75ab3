import { errorResponse } from '../../../../contracts/common.ts';
import {
  createExchangeRateRequest,
  exchangeRate,
  exchangeRateKeyParams,
  exchangeRateListQuery,
  exchangeRateLookup,
  exchangeRateLookupQuery,
  exchangeRatePage,
  setExchangeRateRequest,
} from '../../../../contracts/exchange-rates.ts';
import { type App, type AppDeps, contextOf } from '../../../platform/http.ts';
import * as rates from './exchange-rates.service.ts';

const errors = {
  400: errorResponse,
  403: errorResponse,
  409: errorResponse,
  422: errorResponse,
};

/** Everyone signed in reads rates (every document shows its own); finance records them. */
export function registerExchangeRateRoutes(app: App, deps: AppDeps) {
  const tags = ['finance'];

  app.get(
    '/api/exchange-rates',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Exchange rates to CNY on file; filter by currency and rate date range',
        querystring: exchangeRateListQuery,
        response: { 200: exchangeRatePage, 400: errorResponse },
      },
    },
    async (request) => rates.listExchangeRates(deps.db, request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/exchange-rates/lookup',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'The rate a document dated `date` takes: the latest rate on or before that date',
        querystring: exchangeRateLookupQuery,
        response: { 200: exchangeRateLookup, 400: errorResponse, 422: errorResponse },
      },
    },
    async (request) => rates.lookupExchangeRate(deps.db, request.query.currency, request.query.date),
  );

  app.post(
    '/api/exchange-rates',
    {
      config: { access: 'finance:write' },
      schema: {
        tags,
        summary: 'Record the rate of a currency on a date (409 when one is on file: use PUT to correct it)',
        body: createExchangeRateRequest,
        response: { 201: exchangeRate, ...errors },
      },
    },
    async (request, reply) => {
      const created = await rates.createExchangeRate(deps.db, contextOf(request), request.body);
      return reply.code(201).send(created);
    },
  );

  app.put(
    '/api/exchange-rates/:currency/:rateDate',
    {
      config: { access: 'finance:write' },
      schema: {
        tags,
        summary: 'Set (create or correct) the rate of a currency on a date; documents keep their own rate',
        params: exchangeRateKeyParams,
        body: setExchangeRateRequest,
        response: { 200: exchangeRate, 201: exchangeRate, ...errors },
      },
    },
    async (request, reply) => {
      const result = await rates.setExchangeRate(deps.db, contextOf(request), request.params, request.body);
      return reply.code(result.created ? 201 : 200).send(result.rate);
    },
  );
}

import {
  collectionContact,
  collectionContactList,
  collectionWorklist,
  collectionWorklistQuery,
  createCollectionContact,
} from '../../../contracts/collections.ts';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as collections from './collections.service.ts';

export function registerCollectionRoutes(app: App, deps: AppDeps) {
  const tags = ['credit'];
  const max = deps.config.limits.maxPageSize;

  app.get(
    '/api/credit/collections',
    {
      config: { access: 'credit:read' },
      schema: {
        tags,
        summary:
          'The collections worklist: customers in your scope due a reminder (DOMAIN §4), most urgent first, ' +
          'with the last contact and the open promise to pay',
        querystring: collectionWorklistQuery,
        response: { 200: collectionWorklist, 400: errorResponse },
      },
    },
    async (request) => collections.listWorklist(deps.db, contextOf(request), request.query, max),
  );

  app.get(
    '/api/credit/customers/:id/collections',
    {
      config: { access: 'credit:read' },
      schema: {
        tags,
        summary: "The customer's collection contacts, newest first",
        params: idParam,
        response: { 200: collectionContactList, 404: errorResponse },
      },
    },
    async (request) => collections.listCustomerContacts(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/credit/customers/:id/collections',
    {
      config: { access: 'credit:write' },
      schema: {
        tags,
        summary: 'Log a collection contact, optionally with a promise to pay (audited)',
        params: idParam,
        body: createCollectionContact,
        response: { 201: collectionContact, 400: errorResponse, 403: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await collections.logContact(deps.db, contextOf(request), request.params.id, request.body)),
  );
}

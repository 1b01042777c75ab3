import { z } from 'zod';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import {
  createdTouches,
  createTouchesRequest,
  createTouchRequest,
  touch,
  touchListQuery,
  touchPage,
} from '../../../contracts/crm.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as touches from './touches.service.ts';

export function registerTouchRoutes(app: App, deps: AppDeps) {
  const tags = ['crm'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };

  app.get(
    '/api/touches',
    {
      config: { access: 'crm:read' },
      schema: {
        tags,
        summary: 'Touches between leads/customers in your scope and campaigns',
        querystring: touchListQuery,
        response: { 200: touchPage, 400: errorResponse },
      },
    },
    async (request) =>
      touches.listTouches(deps.db, contextOf(request), request.query, deps.config.limits.maxPageSize),
  );

  app.post(
    '/api/touches',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Record a touch (visit, form, attendance, call, sample)',
        body: createTouchRequest,
        response: { 201: touch, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { ids } = await touches.createTouches(deps.db, ctx, [request.body]);
      return reply.code(201).send(await touches.getTouch(deps.db, ctx, ids[0]!));
    },
  );

  app.post(
    '/api/touches/batch',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Record many touches at once (imports, integrations): all or nothing',
        body: createTouchesRequest,
        response: { 201: createdTouches, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await touches.createTouches(deps.db, contextOf(request), request.body.touches)),
  );

  app.delete(
    '/api/touches/:id',
    {
      config: { access: 'crm:write' },
      schema: {
        tags,
        summary: 'Remove a touch recorded by mistake',
        params: idParam,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await touches.deleteTouch(deps.db, contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}

import { z } from 'zod';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import { createRegionRequest, region, regionList, updateRegionRequest } from '../../../contracts/regions.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as regions from './regions.service.ts';

export function registerRegionRoutes(app: App, deps: AppDeps) {
  const tags = ['regions'];
  const errors = { 400: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

  app.get(
    '/api/regions',
    {
      config: { access: 'regions:read' },
      schema: {
        tags,
        summary: 'The region tree (country → sales region → province → city)',
        response: { 200: regionList },
      },
    },
    async () => ({ items: await regions.listRegions(deps.db) }),
  );

  app.post(
    '/api/regions',
    {
      config: { access: 'regions:write' },
      schema: {
        tags,
        summary: 'Add a region under its parent',
        body: createRegionRequest,
        response: { 201: region, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await regions.createRegion(deps.db, contextOf(request), request.body)),
  );

  app.patch(
    '/api/regions/:id',
    {
      config: { access: 'regions:write' },
      schema: {
        tags,
        summary: 'Rename a region',
        params: idParam,
        body: updateRegionRequest,
        response: { 200: region, ...errors },
      },
    },
    async (request) => regions.updateRegion(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/regions/:id',
    {
      config: { access: 'regions:write' },
      schema: {
        tags,
        summary: 'Delete an unused region',
        params: idParam,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await regions.deleteRegion(deps.db, contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}

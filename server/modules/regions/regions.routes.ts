import { z } from 'zod';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import { createRegionRequest, region, regionList, updateRegionRequest } from '../../../contracts/regions.ts';
import { createTeamRequest, team, teamList, updateTeamRequest } from '../../../contracts/teams.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as regions from './regions.service.ts';
import * as teams from './teams.service.ts';

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

  app.get(
    '/api/teams',
    {
      config: { access: 'regions:read' },
      schema: { tags: ['teams'], summary: 'Sales teams in your regions', response: { 200: teamList } },
    },
    async (request) => ({ items: await teams.listTeams(deps.db, contextOf(request)) }),
  );
  app.post(
    '/api/teams',
    {
      config: { access: 'regions:write' },
      schema: {
        tags: ['teams'],
        summary: 'Create a sales team with its leader and members',
        body: createTeamRequest,
        response: { 201: team, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await teams.createTeam(deps.db, contextOf(request), request.body)),
  );
  app.patch(
    '/api/teams/:id',
    {
      config: { access: 'regions:write' },
      schema: {
        tags: ['teams'],
        summary: 'Change a team (members are replaced when given)',
        params: idParam,
        body: updateTeamRequest,
        response: { 200: team, ...errors },
      },
    },
    async (request) => teams.updateTeam(deps.db, contextOf(request), request.params.id, request.body),
  );
  app.delete(
    '/api/teams/:id',
    {
      config: { access: 'regions:write' },
      schema: {
        tags: ['teams'],
        summary: 'Delete a team',
        params: idParam,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await teams.deleteTeam(deps.db, contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}

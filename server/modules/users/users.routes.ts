import { errorResponse, idParam } from '../../../contracts/common.ts';
import {
  assignableRepList,
  createUserRequest,
  updateUserRequest,
  user,
  userList,
} from '../../../contracts/users.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import { listAssignableReps } from './users.repository.ts';
import * as users from './users.service.ts';

export function registerUserRoutes(app: App, deps: AppDeps) {
  const tags = ['users'];
  const errors = { 400: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse };

  app.get(
    '/api/users',
    {
      config: { access: 'users:manage' },
      schema: { tags, summary: 'All users', response: { 200: userList } },
    },
    async () => ({ items: await users.listUsers(deps.db) }),
  );

  app.get(
    '/api/users/assignable-reps',
    {
      config: { access: 'customers:write' },
      schema: {
        tags,
        summary: 'Reps and regional managers who can own customers in your regions (for owner pickers)',
        response: { 200: assignableRepList },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return { items: await listAssignableReps(deps.db, ctx.isCompanyWide ? null : ctx.regionIds) };
    },
  );

  app.get(
    '/api/users/:id',
    {
      config: { access: 'users:manage' },
      schema: { tags, summary: 'One user', params: idParam, response: { 200: user, 404: errorResponse } },
    },
    async (request) => users.getUser(deps.db, request.params.id),
  );

  app.post(
    '/api/users',
    {
      config: { access: 'users:manage' },
      schema: { tags, summary: 'Create a user', body: createUserRequest, response: { 201: user, ...errors } },
    },
    async (request, reply) =>
      reply.code(201).send(await users.createUser(deps.db, contextOf(request), request.body)),
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: 'users:manage' },
      schema: {
        tags,
        summary: 'Change a user: roles, regions, active flag, password',
        params: idParam,
        body: updateUserRequest,
        response: { 200: user, ...errors },
      },
    },
    async (request) => users.updateUser(deps.db, contextOf(request), request.params.id, request.body),
  );
}

import { z } from 'zod';
import {
  apiKey,
  apiKeyCreated,
  apiKeyCreateRequest,
  apiKeyList,
  changePasswordRequest,
  loginRequest,
  meResponse,
  updateMeRequest,
} from '../../../contracts/auth.ts';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import { AppError } from '../../platform/errors.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import { findUserById } from './auth.repository.ts';
import * as auth from './auth.service.ts';

export const SESSION_COOKIE = 'pulse_session';

export function registerAuthRoutes(app: App, deps: AppDeps) {
  const errors = { 400: errorResponse, 401: errorResponse, 429: errorResponse };

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username and password; sets the session cookie',
        body: loginRequest,
        response: { 200: meResponse, ...errors },
      },
    },
    async (request, reply) => {
      const result = await auth.login(deps, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        previousToken: request.cookies[SESSION_COOKIE],
        lang: request.lang,
      });
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.config.secureCookies || request.protocol === 'https',
        maxAge: deps.config.session.absoluteHours * 3600,
      });
      return { user: auth.toCurrentUser(result.ctx, result.user.language) };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Sign out; ends the session at once' },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await auth.logout(deps, token, request.ctx);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        response: { 200: meResponse, 401: errorResponse },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const user = await findUserById(deps.db, ctx.userId);
      return { user: auth.toCurrentUser(ctx, user?.language ?? null) };
    },
  );

  app.patch(
    '/api/auth/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: "Change the signed-in user's settings (language)",
        body: updateMeRequest,
        response: { 200: meResponse, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await auth.updateLanguage(deps, ctx, request.body.language);
      return { user: auth.toCurrentUser(ctx, request.body.language) };
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Change your password',
        body: changePasswordRequest,
        response: { 204: z.null().describe('Password changed'), 401: errorResponse, 422: errorResponse },
      },
    },
    async (request, reply) => {
      await auth.changePassword(deps, contextOf(request), request.body);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/api-keys',
    {
      config: { access: 'apikeys:manage' },
      schema: { tags: ['auth'], summary: 'Your API keys (without secrets)', response: { 200: apiKeyList } },
    },
    async (request) => ({ items: await auth.listApiKeys(deps, contextOf(request)) }),
  );

  app.post(
    '/api/auth/api-keys',
    {
      config: { access: 'apikeys:manage' },
      schema: {
        tags: ['auth'],
        summary: 'Create an API key acting as you; the key is shown once',
        body: apiKeyCreateRequest,
        response: { 201: apiKeyCreated, ...errors },
      },
    },
    async (request, reply) => {
      if (contextOf(request).via === 'api_key') {
        // A key cannot mint further keys: a leaked key must not be able to outlive its revocation.
        throw new AppError('FORBIDDEN');
      }
      const created = await auth.createApiKey(deps, contextOf(request), request.body.name);
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/auth/api-keys/:id',
    {
      config: { access: 'apikeys:manage' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API key; takes effect on the next request',
        params: idParam,
        response: { 200: apiKey, 404: errorResponse },
      },
    },
    async (request) => auth.revokeApiKey(deps, contextOf(request), request.params.id),
  );
}

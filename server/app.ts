import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { registerAuthRoutes, SESSION_COOKIE } from './modules/auth/auth.routes.ts';
import { resolveApiKey, resolveSession } from './modules/auth/auth.service.ts';
import { registerModules } from './modules/index.ts';
import { recordAudit } from './platform/audit.ts';
import { AppError, errorBody, localized } from './platform/errors.ts';
import { registerHealthRoutes } from './platform/health.routes.ts';
import type { App, AppDeps, RouteEntry } from './platform/http.ts';
import { pickLanguage } from './platform/i18n.ts';
import type { RouteAccess } from './platform/permissions.ts';

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

/** Builds the HTTP application; main.ts listens on it and tests inject into it. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: deps.config.limits.bodyBytes,
    // Behind a load balancer the client's address and protocol come from X-Forwarded-*.
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifyCookie);

  app.decorateRequest('ctx', null);
  app.decorateRequest('lang', 'zh-CN');
  app.decorateRequest('authProblem', null);

  // Refuse to start with an /api route that does not say who may call it.
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    if (route.url.startsWith('/api/docs')) {
      route.config = { ...(route.config as object), access: 'public' };
    }
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access`);
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url, access });
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Pulse API',
        version: '0.1.0',
        description:
          'Sales-and-distribution ERP for medical-device companies. Sign in with POST /api/auth/login (session ' +
          'cookie) or send an API key as `Authorization: Bearer pulse_…`. Errors are ' +
          '`{"error":{"code","message"}}` with a stable code; messages follow Accept-Language (zh-CN or en).',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          apiKey: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onRequest', async (request) => {
    request.lang = pickLanguage(request.headers['accept-language']);
    await authenticate(request, deps);
    const access = request.routeOptions.config.access;
    if (!access || access === 'public' || !request.url.startsWith('/api/')) return;
    if (!request.ctx) throw request.authProblem ?? new AppError('UNAUTHENTICATED');
    if (access === 'authenticated') return;
    if (!request.ctx.permissions.includes(access)) {
      await recordAudit(deps.db, request.ctx, {
        action: 'authz_denied',
        entity: 'route',
        entityId: `${request.method} ${request.routeOptions.url}`,
        after: { permission: access },
      });
      throw new AppError('FORBIDDEN');
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    else if (appError.cause)
      request.log.warn({ err: appError.cause, code: appError.code }, 'request refused');
    if (appError.code === 'TOO_MANY_ATTEMPTS') {
      reply.header('Retry-After', String(appError.details?.retryAfterSeconds ?? 60));
    }
    return reply.code(appError.status).send(errorBody(appError, request.lang));
  });

  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  registerHealthRoutes(app, deps);
  registerAuthRoutes(app, deps);
  registerModules(app, deps);

  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    // wildcard: files are looked up on each request, so a rebuilt web app is served without a restart.
    await app.register(fastifyStatic, { root: webDist, wildcard: true, index: ['index.html'] });
  }
  app.setNotFoundHandler((request, reply) => {
    if (!request.url.startsWith('/api/') && request.method === 'GET' && hasWeb) {
      // Client-side routes of the single-page app.
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.code(404).send(errorBody(new AppError('NOT_FOUND'), request.lang));
  });

  return app;
}

async function authenticate(request: FastifyRequest, deps: AppDeps): Promise<void> {
  const authorization = request.headers.authorization;
  const headerKey = request.headers['x-api-key'];
  const apiKey =
    typeof headerKey === 'string'
      ? headerKey
      : authorization?.toLowerCase().startsWith('bearer ')
        ? authorization.slice(7).trim()
        : undefined;
  const requestInfo = { lang: request.lang, ip: request.ip, langHeader: request.headers['accept-language'] };
  let resolved: Awaited<ReturnType<typeof resolveSession>> | undefined;
  if (apiKey) {
    resolved = await resolveApiKey(deps, apiKey, requestInfo);
  } else {
    const token = request.cookies[SESSION_COOKIE];
    if (token) resolved = await resolveSession(deps, token, requestInfo);
  }
  if (!resolved) return;
  if ('problem' in resolved) {
    request.authProblem = resolved.problem;
    return;
  }
  request.ctx = resolved.ctx;
  // The user's saved language wins over the browser's.
  request.lang = pickLanguage(request.headers['accept-language'], resolved.language);
  request.ctx.lang = request.lang;
}

function toAppError(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const unknownKeys = error.validation.find((issue) => issue.keyword === 'unrecognized_keys');
    if (unknownKeys) {
      const keys = (unknownKeys.params as { keys?: string[] }).keys ?? [];
      const where = unknownKeys.instancePath === '/' ? '' : `${unknownKeys.instancePath.slice(1)}.`;
      return new AppError('UNKNOWN_FIELD', { field: `${where}${keys.join(', ')}` }, { fields: keys });
    }
    const where = (issue: (typeof error.validation)[number]) =>
      `${error.validationContext ?? 'body'}${issue.instancePath.replaceAll('/', '.')}`;
    // zod words its messages in English only: the Chinese message names the fields instead of
    // putting English sentences inside Chinese (details.issues keeps every message).
    const detail = localized(
      error.validation.map((issue) => `${where(issue)}: ${issue.message}`).join('; '),
      `${[...new Set(error.validation.map(where))].join('、')} 的取值不符合要求`,
    );
    return new AppError(
      'VALIDATION_FAILED',
      { detail },
      {
        issues: error.validation.map((issue) => ({
          path: issue.instancePath,
          code: issue.keyword,
          message: issue.message,
        })),
      },
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('VALIDATION_FAILED', {
        detail: localized('the body is not valid JSON', '请求体不是有效的 JSON'),
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('VALIDATION_FAILED', {
        detail: localized('unsupported content type', '不支持的内容类型'),
      });
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('VALIDATION_FAILED', { detail: error.message });
  }
  // Anything else is our fault: never show its message, which may contain SQL or a stack.
  return new AppError('INTERNAL_ERROR');
}

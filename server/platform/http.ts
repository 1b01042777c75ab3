import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RequestContext } from './auth-context.ts';
import type { Clock } from './clock.ts';
import type { AppConfig } from './config.ts';
import type { Db } from './db.ts';
import { AppError } from './errors.ts';
import type { OutboxDispatcher } from './events.ts';
import type { Lang } from './i18n.ts';
import type { JobRunner } from './jobs.ts';
import type { Logger } from './logger.ts';
import type { RouteAccess } from './permissions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user or API key, or null for anonymous requests. */
    ctx: RequestContext | null;
    lang: Lang;
    /** Why a presented credential was refused (expired session, revoked key), for a precise 401. */
    authProblem: AppError | null;
  }
  interface FastifyInstance {
    /** Every /api route with its access declaration, for tests and documentation. */
    routeTable: RouteEntry[];
  }
  interface FastifyContextConfig {
    /** Every /api route declares who may call it; the app refuses to start otherwise. */
    access?: RouteAccess;
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What modules need from the composition root. */
export interface AppDeps {
  db: Db;
  config: AppConfig;
  logger: Logger;
  events: OutboxDispatcher;
  jobs: JobRunner;
  /** "Now" for timing that is business logic (workflow reminders); the system clock unless a test sets one. */
  clock?: Clock;
}

/** The acting user of a route that requires sign-in (the access hook guarantees it). */
export function contextOf(request: FastifyRequest): RequestContext {
  if (!request.ctx) throw new AppError('UNAUTHENTICATED');
  return request.ctx;
}

export function sendNoContent(reply: FastifyReply) {
  return reply.code(204).send();
}

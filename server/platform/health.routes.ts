import { z } from 'zod';
import type { App, AppDeps } from './http.ts';
import { pendingMigrations } from './migrate.ts';

const healthResponse = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.object({ current: z.boolean(), pending: z.array(z.string()) }),
});

export function registerHealthRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        summary: 'Liveness and readiness: the database answers and every migration is applied',
        response: { 200: healthResponse, 503: healthResponse },
      },
    },
    async (_request, reply) => {
      const reachable = await deps.db
        .query('SELECT 1')
        .then(() => true)
        .catch(() => false);
      const pending = reachable ? await pendingMigrations(deps.db) : [];
      const ok = reachable && pending.length === 0;
      return reply.code(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'unavailable',
        database: reachable ? 'ok' : 'unreachable',
        migrations: { current: reachable && pending.length === 0, pending },
      });
    },
  );
}

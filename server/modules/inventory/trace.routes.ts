import { errorResponse, idParam } from '../../../contracts/common.ts';
import {
  backwardTrace,
  forwardTrace,
  forwardTraceQuery,
  lotTraceQuery,
} from '../../../contracts/inventory.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as trace from './trace.service.ts';

export function registerTraceRoutes(app: App, deps: AppDeps) {
  const tags = ['traceability'];
  const errors = { 400: errorResponse, 403: errorResponse, 404: errorResponse, 422: errorResponse };

  app.get(
    '/api/trace/lots',
    {
      config: { access: 'inventory:read' },
      schema: {
        tags,
        summary: 'Forward trace of a lot found by product and lot number, or by a scanned UDI',
        querystring: forwardTraceQuery,
        response: { 200: forwardTrace, ...errors },
      },
    },
    async (request) => trace.traceForwardBy(deps.db, contextOf(request), request.query),
  );

  app.get(
    '/api/trace/lots/:id',
    {
      config: { access: 'inventory:read' },
      schema: {
        tags,
        summary:
          'Forward trace of a lot: receipts, every shipment and customer, transfers, what remains where',
        params: idParam,
        querystring: lotTraceQuery,
        response: { 200: forwardTrace, ...errors },
      },
    },
    async (request) =>
      trace.traceLotForward(deps.db, contextOf(request), request.params.id, request.query.serial ?? null),
  );

  app.get(
    '/api/trace/moves/:id/backward',
    {
      config: { access: 'inventory:read' },
      schema: {
        tags,
        summary: 'Backward trace of a move (e.g. a shipment): its lot, supplier receipt and inspection',
        params: idParam,
        response: { 200: backwardTrace, ...errors },
      },
    },
    async (request) => trace.traceMoveBackward(deps.db, contextOf(request), request.params.id),
  );
}

import { errorResponse, idempotencyHeaders, idParam } from '../../../../contracts/common.ts';
import {
  createShipmentRequest,
  deliverRequest,
  scanRequest,
  scanResult,
  shipment,
  shipmentListQuery,
  shipmentPage,
  shipRequest,
} from '../../../../contracts/sales.ts';
import { type App, type AppDeps, contextOf } from '../../../platform/http.ts';
import { replyIdempotent } from '../../../platform/idempotency.ts';
import * as shipments from './shipments.service.ts';

export function registerShipmentRoutes(app: App, deps: AppDeps) {
  const tags = ['shipments'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };

  app.get(
    '/api/shipments',
    {
      config: { access: 'orders:read' },
      schema: {
        tags,
        summary: 'Shipments in your scope: search, filter, sort, page',
        querystring: shipmentListQuery,
        response: { 200: shipmentPage, 400: errorResponse },
      },
    },
    async (request) =>
      shipments.listShipments(deps.db, contextOf(request), request.query, deps.config.limits.maxPageSize),
  );

  app.get(
    '/api/shipments/:id',
    {
      config: { access: 'orders:read' },
      schema: {
        tags,
        summary: 'One shipment with its lines, lots, serials and scan progress',
        params: idParam,
        response: { 200: shipment, 404: errorResponse },
      },
    },
    async (request) => shipments.getShipment(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/shipments',
    {
      config: { access: 'shipments:write' },
      schema: {
        tags,
        summary: 'Start a shipment with everything reserved for an order that is not yet on one',
        headers: idempotencyHeaders,
        body: createShipmentRequest,
        response: { 201: shipment, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      return replyIdempotent(request, reply, deps.db, ctx, async (store) => ({
        statusCode: 201,
        body: await shipments.createShipment(deps.db, ctx, request.body, { store }),
      }));
    },
  );

  app.post(
    '/api/shipments/:id/scan',
    {
      config: { access: 'shipments:write' },
      schema: {
        tags,
        summary: 'Confirm units by scanning their UDI (GS1, Digital Link or HIBC)',
        description:
          'The code must match an allocated product and lot with units left (and a new serial for serial-tracked ' +
          'products), or be a permitted substitute lot; otherwise 422 UDI_MISMATCH names what was expected.',
        params: idParam,
        body: scanRequest,
        response: { 200: scanResult, ...errors },
      },
    },
    async (request) =>
      shipments.scanShipment(deps.db, contextOf(request), request.params.id, request.body.code),
  );

  app.post(
    '/api/shipments/:id/ship',
    {
      config: { access: 'shipments:write' },
      schema: {
        tags,
        summary: 'Ship a fully scanned shipment: the reserved stock leaves the ledger',
        params: idParam,
        body: shipRequest,
        response: { 200: shipment, ...errors },
      },
    },
    async (request) => shipments.shipShipment(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/shipments/:id/deliver',
    {
      config: { access: 'shipments:write' },
      schema: {
        tags,
        summary: 'Record the delivery date (promised vs actual)',
        params: idParam,
        body: deliverRequest,
        response: { 200: shipment, ...errors },
      },
    },
    async (request) =>
      shipments.deliverShipment(deps.db, contextOf(request), request.params.id, request.body),
  );
}

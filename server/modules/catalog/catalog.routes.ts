import {
  complianceCheck,
  complianceCheckQuery,
  udiParseRequest,
  udiParseResult,
} from '../../../contracts/catalog.ts';
import { errorResponse } from '../../../contracts/common.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import { checkSaleComplianceFor } from './compliance.service.ts';
import { registerProductLineRoutes } from './product-lines.routes.ts';
import { registerProductRoutes } from './products.routes.ts';
import { parseScannedCode } from './udi.service.ts';

/** Every route of the catalog module: product lines, products, UDI scanning, sale compliance. */
export function registerCatalogRoutes(app: App, deps: AppDeps) {
  registerProductLineRoutes(app, deps);
  registerProductRoutes(app, deps);

  app.post(
    '/api/udi/parse',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['products'],
        summary: 'Read a scanned UDI (GS1, GS1 Digital Link, HIBC) and find its product by GTIN',
        description:
          'A code that cannot be read answers 422 UDI_INVALID with details.udiCode (the reason) and ' +
          'details.position (0-based index of the offending character in the input).',
        body: udiParseRequest,
        response: { 200: udiParseResult, 400: errorResponse, 422: errorResponse },
      },
    },
    async (request) => parseScannedCode(deps.db, contextOf(request), request.body.code),
  );

  app.get(
    '/api/compliance/check',
    {
      config: { access: 'customers:read' },
      schema: {
        tags: ['compliance'],
        summary: 'May this customer buy this product on this date? (qualifications, certificate, class)',
        querystring: complianceCheckQuery,
        response: { 200: complianceCheck, 400: errorResponse, 404: errorResponse },
      },
    },
    async (request) => {
      const { customerId, productId, date } = request.query;
      return checkSaleComplianceFor(deps.db, contextOf(request), customerId, productId, date);
    },
  );
}

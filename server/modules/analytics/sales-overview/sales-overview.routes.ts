import { salesOverview, salesOverviewQuery } from '../../../../contracts/analytics.ts';
import { errorResponse } from '../../../../contracts/common.ts';
import { type App, type AppDeps, contextOf } from '../../../platform/http.ts';
import { getSalesOverview } from './sales-overview.service.ts';

export function registerSalesOverviewRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/dashboard/sales-overview',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags: ['analytics'],
        summary: 'Sales overview: KPIs vs a year earlier, monthly trend, regions, products, reps, overdue AR',
        description:
          'Revenue = invoiced net of VAT less credit notes, by document date (cancelled invoices count nowhere); ' +
          'gross profit = revenue − cost of the lots shipped (less cost returned); orders = confirmed, not ' +
          'cancelled sales orders by order date. Everything is in CNY fen and inside your scope; the region ' +
          'and channel filters only narrow it. Gross profit and margin are null throughout for a role that ' +
          'may not see cost (a distributor). Period problems answer 422 INVALID_PERIOD.',
        querystring: salesOverviewQuery,
        response: { 200: salesOverview, 400: errorResponse, 403: errorResponse, 422: errorResponse },
      },
    },
    async (request) => getSalesOverview(deps.db, contextOf(request), request.query),
  );
}

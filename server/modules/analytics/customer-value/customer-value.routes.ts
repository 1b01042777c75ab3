import {
  customerValue,
  customerValueQuery,
  rfmThresholds,
} from '../../../../contracts/analytics-insights.ts';
import { errorResponse } from '../../../../contracts/common.ts';
import { type App, type AppDeps, contextOf } from '../../../platform/http.ts';
import { getCustomerValue, getRfmThresholds, updateRfmThresholds } from './customer-value.service.ts';

export function registerCustomerValueRoutes(app: App, deps: AppDeps) {
  app.post(
    '/api/analytics/customer-value',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags: ['analytics'],
        summary: 'Customer value (RFM): segment sizes, revenue share, suggested actions and the customers',
        description:
          'DOMAIN §6. Fixed-threshold segments (thresholds default to DOMAIN and can be sent with the request) or ' +
          'quintiles. Only customers inside your scope; revenue share over the frequency window ending on asOf.',
        body: customerValueQuery,
        response: { 200: customerValue, 400: errorResponse, 422: errorResponse },
      },
    },
    async (request) => getCustomerValue(deps.db, contextOf(request), request.body),
  );

  app.get(
    '/api/analytics/customer-value/thresholds',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags: ['analytics'],
        summary: 'The RFM fixed thresholds in force (DOMAIN §6 unless edited)',
        response: { 200: rfmThresholds },
      },
    },
    async () => getRfmThresholds(deps.db),
  );

  app.put(
    '/api/analytics/customer-value/thresholds',
    {
      config: { access: 'analytics:manage' },
      schema: {
        tags: ['analytics'],
        summary: 'Edit the RFM fixed thresholds (audited)',
        body: rfmThresholds,
        response: { 200: rfmThresholds, 400: errorResponse, 403: errorResponse },
      },
    },
    async (request) => updateRfmThresholds(deps.db, contextOf(request), request.body),
  );
}

import { z } from 'zod';
import { errorResponse } from '../../../contracts/common.ts';
import {
  dataQualityIssuePage,
  dataQualityIssueQuery,
  dataQualitySummary,
  expiringDocuments,
  expiringQuery,
} from '../../../contracts/dataquality.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as dataQuality from './dataquality.service.ts';

export function registerDataQualityRoutes(app: App, deps: AppDeps) {
  const tags = ['data quality'];

  app.get(
    '/api/data-quality/summary',
    {
      config: { access: 'dataquality:read' },
      schema: {
        tags,
        summary: 'Quality score and issue counts per entity type, within your scope',
        response: { 200: dataQualitySummary },
      },
    },
    async (request) => dataQuality.getDataQualitySummary(deps.db, contextOf(request)),
  );

  app.get(
    '/api/data-quality/issues',
    {
      config: { access: 'dataquality:read' },
      schema: {
        tags,
        summary: 'Issues a data steward can fix',
        querystring: dataQualityIssueQuery,
        response: { 200: dataQualityIssuePage, 400: errorResponse },
      },
    },
    async (request) =>
      dataQuality.listDataQualityIssues(
        deps.db,
        contextOf(request),
        request.query,
        deps.config.limits.maxPageSize,
      ),
  );

  app.get(
    '/api/data-quality/expiring',
    {
      config: { access: 'dataquality:read' },
      schema: {
        tags,
        summary: 'Certificates, qualifications and licences expiring within N days (30/60/90) or expired',
        querystring: expiringQuery,
        response: { 200: expiringDocuments },
      },
    },
    async (request) =>
      dataQuality.listExpiringDocuments(deps.db, contextOf(request), request.query.withinDays),
  );

  app.post(
    '/api/data-quality/run',
    {
      config: { access: 'masterdata:write' },
      schema: {
        tags,
        summary: 'Re-run every data-quality rule now',
        response: { 200: z.object({ issues: z.number().int() }) },
      },
    },
    async () => dataQuality.runDataQuality(deps.db, 'manual'),
  );
}

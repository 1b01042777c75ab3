import { z } from 'zod';
import { analyticsResult } from '../../../../contracts/analytics-query.ts';
import { errorResponse, idempotencyHeaders, idParam } from '../../../../contracts/common.ts';
import {
  createSavedReportRequest,
  savedReport,
  savedReportList,
  updateSavedReportRequest,
} from '../../../../contracts/saved-reports.ts';
import { type App, type AppDeps, contextOf, sendNoContent } from '../../../platform/http.ts';
import { replyIdempotent } from '../../../platform/idempotency.ts';
import * as reports from './saved-reports.service.ts';

const tags = ['analytics'];
const errors = {
  400: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  422: errorResponse,
};

export function registerSavedReportRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/analytics/reports',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'Saved reports: yours and those shared with any of your roles',
        response: { 200: savedReportList },
      },
    },
    async (request) => reports.listSavedReports(deps.db, contextOf(request)),
  );

  app.get(
    '/api/analytics/reports/:id',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'One saved report (404 when it is neither yours nor shared with your roles)',
        params: idParam,
        response: { 200: savedReport, 404: errorResponse },
      },
    },
    async (request) => reports.getSavedReport(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/analytics/reports',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'Save a report of the report builder',
        description:
          'Checked against GET /api/analytics/catalogue: an unknown name answers 400 ANALYTICS_UNKNOWN_FIELD ' +
          'with `field` pointing into the layout or filters. Send an Idempotency-Key to make retries safe.',
        headers: idempotencyHeaders,
        body: createSavedReportRequest,
        response: { 201: savedReport, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      return replyIdempotent(request, reply, deps.db, ctx, async (store) => ({
        statusCode: 201,
        body: await reports.createSavedReport(deps.db, ctx, request.body, { store }),
      }));
    },
  );

  app.patch(
    '/api/analytics/reports/:id',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'Change a saved report you own (409 VERSION_CONFLICT when it changed since you read it)',
        params: idParam,
        body: updateSavedReportRequest,
        response: { 200: savedReport, ...errors },
      },
    },
    async (request) =>
      reports.updateSavedReport(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/analytics/reports/:id',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'Delete a saved report (its owner or an admin)',
        params: idParam,
        response: { 204: z.null(), 403: errorResponse, 404: errorResponse },
      },
    },
    async (request, reply) => {
      await reports.deleteSavedReport(deps.db, contextOf(request), request.params.id);
      return sendNoContent(reply);
    },
  );

  app.get(
    '/api/analytics/reports/pinned',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'The saved reports on your own dashboard, in the order you pinned them',
        response: { 200: savedReportList },
      },
    },
    async (request) => reports.listPinnedSavedReports(deps.db, contextOf(request)),
  );

  for (const [method, pinned] of [
    ['put', true],
    ['delete', false],
  ] as const) {
    app[method](
      '/api/analytics/reports/:id/pin',
      {
        config: { access: 'dashboard:read' },
        schema: {
          tags,
          summary: pinned
            ? 'Put a saved report you may see on your own dashboard'
            : 'Take a saved report off your own dashboard',
          params: idParam,
          response: { 200: savedReport, 404: errorResponse },
        },
      },
      async (request) => reports.pinSavedReport(deps.db, contextOf(request), request.params.id, pinned),
    );
  }

  app.post(
    '/api/analytics/reports/:id/run',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'Run a saved report with your own scope and today’s dates for a relative period',
        params: idParam,
        response: { 200: analyticsResult, ...errors },
      },
    },
    async (request) => reports.runSavedReport(deps.db, contextOf(request), request.params.id),
  );
}

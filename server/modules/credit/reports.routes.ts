import { errorResponse } from '../../../contracts/common.ts';
import {
  agingReport,
  agingReportQuery,
  dsoQuery,
  dsoReport,
  eclHistoryQuery,
  eclHistoryReport,
  eclQuery,
  eclReport,
} from '../../../contracts/credit.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as reports from './reports.service.ts';

export function registerCreditReportRoutes(app: App, deps: AppDeps) {
  const tags = ['credit'];
  app.get(
    '/api/credit/aging',
    {
      config: { access: 'credit:read' },
      schema: {
        tags,
        summary:
          'Receivables aging on a date by customer, owner rep, sales region or credit grade (CNY, your scope)',
        querystring: agingReportQuery,
        response: { 200: agingReport, 400: errorResponse },
      },
    },
    async (request) => reports.agingReport(deps.db, contextOf(request), request.query),
  );
  app.get(
    '/api/credit/dso',
    {
      config: { access: 'credit:read' },
      schema: {
        tags,
        summary: 'Days sales outstanding on a date: standard and countback (DOMAIN §4)',
        querystring: dsoQuery,
        response: { 200: dsoReport, 400: errorResponse },
      },
    },
    async (request) => reports.dsoReport(deps.db, contextOf(request), request.query),
  );
  app.get(
    '/api/credit/ecl',
    {
      config: { access: 'credit:read' },
      schema: {
        tags,
        summary:
          'Expected credit loss provision by the policy loss matrix, with the movement from last month end',
        querystring: eclQuery,
        response: { 200: eclReport, 400: errorResponse },
      },
    },
    async (request) => reports.eclReport(deps.db, contextOf(request), request.query),
  );
  app.get(
    '/api/credit/ecl/history',
    {
      config: { access: 'credit:read' },
      schema: {
        tags,
        summary:
          "Loss rates suggested by the company's history: of the receivables in each aging bucket at past month-ends, the share later written off (your scope)",
        querystring: eclHistoryQuery,
        response: { 200: eclHistoryReport, 400: errorResponse },
      },
    },
    async (request) => reports.eclHistoryReport(deps.db, contextOf(request), request.query),
  );
}

import { z } from 'zod';
import { errorResponse, idParam } from '../../../../contracts/common.ts';
import {
  createKpiAlertRequest,
  kpiAlert,
  kpiAlertEvaluation,
  kpiAlertList,
  updateKpiAlertRequest,
} from '../../../../contracts/kpi-alerts.ts';
import { type App, type AppDeps, contextOf, sendNoContent } from '../../../platform/http.ts';
import { registerAlertJobs } from './alerts.jobs.ts';
import * as alerts from './alerts.service.ts';

const tags = ['analytics'];
const errors = {
  400: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  422: errorResponse,
};

/** KPI alerts: the CRUD and "evaluate now" routes, and the scheduled evaluation. */
export function registerAlertRoutes(app: App, deps: AppDeps) {
  app.get(
    '/api/analytics/alerts',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'Your KPI alerts (every alert for an admin), with the last evaluated value and state',
        response: { 200: kpiAlertList },
      },
    },
    async (request) => alerts.listKpiAlerts(deps.db, contextOf(request)),
  );

  app.get(
    '/api/analytics/alerts/:id',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'One KPI alert (404 unless it is yours or you are an admin)',
        params: idParam,
        response: { 200: kpiAlert, 404: errorResponse },
      },
    },
    async (request) => alerts.getKpiAlert(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/analytics/alerts',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'Create a KPI alert: a measure over a relative period, a condition, whom to notify',
        description:
          'Checked against the semantic layer with your permissions: an unknown measure or filter answers 400 ' +
          'ANALYTICS_UNKNOWN_FIELD, a measure your role may not use 403 ANALYTICS_MEASURE_FORBIDDEN. Money ' +
          'thresholds are in yuan. The alert is evaluated daily as you (your scope) and notifies when the ' +
          'condition becomes true.',
        body: createKpiAlertRequest,
        response: { 201: kpiAlert, ...errors },
      },
    },
    async (request, reply) => {
      const created = await alerts.createKpiAlert(deps.db, contextOf(request), request.body);
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/analytics/alerts/:id',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'Change a KPI alert (its owner or an admin; 409 VERSION_CONFLICT when it changed meanwhile)',
        description: 'A changed condition resets the state: if it holds at the next evaluation, it notifies.',
        params: idParam,
        body: updateKpiAlertRequest,
        response: { 200: kpiAlert, ...errors },
      },
    },
    async (request) => alerts.updateKpiAlert(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/analytics/alerts/:id',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'Delete a KPI alert (its owner or an admin)',
        params: idParam,
        response: { 204: z.null(), 404: errorResponse },
      },
    },
    async (request, reply) => {
      await alerts.deleteKpiAlert(deps.db, contextOf(request), request.params.id);
      return sendNoContent(reply);
    },
  );

  app.post(
    '/api/analytics/alerts/:id/evaluate',
    {
      config: { access: 'dashboard:read' },
      schema: {
        tags,
        summary: 'Evaluate a KPI alert now, as its owner: the current value and whether the condition holds',
        description: 'Read-only: the stored state is the scheduled evaluation’s, and nothing is notified.',
        params: idParam,
        response: { 200: kpiAlertEvaluation, ...errors },
      },
    },
    async (request) => alerts.evaluateKpiAlertNow(deps.db, contextOf(request), request.params.id),
  );

  registerAlertJobs(deps);
}

import type { z } from 'zod';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import {
  changeStatusRequest,
  createLimitRequest,
  creditCustomerDetail,
  creditDecision,
  creditDecisionPage,
  creditDecisionQuery,
  creditPolicy,
  creditProfilePage,
  creditProfileQuery,
  creditRatingExplanation,
  decideRequest,
  limitRequest,
  limitRequestPage,
  limitRequestQuery,
  rejectRequest,
  updateCreditPolicyRequest,
} from '../../../contracts/credit.ts';
import { type App, type AppDeps, contextOf } from '../../platform/http.ts';
import * as credit from './credit.service.ts';
import * as decisions from './decisions.service.ts';
import * as policy from './policy.service.ts';

export function registerCreditRoutes(app: App, deps: AppDeps) {
  const tags = ['credit'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };
  const max = deps.config.limits.maxPageSize;

  app.get(
    '/api/credit/profiles',
    {
      config: { access: 'credit:read' },
      schema: {
        tags,
        summary:
          'Credit profiles of the customers in your scope (unrated ones too): score, grade, limit, exposure',
        querystring: creditProfileQuery,
        response: { 200: creditProfilePage, 400: errorResponse },
      },
    },
    async (request) => credit.listProfiles(deps.db, contextOf(request), request.query, max),
  );

  app.get(
    '/api/credit/customers/:id',
    {
      config: { access: 'credit:read' },
      schema: {
        tags,
        summary:
          "A customer's credit page: profile, factor breakdown, rating history, exposure, requests, decisions",
        params: idParam,
        response: { 200: creditCustomerDetail, 404: errorResponse },
      },
    },
    async (request) => credit.getCustomerCredit(deps.db, contextOf(request), request.params.id),
  );

  app.post(
    '/api/credit/customers/:id/rate',
    {
      config: { access: 'credit:write' },
      schema: {
        tags,
        summary: 'Rate the customer now with the current policy (kept in the history)',
        params: idParam,
        response: { 200: creditCustomerDetail, 404: errorResponse },
      },
    },
    async (request) => credit.rateNow(deps.db, contextOf(request), request.params.id),
  );

  app.put(
    '/api/credit/customers/:id/status',
    {
      config: { access: 'credit:manage' },
      schema: {
        tags,
        summary: 'Put the customer on watch or hold, or back to normal, with a reason (audited)',
        params: idParam,
        body: changeStatusRequest,
        response: { 200: creditCustomerDetail, ...errors },
      },
    },
    async (request) => credit.changeStatus(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/credit/customers/:id/limit-requests',
    {
      config: { access: 'credit:write' },
      schema: {
        tags,
        summary: 'Request a new credit limit (the finance director approves; audited with the reason)',
        params: idParam,
        body: createLimitRequest,
        response: { 201: limitRequest, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await credit.requestLimitChange(deps.db, contextOf(request), request.params.id, request.body)),
  );

  app.get(
    '/api/credit/limit-requests',
    {
      config: { access: 'credit:read' },
      schema: {
        tags,
        summary: 'Limit change requests in your scope',
        querystring: limitRequestQuery,
        response: { 200: limitRequestPage, 400: errorResponse },
      },
    },
    async (request) => credit.listLimitRequests(deps.db, contextOf(request), request.query, max),
  );

  for (const action of ['approve', 'reject'] as const) {
    app.post(
      `/api/credit/limit-requests/:id/${action}`,
      {
        config: { access: 'credit:manage' },
        schema: {
          tags,
          summary:
            action === 'approve'
              ? 'Approve a limit change: the limit changes at once'
              : 'Reject a limit change',
          params: idParam,
          body: action === 'approve' ? decideRequest : rejectRequest,
          response: { 200: limitRequest, ...errors },
        },
      },
      async (request) =>
        credit.decideLimitRequest(
          deps.db,
          contextOf(request),
          request.params.id,
          action === 'approve',
          request.body as z.output<typeof decideRequest>,
        ),
    );
  }

  app.get(
    '/api/credit/ratings/:id',
    {
      config: { access: 'credit:read' },
      schema: {
        tags,
        summary: 'A past rating: its stored inputs, factor breakdown and the score recomputed from them',
        params: idParam,
        response: { 200: creditRatingExplanation, 404: errorResponse },
      },
    },
    async (request) => credit.explainRating(deps.db, contextOf(request), request.params.id),
  );

  app.get(
    '/api/credit/decisions',
    {
      config: { access: 'credit:read' },
      schema: {
        tags,
        summary: 'Order credit decisions in your scope; status=pending is the approval worklist',
        querystring: creditDecisionQuery,
        response: { 200: creditDecisionPage, 400: errorResponse },
      },
    },
    async (request) => decisions.listDecisions(deps.db, contextOf(request), request.query, max),
  );

  app.get(
    '/api/credit/decisions/:id',
    {
      config: { access: 'credit:read' },
      schema: {
        tags,
        summary: 'One credit decision',
        params: idParam,
        response: { 200: creditDecision, 404: errorResponse },
      },
    },
    async (request) => decisions.getDecision(deps.db, contextOf(request), request.params.id),
  );

  for (const action of ['approve', 'reject'] as const) {
    app.post(
      `/api/credit/decisions/:id/${action}`,
      {
        config: { access: 'credit:approve' },
        schema: {
          tags,
          summary:
            action === 'approve'
              ? 'Approve a pending credit decision; confirming the order then passes'
              : 'Reject a pending credit decision',
          params: idParam,
          body: action === 'approve' ? decideRequest : rejectRequest,
          response: { 200: creditDecision, ...errors },
        },
      },
      async (request) =>
        decisions.decideCreditDecision(
          deps.db,
          contextOf(request),
          request.params.id,
          action === 'approve',
          request.body as z.output<typeof decideRequest>,
        ),
    );
  }

  app.get(
    '/api/credit/policy',
    {
      config: { access: 'credit:read' },
      schema: {
        tags,
        summary: 'The credit policy in force (scorecard, grades, limits, ECL matrix)',
        response: { 200: creditPolicy },
      },
    },
    async () => policy.readPolicy(deps.db),
  );

  app.put(
    '/api/credit/policy',
    {
      config: { access: 'credit:manage' },
      schema: {
        tags,
        summary: 'Save a new policy version (takes effect on the next rating; audited)',
        body: updateCreditPolicyRequest,
        response: { 200: creditPolicy, ...errors },
      },
    },
    async (request) => policy.updatePolicy(deps.db, contextOf(request), request.body),
  );
}

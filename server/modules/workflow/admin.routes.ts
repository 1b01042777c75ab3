/** HTTP of workflow configuration (workflow:manage): policies, automation rules, webhooks, timing. */
import { z } from 'zod';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import {
  approvalPolicy,
  approvalPolicyList,
  approvalPolicyVersions,
  automationRule,
  automationRuleList,
  automationRunPage,
  automationRunQuery,
  createAutomationRuleRequest,
  createWebhookRequest,
  documentTypeParam,
  runRuleResponse,
  savePolicyRequest,
  testPolicyRequest,
  testPolicyResponse,
  updateAutomationRuleRequest,
  updateWebhookRequest,
  updateWorkflowSettingsRequest,
  webhook,
  webhookDeliveryPage,
  webhookDeliveryQuery,
  webhookList,
  webhookWithSecret,
  workflowSettings,
} from '../../../contracts/workflow.ts';
import type { Clock } from '../../platform/clock.ts';
import { type App, type AppDeps, contextOf, sendNoContent } from '../../platform/http.ts';
import * as automation from './automation.service.ts';
import * as policies from './policies.service.ts';
import * as tasks from './tasks.service.ts';
import * as webhooks from './webhooks.service.ts';

export function registerWorkflowAdminRoutes(app: App, deps: AppDeps, clock: Clock) {
  const tags = ['workflow admin'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };
  const access = { access: 'workflow:manage' as const };
  const max = deps.config.limits.maxPageSize;

  app.get(
    '/api/workflow/policies',
    {
      config: access,
      schema: {
        tags,
        summary: 'The current approval policy of every document type',
        response: { 200: approvalPolicyList },
      },
    },
    async () => ({ items: await policies.listPolicies(deps.db) }),
  );

  app.get(
    '/api/workflow/policies/:documentType',
    {
      config: access,
      schema: {
        tags,
        summary: 'The current policy of a document type',
        params: documentTypeParam,
        response: { 200: approvalPolicy, 404: errorResponse },
      },
    },
    async (request) => policies.getPolicy(deps.db, request.params.documentType),
  );

  app.get(
    '/api/workflow/policies/:documentType/versions',
    {
      config: access,
      schema: {
        tags,
        summary: 'Every version of a policy, newest first',
        params: documentTypeParam,
        response: { 200: approvalPolicyVersions },
      },
    },
    async (request) => policies.listVersions(deps.db, request.params.documentType),
  );

  app.put(
    '/api/workflow/policies/:documentType',
    {
      config: access,
      schema: {
        tags,
        summary: 'Save a new version (approvals under way keep the version they started with)',
        params: documentTypeParam,
        body: savePolicyRequest,
        response: { 200: approvalPolicy, ...errors },
      },
    },
    async (request) =>
      policies.savePolicy(deps.db, contextOf(request), request.params.documentType, request.body),
  );

  app.post(
    '/api/workflow/policies/:documentType/test',
    {
      config: access,
      schema: {
        tags,
        summary:
          'Test this policy: the rule and the route (with the people it reaches) a document would take',
        params: documentTypeParam,
        body: testPolicyRequest,
        response: { 200: testPolicyResponse, ...errors },
      },
    },
    async (request) => policies.testPolicy(deps.db, request.params.documentType, request.body),
  );

  app.get(
    '/api/workflow/settings',
    {
      config: access,
      schema: {
        tags,
        summary: 'Reminder and escalation hours of tasks',
        response: { 200: workflowSettings },
      },
    },
    async () => tasks.readSettings(deps.db),
  );

  app.put(
    '/api/workflow/settings',
    {
      config: access,
      schema: {
        tags,
        summary: 'Change reminder and escalation hours',
        body: updateWorkflowSettingsRequest,
        response: { 200: workflowSettings, ...errors },
      },
    },
    async (request) => tasks.updateSettings(deps.db, contextOf(request), request.body),
  );

  // Automation

  app.get(
    '/api/workflow/automation/rules',
    { config: access, schema: { tags, summary: 'Automation rules', response: { 200: automationRuleList } } },
    async (request) => ({ items: await automation.listRules(deps.db, contextOf(request)) }),
  );

  app.post(
    '/api/workflow/automation/rules',
    {
      config: access,
      schema: {
        tags,
        summary: 'Add a rule',
        body: createAutomationRuleRequest,
        response: { 201: automationRule, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await automation.createRule(deps.db, contextOf(request), request.body)),
  );

  app.patch(
    '/api/workflow/automation/rules/:id',
    {
      config: access,
      schema: {
        tags,
        summary: 'Switch a rule on or off, or change its names, condition or action',
        params: idParam,
        body: updateAutomationRuleRequest,
        response: { 200: automationRule, ...errors },
      },
    },
    async (request) => automation.updateRule(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/workflow/automation/rules/:id/run',
    {
      config: access,
      schema: {
        tags,
        summary: 'Run a scheduled rule now',
        params: idParam,
        response: { 200: runRuleResponse, ...errors },
      },
    },
    async (request) =>
      automation.runRuleNow(
        { db: deps.db, logger: deps.logger },
        contextOf(request),
        request.params.id,
        clock.now(),
      ),
  );

  app.get(
    '/api/workflow/automation/runs',
    {
      config: access,
      schema: {
        tags,
        summary: 'What the rules did, newest first',
        querystring: automationRunQuery,
        response: { 200: automationRunPage, 400: errorResponse },
      },
    },
    async (request) => automation.listRuns(deps.db, contextOf(request), request.query, max),
  );

  // Webhooks

  app.get(
    '/api/workflow/webhooks',
    { config: access, schema: { tags, summary: 'Outgoing webhooks', response: { 200: webhookList } } },
    async () => ({ items: await webhooks.listWebhooks(deps.db) }),
  );

  app.post(
    '/api/workflow/webhooks',
    {
      config: access,
      schema: {
        tags,
        summary: 'Add a webhook; its signing secret is shown in this answer only',
        body: createWebhookRequest,
        response: { 201: webhookWithSecret, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await webhooks.createWebhook(deps.db, contextOf(request), request.body)),
  );

  app.patch(
    '/api/workflow/webhooks/:id',
    {
      config: access,
      schema: {
        tags,
        summary: 'Change a webhook (rotateSecret: a new secret, shown in this answer only)',
        params: idParam,
        body: updateWebhookRequest,
        response: { 200: z.union([webhookWithSecret, webhook]), ...errors },
      },
    },
    async (request) => webhooks.updateWebhook(deps.db, contextOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/workflow/webhooks/:id',
    {
      config: access,
      schema: {
        tags,
        summary: 'Remove a webhook and its delivery log',
        params: idParam,
        response: { 204: z.null(), 404: errorResponse },
      },
    },
    async (request, reply) => {
      await webhooks.deleteWebhook(deps.db, contextOf(request), request.params.id);
      return sendNoContent(reply);
    },
  );

  app.get(
    '/api/workflow/webhooks/:id/deliveries',
    {
      config: access,
      schema: {
        tags,
        summary: 'Delivery log of a webhook, newest first, with every attempt',
        params: idParam,
        querystring: webhookDeliveryQuery,
        response: { 200: webhookDeliveryPage, ...errors },
      },
    },
    async (request) => webhooks.listDeliveries(deps.db, request.params.id, request.query, max),
  );

  app.post(
    '/api/workflow/webhooks/:id/ping',
    {
      config: access,
      schema: {
        tags,
        summary: 'Send a test delivery',
        params: idParam,
        response: { 202: z.object({ deliveryId: z.number().int() }), ...errors },
      },
    },
    async (request, reply) =>
      reply.code(202).send({
        deliveryId: await webhooks.sendTestPing(deps.db, contextOf(request), request.params.id, clock.now()),
      }),
  );

  app.post(
    '/api/workflow/webhooks/:id/deliveries/:deliveryId/retry',
    {
      config: access,
      schema: {
        tags,
        summary: 'Try a failed delivery again',
        params: z.strictObject({
          id: z.coerce.number().int().positive(),
          deliveryId: z.coerce.number().int().positive(),
        }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await webhooks.retryDelivery(deps.db, request.params.id, request.params.deliveryId);
      return sendNoContent(reply);
    },
  );
}

/** HTTP of what every signed-in person uses: the inbox, approvals, notifications, delegations. */
import { z } from 'zod';
import { errorResponse, idParam } from '../../../contracts/common.ts';
import {
  addSignerRequest,
  approval,
  approvalPage,
  approvalQuery,
  createDelegationRequest,
  createTaskRequest,
  decisionRequest,
  delegation,
  delegationList,
  notificationPage,
  notificationQuery,
  peopleList,
  peopleQuery,
  rejectRequest,
  resubmitRequest,
  startApprovalRequest,
  task,
  taskPage,
  taskQuery,
  workflowCounts,
} from '../../../contracts/workflow.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import { type App, type AppDeps, contextOf, sendNoContent } from '../../platform/http.ts';
import { likePattern } from '../../platform/sql.ts';
import * as approvals from './approvals.service.ts';
import * as tasks from './tasks.service.ts';

async function searchPeople(db: Db, q: string | undefined) {
  const { rows } = await db.query<{ id: number; displayName: string; roles: string[] }>(
    `SELECT id, display_name AS "displayName", roles FROM users
      WHERE is_active AND NOT ('distributor' = ANY(roles))
        AND ($1::text IS NULL OR display_name ILIKE $1 OR username ILIKE $1)
      ORDER BY display_name LIMIT 50`,
    [q ? likePattern(q) : null],
  );
  return { items: rows };
}

export function registerWorkflowRoutes(app: App, deps: AppDeps, clock: Clock) {
  const tags = ['workflow'];
  const errors = {
    400: errorResponse,
    403: errorResponse,
    404: errorResponse,
    409: errorResponse,
    422: errorResponse,
  };
  const max = deps.config.limits.maxPageSize;
  const access = { access: 'authenticated' as const };

  app.get(
    '/api/workflow/counts',
    {
      config: access,
      schema: {
        tags,
        summary:
          'Counts for the navigation bar: open tasks and approvals, overdue tasks, unread notifications',
        response: { 200: workflowCounts },
      },
    },
    async (request) => tasks.countMine(deps.db, contextOf(request), clock.now()),
  );

  app.get(
    '/api/workflow/tasks',
    {
      config: access,
      schema: {
        tags,
        summary: 'My inbox: my tasks, and the approvals of people who delegated to me today',
        querystring: taskQuery,
        response: { 200: taskPage, 400: errorResponse },
      },
    },
    async (request) => tasks.listMyTasks(deps.db, contextOf(request), request.query, max, clock.now()),
  );

  app.post(
    '/api/workflow/tasks',
    {
      config: access,
      schema: {
        tags,
        summary: 'Give someone (or yourself) a follow-up, collection, compliance or review task',
        body: createTaskRequest,
        response: { 201: task, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await tasks.createTaskFromRequest(deps.db, contextOf(request), request.body, clock.now())),
  );

  app.post(
    '/api/workflow/tasks/:id/complete',
    {
      config: access,
      schema: {
        tags,
        summary: 'Mark one of my tasks done (not approvals)',
        params: idParam,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await tasks.completeTask(deps.db, contextOf(request), request.params.id, clock.now());
      return sendNoContent(reply);
    },
  );

  app.get(
    '/api/workflow/notifications',
    {
      config: access,
      schema: {
        tags,
        summary: 'My notifications, newest first',
        querystring: notificationQuery,
        response: { 200: notificationPage, 400: errorResponse },
      },
    },
    async (request) => tasks.listMyNotifications(deps.db, contextOf(request), request.query, max),
  );

  app.post(
    '/api/workflow/notifications/:id/read',
    {
      config: access,
      schema: {
        tags,
        summary: 'Mark a notification read',
        params: idParam,
        response: { 204: z.null(), 404: errorResponse },
      },
    },
    async (request, reply) => {
      await tasks.markRead(deps.db, contextOf(request), request.params.id, clock.now());
      return sendNoContent(reply);
    },
  );

  app.post(
    '/api/workflow/notifications/read-all',
    {
      config: access,
      schema: { tags, summary: 'Mark all my notifications read', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await tasks.markRead(deps.db, contextOf(request), null, clock.now());
      return sendNoContent(reply);
    },
  );

  app.get(
    '/api/workflow/delegations',
    {
      config: access,
      schema: { tags, summary: 'My out-of-office delegations', response: { 200: delegationList } },
    },
    async (request) => ({ items: await tasks.listMyDelegations(deps.db, contextOf(request), clock.now()) }),
  );

  app.post(
    '/api/workflow/delegations',
    {
      config: access,
      schema: {
        tags,
        summary: 'Let someone approve for me on these dates (both included, business dates)',
        body: createDelegationRequest,
        response: { 201: delegation, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await tasks.createDelegation(deps.db, contextOf(request), request.body, clock.now())),
  );

  app.delete(
    '/api/workflow/delegations/:id',
    {
      config: access,
      schema: {
        tags,
        summary: 'End one of my delegations',
        params: idParam,
        response: { 204: z.null(), 404: errorResponse },
      },
    },
    async (request, reply) => {
      await tasks.revokeDelegation(deps.db, contextOf(request), request.params.id, clock.now());
      return sendNoContent(reply);
    },
  );

  app.get(
    '/api/workflow/people',
    {
      config: access,
      schema: {
        tags,
        summary: 'Active colleagues to pick as delegate, signer or assignee (name and roles only)',
        querystring: peopleQuery,
        response: { 200: peopleList },
      },
    },
    async (request) => searchPeople(deps.db, request.query.q),
  );

  // Approvals

  app.post(
    '/api/workflow/approvals',
    {
      config: access,
      schema: {
        tags,
        summary:
          'Send a document for approval: the current policy of its type routes it (DOMAIN §5 for contracts)',
        body: startApprovalRequest,
        response: { 201: approval, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await approvals.startFromRequest(deps.db, contextOf(request), request.body, clock.now())),
  );

  app.get(
    '/api/workflow/approvals',
    {
      config: access,
      schema: {
        tags,
        summary: 'Approvals I started, take part in, or whose region I see; filter by document',
        querystring: approvalQuery,
        response: { 200: approvalPage, 400: errorResponse },
      },
    },
    async (request) => approvals.listApprovals(deps.db, contextOf(request), request.query, max),
  );

  app.get(
    '/api/workflow/approvals/:id',
    {
      config: access,
      schema: {
        tags,
        summary: 'An approval with its steps and timeline',
        params: idParam,
        response: { 200: approval, 404: errorResponse },
      },
    },
    async (request) => approvals.getApproval(deps.db, contextOf(request), request.params.id, clock.now()),
  );

  const decision = (path: string, kind: 'approve' | 'return', summary: string) =>
    app.post(
      `/api/workflow/approvals/:id/${path}`,
      {
        config: access,
        schema: {
          tags,
          summary,
          params: idParam,
          body: decisionRequest,
          response: { 200: approval, ...errors },
        },
      },
      async (request) =>
        approvals.decide(
          deps.db,
          contextOf(request),
          request.params.id,
          kind,
          request.body.comment,
          clock.now(),
        ),
    );
  decision('approve', 'approve', 'Approve my step (or, as a delegate, an absent approver’s)');
  decision('return', 'return', 'Send the document back to the initiator for changes');

  app.post(
    '/api/workflow/approvals/:id/reject',
    {
      config: access,
      schema: {
        tags,
        summary: 'Reject (with a comment): the whole document is rejected',
        params: idParam,
        body: rejectRequest,
        response: { 200: approval, ...errors },
      },
    },
    async (request) =>
      approvals.decide(
        deps.db,
        contextOf(request),
        request.params.id,
        'reject',
        request.body.comment,
        clock.now(),
      ),
  );

  app.post(
    '/api/workflow/approvals/:id/withdraw',
    {
      config: access,
      schema: {
        tags,
        summary: 'Withdraw a document I sent',
        params: idParam,
        body: decisionRequest,
        response: { 200: approval, ...errors },
      },
    },
    async (request) =>
      approvals.withdraw(deps.db, contextOf(request), request.params.id, request.body.comment, clock.now()),
  );

  app.post(
    '/api/workflow/approvals/:id/add-signer',
    {
      config: access,
      schema: {
        tags,
        summary: 'Add a signer (加签) right after the current step, where the policy allows it',
        params: idParam,
        body: addSignerRequest,
        response: { 200: approval, ...errors },
      },
    },
    async (request) =>
      approvals.addSigner(
        deps.db,
        contextOf(request),
        request.params.id,
        request.body.userId,
        request.body.comment,
        clock.now(),
      ),
  );

  app.post(
    '/api/workflow/approvals/:id/resubmit',
    {
      config: access,
      schema: {
        tags,
        summary: 'Send a returned document again (a new round under the same policy version)',
        params: idParam,
        body: resubmitRequest,
        response: { 201: approval, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await approvals.resubmit(deps.db, contextOf(request), request.params.id, request.body, clock.now()),
        ),
  );
}
